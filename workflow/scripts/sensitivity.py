"""Rule sensitivity: the studies' sensitivity tables in one (see weaksup.analysis.evaluation)."""

import pandas as pd

from weaksup import io

io.configure_logging(snakemake.log[0])
io.write_csv(pd.concat([pd.read_csv(path) for path in snakemake.input], ignore_index=True), snakemake.output[0])
