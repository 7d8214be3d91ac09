"""GPU throughput of the paper-width CNN and EFN: inputs made on the fly against held in memory, and
R networks side by side in one stacked model against one after another. Under 5 minutes on a GPU.

Keras 3 on any backend: the GPU machine has JAX and PyTorch but no TensorFlow, so run it as

    KERAS_BACKEND=jax python benchmarks/gpu.py          # or KERAS_BACKEND=torch
    KERAS_BACKEND=torch python benchmarks/gpu.py --smoke   # seconds, on a CPU: does it run?

Everything runs on synthetic events (no workflow outputs needed): ``--events`` events of two jets
with ~100 constituents each (``synthetic_pool``), the paper's widths (config/paper.yaml), batch
512, Adam, CWoLa-like random labels. For each network:
- ``in_memory``: training steps on inputs made beforehand (the network alone): samples/s;
- ``on_the_fly`` +0, +5, +50: the +k examples' inputs made by ``--workers`` processes piece by
  piece while the network trains (as the workflow does when they do not fit in memory): samples/s
  and the ratio to in-memory (1: the inputs keep up with the GPU);
- ``side_by_side`` R = 1, 5, 10: one stacked model of R networks (the workflow's GPU mode),
  member-samples/s, against R networks one after another (R x the R = 1 time).
"""

import argparse
import os
import time

import numpy as np
from common import ROOT, load_config, write_report

from weaksup.inputs import augment, pipeline, representations
from weaksup.inputs.constituents import Constituents
from weaksup.ml import networks, stacking


def synthetic_pool(n_events: int, seed: int = 0, mean_particles: int = 100) -> Constituents:
    """Two jets per event, Poisson(``mean_particles``) constituents each (at least 5, at most
    350), exponential pT (mean 10 GeV), spread ~0.3 around (eta, phi) = (0, 0)."""
    rng = np.random.default_rng(seed)
    counts = np.clip(rng.poisson(mean_particles, 2 * n_events), 5, 350)
    n = counts.sum()
    jet = np.repeat(np.arange(2 * n_events), counts)
    return Constituents(rng.exponential(10.0, n), rng.normal(0, 0.3, n), rng.normal(0, 0.3, n), jet, 2 * n_events)


def train_steps(model, inputs: dict, targets: np.ndarray, batch: int) -> int:
    """One pass of training steps over ``inputs``; the number of samples."""
    n = len(targets)
    for start in range(0, n - batch + 1, batch):
        model.train_on_batch(pipeline.take(inputs, slice(start, start + batch)), targets[start : start + batch])
    return n - n % batch


def timed(function, repeats: int = 1) -> float:
    """Seconds per call of ``function`` after one warm-up call (tracing, compilation)."""
    function()
    start = time.perf_counter()
    for _ in range(repeats):
        function()
    return (time.perf_counter() - start) / repeats


def stacked_model(settings, representation, replicas: int):
    shapes = representation.input_shapes()
    members = [networks.build(shapes, settings, seed=r, name=f"member{r}") for r in range(replicas)]
    return stacking.compile_stack(stacking.stack(members, shapes, settings), 1e-4, "bce")


