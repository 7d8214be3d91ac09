"""Rule sensitivity: the studies' sensitivity tables in one (see weaksup.evaluation)."""

import pandas as pd

from weaksup import io

io.configure_logging(snakemake.log[0])
table = pd.concat([pd.read_csv(path) for path in snakemake.input], ignore_index=True)
with io.atomic_path(snakemake.output[0]) as tmp:
    table.to_csv(tmp, index=False, float_format="%.8g")
