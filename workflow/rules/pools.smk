# Stage 4, pools: merge the chunks of a sample; cross sections and yields (module weaksup.events.pools).


rule pool:
    """All selected events of a sample in one file, with the sample's cross sections per region."""
    input:
        events=lambda wc: expand(
            "results/jets/{sample}/{chunk}.parquet",
            sample=wc.sample,
            chunk=chunks(wc.sample),
        ),
        meta=lambda wc: expand(
            "results/generation/{sample}/{chunk}.json",
            sample=wc.sample,
            chunk=chunks(wc.sample),
        ),
        cutflows=lambda wc: expand(
            "results/jets/{sample}/{chunk}.json",
            sample=wc.sample,
            chunk=chunks(wc.sample),
        ),
    output:
        events="results/pools/{sample}.parquet",
        summary="results/pools/{sample}.json",
    log:
        "logs/pool/{sample}.log",
    conda:
        "../../envs/workflow.yaml"
    container:
        WORKFLOW_IMAGE
    threads: 1
    resources:
        runtime=30,
        mem_mb=8000,
    script:
        "../scripts/pool.py"


rule yields:
    """Cross sections and expected events at the configured luminosity, per sample and region."""
    input:
        expand("results/pools/{sample}.json", sample=DIJET_SAMPLES),
    output:
        "results/tables/yields.csv",
    log:
        "logs/yields.log",
    conda:
        "../../envs/workflow.yaml"
    container:
        WORKFLOW_IMAGE
    params:
        luminosity_fb=config["luminosity_fb"],
        k_factors={
            sample: wsconfig.k_factor(config, sample) for sample in DIJET_SAMPLES
        },
    script:
        "../scripts/yields.py"


rule cutflow:
    """Events and cross sections after each selection step, per dijet sample (section 5.1)."""
    input:
        expand("results/pools/{sample}.json", sample=DIJET_SAMPLES),
    output:
        "results/tables/cutflow.csv",
    log:
        "logs/cutflow.log",
    conda:
        "../../envs/workflow.yaml"
    container:
        WORKFLOW_IMAGE
    script:
        "../scripts/cutflow.py"
