"""Jet-image throughput: the vectorized pipeline against a per-jet loop, in the same run.

Both build +1 pt_rot-augmented, EN-normalized 25 x 25 images (preprocessing + pT smearing +
rotation + pixelation) of the same pool events:
- vectorized: ``weaksup.inputs.pipeline.make_inputs`` with the image representation (constituents
  augmented by ``weaksup.inputs.augment``, pixelated by bincounts over all jets of a batch);
- baseline: a per-jet Python loop doing the same steps with numpy on each jet and
  ``numpy.histogram2d`` for the pixels (how such code is usually first written).
Reports images per second (two per event) and the ratio (target >= 50x).

    python benchmarks/images.py --pool results/pools/hv_ID.parquet --events 2000
"""

import argparse
import time

import awkward as ak
import numpy as np
from common import ROOT, write_report

from weaksup import io
from weaksup.inputs import augment
from weaksup.inputs.constituents import flatten_jets
from weaksup.inputs.images import ImageSettings
from weaksup.inputs.pipeline import make_inputs
from weaksup.sim.resolution import preset, resolution


def naive_images(jets, rng, n_pixels=25, a_b=preset("paper_eq51")):
    """The baseline: one jet at a time."""
    out = np.zeros((len(jets), 2, n_pixels, n_pixels))
    edges = np.linspace(-1, 1, n_pixels + 1)
    for i in range(len(jets)):
        for j in range(2):
            c = jets[i, j].constituents
            pt, eta, phi = (np.asarray(c[f], dtype=np.float64) for f in ("pt", "eta", "phi"))
            pt = np.maximum(pt + resolution(pt, *a_b) * rng.standard_normal(len(pt)), 0)
            axis = np.arctan2(np.sum(pt * np.sin(phi)), np.sum(pt * np.cos(phi)))
            dphi = np.mod(phi - axis + np.pi, 2 * np.pi) - np.pi
            x, y = eta - np.average(eta, weights=pt), dphi - np.average(dphi, weights=pt)
            theta = 0.5 * np.arctan2(2 * np.sum(pt * x * y), np.sum(pt * (x * x - y * y)))
            x, y = x * np.cos(theta) + y * np.sin(theta), -x * np.sin(theta) + y * np.cos(theta)
            hardest = np.argmax(pt)
            x, y = x * (1 if x[hardest] >= 0 else -1), y * (1 if y[hardest] >= 0 else -1)
            angle = rng.uniform(-np.pi, np.pi)
            x, y = x * np.cos(angle) - y * np.sin(angle), x * np.sin(angle) + y * np.cos(angle)
            out[i, j] = np.histogram2d(x, y, bins=(edges, edges), weights=pt)[0]
    mean, std = out.mean(axis=(1, 2, 3), keepdims=True), out.std(axis=(1, 2, 3), keepdims=True)
    return (out - mean) / np.maximum(std, 1e-8)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pool", default=str(ROOT / "results/pools/hv_ID.parquet"))
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=512, help="events per vectorized call (the CNN batch)")
    args = parser.parse_args()
    jets = io.read_parquet(args.pool).jets[: args.events]
    n = len(jets)
    ids = np.arange(n)
    aug = augment.Augmentation("pt_rot")

    start = time.perf_counter()
    pool = flatten_jets(jets)  # once per training job; counted here
    for first in range(0, n, args.batch):
        batch = ids[first : first + args.batch]
        make_inputs(pool, batch, np.ones_like(batch), aug, 1, ImageSettings())
    vectorized = time.perf_counter() - start

    n_naive = min(n, 500)
    start = time.perf_counter()
    naive_images(jets[:n_naive], np.random.default_rng(1))
    naive = (time.perf_counter() - start) * n / n_naive

    report = {
        "pool": args.pool,
        "events": n,
        "constituents_per_jet": float(ak.mean(ak.num(jets.constituents, axis=2))),
        "images_per_second": {"vectorized": 2 * n / vectorized, "per_jet_loop": 2 * n / naive},
        "speedup": naive / vectorized,
        "batch": args.batch,
    }
    write_report("images", report)


if __name__ == "__main__":
    main()
