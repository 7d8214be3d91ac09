# Stage 7, evaluation: ROC on the pure test set, eps_s at the working points, sensitivities
# (module weaksup.analysis.evaluation). One table per study, so a figure needs only its study's trainings.


rule study_sensitivity:
    """results/tables/sensitivity/{study}.csv: one row per (model, working point, systematic)."""
    input:
        training=lambda wc: model_files(wc.study, "training"),
        datasets=lambda wc: model_files(wc.study, "datasets"),
    output:
        "results/tables/sensitivity/{study}.csv",
    log:
        "logs/sensitivity/{study}.log",
    conda:
        "../../envs/workflow.yaml"
    container:
        WORKFLOW_IMAGE
    threads: 1
    resources:
        runtime=30,
        mem_mb=4000,
    params:
        models=lambda wc: study_models(wc.study),
        evaluation=config["evaluation"],
    script:
        "../scripts/study_sensitivity.py"


rule sensitivity:
    """results/tables/sensitivity.csv: every study's rows in one tidy table."""
    input:
        expand("results/tables/sensitivity/{study}.csv", study=STUDY_MODELS),
    output:
        "results/tables/sensitivity.csv",
    log:
        "logs/sensitivity.log",
    conda:
        "../../envs/workflow.yaml"
    container:
        WORKFLOW_IMAGE
    threads: 1
    resources:
        runtime=10,
        mem_mb=2000,
    script:
        "../scripts/sensitivity.py"
