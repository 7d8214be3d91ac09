"""QCD generator-level cuts: efficiency gain and absence of bias in the selected regions.

Generates QCD dijets with three sets of generator cuts, each through the full embedded chain
(Pythia 8 -> fast detector -> anti-kt R=0.8 -> selection), and reports for each:

- sigma_SR, sigma_SB (fb) with statistical errors: the default cuts must agree with the looser
  run within errors (no bias of the selected region);
- selected SR+SB events per core-second, and the ratio to the naive ``pTHatMin = 500`` baseline
  measured in the same run (target >= 10x);
- the time split (CPU seconds): Pythia itself (``nextBatch``) vs the pipeline around it, i.e.
  conversion to final-state arrays + detector + jets (target: pipeline <= 20% on top of Pythia).

    python benchmarks/qcd_generator_cuts.py --jobs 2   # ~10 minutes on 2 cores

Writes benchmarks/results/qcd_generator_cuts.json and prints a table.
"""

import argparse
import math
import time
from concurrent.futures import ProcessPoolExecutor

import awkward as ak
import numpy as np

from common import load_config, write_report
from weaksup import detector, generation, jets, seeds
from weaksup.pools import combined_cross_section, region_cross_section

VARIANTS = {
    # name: settings replacing the card's phase-space cuts
    "naive_pthat500": ["PhaseSpace:pTHatMin = 500.", "PhaseSpace:mHatMin = 0."],
    "loose_mhat2500": ["PhaseSpace:pTHatMin = 400.", "PhaseSpace:mHatMin = 2500."],
    "default_card": [],
}


def run_chunk(args):
    """Generate one chunk of a variant through the whole chain; return counts and timings."""
    variant, chunk, n_events, config = args
    settings = generation.sample_settings(config, "qcd") + VARIANTS[variant]
    seed = seeds.pythia_seed(config["seed"], "benchmark", variant, chunk)
    # CPU time of this process throughout: other load on the machine does not enter the ratios
    start = time.process_time()
    events, meta = generation.generate(settings, n_events, seed)
    t0 = time.process_time()
    candidates = detector.simulate(events.particles, seeds.rng(config["seed"], "benchmark-fastsim", variant, chunk))
    t1 = time.process_time()
    selected = jets.select_dijets(candidates, events.weight, config)
    t2 = time.process_time()
    regions = ak.to_numpy(selected.region).astype(str)
    return meta | {
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--naive-events", type=int, default=16000, help="events for the naive variant")
    parser.add_argument("--events", type=int, default=32000, help="events for the default variant")
    parser.add_argument("--loose-events", type=int, default=48000, help="events for the loose variant")
    parser.add_argument("--chunk", type=int, default=2000, help="events per chunk")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    config = load_config()
    tasks = []
    for variant in VARIANTS:
        n_total = {"naive": args.naive_events, "loose": args.loose_events}.get(variant.split("_")[0], args.events)
        tasks += [(variant, c, args.chunk, config) for c in range(math.ceil(n_total / args.chunk))]
    with ProcessPoolExecutor(args.jobs) as pool:
        results = list(pool.map(run_chunk, tasks))
    report = {}
    for variant in VARIANTS:
        report[variant] = summarize([r for t, r in zip(tasks, results) if t[0] == variant])
    base = report["naive_pthat500"]["selected_per_core_second"]
    for variant, row in report.items():
        row["rate_over_naive"] = row["selected_per_core_second"] / base if base else float("inf")
    ref, test = report["loose_mhat2500"], report["default_card"]
    for region in ("SR", "SB"):
        diff = test[f"sigma_{region}_fb"] - ref[f"sigma_{region}_fb"]
        error = math.hypot(test[f"sigma_{region}_err_fb"], ref[f"sigma_{region}_err_fb"])
        report[f"bias_{region}"] = {"default_minus_loose_fb": diff, "error_fb": error, "pulls": diff / error}
    write_report("qcd_generator_cuts", report)


if __name__ == "__main__":
    main()