def benchmark_network(name, settings, representation, pool, args) -> dict:
    rng = np.random.default_rng(1)
    events = np.arange(pool.n_jets // 2)
    none = augment.Augmentation()
    result = {"settings": networks.tracked(settings), "representation": representations.tracked(representation)}
    # the network alone: inputs held in memory
    memory = pipeline.make_inputs(pool, events, np.zeros_like(events), none, 1, representation)
    model = stacked_model(settings, representation, 1)
    inputs = pipeline.stacked([memory])
    targets = rng.integers(0, 2, (len(events), 1)).astype("float32")
    seconds = timed(lambda: train_steps(model, inputs, targets, args.batch), args.repeats)
    result["in_memory_samples_per_second"] = (len(events) - len(events) % args.batch) / seconds
    print(f"{name}: in memory {result['in_memory_samples_per_second']:.0f} samples/s", flush=True)
    # the +k inputs made on the fly by the workers, piece by piece, while the network trains
    rotation = augment.Augmentation("pt_rot")
    result["on_the_fly"] = {}
    with pipeline.InputMaker([pool], [1], rotation, representation, workers=args.workers) as maker:
        for k in args.k:
            ids, copies = augment.training_examples(events[: args.on_the_fly_events], k)
            order = rng.permutation(len(ids))
            ids, copies = ids[order], copies[order]
            step = 16 * args.batch
            labels = rng.integers(0, 2, (len(ids), 1)).astype("float32")

            def epoch(ids=ids, copies=copies, labels=labels, step=step):
                made = maker.stream((0, ids[s : s + step], copies[s : s + step]) for s in range(0, len(ids), step))
                for start, piece in zip(range(0, len(ids), step), made):
                    train_steps(model, pipeline.stacked([piece]), labels[start : start + step], args.batch)

            seconds = timed(epoch)
            rate = len(ids) / seconds
            result["on_the_fly"][f"+{k}"] = {
                "samples_per_second": rate,
                "vs_in_memory": rate / result["in_memory_samples_per_second"],
            }
            print(f"{name}: +{k} on the fly {rate:.0f} samples/s", flush=True)
    # R networks side by side in one stacked model against one after another
    result["side_by_side"] = {}
    alone = None
    for replicas in args.replicas:
        model = stacked_model(settings, representation, replicas)
        inputs = pipeline.stacked([memory] * replicas)
        targets = rng.integers(0, 2, (len(events), replicas)).astype("float32")
        seconds = timed(lambda: train_steps(model, inputs, targets, args.batch), args.repeats)
        if replicas == 1:
            alone = seconds
        samples = len(events) - len(events) % args.batch
        result["side_by_side"][f"R{replicas}"] = {
            "member_samples_per_second": replicas * samples / seconds,
            "vs_one_after_another": (replicas * alone) / seconds if alone else None,
        }
        print(f"{name}: R = {replicas} side by side {replicas * samples / seconds:.0f} member-samples/s", flush=True)
    return result


def device() -> str:
    import keras

    backend = keras.backend.backend()
    if backend == "jax":
        import jax

        return f"jax: {', '.join(str(d) for d in jax.devices())}"
    if backend == "torch":
        import torch

        return f"torch: {torch.cuda.get_device_name(0)}" if torch.cuda.is_available() else "torch: cpu"
    import tensorflow as tf

    return f"tensorflow: {tf.config.list_physical_devices()}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--networks", nargs="+", default=["cnn", "efn"])
    parser.add_argument("--events", type=int, default=8192, help="synthetic events held in memory")
    parser.add_argument("--on-the-fly-events", type=int, default=2048, help="training events of the +k sets")
    parser.add_argument("--k", type=int, nargs="+", default=[0, 5, 50])
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 5, 10])
    parser.add_argument("--batch", type=int, default=512)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--workers", type=int, default=min(8, os.cpu_count() or 1))
    parser.add_argument("--smoke", action="store_true", help="tiny sizes: check that it runs (any machine)")
    args = parser.parse_args()
    config = load_config(ROOT / "config/paper.yaml")
    if args.smoke:
        args.events, args.on_the_fly_events, args.batch, args.repeats, args.workers = 64, 16, 32, 1, 1
        args.k, args.replicas = [0, 1], [1, 2]
        config = load_config(ROOT / "config/ci.yaml")
    pool = synthetic_pool(args.events)
    report = {"device": device(), "events": args.events, "batch": args.batch, "workers": args.workers}
    for name in args.networks:
        settings, representation = networks.from_config(config, name)
        report[name] = benchmark_network(name, settings, representation, pool, args)
    write_report("gpu_smoke" if args.smoke else "gpu", report)


if __name__ == "__main__":
    main()
