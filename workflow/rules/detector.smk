# Stage 2, detector: generated events -> particle-flow candidates, one schema for both paths
# (pt, eta, phi, mass, charge, kind per candidate; weight per event).

if config["detector"] == "fastsim":

    rule fastsim:
        """CMS-like fast simulation (module weaksup.detector): tracks, eflow photons, eflow neutral hadrons."""
        input:
            "results/generation/{sample}/{chunk}.parquet",
        output:
            temp("results/detector/{sample}/{chunk}.parquet"),
        log:
            "logs/fastsim/{sample}/{chunk}.log",
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
            seed=lambda wc: seeds.derive_seed(
                config["seed"], "fastsim", wc.sample, int(wc.chunk)
            ),
            hcal_resolution=config["fastsim"]["hcal_resolution"],
        script:
            "../scripts/fastsim.py"

else:

    rule delphes:
        """Delphes 3.4.2 with the CMS card (anti-kt R=0.8 FatJets on particle flow)."""
        input:
            hepmc="results/generation/{sample}/{chunk}.hepmc",
            card="config/delphes/delphes_card_CMS.tcl",
        output:
            temp("results/delphes/{sample}/{chunk}.root"),
        log:
            "logs/delphes/{sample}/{chunk}.log",
        group:
            "chunk"
        container:
            GENERATION_IMAGE
        threads: 1
        resources:
            runtime=120,
            mem_mb=4000,
        shell:
            "DelphesHepMC {input.card} {output} {input.hepmc} > {log} 2>&1"

    rule read_delphes:
        """Delphes ROOT tree -> particle-flow candidates (module weaksup.delphes, uproot)."""
        input:
            "results/delphes/{sample}/{chunk}.root",
        output:
            temp("results/detector/{sample}/{chunk}.parquet"),
        log:
            "logs/read_delphes/{sample}/{chunk}.log",
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
        script:
            "../scripts/read_delphes.py"
