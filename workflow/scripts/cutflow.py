"""Rule cutflow: results/tables/cutflow.csv from the pools' summaries (see weaksup.events.pools)."""

from weaksup import io
from weaksup.events import pools

io.configure_logging(snakemake.log[0])
summaries = {summary["sample"]: summary for summary in map(io.read_json, snakemake.input)}
io.write_csv(pools.cutflow_table(summaries), snakemake.output[0])
