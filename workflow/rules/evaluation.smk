# Stage 7, evaluation: ROC on the pure test set, eps_s at the working points, sensitivities
# (module weaksup.evaluation).

STUDY_MODELS = studies.study_models(config)


rule sensitivity:
    """results/tables/sensitivity.csv: one row per (study, model, working point, systematic)."""
    input:
        scores=[
            f"{studies.training_dir(m)}/scores.parquet"
            for m in studies.unique_models(config)
        ],
        datasets=[
            studies.dataset_path(m, ".json") for m in studies.unique_models(config)
        ],
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
        runtime=30,
        mem_mb=4000,
    params:
        study_models=STUDY_MODELS,
        evaluation=config["evaluation"],
    script:
        "../scripts/sensitivity.py"
