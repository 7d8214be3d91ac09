# The label-proportion paper, toy model (section 3, appendix A): data and trainings (modules
# weaksup.analysis.lp.toy, weaksup.analysis.lp.training); its figures come from weaksup.analysis.lp.figures.

from weaksup.ml.settings import DenseSettings

TOY = config["label_proportions"]["toy"]


rule lp_toy_data:
    """Sets A and B (class-1 fractions 0.4, 0.7), mixed and split 80/20, and a test set at 0.55."""
    output:
        lp_figures.TOY_DATA,
    log:
        "logs/lp/toy/data.log",
    conda:
        "../../envs/workflow.yaml"
    container:
        WORKFLOW_IMAGE
    threads: 1
    resources:
        runtime=10,
        mem_mb=2000,
    params:
        toy={
            key: TOY[key]
            for key in (
                "events_per_set",
                "fractions",
                "test_fraction",
                "validation_fraction",
            )
        },
        seed=seeds.derive_seed(config["seed"], "lp_toy_data"),
    script:
        "../scripts/lp_toy_data.py"


rule lp_toy_train:
    """All trainings of one point (config `trainings`, side by side in one model), weakly (fraction
    labels; set B's label from the path) or fully supervised."""
    input:
        lp_figures.TOY_DATA,
    output:
        scores=f"{lp_figures.TOY_RUN}.parquet",
        history=f"{lp_figures.TOY_RUN}.json",
    log:
        f"logs/{lp_figures.TOY_RUN}.log",
    conda:
        "../../envs/workflow.yaml"
    container:
        WORKFLOW_IMAGE
    threads: 1
    resources:
        runtime=120,  # paper.yaml: 100 networks x 1M steps
        mem_mb=4000,  # paper.yaml: 320k x 100 x 3 inputs, a few copies
    params:
        labels=lambda wc: [TOY["fractions"][0], float(wc.label)],
        network=tracked(DenseSettings.from_config(TOY["network"])),
        backend=config["training"]["backend"],
        replicas=TOY["trainings"],
        seed=lambda wc: seeds.training_seed(
            config["seed"], "lp_toy", wc.lp_supervision, wc.loss, wc.label
        ),
    script:
        "../scripts/lp_toy_train.py"
