# Figures of the first paper (module weaksup.plotting).


rule fig4_jet_images:
    """Figure 4: a jet image without and with pT smearing, rotation and both; average images."""
    input:
        pools=expand("results/pools/{sample}.parquet", sample=SAMPLES),
    output:
        pdf="results/figures/fig4_jet_images.pdf",
        png="results/figures/fig4_jet_images.png",
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
        png="results/figures/fig2_sculpting.png",
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


rule sensitivity_figure:
    """Figures 3, 5, 6, 7, 8 of one scenario from sensitivity.csv, with the tidy table plotted."""
    input:
        "results/tables/sensitivity.csv",
    output:
        pdf="results/figures/{figure}_{scenario}.pdf",
        png="results/figures/{figure}_{scenario}.png",
        table="results/tables/{figure}_{scenario}.csv",
    log:
        "logs/figures/{figure}_{scenario}.log",
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
