"""Rule generate: one chunk of Pythia 8 events (see weaksup.generation)."""

from weaksup import generation, hepmc, io, seeds

io.configure_logging(snakemake.log[0])
cfg, sample, chunk = snakemake.config, snakemake.wildcards.sample, int(snakemake.wildcards.chunk)

# container path (generator = madgraph): shower this chunk's MadGraph events
settings = generation.sample_settings(cfg, sample, lhe_file=snakemake.input.lhe or None)
seed = seeds.pythia_seed(cfg["seed"], sample, chunk)
events, meta = generation.generate(settings, cfg["samples"][sample]["events_per_chunk"], seed)

if snakemake.output.events.endswith(".hepmc"):
    hepmc.write(events, snakemake.output.events, meta["sigma_fb"], meta["sigma_err_fb"])
else:
    io.write_parquet(events, snakemake.output.events)
io.write_json(meta | {"sample": sample, "chunk": chunk, "settings": settings}, snakemake.output.meta)
