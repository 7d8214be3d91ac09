"""Rule reproduction: results/tables/reproduction.csv from the run's outputs (see weaksup.ledger.table)."""

import logging
from pathlib import Path

import pandas as pd

from weaksup import io
from weaksup.ledger import records
from weaksup.ledger.claims import LHC_TABLES
from weaksup.ledger.lp import toy_runs
from weaksup.ledger.table import ledger

io.configure_logging(snakemake.log[0])
inputs, run = snakemake.input, snakemake.params.run
loaded = {
    "yields": pd.read_csv(inputs.yields),
    "pools": {summary["sample"]: summary for summary in map(io.read_json, inputs.pools)},
    "lhc_samples": io.read_json(inputs.lhc_samples),
    **{name: pd.read_csv(inputs[name]) for name in LHC_TABLES},
    **{f"study:{Path(path).stem}": pd.read_csv(path) for path in inputs.studies},
    "toy": toy_runs(map(io.read_frame, inputs.toy), run["toy"]["fractions"]),
    "records": {Path(folder).name: records.read(folder) for folder in snakemake.params.records},
}
table = ledger(loaded, run)
for verdict, count in table.verdict.value_counts().items():
    logging.info("%s: %d claims", verdict, count)
io.write_csv(table, snakemake.output[0])
