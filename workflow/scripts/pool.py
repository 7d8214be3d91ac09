"""Rule pool: merge the selected events of all chunks of a sample; cross section summary (see weaksup.events.pools)."""

import logging

from weaksup import io
from weaksup.events import pools

io.configure_logging(snakemake.log[0])
events, summary = pools.merge(snakemake.input.events, snakemake.input.meta, snakemake.input.cutflows)
logging.info("%s: %s", snakemake.wildcards.sample, summary)
io.write_parquet(events, snakemake.output.events)
io.write_json(summary | {"sample": snakemake.wildcards.sample}, snakemake.output.summary)
