# Stage 1, generation: Pythia 8 events chunk by chunk (module weaksup.generation).
# Container path (generator = madgraph): MG5_aMC writes the QCD LHE file that Pythia 8 showers.


rule madgraph:
    """MG5_aMC pp > j j at LO (NN23LO1): one LHE file per chunk, seeded from (seed, sample, chunk)."""
    input:
        card=lambda wc: config["samples"][wc.sample]["madgraph_card"],
    output:
        lhe=temp("results/madgraph/{sample}/{chunk}.lhe.gz"),
    log:
        "logs/madgraph/{sample}/{chunk}.log",
    container:
        GENERATION_IMAGE
    threads: 1
    resources:
        runtime=240,
        mem_mb=4000,
    params:
        nevents=lambda wc: config["samples"][wc.sample]["events_per_chunk"],
        # the sample's generator cuts (GeV), as on the Pythia path
        ptj=lambda wc: config["samples"][wc.sample]["generator_cuts"]["pthat_min_gev"],
        mmjj=lambda wc: config["samples"][wc.sample]["generator_cuts"]["mhat_min_gev"],
        seed=lambda wc: seeds.pythia_seed(
            config["seed"], "madgraph", wc.sample, wc.chunk
        ),
    shell:
        "workflow/scripts/madgraph.sh {input.card} {params.nevents} {params.seed} {threads} "
        "{params.ptj} {params.mmjj} {output.lhe} > {log} 2>&1"


rule generate:
    """Pythia 8 (pythia8mc): one chunk of final-state particles and Pythia's cross-section estimate."""
    input:
        cards=lambda wc: config["samples"][wc.sample][
            "lhe_cards" if lhe_input(wc) else "cards"
        ],
        lhe=lhe_input,
    output:
        events=temp(f"results/generation/{{sample}}/{{chunk}}.{EVENT_FORMAT}"),
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
        sqrt_s_gev=config["sqrt_s_gev"],
    script:
        "../scripts/generate.py"
