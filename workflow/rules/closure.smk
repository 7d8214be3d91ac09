# The detector closure (module weaksup.sim.closure): the same Pythia events of every dijet sample
# through the fast simulation and Delphes 3.4.2, compared at jet, event and image level.
# Not part of `rule all` (it needs Delphes): snakemake results/tables/detector_closure.csv


rule closure_chunk:
    """One chunk through both detectors: per-event closure quantities and summed jet images."""
    input:
        events="results/generation/{sample}/{chunk}.parquet",
        meta="results/generation/{sample}/{chunk}.json",
        card="config/delphes/delphes_card_CMS.tcl",
        tools=lambda wc: [] if apptainer_in_use() else str(TOOLS_PREFIX / "tools.json"),
    output:
        table="results/closure/{sample}/{chunk}.parquet",
        sums="results/closure/{sample}/{chunk}.json",
    log:
        "logs/closure/{sample}/{chunk}.log",
    conda:
        "../../envs/workflow.yaml"
    container:
        GENERATION_IMAGE
    threads: 1
    resources:
        runtime=120,
        mem_mb=6000,
    params:
        # the fast simulation of this chunk exactly as rule fastsim runs it
        fastsim_seed=lambda wc: seeds.derive_seed(
            config["seed"], "fastsim", wc.sample, int(wc.chunk)
        ),
        hcal_resolution=config["fastsim"]["hcal_resolution"],
        # and Delphes as rule delphes runs it
        delphes_seed=lambda wc: delphes_seed(wc.sample, wc.chunk),
        # the analysis and, of the images, what the raw jet images depend on
        analysis={key: config[key] for key in ("jets", "selection", "regions")}
        | {"images": {key: config["images"][key] for key in ("n_pixels", "flip_rule")}},
        sqrt_s_gev=config["sqrt_s_gev"],
    script:
        "../scripts/closure_chunk.py"


rule detector_closure:
    """results/tables/detector_closure.csv and its figure: the fast simulation against Delphes."""
    input:
        tables=[
            f"results/closure/{sample}/{chunk}.parquet"
            for sample in DIJET_SAMPLES
            for chunk in closure_chunks(sample)
        ],
        sums=[
            f"results/closure/{sample}/{chunk}.json"
            for sample in DIJET_SAMPLES
            for chunk in closure_chunks(sample)
        ],
    output:
        **figure_outputs("detector_closure", "Detector closure"),
        table="results/tables/detector_closure.csv",
    log:
        "logs/detector_closure.log",
    conda:
        "../../envs/workflow.yaml"
    container:
        WORKFLOW_IMAGE
    threads: 1
    resources:
        runtime=20,
        mem_mb=8000,
    script:
        "../scripts/detector_closure.py"
