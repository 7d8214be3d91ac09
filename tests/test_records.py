"""Recorded runs (weaksup.ledger.records): written from a run's outputs, read back by the ledger."""

import json

import pandas as pd
import pytest
from conftest import ROOT

from weaksup import io
from weaksup.ledger import records


def test_a_record_round_trips_and_names_its_chain(tmp_path):
    run = tmp_path / "run"
    (run / "results/tables").mkdir(parents=True)
    (run / "results/pools").mkdir()
    pd.DataFrame({"sample": ["qcd"], "region": ["SR"], "sigma_fb": [140.0]}).to_csv(run / "results/tables/yields.csv")
    pd.DataFrame({"sample": ["qcd"], "step": ["SR"]}).to_csv(run / "results/tables/cutflow.csv")
    io.write_json({"n_generated": 10, "n_selected": {"SR": 1, "SB": 2}}, run / "results/pools/qcd.json")
    records.write(run, tmp_path / "record", "QCD: MG5_aMC", "snakemake ...", 12.5)
    record = records.read(tmp_path / "record")
    assert record["chain"] == "QCD: MG5_aMC" and record["pools"]["qcd"]["n_generated"] == 10
    assert record["yields"].sigma_fb.tolist() == [140.0]
    made = json.loads((tmp_path / "record/record.json").read_text())
    assert made["command"] == "snakemake ..." and made["wall_seconds"] == 12.5 and made["machine"]


def test_a_record_with_a_missing_file_is_named(tmp_path):
    (tmp_path / "record.json").write_text("{}")
    with pytest.raises(io.CorruptFileError, match=r"record .*: missing yields.csv, pools.json, cutflow.csv"):
        records.read(tmp_path)


def test_the_configured_records_exist_and_read():
    import yaml

    for folder in yaml.safe_load((ROOT / "config/config.yaml").read_text())["reproduction_records"]:
        assert "Delphes" in records.read(ROOT / folder)["chain"]
