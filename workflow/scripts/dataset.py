"""Rule dataset: one CWoLa dataset table from the two pools and their summaries (see weaksup.events.datasets)."""

import logging

import awkward as ak
import numpy as np

from weaksup import io
from weaksup.events import datasets, pools

io.configure_logging(snakemake.log[0])
wc, params, inputs = snakemake.wildcards, snakemake.params, snakemake.input
roles = ("background", "signal")
summaries = {role: io.read_json(inputs[f"{role}_summary"]) for role in roles}
yields = pools.yields_table(summaries, params.luminosity_fb, {"background": params.background_k_factor}).set_index(
    ["sample", "region"]
)
expected = {region: yields.loc[("background", region), "n_expected"] for region in ("SR", "SB")}
signal_pool = {region: int(yields.loc[("signal", region), "n_pool"]) for region in ("SR", "SB")}

settings, rng = datasets.DatasetSettings(**params.settings), np.random.default_rng(params.seed)
counts = datasets.dataset_counts(float(wc.sigma0), expected, signal_pool, settings, rng)
regions = [ak.to_numpy(io.read_parquet(inputs[role], columns=["region"]).region).astype(str) for role in roles]
names = tuple(summaries[role]["sample"] for role in roles)
table = datasets.build(*regions, counts, settings, rng, pool_names=names)
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
