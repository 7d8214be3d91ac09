# Figures of the first paper (module weaksup.plotting).


rule fig4_jet_images:
    """Figure 4: a jet image without and with pT smearing, rotation and both; average images."""
    input:
        pools=expand("results/pools/{sample}.parquet", sample=SAMPLES),
    output:
        pdf="results/figures/fig4_jet_images.pdf",
        png=report(
            "results/figures/fig4_jet_images.png",
            caption="../report/fig4_jet_images.rst",
            category="Section 3: jet images",
        ),
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
        samples=SAMPLES,
        images=config["images"],
        augmentation=config["augmentation"],
        seed=seeds.derive_seed(config["seed"], "fig4"),
    script:
        "../scripts/fig4_jet_images.py"


rule fig2_sculpting:
    """Figure 2: background m_jj and NN-cut efficiency for raw, JN and EN images (sculpting)."""
    input:
        scores=[
            f"{studies.training_dir(m)}/scores.parquet"
            for m in STUDY_MODELS["sculpting"]
        ],
    output:
        pdf="results/figures/fig2_sculpting.pdf",
        png=report(
            "results/figures/fig2_sculpting.png",
            caption="../report/fig2_sculpting.rst",
            category="Section 4: CWoLa",
        ),
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
        normalizations=[m["normalization"] for m in STUDY_MODELS["sculpting"]],
        working_points=config["evaluation"]["working_points"],
        regions=config["regions"],
    script:
        "../scripts/fig2_sculpting.py"


# Figures 3, 5-8 and lp_dijet_vs_cwola: one rule each, filters of their study's sensitivity table drawn by one script.
for figure, section in {
    "fig3_cwola": "Section 4: CWoLa",
    "fig5_augmentation": "Section 5: data augmentation",
    "fig6_sizes": "Section 5: data augmentation",
    "fig7_asymptotic": "Section 5: data augmentation",
    "fig8_systematics": "Section 5: data augmentation",
    "lp_dijet_vs_cwola": "Label proportions: dijets",
}.items():

    rule:
        name:
            figure
        input:
            f"results/tables/sensitivity/{FIGURE_STUDIES[figure]}.csv",
        output:
            pdf=f"results/figures/{figure}_{{scenario}}.pdf",
            png=report(
                f"results/figures/{figure}_{{scenario}}.png",
                caption=f"../report/{figure}.rst",
                category=section,
                subcategory="{scenario}",
            ),
            table=f"results/tables/{figure}_{{scenario}}.csv",
        log:
            f"logs/figures/{figure}_{{scenario}}.log",
        conda:
            "../../envs/workflow.yaml"
        container:
            WORKFLOW_IMAGE
        threads: 1
        resources:
            runtime=20,
            mem_mb=2000,
        params:
            figure=figure,
        script:
            "../scripts/sensitivity_figure.py"
