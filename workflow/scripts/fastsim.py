"""Rule fastsim: CMS-like detector response for one chunk (see weaksup.detector)."""

from weaksup import detector, io, seeds

io.configure_logging(snakemake.log[0])
cfg, sample, chunk = snakemake.config, snakemake.wildcards.sample, int(snakemake.wildcards.chunk)

events = io.read_parquet(snakemake.input[0])
rng = seeds.rng(cfg["seed"], "fastsim", sample, chunk)
candidates = detector.simulate(events.particles, rng, hcal_preset=cfg["fastsim"]["hcal_resolution"])
io.write_parquet(detector.detector_events(candidates, events.weight), snakemake.output[0])
