"""Recorded runs: a finished run's measured numbers kept as data (``docs/records/<name>/``).

A record holds what a run measured, so that the ledger and the docs can show it without rerunning
it, and ``record.json`` saying how it was made (what, chain, command, commit, date, machine, wall
and CPU time). Each of the others is there when the run made it:

- ``ledger.csv``: the run's ``results/tables/reproduction.csv``, or, for a run of part of the
  workflow, the ledger of the toy score tables it made (``toy_ledger``);
- ``yields.csv``, ``cutflow.csv`` and ``pools.json`` (each sample's pool summary): what the ledger
  reads from a run of another generation chain (``read``; ``reproduction_records`` in the config);
- ``jobs.csv``: jobs and job-minutes per rule, from Snakemake's metadata (``.snakemake/metadata``);
- ``time.txt``: the ``/usr/bin/time -v`` report of the command;
- ``tables/`` and ``figures/``: chosen tables (CSV) and figures (PNG) of the run, for the docs.

Write one from a run directory with

    python -m weaksup.ledger.records RUN_DIR docs/records/NAME --configfile OVERLAY ... \\
        --command "snakemake ..." --time TIME_FILE --what "..." [--tables NAME ...] [--figures NAME ...]
"""

import argparse
import datetime
import functools
import json
import os
import platform
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import yaml

from weaksup import io

#: the files the ledger reads from a record of another generation chain
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


def time_report(text: str) -> dict:
    """Wall and CPU seconds of a ``/usr/bin/time -v`` report (the text may hold more before it)."""
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", text)
    user, system = (re.search(rf"{kind} time \(seconds\): ([\d.]+)", text) for kind in ("User", "System"))
    if not (wall and user and system):
        raise io.CorruptFileError("not a /usr/bin/time -v report: no wall clock, user and system times")
    seconds = sum(float(part) * 60**i for i, part in enumerate(reversed(wall.group(1).split(":"))))
    return {"wall_seconds": seconds, "cpu_seconds": round(float(user.group(1)) + float(system.group(1)), 1)}


def jobs(metadata_dir) -> pd.DataFrame:
    """Jobs and job-minutes per rule from Snakemake's metadata (one file per output; a job's outputs
    share its hash), longest first."""
    rows = {}
    for path in Path(metadata_dir).iterdir():
        entry = json.loads(path.read_text())
        if entry.get("starttime") is not None and entry.get("endtime") is not None:
            rows[entry["job_hash"]] = (entry["rule"], entry["endtime"] - entry["starttime"])
    frame = pd.DataFrame(rows.values(), columns=["rule", "seconds"])
    table = frame.groupby("rule").seconds.agg(jobs="size", job_minutes=lambda s: round(s.sum() / 60, 1))
    return table.sort_values("job_minutes", ascending=False).reset_index()


def toy_ledger(run_dir, config: dict) -> pd.DataFrame:
    """The ledger of the toy score tables in ``run_dir`` (every other claim: not configured)."""
    from weaksup.ledger.lp import toy_runs
    from weaksup.ledger.table import ledger, run_description

    tables = [io.read_frame(path) for path in sorted(Path(run_dir).glob("results/lp/toy/*/*/label*.parquet"))]
    fractions = config["label_proportions"]["toy"]["fractions"]
    return ledger({"toy": toy_runs(tables, fractions)}, run_description(config))


def write(
    run_dir, folder, config: dict, command: str, what: str = "", time_text: str | None = None, tables=(), figures=()
) -> None:
    """Record the run in ``run_dir`` (made with ``config``) into ``folder``."""
    from weaksup.ledger.table import chain

    run_dir, folder = Path(run_dir), Path(folder)
    results = run_dir / "results"
    chosen = [
        (sub, f"{name}{suffix}")
        for sub, names, suffix in (("tables", tables, ".csv"), ("figures", figures, ".png"))
        for name in names
    ]
    missing = [str(results / sub / name) for sub, name in chosen if not (results / sub / name).is_file()]
    if missing:
        raise FileNotFoundError(f"the run in {run_dir} has no {', '.join(missing)}: nothing recorded")
    folder.mkdir(parents=True, exist_ok=True)
    for table in ("yields.csv", "cutflow.csv"):
        if (results / "tables" / table).is_file():
            shutil.copyfile(results / "tables" / table, folder / table)
    pools = {path.stem: io.read_json(path) for path in sorted((results / "pools").glob("*.json"))}
    if pools:
        io.write_json(pools, folder / "pools.json")
    if (results / "tables/reproduction.csv").is_file():
        shutil.copyfile(results / "tables/reproduction.csv", folder / "ledger.csv")
    elif any(results.glob("lp/toy/*/*/label*.parquet")):
        io.write_csv(toy_ledger(run_dir, config), folder / "ledger.csv")
    if (run_dir / ".snakemake/metadata").is_dir():
        io.write_csv(jobs(run_dir / ".snakemake/metadata"), folder / "jobs.csv")
    for subfolder, name in chosen:
        (folder / subfolder).mkdir(exist_ok=True)
        shutil.copyfile(results / subfolder / name, folder / subfolder / name)
    times = {}
    if time_text is not None:
        times = time_report(time_text)
        (folder / "time.txt").write_text(time_text[max(time_text.find("\tCommand being timed"), 0) :])
    git = ["git", "-C", str(run_dir), "rev-parse", "--short", "HEAD"]
    io.write_json(
        {
            "what": what,
            "chain": chain(config),
            "command": command,
            "commit": subprocess.run(git, capture_output=True, text=True).stdout.strip(),
            "date": datetime.date.today().isoformat(),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}",
            "python": platform.python_version(),
            **times,
        },
        folder / "record.json",
    )


def main(argv=None) -> None:
    from weaksup.config import merged

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run_dir")
    parser.add_argument("folder")
    parser.add_argument("--configfile", nargs="+", default=[], help="the run's overlays of config/config.yaml")
    parser.add_argument("--command", required=True, help="the command that made the run")
    parser.add_argument("--what", default="", help="one line: what the run is")
    parser.add_argument(
        "--time", type=Path, required=True, help="the /usr/bin/time -v report of the command (or a log ending in it)"
    )
    parser.add_argument("--tables", nargs="*", default=[], help="results/tables/NAME.csv to keep")
    parser.add_argument("--figures", nargs="*", default=[], help="results/figures/NAME.png to keep")
    args = parser.parse_args(argv)
    files = ["config/config.yaml", *args.configfile]
    config = functools.reduce(merged, (yaml.safe_load(Path(path).read_text()) for path in files))
    write(args.run_dir, args.folder, config, args.command, args.what, args.time.read_text(), args.tables, args.figures)


if __name__ == "__main__":
    main()
