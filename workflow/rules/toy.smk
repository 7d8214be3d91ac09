# The label-proportion paper, toy model (section 3, appendix A): data, trainings, figures lp_*
# (modules weaksup.label_proportions, weaksup.lp_training, weaksup.lp_plotting).

TOY = config["label_proportions"]["toy"]
TOY_TRUE_LABEL = studies.sigma_label(TOY["fractions"][1])
TOY_RUN = "results/lp/toy/{lp_supervision}_{loss}/label{label}"


def toy_runs(supervision="weak", loss="bce", labels=(TOY_TRUE_LABEL,)):
    """Score files of toy trainings, all replicas of one point per file (labels: set B's label)."""
    return expand(
        f"{TOY_RUN}.parquet",
        lp_supervision=supervision,
        loss=loss,
        label=[studies.sigma_label(label) for label in labels],
    )


rule lp_toy_data:
    """Sets A and B (class-1 fractions 0.4, 0.7), mixed and split 80/20, and a test set at 0.55."""
    output:
        "results/lp/toy/data.parquet",
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
        "results/lp/toy/data.parquet",
    output:
        scores=f"{TOY_RUN}.parquet",
        history=f"{TOY_RUN}.json",
    log:
        f"logs/{TOY_RUN}.log",
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
        network=TOY["network"],
        backend=config["training"]["backend"],
        replicas=TOY["trainings"],
        seed=lambda wc: seeds.training_seed(
            config["seed"], "lp_toy", wc.lp_supervision, wc.loss, wc.label
        ),
    script:
        "../scripts/lp_toy_train.py"


rule lp_toy_features:
    """Figure 3 of the label-proportion paper: the toy features' PDFs and generated events."""
    input:
        "results/lp/toy/data.parquet",
    output:
        pdf="results/figures/lp_toy_features.pdf",
        png=report(
            "results/figures/lp_toy_features.png",
            caption="../report/lp_toy_features.rst",
            category="Label proportions: toy model",
        ),
    log:
        "logs/figures/lp_toy_features.log",
    conda:
        "../../envs/workflow.yaml"
    container:
        WORKFLOW_IMAGE
    params:
        figure="toy_features",
    script:
        "../scripts/lp_figure.py"


# Figures from toy trainings: name -> (inputs by role, section of the report)
LP_FIGURES = {
    "lp_toy_roc": {"weak": toy_runs(), "FS": toy_runs("full")},
    "lp_label_scan_auc": {
        "scan": toy_runs(labels=TOY["label_scan"]),
        "FS": toy_runs("full"),
    },
    "lp_label_scan_eps": {
        "scan": toy_runs(labels=TOY["label_scan"]),
        "FS": toy_runs("full"),
    },
    "lp_breakdown": {
        "scan": toy_runs(labels=TOY["label_scan"]),
        "FS": toy_runs("full"),
    },
    "lp_outputs": {"scan": toy_runs(labels=[0.2, TOY["fractions"][1]])},
    "lp_losses": {
        "scan": [run for loss in TOY["losses"] for run in toy_runs(loss=loss)]
    },
}

for figure, runs in LP_FIGURES.items():

    rule:
        name:
            figure
        input:
            **runs,
        output:
            pdf=f"results/figures/{figure}.pdf",
            png=report(
                f"results/figures/{figure}.png",
                caption=f"../report/{figure}.rst",
                category="Label proportions: toy model",
            ),
        log:
            f"logs/figures/{figure}.log",
        conda:
            "../../envs/workflow.yaml"
        container:
            WORKFLOW_IMAGE
        params:
            figure=figure.removeprefix("lp_"),
            fractions=TOY["fractions"],
            output_trainings=TOY["output_trainings"],
        script:
            "../scripts/lp_figure.py"
