# Stage 5, datasets: background at the expected yields + injected signal, split into
# training, validation, test and held-out events (module weaksup.events.datasets).

from weaksup.events.datasets import DatasetSettings


rule dataset:
    """One CWoLa dataset (section 3.2): event references into the pools, one row per event."""
    input:
        # the two pools and their summaries, not yields.csv: a sample added elsewhere reruns nothing here
        background=f"results/pools/{BACKGROUND}.parquet",
        signal=lambda wc: f"results/pools/{signal_sample(wc)}.parquet",
        background_summary=f"results/pools/{BACKGROUND}.json",
        signal_summary=lambda wc: f"results/pools/{signal_sample(wc)}.json",
    output:
        table=f"{DATASET}.parquet",
        summary=f"{DATASET}.json",
    log:
        "logs/datasets/{scenario}/sigma{sigma0}/replica{replica}.log",
    # datasets first: a pool too small for any of them stops the run before training starts
    priority: 10
    group:
        "datasets"
    conda:
        "../../envs/workflow.yaml"
    container:
        WORKFLOW_IMAGE
    threads: 1
    resources:
        runtime=10,
        mem_mb=4000,
    params:
        settings=tracked(DatasetSettings.from_config(config["datasets"])),
        luminosity_fb=config["luminosity_fb"],
        # the signal is injected by sigma0: only the background's normalization matters
        background_k_factor=wsconfig.k_factor(config, BACKGROUND),
        seed=lambda wc: seeds.derive_seed(
            config["seed"], "dataset", wc.scenario, wc.sigma0, wc.replica
        ),
    script:
        "../scripts/dataset.py"
