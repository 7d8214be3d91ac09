# Stage 6, training: the CWoLa networks with on-the-fly augmentation (packages weaksup.inputs,
# weaksup.ml). One job per model point (network, scenario, supervision, normalization, method, k,
# sigma0): it trains the point's replicas, each on its own dataset, one after another on CPUs and
# side by side with a GPU (resources gpu); a point needed by several studies is trained once, with
# as many replicas as the most.

from weaksup.inputs.augment import Augmentation
from weaksup.ml.settings import TrainingSettings

TRAINING = config["training"]


rule train:
    """Train every replica of a model point; per replica, its network (.keras), history and
    scores on the test set, in replica{r}/ of the point's directory (written all at once).
    """
    input:
        datasets=lambda wc: [studies.dataset_path(m) for m in point_models(wc)],
        background=f"results/pools/{BACKGROUND}.parquet",
        signal=lambda wc: f"results/pools/{signal_sample(wc)}.parquet",
    output:
        directory(POINT_DIR),
    log:
        f"logs/{POINT_DIR}.log",
    conda:
        "../../envs/workflow.yaml"
    container:
        WORKFLOW_IMAGE
    # where the job runs (threads, GPUs, image workers) is no param: it does not change what it
    # computes (tests/test_training.py)
    threads: TRAINING["threads"]
    resources:
        runtime=240,
        mem_mb=8000,
        gpu=TRAINING["gpus"],
        workers=TRAINING["workers"],
    params:
        representation=lambda wc: representations.tracked(network_of(wc)[1]),
        # only the parameters of this job's method (+0 copies: method none, none at all)
        augmentation=lambda wc: tracked(
            Augmentation.from_config(wc.method, config["augmentation"])
        ),
        network=lambda wc: networks.tracked(network_of(wc)[0]),
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
        # one seed per replica (its dataset is input r): the point's replica count is their number;
        # the network's name is not in it (a network's seed is that of its model's other keys)
        seeds=lambda wc: [
            seeds.training_seed(config["seed"], *[m[key] for key in studies.SEED_KEYS])
            for m in point_models(wc)
        ],
    script:
        "../scripts/train.py"
