"""CNN training throughput, and how much of each training step waits for the on-the-fly images.

In one run, on the same events and batches (batch size from --batch-size, 512 as in the paper):
- network: training samples/s of ``model.fit`` on images already in memory (the baseline: a
  step that never waits for input);
- images: +k pt_rot augmented examples/s of the input pipeline alone (``ImageBatches``);
- pipeline: training samples/s of ``model.fit`` fed by ``ImageBatches`` (images made on the fly,
  with 1 worker = in the training loop, or several threads preparing batches ahead);
- input-wait share = 1 - pipeline / network (target: < 10% with +5 pt_rot).
Also the network's FLOPs per event (forward pass, both jets) and the achieved training FLOP/s.

    python benchmarks/training.py --pool results/pools/hv_ID.parquet --events 1000 --k 5
"""

import argparse
import os
import time

os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import awkward as ak  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402
from common import ROOT, write_report  # noqa: E402

from weaksup import augment, images, io, network, training  # noqa: E402
from weaksup.network import flops_per_sample  # noqa: E402
from weaksup.settings import Architecture  # noqa: E402


def timed_fit(model, data, targets=None, batch_size=None, epochs=1) -> float:
    """Seconds of ``epochs`` epochs of ``model.fit`` (after one warm-up epoch that compiles)."""
    model.fit(data, targets, batch_size=batch_size, epochs=1, verbose=0, shuffle=False)
    start = time.perf_counter()
    model.fit(data, targets, batch_size=batch_size, epochs=epochs, verbose=0, shuffle=False)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pool", default=str(ROOT / "results/pools/hv_ID.parquet"))
    parser.add_argument("--events", type=int, default=1000, help="pool events (training examples = (k+1) x events)")
    parser.add_argument("--k", type=int, default=5, help="+k pt_rot augmentation")
    parser.add_argument("--batch-size", type=int, default=512)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="input threads to compare")
    parser.add_argument("--width", choices=["paper", "laptop"], default="paper")
    args = parser.parse_args()

    pool = io.read_parquet(args.pool)[: args.events]
    events = images.flatten_jets(pool.jets[:, : images.JETS_PER_EVENT])
    arch = (
        Architecture()
        if args.width == "paper"
        else Architecture("cwola_cnn", (16, 16, 32, 32), (5, 5, 3, 3), (32, 32, 32))
    )
    ids = np.arange(len(pool))
    targets = np.random.default_rng(0).integers(0, 2, len(ids)).astype(np.float32)
    common = dict(augmentation=augment.Augmentation("pt_rot"), image=images.ImageSettings(), seed=1, k=args.k)
    batches = training.ImageBatches(events, ids, targets, batch_size=args.batch_size, shuffle=True, **common)
    n_examples = len(batches.ids)

    # the input pipeline alone
    start = time.perf_counter()
    all_images = [batches[i] for i in range(len(batches))]
    image_seconds = time.perf_counter() - start
    x = {name: np.concatenate([b[0][name] for b in all_images]) for name in all_images[0][0]}
    y = np.concatenate([b[1] for b in all_images])

    model = network.build(25, arch)
    network_seconds = timed_fit(model, x, y, batch_size=args.batch_size)
    report = {
        "backend": keras.backend.backend(),
        "width": args.width,
        "pool": args.pool,
        "events": len(pool),
        "k": args.k,
        "examples_per_epoch": n_examples,
        "batch_size": args.batch_size,
        "constituents_per_jet": float(ak.mean(ak.num(pool.jets[:, :2].constituents, axis=2))),
        "images_examples_per_s": n_examples / image_seconds,
        "network_samples_per_s": n_examples / network_seconds,
        "images_over_network": network_seconds / image_seconds,
        "flops_per_event_forward": flops_per_sample(25, arch),
        "training_gflops_per_s": 3 * flops_per_sample(25, arch) * n_examples / network_seconds / 1e9,
        "cpu_count": os.cpu_count(),
    }
    for workers in args.workers:
        fed = training.ImageBatches(
            events, ids, targets, batch_size=args.batch_size, shuffle=True, workers=workers, **common
        )
        seconds = timed_fit(model, fed)
        report[f"pipeline_{workers}_workers_samples_per_s"] = n_examples / seconds
        report[f"input_wait_share_{workers}_workers"] = max(0.0, 1 - network_seconds / seconds)
    write_report(f"training_{args.width}_k{args.k}", report)


if __name__ == "__main__":
    main()
