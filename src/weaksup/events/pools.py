"""Pools of selected events and their expected yields at the configured luminosity.

Cross section of a region: Pythia's generated cross section times the fraction of the generated
(unweighted) events that land in the region,

    sigma_R = sigma_gen * N_R / N_gen,

with sigma_gen the nAccepted-weighted mean of the chunk estimates (all chunks of a sample share the
settings, so each chunk is an independent estimate of the same number). The error adds in
quadrature Pythia's own sigmaErr and the binomial error of the selected fraction. A sample's
k-factor (config ``samples.<s>.k_factor``, default 1) scales its cross sections and expected
events: e.g. to normalize our Pythia QCD to another generator's (config/paper.yaml).
"""

import math

import awkward as ak
import numpy as np
import pandas as pd

from weaksup import io
from weaksup.events.jets import CUTFLOW, REGIONS

YIELD_COLUMNS = ["sample", "region", "k_factor", "sigma_fb", "sigma_err_fb", "n_expected", "n_pool"]


def combined_cross_section(chunks: list[dict]) -> tuple[float, float]:
    """(sigma, error) in fb combining the chunk metadata of one sample, weighted by accepted events."""
    n = [c["n_accepted"] for c in chunks]
    total = sum(n)
    if total == 0:
        raise ValueError("no accepted events in any chunk: cannot estimate a cross section")
    sigma = sum(c["sigma_fb"] * w for c, w in zip(chunks, n)) / total
    error = math.sqrt(sum((c["sigma_err_fb"] * w) ** 2 for c, w in zip(chunks, n))) / total
    return sigma, error


def region_cross_section(sigma: float, sigma_err: float, n_region: int, n_generated: int) -> tuple[float, float]:
    """(sigma_R, error) in fb for ``n_region`` of ``n_generated`` unweighted events in a region.

    The error combines the generator's relative error with the binomial error of the fraction.
    """
    if n_generated <= 0:
        raise ValueError("n_generated must be positive")
    fraction = n_region / n_generated
    if n_region == 0:
        # no event selected: quote the 68% upper limit of the fraction, 1.14/N (Poisson, 0 seen)
        return 0.0, sigma * 1.14 / n_generated
    rel = math.sqrt((sigma_err / sigma) ** 2 + (1 - fraction) / (fraction * n_generated))
    return sigma * fraction, sigma * fraction * rel


def merge(event_files: list, meta_files: list, cutflow_files: list) -> tuple[ak.Array, dict]:
    """Concatenate the selected events of all chunks; summarize the sample's cross section.

    The summary holds ``sigma_fb``, ``sigma_err_fb`` (generated cross section), ``n_generated``,
    ``n_selected`` per region and the ``cutflow`` summed over chunks (``jets.CUTFLOW``). Events
    get a ``chunk`` field so each stays traceable.
    """
    chunks = [io.read_parquet(path) for path in event_files]
    metas = [io.read_json(path) for path in meta_files]
    cutflows = [io.read_json(path) for path in cutflow_files]
    events = ak.concatenate(
        [ak.with_field(c, np.full(len(c), m["chunk"], dtype=np.int32), "chunk") for c, m in zip(chunks, metas)]
    )
    sigma, error = combined_cross_section(metas)
    regions = ak.to_numpy(events.region).astype(str) if len(events) else np.array([], dtype=str)
    summary = {
        "sigma_fb": sigma,
        "sigma_err_fb": error,
        "n_generated": sum(m["n_events"] for m in metas),
        "n_selected": {region: int(np.sum(regions == region)) for region in REGIONS},
        "cutflow": {step: sum(c[step] for c in cutflows) for step in CUTFLOW},
        "chunks": len(metas),
    }
    return events, summary


def cutflow_table(samples: dict) -> pd.DataFrame:
    """One row per sample and step of ``jets.CUTFLOW``: events left, their share of the generated
    events (%) and the cross section after the step (fb), sigma_gen x share, from the pools'
    summaries ``samples[name]``."""
    rows = []
    for sample, info in samples.items():
        for step in CUTFLOW:
            n = info["cutflow"][step]
            share = n / info["n_generated"]
            rows.append(
                {
                    "sample": sample,
                    "step": step,
                    "events": n,
                    "percent": 100 * share,
                    "sigma_fb": info["sigma_fb"] * share,
                }
            )
    return pd.DataFrame(rows)


def yields_table(
    samples: dict[str, dict], luminosity_fb: float, k_factors: dict[str, float] | None = None
) -> pd.DataFrame:
    """The yields table: one row per (sample, region) from per-sample summaries.

    ``samples[name]`` holds ``sigma_fb``, ``sigma_err_fb``, ``n_generated`` and ``n_selected``
    (a dict region -> number of pool events); ``k_factors[name]`` (default 1) scales the sample's
    cross sections (fb) and expected events.
    """
    rows = []
    for name, info in samples.items():
        k = (k_factors or {}).get(name, 1.0)
        for region in REGIONS:
            n_region = info["n_selected"][region]
            sigma, err = region_cross_section(info["sigma_fb"], info["sigma_err_fb"], n_region, info["n_generated"])
            sigma, err = k * sigma, k * err
            rows.append(
                {
                    "sample": name,
                    "region": region,
                    "k_factor": k,
                    "sigma_fb": sigma,
                    "sigma_err_fb": err,
                    "n_expected": sigma * luminosity_fb,
                    "n_pool": n_region,
                }
            )
    return pd.DataFrame(rows, columns=YIELD_COLUMNS)
