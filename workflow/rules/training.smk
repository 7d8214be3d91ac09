# Stage 6, training: the CWoLa network with on-the-fly augmentation (modules weaksup.network,
# weaksup.training). One job per (scenario, supervision, normalization, method, k, sigma0,
# replica): a model needed by several studies is trained once.

from weaksup.augment import Augmentation
from weaksup.images import ImageSettings
from weaksup.settings import Architecture, TrainingSettings

TRAINING = config["training"]


rule train:
    """Train one network; save it (.keras), its history and its scores on the test set."""
    input:
        dataset=f"{DATASET}.parquet",
        background=f"results/pools/{BACKGROUND}.parquet",
        signal=lambda wc: f"results/pools/{signal_sample(wc)}.parquet",
    output:
        model=f"{TRAINING_DIR}/model.keras",
        scores=f"{TRAINING_DIR}/scores.parquet",
        history=f"{TRAINING_DIR}/history.json",
    log:
        f"logs/{TRAINING_DIR}.log",
    conda:
        "../../envs/workflow.yaml"
    container:
        WORKFLOW_IMAGE
    # where the job runs (threads, GPUs) is no param: it does not change what it computes
    threads: TRAINING["threads"]
    resources:
        runtime=240,
        mem_mb=8000,
        gpu=TRAINING["gpus"],
    params:
        images=lambda wc: tracked(
            ImageSettings.from_config(config["images"], wc.normalization)
        ),
        # only the parameters of this job's method (+0 copies: method none, none at all)
        augmentation=lambda wc: tracked(
            Augmentation.from_config(wc.method, config["augmentation"])
        ),
        network=tracked(Architecture.from_config(config["network"])),
        training=tracked(TrainingSettings.from_config(TRAINING)),
        backend=TRAINING["backend"],
        wrong_label_factor=lambda wc: (
            config["studies"]["llp"]["wrong_label_factor"]
            if wc.supervision == "llp_wrong"
            else None
        ),
        # background-only datasets are sculpting checks: also score the held-out background
        score_splits=lambda wc: (
            ["test", "holdout"] if float(wc.sigma0) == 0 else ["test"]
        ),
        seed=lambda wc: seeds.training_seed(
            config["seed"], *[wc[key] for key in studies.MODEL_KEYS]
        ),
    script:
        "../scripts/train.py"
