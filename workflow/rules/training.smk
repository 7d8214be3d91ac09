# Stage 6, training: the CWoLa CNN with on-the-fly augmentation (modules weaksup.network,
# weaksup.training). One job per (scenario, supervision, normalization, method, k, sigma0,
# replica): a model needed by several studies is trained once.


rule train:
    """Train one network; save it (.keras), its history and its scores on the test set."""
    input:
        dataset=f"{DATASET}.parquet",
        background="results/pools/qcd.parquet",
        signal="results/pools/hv_{scenario}.parquet",
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
    threads: config["training"]["threads"]
    resources:
        runtime=240,
        mem_mb=8000,
        gpu=config["training"]["gpus"],
    params:
        images=lambda wc: {**config["images"], "normalization": wc.normalization},
        augmentation=config["augmentation"],
        network=config["network"],
        # gpus only says where the job runs (resources above), not what it computes
        training={k: v for k, v in config["training"].items() if k != "gpus"},
        # background-only datasets are sculpting checks: also score the held-out background
        wrong_label_factor=config["studies"]["llp"]["wrong_label_factor"],
        score_splits=lambda wc: (
            ["test", "holdout"] if float(wc.sigma0) == 0 else ["test"]
        ),
        seed=lambda wc: seeds.training_seed(
            config["seed"], *wildcard_values(wc, studies.MODEL_KEYS)
        ),
    script:
        "../scripts/train.py"
