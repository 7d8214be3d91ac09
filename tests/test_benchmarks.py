"""The GPU benchmark runs on a backend without TensorFlow (the GPU machine has JAX and PyTorch):
its smoke sizes on this CPU with PyTorch, in seconds. Nothing is timed here."""

import json
import os
import subprocess
import sys

import pytest
from conftest import ROOT

pytestmark = pytest.mark.slow


def test_the_gpu_benchmark_runs_on_pytorch():
    env = {**os.environ, "KERAS_BACKEND": "torch"}
    run = subprocess.run(
        [sys.executable, "benchmarks/gpu.py", "--smoke"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads((ROOT / "benchmarks/results/gpu_smoke.json").read_text())
    assert report["device"].startswith("torch")
    for network in ("cnn", "efn"):
        result = report[network]
        assert result["in_memory_samples_per_second"] > 0
        assert set(result["on_the_fly"]) == {"+0", "+1"} and set(result["side_by_side"]) == {"R1", "R2"}
        assert result["side_by_side"]["R2"]["vs_one_after_another"] > 0
