"""Shared by the benchmark scripts: the default config with absolute card paths, the report writer."""

import json
from pathlib import Path

import yaml

from weaksup.config import merged

ROOT = Path(__file__).resolve().parents[1]


def load_config(*overlays) -> dict:
    """config/config.yaml with the ``overlays`` (YAML paths) on top, card paths made absolute
    (benchmarks may run from anywhere)."""
    config = yaml.safe_load((ROOT / "config/config.yaml").read_text())
    for path in overlays:
        config = merged(config, yaml.safe_load(Path(path).read_text()))
    for sample in config["samples"].values():
        sample["cards"] = [str(ROOT / card) for card in sample["cards"]]
    return config


def write_report(name: str, report: dict) -> None:
    """Print ``report`` and save it as benchmarks/results/<name>.json."""
    out = ROOT / "benchmarks/results" / f"{name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))
