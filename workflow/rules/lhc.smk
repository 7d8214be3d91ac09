# The label-proportion paper, LHC example (section 5): gluino pairs vs Z(-> nu nu~) + jet through
# the same generation and detector stages as the dijets, then the jets + missing-energy selection
# and the trainings (modules weaksup.events.met, weaksup.analysis.lp.lhc, weaksup.analysis.lp.training); its figures and
# tables come from weaksup.analysis.lp.figures.

from weaksup.analysis.lp import lhc as lp_lhc

LHC = config["label_proportions"]["lhc"]
#: per sample, its chunks' (selected events, generation metadata)
LHC_CHUNKS = {
    s: [
        (f"results/met/{s}/{c}.parquet", f"results/generation/{s}/{c}.json")
        for c in chunks(s)
    ]
    for s in LHC_SAMPLES
}


rule met_events:
    """Section 5.1's selection of one chunk: R = 0.4 jets, MET, lepton veto; the 11 inputs."""
    input:
        "results/detector/{sample}/{chunk}.parquet",
    output:
        "results/met/{sample}/{chunk}.parquet",
    log:
        "logs/met/{sample}/{chunk}.log",
    group:
        "chunk"
    conda:
        "../../envs/workflow.yaml"
    container:
        WORKFLOW_IMAGE
    threads: 1
    resources:
        runtime=30,
        mem_mb=4000,
    params:
        selection=LHC["selection"],
    script:
        "../scripts/met_events.py"


rule lp_lhc_events:
    """Every LHC sample's selected events, weighted (fb per event), split and assigned to sets A/B."""
    input:
        events=[events for files in LHC_CHUNKS.values() for events, _ in files],
        meta=[meta for files in LHC_CHUNKS.values() for _, meta in files],
    output:
        events=lp_figures.LHC_EVENTS,
        summary="results/lp/lhc/samples.json",
    log:
        "logs/lp/lhc/events.log",
    conda:
        "../../envs/workflow.yaml"
    container:
        WORKFLOW_IMAGE
    threads: 1
    resources:
        runtime=10,
        mem_mb=4000,
    params:
        samples=LHC_CHUNKS,
        signal=LHC["signal"],
        background=LHC["background"],
        test_fraction=LHC["test_fraction"],
        validation_fraction=LHC["validation_fraction"],
        seed=seeds.derive_seed(config["seed"], "lp_lhc_events"),
    script:
        "../scripts/lp_lhc_events.py"


rule lp_lhc_train:
    """All trainings of one supervision (weak: fraction labels of sets A/B) and labelling (table 4)."""
    input:
        events=lp_figures.LHC_EVENTS,
        # the phase-space swap ranks events by a fully supervised network trained on true labels
        reference=lambda wc: (
            lp_figures.lhc_run("full", "nominal") if wc.variant == "swap" else []
        ),
    output:
        scores=f"{lp_figures.LHC_RUN}.parquet",
        summary=f"{lp_figures.LHC_RUN}.json",
    log:
        f"logs/{lp_figures.LHC_RUN}.log",
    wildcard_constraints:
        variant="|".join(lp_lhc.VARIANTS),
    conda:
        "../../envs/workflow.yaml"
    container:
        WORKFLOW_IMAGE
    threads: 1
    resources:
        runtime=60,
        mem_mb=4000,
    params:
        # what the trainings depend on: the network, the sets' shares, this labelling's shares
        lhc=lambda wc: {
            **{
                key: LHC[key]
                for key in (
                    "network",
                    "trainings",
                    "background_shares",
                    "signal_shares",
                )
            },
            "mismodelling": lp_lhc.mismodelling_shares(
                wc.variant, LHC["mismodelling"]
            ),
        },
        backend=config["training"]["backend"],
        seed=lambda wc: seeds.training_seed(
            config["seed"], "lp_lhc", wc.lp_supervision, wc.variant
        ),
    script:
        "../scripts/lp_lhc_train.py"
