"""Rule lp_lhc_events: all LHC samples' selected events, weighted, split, with set draws
(see weaksup.analysis.lp.lhc)."""

import logging

import numpy as np
import pandas as pd

from weaksup import io
from weaksup.analysis.lp import lhc as lp_lhc

io.configure_logging(snakemake.log[0])
params = snakemake.params
samples, summaries = {}, {}
for name, chunk_files in params.samples.items():
    samples[name] = pd.concat([io.read_frame(events) for events, _ in chunk_files], ignore_index=True)
    summaries[name] = lp_lhc.sample_summary([io.read_json(meta) for _, meta in chunk_files], len(samples[name]))
    logging.info("%s: %s", name, summaries[name])
table = lp_lhc.split_events(
    lp_lhc.events_table(samples, summaries, params.signal),
    [params.signal, params.background],
    params.test_fraction,
    params.validation_fraction,
    np.random.default_rng(params.seed),
)
io.write_frame(table, snakemake.output.events)
io.write_json(summaries, snakemake.output.summary)
