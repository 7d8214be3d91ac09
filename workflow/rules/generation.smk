# Stage 1, generation: Pythia 8 events chunk by chunk (module weaksup.sim.generation).
# The paper's chain (generator = madgraph): MG5_aMC's gridpack writes the QCD LHE files that
# Pythia 8 showers (tools: rule build_tools on the host, or the generation image).


rule madgraph_gridpack:
    """MG5_aMC pp > j j at LO (NN23LO1), compiled and integrated once per sample: a gridpack."""
    input:
        card=lambda wc: config["samples"][wc.sample]["madgraph_card"],
        tools=tools_input,
    output:
        "results/madgraph/{sample}/gridpack.tar.gz",
    log:
        "logs/madgraph_gridpack/{sample}.log",
    container:
        GENERATION_IMAGE
    threads: 2
    resources:
        runtime=120,
        mem_mb=4000,
    params:
        cuts=lambda wc: generation.madgraph_cuts(
            config["samples"][wc.sample]["generator_cuts"]
        ),
        seed=lambda wc: seeds.pythia_seed(config["seed"], "gridpack", wc.sample, 0),
    shell:
        "workflow/scripts/madgraph_gridpack.sh {input.card} {params.seed} {threads} "
        "{params.cuts[ptj]} {params.cuts[etaj]} {params.cuts[mmjj]} {params.cuts[drjj]} "
        "{output} {input.tools} > {log} 2>&1"


rule madgraph:
    """One chunk of LHE events from the sample's gridpack, seeded from (seed, sample, chunk)."""
    input:
        gridpack="results/madgraph/{sample}/gridpack.tar.gz",
    output:
        lhe=temp("results/madgraph/{sample}/{chunk}.lhe.gz"),
    log:
        "logs/madgraph/{sample}/{chunk}.log",
    container:
        GENERATION_IMAGE
    threads: 1
    resources:
        runtime=60,
        mem_mb=2000,
    params:
        nevents=lambda wc: config["samples"][wc.sample]["events_per_chunk"],
        seed=lambda wc: seeds.pythia_seed(
            config["seed"], "madgraph", wc.sample, int(wc.chunk)
        ),
    shell:
        "workflow/scripts/madgraph.sh {input.gridpack} {params.nevents} {params.seed} "
        "{output.lhe} > {log} 2>&1"


rule generate:
    """Pythia 8 (pythia8mc): one chunk of final-state particles and Pythia's cross-section estimate."""
    input:
        cards=lambda wc: config["samples"][wc.sample][
            "lhe_cards" if lhe_input(wc) else "cards"
        ],
        lhe=lhe_input,
    output:
        events=temp("results/generation/{sample}/{chunk}.parquet"),
        meta="results/generation/{sample}/{chunk}.json",
    log:
        "logs/generate/{sample}/{chunk}.log",
    group:
        "chunk"
    conda:
        "../../envs/workflow.yaml"
    container:
        WORKFLOW_IMAGE
    threads: 1
    resources:
        runtime=120,
        mem_mb=4000,
    params:
        # every Pythia setting as a param: a changed card or config key reruns exactly the chunks it affects
        settings=lambda wc, input: generation.sample_settings(
            config, wc.sample, lhe_file=input.lhe or None
        ),
        n_events=lambda wc: config["samples"][wc.sample]["events_per_chunk"],
        seed=lambda wc: seeds.pythia_seed(config["seed"], wc.sample, int(wc.chunk)),
    script:
        "../scripts/generate.py"
