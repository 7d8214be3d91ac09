"""The docs' generated pages (docs/_ext/weaksup_docs.py): the config reference comes from the schema
alone, and bad input (a key without a description, a missing record file) fails the build."""

import copy
import subprocess
import sys

import pandas as pd
import pytest
import yaml
from conftest import ROOT

sys.path.insert(0, str(ROOT / "docs/_ext"))
import weaksup_docs  # noqa: E402

SCHEMA = yaml.safe_load((ROOT / "workflow/schemas/config.schema.yaml").read_text())
DEFAULTS = yaml.safe_load((ROOT / "config/config.yaml").read_text())
#: blocks whose keys are names the user chooses
MAPS = ("samples", "scenarios", "networks")


def _paths(block: dict, prefix: str = ""):
    for key, value in block.items():
        path = f"{prefix}{key}"
        yield path
        if isinstance(value, dict):
            if key in MAPS and not prefix:
                for entry in value.values():
                    if isinstance(entry, dict):
                        yield from (p.replace(f"{path}.", f"{path}.<name>.", 1) for p in _paths(entry, f"{path}."))
            else:
                yield from _paths(value, f"{path}.")


def test_every_key_of_the_default_config_is_in_the_reference():
    documented = {key["path"] for key in weaksup_docs.config_keys(SCHEMA)}
    missing = sorted(set(_paths(DEFAULTS)) - documented)
    assert not missing, missing
    text = weaksup_docs.config_reference(SCHEMA, DEFAULTS)
    assert "`networks.<name>.pooling` (one of `sum`, `pt_weighted`; kind `pfn`)" in text
    assert "`training.batch_size` (integer; default `32`)\n: Examples per gradient step" in text


def test_a_key_added_to_the_schema_appears_in_the_reference():
    schema = copy.deepcopy(SCHEMA)
    added = {"description": "Epochs of warm-up.", "type": "integer"}
    schema["properties"]["training"]["properties"]["warmup_epochs"] = added
    text = weaksup_docs.config_reference(schema, DEFAULTS)
    assert "`training.warmup_epochs` (integer)\n: Epochs of warm-up." in text


def test_a_key_without_a_description_is_named():
    schema = copy.deepcopy(SCHEMA)
    del schema["properties"]["images"]["properties"]["n_pixels"]["description"]
    named = r"config key 'images.n_pixels' in workflow/schemas/config.schema.yaml has no description"
    with pytest.raises(ValueError, match=named):
        weaksup_docs.config_keys(schema)


def test_the_rule_graph_lists_each_rule_with_its_file_and_inputs():
    rules = ("all", "pool", "jets")
    nodes = "digraph {\n" + "".join(f'{i}[label = "{rule}", color = "0"];\n' for i, rule in enumerate(rules))
    dot = nodes + "2 -> 1\n1 -> 0\n"
    table = weaksup_docs.rule_graph(dot, {"all": "Snakefile", "pool": "p.smk", "jets": "j.smk"})
    assert table.to_dict("list") == {
        "rule": ["`all`", "`pool`", "`jets`"],
        "rule file": ["`Snakefile`", "`p.smk`", "`j.smk`"],
        "reads the outputs of": ["pool", "jets", ""],
    }
    shown = weaksup_docs.without_target_rule(dot)  # the target rule: an edge from every output
    assert "rankdir=LR" in shown and '"all"' not in shown and "-> 0" not in shown and "2 -> 1" in shown


def _build(folder, page: str) -> subprocess.CompletedProcess:
    """Build a one-page site with the docs' settings (docs/conf.py), warnings as errors."""
    pytest.importorskip("myst_parser")
    conf = (ROOT / "docs/conf.py").read_text().replace("Path(__file__).parent", f"Path({str(ROOT / 'docs')!r})")
    (folder / "conf.py").write_text(conf)
    (folder / "index.md").write_text(page)
    command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-q", "-b", "html", folder, folder / "out"]
    return subprocess.run(command, capture_output=True, text=True)


def test_a_missing_record_file_fails_the_build_naming_page_and_file(tmp_path):
    done = _build(
        tmp_path,
        "# Title\n\n```{record-table} default_run/jobs.csv\n:columns: rule, jobs\n```\n\n"
        "```{record-table} no_such_run/ledger.csv\n```\n",
    )
    assert done.returncode != 0
    assert "index.md:7: WARNING: record file docs/records/no_such_run/ledger.csv does not exist" in done.stderr
    assert "default_run" not in done.stderr  # the existing record rendered
    rendered = (tmp_path / "out/index.html").read_text()
    rule = pd.read_csv(ROOT / "docs/records/default_run/jobs.csv").rule.iloc[0]
    assert f">{rule}<" in rendered


def test_a_broken_internal_link_fails_the_build_naming_the_page(tmp_path):
    done = _build(tmp_path, "# Title\n\n## A section\n\nSee [the section](#a-section) and [](no-such-page.md).\n")
    assert done.returncode != 0
    assert "index.md:5: WARNING:" in done.stderr and "no-such-page" in done.stderr
    assert "a-section" not in done.stderr  # the link to an existing heading resolved


def test_the_reruns_table_is_the_workflow_test_s_cases():
    cases = [({"studies": {"cwola": {"replicas": 2}}}, {"train": 8, "dataset": 4}), ({"seed": 1}, {})]
    table = weaksup_docs.reruns_table(cases)
    assert table.iloc[:, 0].tolist() == ["`studies: {cwola: {replicas: 2}}`", "`seed: 1`"]
    assert table.iloc[:, 1].tolist() == ["dataset 4, train 8", "none"]
