"""Rule generate: one chunk of Pythia 8 events (see weaksup.sim.generation)."""

from weaksup import io
from weaksup.sim import generation

io.configure_logging(snakemake.log[0])
params, output = snakemake.params, snakemake.output

events, meta = generation.generate(params.settings, params.n_events, params.seed)
io.write_parquet(events, output.events)
meta |= {"sample": snakemake.wildcards.sample, "chunk": int(snakemake.wildcards.chunk), "settings": params.settings}
io.write_json(meta, output.meta)
