# Stage 5, datasets: background at the expected yields + injected signal, split into
# training, validation, test and held-out events (module weaksup.datasets).


rule dataset:
    """One CWoLa dataset (section 3.2): event references into the pools, one row per event."""
    input:
        background="results/pools/qcd.parquet",
        signal="results/pools/hv_{scenario}.parquet",
        yields="results/tables/yields.csv",
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
        settings=config["datasets"],
        seed=lambda wc: seeds.derive_seed(
            config["seed"], "dataset", wc.scenario, wc.sigma0, wc.replica
        ),
    script:
        "../scripts/dataset.py"
