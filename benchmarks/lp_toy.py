"""Toy-network trainings per core-minute (label-proportion paper, table 1), side by side vs one by one.

In one run, on the same toy data (default config sizes: 10k events per set, 20 epochs, batch 32),
one CPU thread:
- baseline: one network per ``model.fit`` (R = 1), as one job per training would run it, plus
  the start-up a separate job pays (a fresh Python importing Keras and TensorFlow);
- stacked: R networks side by side in one model (``lp_training.dense_classifiers``), as the
  workflow trains every point of a scan.
Reports trainings per core-minute for each R and the speed-up over the baseline. For each R it
also times ``model.fit`` of the einsum model against the same R networks as the members of one
functional stack (``weaksup.ml.stacking.stack``, how the CWoLa networks of any family stack), on
the same inputs and targets: why the toy keeps its own einsum model.

    python benchmarks/lp_toy.py --replicas 1 10 100 --epochs 20
"""

import argparse
import os
import subprocess
import sys
import time

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ["OMP_NUM_THREADS"] = "1"
os.environ["TF_NUM_INTRAOP_THREADS"] = "1"
os.environ["TF_NUM_INTEROP_THREADS"] = "1"

import keras
import numpy as np
from common import write_report

from weaksup.analysis.evaluation import auc, roc
from weaksup.analysis.lp import toy as label_proportions
from weaksup.analysis.lp import training as lp_training
from weaksup.ml import stacking
from weaksup.ml.settings import DenseSettings


def startup_seconds() -> float:
    """Wall time of a fresh interpreter importing Keras with its backend (paid by every job)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import keras; keras.ops.zeros(1)"], check=True, capture_output=True)
    return time.perf_counter() - start


def fit_seconds(model, x, y, settings: DenseSettings) -> float:
    """Wall seconds of ``model.fit`` on (x, y) for the settings' epochs and batch size."""
    start = time.perf_counter()
    model.fit(x, y, batch_size=settings.batch_size, epochs=settings.epochs, verbose=0)
    return time.perf_counter() - start


def einsum_against_stack(x, y, settings: DenseSettings, replicas: int) -> dict:
    """Seconds to train ``replicas`` table-1 networks on (x, y) as the einsum model and as the
    members of one functional stack, with the same widths, loss and optimizer."""
    xs, ys = np.repeat(x[:, None], replicas, axis=1), np.repeat(y[:, None], replicas, axis=1)
    einsum = fit_seconds(lp_training.dense_classifiers(x.shape[1], settings, "bce", replicas), xs, ys, settings)
    members = []
    for r in range(replicas):
        features = keras.Input((x.shape[1],), name="features")
        hidden = keras.layers.Dense(settings.hidden_units, activation="sigmoid")(features)
        members.append(keras.Model(features, keras.layers.Dense(1, activation="sigmoid")(hidden), name=f"member{r}"))
    stack = stacking.stack(members, {"features": (x.shape[1],)})
    optimizer = lp_training.OPTIMIZERS[settings.optimizer](settings.learning_rate)
    stack = stacking.compile_stack(stack, settings.learning_rate, "bce", optimizer)
    seconds = fit_seconds(stack, {"features": xs}, ys, settings)
    return {"einsum_seconds": einsum, "stack_seconds": seconds, "stack_over_einsum": seconds / einsum}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events-per-set", type=int, default=10_000)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 10, 100])
    args = parser.parse_args()

    data = label_proportions.toy_datasets(args.events_per_set, (0.4, 0.7), 0.55, 0.2, np.random.default_rng(0))
    settings = DenseSettings(epochs=args.epochs)
    startup = startup_seconds()
    train = data["split"] == "train"
    x = lp_training.standard_scaler(data["x"][train])(data["x"][train])
    report = {
        "backend": keras.backend.backend(),
        "events_per_set": args.events_per_set,
        "epochs": args.epochs,
        "batch_size": settings.batch_size,
        "job_startup_seconds": startup,
    }
    for replicas in args.replicas:
        start = time.perf_counter()
        table, _ = lp_training.train_toy(data, "weak", [0.4, 0.7], "bce", settings, replicas, seed=1)
        seconds = time.perf_counter() - start
        aucs = [auc(*roc(run.score, run.truth)[:2]) for _, run in table.groupby("replica")]
        report[f"R{replicas}"] = {
            "seconds": seconds,
            "trainings_per_core_minute": 60 * replicas / seconds,
            "auc_mean": float(np.mean(aucs)),
            "auc_std": float(np.std(aucs)),
            **einsum_against_stack(x, data["truth"][train].astype("float32"), settings, replicas),
        }
    baseline = report[f"R{args.replicas[0]}"]
    one_per_job = 60 * args.replicas[0] / (baseline["seconds"] + startup)
    report["baseline_one_job_per_training_per_core_minute"] = one_per_job
    for replicas in args.replicas:
        report[f"R{replicas}"]["speedup_over_one_job_per_training"] = (
            report[f"R{replicas}"]["trainings_per_core_minute"] / one_per_job
        )
    write_report("lp_toy", report)


if __name__ == "__main__":
    main()
