# Stage 1, generation: Pythia 8 events chunk by chunk (module weaksup.generation).
# Container path (generator = madgraph): MG5_aMC writes the QCD LHE file that Pythia 8 showers.


def lhe_input(wildcards):
    """The MadGraph LHE file a QCD chunk showers, on the madgraph path; nothing otherwise."""
    if config["generator"] == "madgraph" and wildcards.sample == "qcd":
        return f"results/madgraph/{wildcards.sample}/{wildcards.chunk}.lhe.gz"
    return []


rule madgraph:
    """MG5_aMC pp > j j at LO (NN23LO1): one LHE file per chunk, seeded from (seed, sample, chunk)."""
    input:
        card=lambda wc: config["samples"][wc.sample]["madgraph_card"],
    output:
        lhe=temp("results/madgraph/{sample}/{chunk}.lhe.gz"),
    log:
        "logs/madgraph/{sample}/{chunk}.log",
    params:
        nevents=lambda wc: config["samples"][wc.sample]["events_per_chunk"],
        seed=lambda wc: seeds.pythia_seed(config["seed"], "madgraph", wc.sample, wc.chunk),
    threads: 1
    resources:
        runtime=240,
        mem_mb=4000,
    container:
        GENERATION_IMAGE
    shell:
        "workflow/scripts/madgraph.sh {input.card} {params.nevents} {params.seed} {threads} {output.lhe} > {log} 2>&1"


rule generate:
    """Pythia 8 (pythia8mc): one chunk of final-state particles and Pythia's cross-section estimate."""
    input:
        cards=lambda wc: config["samples"][wc.sample]["lhe_cards" if lhe_input(wc) else "cards"],
        lhe=lhe_input,
    output:
        events=temp(f"results/generation/{{sample}}/{{chunk}}.{EVENT_FORMAT}"),
        meta="results/generation/{sample}/{chunk}.json",
    log:
        "logs/generate/{sample}/{chunk}.log",
    threads: 1
    resources:
        runtime=120,
        mem_mb=4000,
    container:
        WORKFLOW_IMAGE
    conda:
        "../../envs/workflow.yaml"
    script:
        "../scripts/generate.py"
