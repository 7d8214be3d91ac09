"""Recorded runs: a finished run's measured numbers kept as data (``docs/records/<name>/``).

A record holds what the ledger reads from a run of another generation chain (the paper's MG5_aMC +
Pythia 8 + Delphes, say) so that every run's ledger can show those numbers beside its own without
rerunning that chain: ``yields.csv``, ``pools.json`` (each sample's pool summary: cross section,
events generated and selected, cutflow), ``cutflow.csv``, and ``record.json`` saying how it was
made (chain, command, commit, machine, wall time). Write one from a run directory with

    python -m weaksup.ledger.records RUN_DIR docs/records/NAME --configfile config/paper_chain.yaml ... \\
        --command "snakemake ..." --wall-seconds 1234
"""

import argparse
import datetime
import os
import platform
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import yaml

from weaksup import io

FILES = ("record.json", "yields.csv", "pools.json", "cutflow.csv")


def read(folder) -> dict:
    """A record's ``yields`` (DataFrame), ``pools`` (sample -> summary) and ``chain`` (text)."""
    folder = Path(folder)
    missing = [name for name in FILES if not (folder / name).is_file()]
    if missing:
        raise io.CorruptFileError(f"record {folder}: missing {', '.join(missing)} (a record holds {', '.join(FILES)})")
    return {
        "yields": pd.read_csv(folder / "yields.csv"),
        "pools": io.read_json(folder / "pools.json"),
        "chain": io.read_json(folder / "record.json")["chain"],
    }


def write(run_dir, folder, chain: str, command: str, wall_seconds: float) -> None:
    """Record the run in ``run_dir`` (its results/tables and results/pools) into ``folder``."""
    run_dir, folder = Path(run_dir), Path(folder)
    pools = {path.stem: io.read_json(path) for path in sorted((run_dir / "results/pools").glob("*.json"))}
    folder.mkdir(parents=True, exist_ok=True)
    for table in ("yields.csv", "cutflow.csv"):
        shutil.copyfile(run_dir / "results/tables" / table, folder / table)
    io.write_json(pools, folder / "pools.json")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    io.write_json(
        {
            "chain": chain,
            "command": command,
            "commit": commit,
            "date": datetime.date.today().isoformat(),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}",
            "python": platform.python_version(),
            "wall_seconds": wall_seconds,
        },
        folder / "record.json",
    )


def main(argv=None) -> None:
    from weaksup.config import merged
    from weaksup.ledger.table import chain

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run_dir")
    parser.add_argument("folder")
    parser.add_argument("--configfile", nargs="+", default=[], help="the run's overlays of config/config.yaml")
    parser.add_argument("--command", required=True)
    parser.add_argument("--wall-seconds", type=float, required=True)
    args = parser.parse_args(argv)
    config = merged(*(yaml.safe_load(Path(p).read_text()) for p in ["config/config.yaml", *args.configfile]))
    write(args.run_dir, args.folder, chain(config), args.command, args.wall_seconds)


if __name__ == "__main__":
    main()
