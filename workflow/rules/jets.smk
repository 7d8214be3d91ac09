# Stage 3, jets: anti-kt clustering, dijet selection, SR/SB (module weaksup.events.jets).


rule jets:
    """Cluster anti-kt R=0.8 jets, select dijets, keep SR/SB events with their two leading jets' constituents."""
    input:
        "results/detector/{sample}/{chunk}.parquet",
    output:
        events="results/jets/{sample}/{chunk}.parquet",
        cutflow="results/jets/{sample}/{chunk}.json",
    log:
        "logs/jets/{sample}/{chunk}.log",
    group:
        "chunk"
    conda:
        "../../envs/workflow.yaml"
    container:
        WORKFLOW_IMAGE
    threads: 1
    resources:
        runtime=30,
        mem_mb=4000,
    params:
        analysis={key: config[key] for key in ("jets", "selection", "regions")},
    script:
        "../scripts/jets.py"
