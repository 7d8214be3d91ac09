"""FastJet anti-kt R=0.8 clustering: the batched (multi-event awkward) interface vs per-event loops.

Same events, same run: generated QCD events (Pythia 8 -> fast detector) are clustered
1. in one call over the whole chunk (what ``weaksup.events.jets.cluster`` does),
2. event by event with the awkward interface (one ``ClusterSequence`` per event),
3. event by event with classic ``PseudoJet`` objects built in Python (the pyjet-era pattern).
Reports events per second of each and the speed-up of the batched call (ratios, same machine).

    python benchmarks/clustering.py --events 500
"""

import argparse
import time

import awkward as ak
import fastjet
import numpy as np
from common import load_config, write_report

from weaksup.events import jets
from weaksup.sim import detector, generation


def batched(vectors, jet_def):
    sequence = fastjet.ClusterSequence(vectors, jet_def)
    return sequence.inclusive_jets(min_pt=20.0), sequence.constituent_index(min_pt=20.0)


def per_event_awkward(vectors, jet_def):
    for i in range(len(vectors)):
        sequence = fastjet.ClusterSequence(vectors[i : i + 1], jet_def)
        sequence.inclusive_jets(min_pt=20.0), sequence.constituent_index(min_pt=20.0)


def per_event_pseudojets(vectors, jet_def):
    columns = [ak.to_list(vectors[f]) for f in ("px", "py", "pz", "E")]
    for px, py, pz, e in zip(*columns):
        particles = [fastjet.PseudoJet(*p) for p in zip(px, py, pz, e)]
        sequence = fastjet.ClusterSequence(particles, jet_def)
        sequence.inclusive_jets(20.0)


def timed(function, *args, repeat=3):
    best = np.inf
    for _ in range(repeat):
        start = time.perf_counter()
        function(*args)
        best = min(best, time.perf_counter() - start)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=500)
    args = parser.parse_args()
    config = load_config()
    events, _ = generation.generate(generation.sample_settings(config, "qcd"), args.events, 99)
    candidates = detector.simulate(events.particles, np.random.default_rng(0))
    px, py, pz, energy = jets.four_vectors(
        *(ak.values_astype(candidates[f], np.float64) for f in ("pt", "eta", "phi", "mass"))
    )
    vectors = ak.zip({"px": px, "py": py, "pz": pz, "E": energy}, with_name="Momentum4D")
    jet_def = fastjet.JetDefinition(fastjet.antikt_algorithm, 0.8)
    n = len(vectors)
    seconds = {
        "batched": timed(batched, vectors, jet_def),
        "per_event_awkward": timed(per_event_awkward, vectors, jet_def),
        "per_event_pseudojets": timed(per_event_pseudojets, vectors, jet_def, repeat=1),
    }
    report = {
        "events": n,
        "candidates_per_event": float(np.mean(ak.num(vectors))),
        "events_per_second": {k: n / v for k, v in seconds.items()},
        "speedup_of_batched": {k: v / seconds["batched"] for k, v in seconds.items() if k != "batched"},
    }
    write_report("clustering", report)


if __name__ == "__main__":
    main()
