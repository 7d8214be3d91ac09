"""CNN trainings per core-minute: one job per training against several per job.

On the default config's datasets of one model point (results/datasets/<scenario>/sigma<s>/replica*,
made by the workflow) and its network, training and image settings, one CPU thread per job, in
one run:
- before: one job per training as the workflow ran it before issue 13 (the package of the commit
  given by --before, e.g. 58b1f43, checked out with ``git worktree add /tmp/before 58b1f43``):
  a fresh process per network, ``model.fit`` fed batch by batch by a ``keras.utils.PyDataset``;
- one job per training with the new input: images made once, validation scored in one call;
- one job for all replicas, one after another in one compiled network (the workflow's ``train``
  rule on CPUs);
- one job for all replicas side by side in one stacked model (the ``train`` rule on GPUs).
Reports trainings per core-minute, the speed-ups, and the epoch-time split (images, steps,
validation) from the jobs' histories. Then the input pipeline alone: +k pt_rot images/s made by
1 .. W worker processes (``training.workers``).

    python benchmarks/training.py --replicas 5 --before /tmp/before/src
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
from weaksup.inputs import augment
from weaksup.inputs import pipeline as inputs
from weaksup.inputs.images import ImageSettings


def job(args) -> None:
    """One training job (run in a fresh process): train the given replicas, print their histories."""
    from weaksup.ml import training
    from weaksup.ml.settings import Architecture, TrainingSettings

    config = load_config()
    members = [training.Member(io.read_frame(ROOT / dataset_path(args, r)), 1000 + r) for r in args.job_replicas]
    results = training.train_members(
        members,
        read_pools(config, args.scenario),
        supervision="cwola",
        augmentation=augment.Augmentation.from_config(args.method, config["augmentation"]),
        k=args.k,
        image=ImageSettings.from_config(config["images"]),
        architecture=Architecture.from_config(config["network"]),
        settings=TrainingSettings.from_config(config["training"]),
        side_by_side=args.side_by_side,
    )
    print(json.dumps([history for _, history, _ in results]))


#: a job of the workflow before issue 13 (its training module, one network per process)
BEFORE_JOB = """
import json, sys
from weaksup import augment, io, training
from weaksup.inputs.images import ImageSettings
from weaksup.ml.settings import Architecture, TrainingSettings
config, dataset, pools, method, k, seed = json.loads(sys.argv[1])
_, history, _ = training.train_on_dataset(
    io.read_frame(dataset),
    {sample: io.read_parquet(path) for sample, path in pools.items()},
    supervision="cwola",
    augmentation=augment.Augmentation.from_config(method, config["augmentation"]),
    k=k,
    image=ImageSettings.from_config(config["images"]),
    architecture=Architecture.from_config(config["network"]),
    settings=TrainingSettings.from_config(config["training"]),
    seed=seed,
)
print(json.dumps(history))
"""


def run_before(args, replica) -> tuple[float, list[dict]]:
    """Wall seconds and history of one fresh job of the package in ``args.before``."""
    config = load_config()
    pools = pool_paths(config, args.scenario)
    job = [config, str(ROOT / dataset_path(args, replica)), pools, args.method, args.k, 1000 + replica]
    env = {**os.environ, "PYTHONPATH": args.before}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", BEFORE_JOB, json.dumps(job)], check=True, capture_output=True, text=True, env=env
    )
    return time.perf_counter() - start, [json.loads(done.stdout.strip().splitlines()[-1])]


def pool_paths(config, scenario) -> dict[str, str]:
    """The pools a dataset table's ``sample`` column names (background, signal): their paths."""
    return {
        "background": str(ROOT / f"results/pools/{config['background']}.parquet"),
        "signal": str(ROOT / f"results/pools/{config['scenarios'][scenario]}.parquet"),
    }


def read_pools(config, scenario) -> dict:
    return {sample: io.read_parquet(path) for sample, path in pool_paths(config, scenario).items()}


def dataset_path(args, replica) -> str:
    return studies.dataset_path(studies.model(args.scenario, "cwola", "en", args.method, args.k, args.sigma0, replica))


