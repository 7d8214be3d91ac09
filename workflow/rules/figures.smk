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
