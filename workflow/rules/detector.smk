# Stage 2, detector: generated events -> particle-flow candidates, one schema for both paths
# (pt, eta, phi, mass, charge, kind per candidate; weight per event).

if config["detector"] == "fastsim":

    rule fastsim:
        """CMS-like fast simulation (module weaksup.sim.detector): tracks, eflow photons, eflow neutral hadrons."""
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
        """Delphes 3.4.2 with the CMS card: the chunk's particles streamed in as HepMC2, particle flow
        read back (module weaksup.sim.delphes)."""
        input:
            events="results/generation/{sample}/{chunk}.parquet",
            meta="results/generation/{sample}/{chunk}.json",
            card="config/delphes/delphes_card_CMS.tcl",
            tools=tools_input,
        output:
            temp("results/detector/{sample}/{chunk}.parquet"),
        log:
            "logs/delphes/{sample}/{chunk}.log",
        group:
            "chunk"
        conda:
            "../../envs/workflow.yaml"
        container:
            GENERATION_IMAGE
        threads: 1
        resources:
            runtime=120,
            mem_mb=4000,
        params:
            seed=lambda wc: delphes_seed(wc.sample, wc.chunk),
            sqrt_s_gev=config["sqrt_s_gev"],
        script:
            "../scripts/delphes.py"
