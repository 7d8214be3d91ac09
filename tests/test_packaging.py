"""Static checks of what cannot run here: containers, conda environments, rule wiring."""

import re
import tomllib

import yaml
from conftest import ROOT


def pins(requirements) -> dict:
    """name -> (version, environment marker) of ``name==version[; marker]`` requirement strings."""
    result = {}
    for requirement in requirements:
        spec, _, marker = (part.strip() for part in requirement.partition(";"))
        name, version = spec.split("==")
        result[name] = (version, marker)
    return result


def pinned_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert all("==" in dep for dep in project["dependencies"]), "every dependency is pinned with =="
    return pins(project["dependencies"])


def rule_blocks():
    """(file, rule name, body) of every rule in workflow/rules (a rule made in a loop: its name: value)."""
    for path in sorted((ROOT / "workflow/rules").glob("*.smk")):
        text = path.read_text()
        starts = [(m.start(), m.group(1) or "<loop>") for m in re.finditer(r"^\s*rule ?(\w+)?:", text, re.M)]
        for (start, name), (end, _) in zip(starts, starts[1:] + [(len(text), None)]):
            yield path.name, name, text[start:end]


def test_conda_environment_pins_match_pyproject():
    env = yaml.safe_load((ROOT / "envs/workflow.yaml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    expected = pinned_dependencies()
    expected.pop("snakemake")  # the environment runs the scripts, not Snakemake itself
    assert pins(p for p in pip if "==" in p) == expected


def test_workflow_image_installs_this_package_with_its_pins():
    definition = (ROOT / "containers/workflow.def").read_text()
    assert "pyproject.toml /opt/weaksup/pyproject.toml" in definition
    assert "pip install --no-cache-dir /opt/weaksup" in definition
    # the GPU build of the same TensorFlow version as the CPU pin
    tensorflow = pinned_dependencies()["tensorflow-cpu"][0]
    assert f'"tensorflow[and-cuda]=={tensorflow}"' in definition


def test_generation_image_uses_the_same_pythia_pin():
    definition = (ROOT / "containers/generation.def").read_text()
    assert f"pythia8mc=={pinned_dependencies()['pythia8mc'][0]}" in definition
    assert "Delphes-3.4.2" in definition and "MG5_aMC_v2.7.3" in definition


def test_every_software_rule_declares_a_container_and_python_rules_a_conda_env():
    rules = list(rule_blocks())
    assert {name for _, name, _ in rules} >= {
        "madgraph",
        "generate",
        "fastsim",
        "delphes",
        "read_delphes",
        "jets",
        "pool",
        "yields",
        "dataset",
        "train",
        "sensitivity",
        "fig2_sculpting",
        "fig4_jet_images",
        "<loop>",
    }
    for path, name, body in rules:
        assert "container:" in body, f"{path}: rule {name} has no container"
        if "script:" in body:
            assert "conda:" in body, f"{path}: rule {name} has no conda environment"
        assert "log:" in body, f"{path}: rule {name} has no log"


def card_settings(path, pattern):
    return dict(re.findall(pattern, (ROOT / path).read_text(), re.M))


def test_madgraph_takes_the_configured_generator_cuts():
    run_card = card_settings("config/madgraph/ppjj.mg5", r"^set run_card (\w+) (\S+)")
    assert run_card["ptj"] == "@PTJ@" and run_card["mmjj"] == "@MMJJ@"
    script = (ROOT / "workflow/scripts/madgraph.sh").read_text()
    assert "s/@PTJ@/$ptj/" in script and "s/@MMJJ@/$mmjj/" in script
    assert run_card["pdlabel"] == "nn23lo1"
    assert float(run_card["ebeam1"]) + float(run_card["ebeam2"]) == 13000.0
    assert {"@NEVENTS@", "@SEED@", "@PTJ@", "@MMJJ@"} <= set(
        re.findall(r"@\w+@", (ROOT / "config/madgraph/ppjj.mg5").read_text())
    )


def test_delphes_card_extends_the_stock_cms_card_with_the_analysis_radius(config):
    card = (ROOT / "config/delphes/delphes_card_CMS.tcl").read_text()
    assert "source $env(DELPHES_CARDS)/delphes_card_CMS.tcl" in card
    radii = [float(r) for r in re.findall(r"set ParameterR (\S+)", card)]
    assert radii and all(r == config["jets"]["radius"] for r in radii)
    assert "DELPHES_CARDS=/opt/delphes/cards" in (ROOT / "containers/generation.def").read_text()
