"""QCD generator-level cuts: efficiency gain and absence of bias in the selected regions.

Generates the dijet background with three sets of generator cuts, each through the full embedded
chain (Pythia 8 -> fast detector -> anti-kt R=0.8 -> selection), for the windows and selection of
any config (``--configfile`` overlays, e.g. config/examples/zprime_4000.yaml):

- ``naive``: the configured pT_hat cut alone;
- ``configured``: the config's ``generator_cuts`` (checked against ``generation.safe_generator_cuts``);
- ``looser``: both cuts scaled down (m_hat x 0.8, pT_hat x 0.6), the reference for the bias.

and reports for each:

- sigma_SR, sigma_SB (fb) with statistical errors;
- the bias of the default cuts, measured event by event: the fraction of the looser run's
  selected SR/SB events that fail the default cuts (m_hat, pT_hat of the hard process), i.e. the
  fraction of the region the default cuts would lose, with its binomial error (or 95% upper
  limit when none fails);
- selected SR+SB events per core-second, and the ratio to the naive ``pTHatMin = 500`` baseline
  measured in the same run (target >= 10x);
- the time split (CPU seconds): Pythia itself (``nextBatch``) vs the pipeline around it, i.e.
  conversion to final-state arrays + detector + jets (target: pipeline <= 20% on top of Pythia);
- the smallest m_hat / (lowest window edge) and pT_hat / (pT threshold of safe_generator_cuts)
  among the looser run's selected events: the margins a safe cut must stay below.

    python benchmarks/qcd_generator_cuts.py --jobs 2   # ~12 minutes on 2 cores

Writes benchmarks/results/qcd_generator_cuts.json and prints a table.
"""

import argparse
import math
import time
from concurrent.futures import ProcessPoolExecutor

import awkward as ak
import numpy as np
from common import load_config, write_report

from weaksup import seeds
from weaksup.events import jets
from weaksup.events.pools import combined_cross_section, region_cross_section
from weaksup.sim import detector, generation

#: variant -> generator cuts as fractions of the configured ones (None: that cut off)
VARIANTS = {
    "naive": {"mhat_min_gev": None, "pthat_min_gev": 1.0},
    "configured": {"mhat_min_gev": 1.0, "pthat_min_gev": 1.0},
    "looser": {"mhat_min_gev": 0.8, "pthat_min_gev": 0.6},
}


def variant_cuts(config, variant) -> dict:
    """The generator cuts (GeV) of a variant: the configured background's, scaled."""
    cuts = config["samples"][config["background"]]["generator_cuts"]
    return {key: cuts[key] * scale if scale else 0.0 for key, scale in VARIANTS[variant].items()}


def run_chunk(args):
    """Generate one chunk of a variant through the whole chain; return counts and timings."""
    variant, chunk, n_events, config = args
    background = config["background"]
    cuts = variant_cuts(config, variant)
    settings = generation.sample_settings(config, background)
    settings += [f"{generation.GENERATOR_CUTS[key]} = {value:g}" for key, value in cuts.items()]
    seed = seeds.pythia_seed(config["seed"], "benchmark", variant, chunk)
    # CPU time of this process throughout: other load on the machine does not enter the ratios
    start = time.process_time()
    events, meta = generation.generate(settings, n_events, seed)
    t0 = time.process_time()
    candidates = detector.simulate(events.particles, seeds.rng(config["seed"], "benchmark-fastsim", variant, chunk))
    t1 = time.process_time()
    selected, _ = jets.select_dijets(candidates, events.weight, config)  # the jets stage, timed
    t2 = time.process_time()
    regions = ak.to_numpy(selected.region).astype(str)
    # untimed: the same selection by hand, to keep each selected event's hard process
    found, _ = jets.cluster(candidates, config["jets"]["radius"], config["jets"]["ptmin_gev"])
    mask = jets.passes_selection(found, config["selection"]["lead_pt_min_gev"], config["selection"]["abs_eta_max"])
    pair = found[mask]
    by_hand = jets.assign_region(ak.to_numpy(jets.invariant_mass(pair[:, 0], pair[:, 1])), config["regions"])
    in_region = by_hand != ""
    return meta | {
        # hard process of every selected event, to find cuts that lose nothing (see --variants)
        "selected": {
            "m_hat": ak.to_numpy(events.m_hat)[mask][in_region].tolist(),
            "pt_hat": ak.to_numpy(events.pt_hat)[mask][in_region].tolist(),
            "region": by_hand[in_region].tolist(),
        },
        "seconds_pythia": meta["cpu_seconds_in_pythia"],
        "seconds_conversion": (t0 - start) - meta["cpu_seconds_in_pythia"],
        "n_SR": int(np.sum(regions == "SR")),
        "n_SB": int(np.sum(regions == "SB")),
        "seconds_detector": t1 - t0,
        "seconds_jets": t2 - t1,
    }


