"""Rule yields: results/tables/yields.csv from the pool summaries (see weaksup.events.pools)."""

from weaksup import io
from weaksup.events import pools

io.configure_logging(snakemake.log[0])
summaries = {s["sample"]: s for s in map(io.read_json, snakemake.input)}
table = pools.yields_table(summaries, snakemake.params.luminosity_fb, snakemake.params.k_factors)
with io.atomic_path(snakemake.output[0]) as tmp:
    table.to_csv(tmp, index=False, float_format="%.10g")
