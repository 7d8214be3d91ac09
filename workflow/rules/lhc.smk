# The label-proportion paper, LHC example (section 5): gluino pairs vs Z(-> nu nu~) + jet through
# the same generation and detector stages as the dijets, then the jets + missing-energy selection
# (modules weaksup.met, weaksup.lp_lhc, weaksup.lp_training, weaksup.lp_plotting).

from weaksup import lp_lhc

LHC = config["label_proportions"]["lhc"]
LHC_SAMPLES = [LHC["signal"], LHC["background"], *LHC["tails"]]
LHC_RUN = "results/lp/lhc/{lp_supervision}_{variant}"
#: per sample, its chunks' (selected events, generation metadata)
LHC_CHUNKS = {
    s: [
        (f"results/met/{s}/{c}.parquet", f"results/generation/{s}/{c}.json")
        for c in chunks(s)
    ]
    for s in LHC_SAMPLES
}


def lhc_run(supervision, variant):
    return LHC_RUN.format(lp_supervision=supervision, variant=variant) + ".parquet"


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
        events="results/lp/lhc/events.parquet",
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
        lhc=LHC,
        seed=seeds.derive_seed(config["seed"], "lp_lhc_events"),
    script:
        "../scripts/lp_lhc_events.py"


rule lp_lhc_train:
    """All trainings of one supervision (weak: fraction labels of sets A/B) and labelling (table 4)."""
    input:
        events="results/lp/lhc/events.parquet",
        # the phase-space swap ranks events by a fully supervised network trained on true labels
        reference=lambda wc: lhc_run("full", "nominal") if wc.variant == "swap" else [],
    output:
        scores=f"{LHC_RUN}.parquet",
        summary=f"{LHC_RUN}.json",
    log:
        f"logs/{LHC_RUN}.log",
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
        lhc=LHC,
        backend=config["training"]["backend"],
        seed=lambda wc: seeds.training_seed(
            config["seed"], "lp_lhc", wc.lp_supervision, wc.variant
        ),
    script:
        "../scripts/lp_lhc_train.py"


# Outputs of section 5: name -> inputs by role
LHC_OUTPUTS = {
    "lp_gluino_met": {
        "full": lhc_run("full", "nominal"),
        "weak": lhc_run("weak", "nominal"),
    },
    "lp_mismodelling": {
        f"{sup}_{variant}": lhc_run(sup, variant)
        for sup in ("full", "weak")
        for variant in lp_lhc.VARIANTS
    },
    "lp_combination": {
        "full": lhc_run("full", "nominal"),
        "weak": lhc_run("weak", "nominal"),
    },
}

for figure, runs in LHC_OUTPUTS.items():

    rule:
        name:
            figure
        input:
            **runs,
            events="results/lp/lhc/events.parquet",
        output:
            pdf=f"results/figures/{figure}.pdf",
            png=report(
                f"results/figures/{figure}.png",
                caption=f"../report/{figure}.rst",
                category="Label proportions: gluino vs Z + jets",
            ),
            table=f"results/tables/{figure}.csv",
        log:
            f"logs/figures/{figure}.log",
        conda:
            "../../envs/workflow.yaml"
        container:
            WORKFLOW_IMAGE
        threads: 1
        resources:
            runtime=20,
            mem_mb=4000,
        params:
            figure=figure.removeprefix("lp_"),
            lhc=LHC,
        script:
            "../scripts/lp_lhc_figure.py"


rule lp_gluino_table:
    """Table 3: AUC and signal efficiency at 1% background, mean and error over the trainings."""
    input:
        events="results/lp/lhc/events.parquet",
        full=lhc_run("full", "nominal"),
        weak=lhc_run("weak", "nominal"),
    output:
        "results/tables/lp_gluino_table.csv",
    log:
        "logs/tables/lp_gluino_table.log",
    conda:
        "../../envs/workflow.yaml"
    container:
        WORKFLOW_IMAGE
    threads: 1
    resources:
        runtime=10,
        mem_mb=2000,
    params:
        background_acceptance=LHC["background_acceptance"],
    script:
        "../scripts/lp_gluino_table.py"