def summarize(chunks):
    sigma, err = combined_cross_section(chunks)
    n_gen = sum(c["n_events"] for c in chunks)
    out = {"sigma_gen_fb": sigma, "sigma_gen_err_fb": err, "n_generated": n_gen}
    for region in ("SR", "SB"):
        n = sum(c[f"n_{region}"] for c in chunks)
        out[f"n_{region}"] = n
        out[f"sigma_{region}_fb"], out[f"sigma_{region}_err_fb"] = region_cross_section(sigma, err, n, n_gen)
    pythia = sum(c["seconds_pythia"] for c in chunks)
    pipeline = sum(c["seconds_conversion"] + c["seconds_detector"] + c["seconds_jets"] for c in chunks)
    out["seconds_pythia"], out["seconds_pipeline"] = pythia, pipeline
    out["pipeline_over_pythia"] = pipeline / pythia
    out["selected_per_core_second"] = (out["n_SR"] + out["n_SB"]) / (pythia + pipeline)
    return out


def margins(selected: dict, config) -> dict:
    """The smallest m_hat over the lowest window edge and pT_hat over the pT threshold of
    ``generation.safe_generator_cuts`` among selected events: a cut below these loses none of them."""
    m_low = min(low for windows in config["regions"].values() for low, _ in windows)
    selection = config["selection"]
    pt_threshold = max(selection["lead_pt_min_gev"], m_low / (2 * math.cosh(selection["abs_eta_max"])))
    return {
        "min_mhat_over_lowest_edge": min(selected["m_hat"], default=math.nan) / m_low,
        "min_pthat_over_pt_threshold": min(selected["pt_hat"], default=math.nan) / pt_threshold,
        "safe_cuts": generation.safe_generator_cuts(config["regions"], **selection),
    }


def fraction_lost(selected: dict, cuts: dict) -> dict:
    """Fraction of a looser run's selected SR/SB events that ``cuts`` would have removed.

    Binomial error, or the 95% CL upper limit 3/n when no event fails.
    """
    out = {}
    for region in ("SR", "SB"):
        mine = np.asarray(selected["region"]) == region
        n = int(mine.sum())
        lost = int(
            np.sum(
                mine
                & (
                    (np.asarray(selected["m_hat"]) < cuts["mhat_min_gev"])
                    | (np.asarray(selected["pt_hat"]) < cuts["pthat_min_gev"])
                )
            )
        )
        fraction = lost / n if n else float("nan")
        out[region] = {
            "n_selected": n,
            "n_lost": lost,
            "fraction_lost": fraction,
            "error": math.sqrt(fraction * (1 - fraction) / n) if lost else None,
            "upper_limit_95": 3.0 / n if n and not lost else None,
        }
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--events",
        nargs="+",
        default=["naive=16000", "configured=32000", "looser=128000"],
        help=f"VARIANT=N_EVENTS for any of {list(VARIANTS)}",
    )
    parser.add_argument("--reference", default="looser", help="the loosest variant run: the bias reference")
    parser.add_argument("--configfile", nargs="*", default=[], help="config overlays (windows, selection, cuts)")
    parser.add_argument("--chunk", type=int, default=2000, help="events per chunk")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    config = load_config(*args.configfile)
    sizes = {name: int(n) for name, n in (item.split("=") for item in args.events)}
    tasks = [(v, c, args.chunk, config) for v, n in sizes.items() for c in range(math.ceil(n / args.chunk))]
    with ProcessPoolExecutor(args.jobs) as pool:
        results = list(pool.map(run_chunk, tasks))
    report, selected = {}, {}
    for variant in sizes:
        chunks = [r for t, r in zip(tasks, results) if t[0] == variant]
        report[variant] = summarize(chunks)
        selected[variant] = {
            key: sum((c["selected"][key] for c in chunks), []) for key in ("m_hat", "pt_hat", "region")
        }
    if "naive" in report:
        base = report["naive"]["selected_per_core_second"]
        for row in report.values():
            row["rate_over_naive"] = row["selected_per_core_second"] / base if base else float("inf")
    if args.reference in selected:
        cuts = variant_cuts(config, "configured")
        report["bias_of_configured_cuts"] = {"cuts": cuts, "reference": args.reference} | fraction_lost(
            selected[args.reference], cuts
        )
        report["margins"] = margins(selected[args.reference], config)
        report["selected_hard_process"] = selected[args.reference]
    write_report("qcd_generator_cuts", report)


if __name__ == "__main__":
    main()
