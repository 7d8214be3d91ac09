"""Training cost by network: the EFN against the CNN: trainings per core-minute, the epoch split, and the
inputs per second of each representation against workers.

On the default config's datasets of one model point (results/datasets/<scenario>/sigma<s>/replica*,
made by the workflow: ``snakemake --until dataset``), with the default training settings, one CPU
thread per job, in one run:
- for each network of the config (``networks``: cnn, efn, pfn) at each size (``default``: the widths
  of config/config.yaml; ``paper``: config/paper.yaml's), one fresh job training the point's
  replicas one after another, as the workflow's ``train`` rule does on CPUs: wall seconds (process
  start-up included), network-epochs, trainings per core-minute, and the epoch split (inputs,
  steps, validation) from the histories. Baseline: the CNN at the default widths.
- the input pipeline alone: the +k examples' inputs per second of each representation (jet
  images, particle arrays) made by 1 .. W worker processes (``training.workers``).

    python benchmarks/training.py --replicas 5                      # +0, ID, sigma0 = 4
    python benchmarks/training.py --replicas 3 --method pt_rot --k 5
"""

import argparse
import json
import os
import subprocess
import sys
import time

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
for variable in ("OMP_NUM_THREADS", "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS"):
    os.environ[variable] = "1"

import numpy as np
from common import ROOT, load_config, write_report

from weaksup import io
from weaksup.analysis.cwola import studies
from weaksup.inputs import augment, pipeline, representations
from weaksup.ml import networks

SIZES = {"default": (), "paper": (ROOT / "config/paper.yaml",)}


def job(args) -> None:
    """One training job (run in a fresh process): train the given replicas, print their histories."""
    from weaksup.ml import training
    from weaksup.ml.settings import TrainingSettings

    config = load_config()  # the default training settings and datasets at either size
    sized = load_config(*SIZES[args.size])
    settings, representation = networks.from_config(sized, args.network)
    members = [training.Member(io.read_frame(ROOT / dataset_path(args, r)), 1000 + r) for r in args.job_replicas]
    results = training.train_members(
        members,
        read_pools(config, args.scenario),
        supervision="cwola",
        augmentation=augment.Augmentation.from_config(args.method, config["augmentation"]),
        k=args.k,
        representation=representation,
        network=settings,
        settings=TrainingSettings.from_config(config["training"]),
    )
    print(json.dumps([history for _, history, _ in results]))


def read_pools(config, scenario) -> dict:
    """The pools a dataset table's ``sample`` column names (background, signal)."""
    paths = {"background": config["background"], "signal": config["scenarios"][scenario]}
    return {sample: io.read_parquet(ROOT / f"results/pools/{name}.parquet") for sample, name in paths.items()}


def dataset_path(args, replica) -> str:
    model = studies.model("cnn", args.scenario, "cwola", "en", args.method, args.k, args.sigma0, replica)
    return studies.dataset_path(model)


def run_job(args, network, size) -> tuple[float, list[dict]]:
    """Wall seconds of a fresh job training every replica of the point, and their histories."""
    command = [sys.executable, __file__, "--job", *map(str, range(args.replicas)), "--network", network]
    command += ["--size", size, "--scenario", args.scenario, "--sigma0", str(args.sigma0)]
    command += ["--method", args.method, "--k", str(args.k)]
    start = time.perf_counter()
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return time.perf_counter() - start, json.loads(done.stdout.strip().splitlines()[-1])


def epoch_split(histories: list[dict]) -> dict:
    """Seconds per network-epoch of inputs, steps, validation, and the share outside the steps."""
    epochs = [e for h in histories for e in h["epochs"]]
    parts = {
        part: sum(e[f"seconds_{part}"] / e["networks"] for e in epochs) / len(epochs)
        for part in ("inputs", "steps", "validation")
    }
    return parts | {"outside_steps_share": (parts["inputs"] + parts["validation"]) / sum(parts.values())}


def inputs_per_second(args) -> dict[str, dict[int, float]]:
    """+k pt_rot examples' inputs per second of each representation against ``args.workers``."""
    from weaksup.ml.training import dataset_events

    config = load_config()
    table = io.read_frame(ROOT / dataset_path(args, 0))
    events, _ = dataset_events(table, read_pools(config, args.scenario))
    ids, copies = augment.training_examples(np.arange(len(table)), max(args.k, 1))
    ids, copies = np.tile(ids, args.input_repeats), np.tile(copies, args.input_repeats)
    augmentation = augment.Augmentation.from_config("pt_rot", config["augmentation"])
    rates = {}
    for kind in representations.REPRESENTATIONS:
        representation = representations.from_config(kind, config)
        rates[kind] = {}
        for workers in args.workers:
            with pipeline.InputMaker([events], [1], augmentation, representation, workers=workers) as maker:
                maker.inputs(0, ids[:100], copies[:100])  # workers started and warm
                start = time.perf_counter()
                maker.inputs(0, ids, copies)
                rates[kind][workers] = len(ids) / (time.perf_counter() - start)
    return rates


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenario", default="ID")
    parser.add_argument("--sigma0", default="4")
    parser.add_argument("--method", default="none")
    parser.add_argument("--k", type=int, default=0)
    parser.add_argument("--replicas", type=int, default=5)
    parser.add_argument("--networks", nargs="+", default=["cnn", "efn"])
    parser.add_argument("--sizes", nargs="+", default=list(SIZES), choices=list(SIZES))
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--input-repeats", type=int, default=5, help="the dataset's +k examples, this many times")
    parser.add_argument("--job", type=int, nargs="+", dest="job_replicas", help=argparse.SUPPRESS)
    parser.add_argument("--network", help=argparse.SUPPRESS)
    parser.add_argument("--size", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.job_replicas:
        return job(args)

    report = {"datasets": dataset_path(args, 0).replace("replica0", "replica*"), "method": args.method, "k": args.k}
    report |= {"replicas": args.replicas, "jobs": {}}
    for size in args.sizes:
        for network in args.networks:
            seconds, histories = run_job(args, network, size)
            epochs = sum(len(h["epochs"]) for h in histories)
            settings, representation = networks.from_config(load_config(*SIZES[size]), network)
            report["jobs"][f"{network}_{size}"] = {
                "settings": networks.tracked(settings),
                "flops_per_event": networks.family(settings).flops_per_sample(representation.input_shapes(), settings),
                "seconds": seconds,
                "network_epochs": epochs,
                "trainings_per_core_minute": 60 * args.replicas / seconds,
                "seconds_per_network_epoch": seconds / epochs,
                "epoch_split_seconds": epoch_split(histories),
            }
    baseline = report["jobs"][next(iter(report["jobs"]))]
    for result in report["jobs"].values():
        result["vs_baseline"] = result["trainings_per_core_minute"] / baseline["trainings_per_core_minute"]
    report["baseline"] = next(iter(report["jobs"]))
    report["inputs_per_second"] = inputs_per_second(args)
    report["cpu_count"] = os.cpu_count()
    write_report(f"training_{args.method}_k{args.k}", report)


if __name__ == "__main__":
    main()