def run_job(args, replicas, side_by_side=False) -> tuple[float, list[dict]]:
    """Wall seconds of a fresh job training ``replicas``, and their histories."""
    command = [sys.executable, __file__, "--job", *map(str, replicas)]
    command += ["--scenario", args.scenario, "--sigma0", str(args.sigma0), "--method", args.method, "--k", str(args.k)]
    command += ["--side-by-side"] if side_by_side else []
    start = time.perf_counter()
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return time.perf_counter() - start, json.loads(done.stdout.strip().splitlines()[-1])


def epoch_split(histories: list[dict]) -> dict | None:
    """Seconds per network-epoch of images, steps, validation, and the share outside the steps
    (not recorded before issue 13)."""
    epochs = [e for h in histories for e in h["epochs"]]
    if "seconds_steps" not in epochs[0]:
        return None
    parts = {
        part: sum(e[f"seconds_{part}"] / e["networks"] for e in epochs) / len(epochs)
        for part in ("images", "steps", "validation")
    }
    return parts | {"outside_steps_share": (parts["images"] + parts["validation"]) / sum(parts.values())}


def images_per_second(args) -> dict[int, float]:
    """+k images/s of ``ImageMaker.images`` for each of ``args.workers`` processes (started beforehand)."""
    from weaksup.ml.training import dataset_events

    config = load_config()
    table = io.read_frame(ROOT / dataset_path(args, 0))
    events, _ = dataset_events(table, read_pools(config, args.scenario))
    ids, copies = augment.training_examples(np.arange(len(table)), max(args.k, 1))
    ids, copies = np.tile(ids, args.image_repeats), np.tile(copies, args.image_repeats)
    recipe = (augment.Augmentation.from_config("pt_rot", config["augmentation"]), ImageSettings())
    rates = {}
    for workers in args.workers:
        with inputs.ImageMaker([events], [1], *recipe, workers=workers) as maker:
            maker.images(0, ids[:100], copies[:100])  # workers started and warm
            start = time.perf_counter()
            maker.images(0, ids, copies)
            rates[workers] = len(ids) / (time.perf_counter() - start)
    return rates


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenario", default="ID")
    parser.add_argument("--sigma0", default="4")
    parser.add_argument("--method", default="none")
    parser.add_argument("--k", type=int, default=0)
    parser.add_argument("--replicas", type=int, default=5)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--image-repeats", type=int, default=5, help="the dataset's +k examples, this many times")
    parser.add_argument("--job", type=int, nargs="+", dest="job_replicas", help=argparse.SUPPRESS)
    parser.add_argument("--side-by-side", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--before", help="src/ of a checkout before issue 13 (baseline: its one job per training)")
    args = parser.parse_args()
    if args.job_replicas:
        return job(args)

    replicas = list(range(args.replicas))
    report = {"datasets": dataset_path(args, 0).replace("replica0", "replica*"), "method": args.method, "k": args.k}
    report["replicas"] = args.replicas
    modes = {"before_one_job_per_training": [run_before(args, r) for r in replicas]} if args.before else {}
    modes["one_job_per_training"] = [run_job(args, [r]) for r in replicas]
    modes["one_after_another_in_one_job"] = [run_job(args, replicas)]
    modes["side_by_side_in_one_job"] = [run_job(args, replicas, side_by_side=True)]
    for mode, jobs in modes.items():
        seconds = sum(wall for wall, _ in jobs)
        histories = [h for _, hs in jobs for h in hs]
        report[mode] = {
            "seconds": seconds,
            "network_epochs": sum(len(h["epochs"]) for h in histories),
            "trainings_per_core_minute": 60 * len(replicas) / seconds,
            "epoch_split_seconds": epoch_split(histories),
        }
    # per network-epoch too: the members' stopping epochs may differ between modes (round-off)
    baseline = report[next(iter(modes))]
    for mode in modes:
        report[mode]["seconds_per_network_epoch"] = report[mode]["seconds"] / report[mode]["network_epochs"]
        report[mode]["speedup"] = report[mode]["trainings_per_core_minute"] / baseline["trainings_per_core_minute"]
        report[mode]["speedup_per_network_epoch"] = (
            baseline["seconds_per_network_epoch"] / report[mode]["seconds_per_network_epoch"]
        )
    report["images_per_second"] = images_per_second(args)
    report["cpu_count"] = os.cpu_count()
    write_report(f"training_{args.method}_k{args.k}", report)


if __name__ == "__main__":
    main()
