"""Rule dataset: one CWoLa dataset table from the pools and the yields (see weaksup.datasets)."""

import logging

import awkward as ak
import numpy as np
import pandas as pd

from weaksup import datasets, io

io.configure_logging(snakemake.log[0])
wc, params = snakemake.wildcards, snakemake.params
signal_sample = f"hv_{wc.scenario}"
yields = pd.read_csv(snakemake.input.yields).set_index(["sample", "region"])
expected = {region: yields.loc[("qcd", region), "n_expected"] for region in ("SR", "SB")}
signal_pool = {region: int(yields.loc[(signal_sample, region), "n_pool"]) for region in ("SR", "SB")}

settings = datasets.DatasetSettings(**params.settings)
rng = np.random.default_rng(params.seed)
counts = datasets.dataset_counts(float(wc.sigma0), expected, signal_pool, settings, rng)
regions = [ak.to_numpy(io.read_parquet(path, columns=["region"]).region).astype(str) for path in snakemake.input[:2]]
table = datasets.build(*regions, counts, settings, rng, pool_names=("qcd", signal_sample))
summary = datasets.summary(table)
logging.info(
    "sigma0 = %s: s0 = %d (SR) + %d (SB) signal over b0 = %d (SR) + %d (SB)",
    wc.sigma0,
    counts.s_sr,
    counts.s_sb,
    counts.b_sr,
    counts.b_sb,
)
logging.info("events per split/sample/region: %s", summary)
io.write_frame(table, snakemake.output.table)
io.write_json(
    {
        "sigma0": float(wc.sigma0),
        "s0": counts.s_sr,
        "b0": counts.b_sr,
        "s_sb": counts.s_sb,
        "b_sb": counts.b_sb,
        "expected_background": expected,
        "events": summary,
    },
    snakemake.output.summary,
)
