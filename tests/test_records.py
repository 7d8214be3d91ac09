"""Recorded runs (weaksup.ledger.records): written from a run's outputs, read back by the ledger."""

import json

import pandas as pd
import pytest
from conftest import ROOT

from weaksup import io
from weaksup.ledger import records

TIME = """make: Nothing to be done.
\tCommand being timed: "make run"
\tUser time (seconds): 100.50
\tSystem time (seconds): 20.25
\tElapsed (wall clock) time (h:mm:ss or m:ss): 1:01:31
"""


def test_a_record_round_trips_and_names_its_chain(tmp_path, config):
    run = tmp_path / "run"
    (run / "results/tables").mkdir(parents=True)
    (run / "results/pools").mkdir()
    pd.DataFrame({"sample": ["qcd"], "region": ["SR"], "sigma_fb": [140.0]}).to_csv(run / "results/tables/yields.csv")
    pd.DataFrame({"sample": ["qcd"], "step": ["SR"]}).to_csv(run / "results/tables/cutflow.csv")
    io.write_json({"n_generated": 10, "n_selected": {"SR": 1, "SB": 2}}, run / "results/pools/qcd.json")
    records.write(run, tmp_path / "record", config, "snakemake ...", "a test", TIME)
    record = records.read(tmp_path / "record")
    assert record["chain"] == "QCD: Pythia 8 HardQCD; fast simulation" and record["pools"]["qcd"]["n_generated"] == 10
    assert record["yields"].sigma_fb.tolist() == [140.0]
    made = json.loads((tmp_path / "record/record.json").read_text())
    assert made["command"] == "snakemake ..." and made["what"] == "a test" and made["machine"]
    assert made["wall_seconds"] == 3691 and made["cpu_seconds"] == 120.8
    assert (tmp_path / "record/time.txt").read_text().startswith("\tCommand being timed")
    assert not (tmp_path / "record/ledger.csv").exists()  # the run made no ledger and no toy tables


def test_a_time_report_must_be_one():
    with pytest.raises(io.CorruptFileError, match="not a /usr/bin/time -v report"):
        records.time_report("Elapsed time: 1:00:26")


def test_jobs_sum_each_job_once_per_rule(tmp_path):
    outputs = [("a", "train", 0, 60), ("a", "train", 0, 60), ("b", "train", 0, 120), ("c", "pool", 5, 11)]
    for name, (job, rule, start, end) in enumerate(outputs):  # job a has two outputs
        io.write_json({"job_hash": job, "rule": rule, "starttime": start, "endtime": end}, tmp_path / str(name))
    table = records.jobs(tmp_path)
    assert table.to_dict("records") == [
        {"rule": "train", "jobs": 2, "job_minutes": 3.0},
        {"rule": "pool", "jobs": 1, "job_minutes": 0.1},
    ]


def test_a_record_with_a_missing_file_is_named(tmp_path):
    (tmp_path / "record.json").write_text("{}")
    with pytest.raises(io.CorruptFileError, match=r"record .*: missing yields.csv, pools.json, cutflow.csv"):
        records.read(tmp_path)


def test_the_configured_records_exist_and_read(config):
    for folder in config["reproduction_records"]:
        assert "Delphes" in records.read(ROOT / folder)["chain"]


RECORDS = sorted(path for path in (ROOT / "docs/records").iterdir() if path.is_dir())


@pytest.mark.parametrize("folder", RECORDS, ids=lambda path: path.name)
def test_every_record_says_how_it_was_made(folder):
    made = json.loads((folder / "record.json").read_text())
    assert {"what", "chain", "command", "commit", "date", "machine", "wall_seconds"} <= made.keys()


@pytest.mark.parametrize("folder", [path for path in RECORDS if (path / "ledger.csv").is_file()], ids=lambda p: p.name)
def test_a_recorded_ledger_s_verdicts_follow_from_its_own_columns(folder):
    """Stale numbers fail here: every verdict is recomputed by the rule weaksup applies today."""
    from weaksup.ledger.verdict import verdict

    table = pd.read_csv(folder / "ledger.csv", dtype={"paper_value": str})
    assert len(table) > 0
    for row in table.itertuples():
        recomputed = verdict(row.paper_value, row.paper_uncertainty, row.ours, row.ours_uncertainty)
        assert recomputed == row.verdict, f"{folder.name}: {row.claim}"


def test_the_default_run_and_the_toy_at_paper_statistics_are_recorded():
    ledgers = {path.name: pd.read_csv(path / "ledger.csv") for path in RECORDS if (path / "ledger.csv").is_file()}
    assert ledgers["default_run"].ours.notna().sum() > 20
    toy = ledgers["toy_paper_statistics"]
    weak = toy[(toy.section == "3 (fig. 4)") & (toy.quantity == "AUC_weak")].squeeze()
    assert "200000 events per set, 100 epochs" in weak.statistics


def test_a_chosen_table_the_run_lacks_is_named_and_nothing_is_written(tmp_path, config):
    (tmp_path / "run/results/tables").mkdir(parents=True)
    with pytest.raises(FileNotFoundError, match=r"results/tables/fig3_cwola_ID.csv: nothing recorded"):
        records.write(tmp_path / "run", tmp_path / "record", config, "make run", tables=["fig3_cwola_ID"])
    assert not (tmp_path / "record").exists()
