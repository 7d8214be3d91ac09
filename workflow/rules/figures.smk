# Figures and tables of both papers, made from their registries (weaksup.analysis.cwola.figures,
# weaksup.analysis.lp.figures): one rule per figure, its report section and caption from the registry.

from weaksup.analysis.cwola import plotting
from weaksup.inputs.augment import Augmentation


rule fig4_jet_images:
    """Figure 4: a jet image without and with pT smearing, rotation and both; average images."""
    input:
        # one pool per sample, named by it: the signals first (the single-jet row shows a signal jet)
        **{
            sample: f"results/pools/{sample}.parquet"
            for sample in [*config["scenarios"].values(), BACKGROUND]
        },
    output:
        **figure_outputs("fig4_jet_images", figures.FIGURES["fig4_jet_images"].category),
    log:
        "logs/figures/fig4_jet_images.log",
    conda:
        "../../envs/workflow.yaml"
    container:
        WORKFLOW_IMAGE
    threads: 1
    resources:
        runtime=20,
        mem_mb=4000,
    params:
        augmentations={
            method: tracked(Augmentation.from_config(method, config["augmentation"]))
            for method, _ in plotting.FIG4_METHODS
        },
        n_pixels=config["images"]["n_pixels"],
        flip_rule=config["images"]["flip_rule"],
        seed=seeds.derive_seed(config["seed"], "fig4"),
    script:
        "../scripts/fig4_jet_images.py"


rule fig2_sculpting:
    """Figure 2: background m_jj and NN-cut efficiency for raw, JN and EN images (sculpting)."""
    input:
        training=lambda wc: model_files("sculpting", "training"),
    output:
        **figure_outputs("fig2_sculpting", figures.FIGURES["fig2_sculpting"].category),
    log:
        "logs/figures/fig2_sculpting.log",
    conda:
        "../../envs/workflow.yaml"
    container:
        WORKFLOW_IMAGE
    threads: 1
    resources:
        runtime=20,
        mem_mb=4000,
    params:
        models=lambda wc: study_models("sculpting"),
        working_points=config["evaluation"]["working_points"],
        regions=config["regions"],
    script:
        "../scripts/fig2_sculpting.py"


# Figures 3, 5-8 and lp_dijet_vs_cwola: filters of their study's sensitivity table, one per scenario.
for name, figure in figures.FIGURES.items():
    if figure.sensitivity is None:
        continue

    rule:
        name:
            name
        input:
            f"results/tables/sensitivity/{figure.study}.csv",
        output:
            **figure_outputs(
                name, figure.category, "_{scenario}", subcategory="{scenario}"
            ),
            table=f"results/tables/{name}_{{scenario}}.csv",
        log:
            f"logs/figures/{name}_{{scenario}}.log",
        conda:
            "../../envs/workflow.yaml"
        container:
            WORKFLOW_IMAGE
        threads: 1
        resources:
            runtime=20,
            mem_mb=2000,
        script:
            "../scripts/sensitivity_figure.py"


rule network_gain:
    """Beyond the paper: the augmentation gain (learning threshold, sigma_after, replica spread
    at +k against +0) of every network of the augmentation study, one figure per scenario.
    """
    input:
        "results/tables/sensitivity/augmentation.csv",
    output:
        **figure_outputs(
            "network_gain",
            figures.FIGURES["network_gain"].category,
            "_{scenario}",
            subcategory="{scenario}",
        ),
        table="results/tables/network_gain_{scenario}.csv",
    log:
        "logs/figures/network_gain_{scenario}.log",
    conda:
        "../../envs/workflow.yaml"
    container:
        WORKFLOW_IMAGE
    threads: 1
    resources:
        runtime=20,
        mem_mb=2000,
    script:
        "../scripts/network_gain.py"


# The label-proportion paper: every figure and table of its registry, one rule each.
for name, output in lp_figures.FIGURES.items():
    block = config["label_proportions"][output.block]

    rule:
        name:
            name
        input:
            **output.inputs(block),
        output:
            **(figure_outputs(name, output.category) if output.figure else {}),
            **({"table": f"results/tables/{name}.csv"} if output.table else {}),
        log:
            f"logs/figures/{name}.log",
        conda:
            "../../envs/workflow.yaml"
        container:
            WORKFLOW_IMAGE
        threads: 1
        resources:
            runtime=20,
            mem_mb=4000,
        params:
            settings={key: block[key] for key in output.settings},
        script:
            "../scripts/lp_figure.py"
