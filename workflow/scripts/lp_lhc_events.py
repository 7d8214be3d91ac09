"""Rule lp_lhc_events: all LHC samples' selected events, weighted, split, with set draws (see weaksup.lp_lhc)."""

import logging

import numpy as np
import pandas as pd

from weaksup import io, lp_lhc, pools

io.configure_logging(snakemake.log[0])
params = snakemake.params
lhc, rng = params.lhc, np.random.default_rng(params.seed)
samples, summaries = {}, {}
for name, chunk_files in params.samples.items():
    samples[name] = pd.concat([io.read_frame(events) for events, _ in chunk_files], ignore_index=True)
    metas = [io.read_json(meta) for _, meta in chunk_files]
    sigma, error = pools.combined_cross_section(metas)
    n_generated = sum(m["n_events"] for m in metas)
    summaries[name] = {
        "sigma_fb": sigma,
        "sigma_err_fb": error,
        "n_generated": n_generated,
        "n_selected": len(samples[name]),
    }
    logging.info("%s: %s", name, summaries[name])
table = lp_lhc.events_table(samples, summaries, lhc["signal"])
trained = table["sample"].isin([lhc["signal"], lhc["background"]]).to_numpy()
split = np.full(len(table), "tail", dtype=object)
split[trained] = lp_lhc.assign_splits(trained.sum(), lhc["test_fraction"], lhc["validation_fraction"], rng)
for name in (lhc["signal"], lhc["background"]):
    if not (table["sample"] == name).any():
        raise ValueError(f"sample {name}: no event passes the selection")
table = table.assign(split=split.astype(str), set_draw=rng.random(len(table)))
io.write_frame(table, snakemake.output.events)
io.write_json(summaries, snakemake.output.summary)
