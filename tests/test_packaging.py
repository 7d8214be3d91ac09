"""Static checks of what cannot run here: container recipes, conda environments, rule wiring."""

import re
import subprocess
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


CONTAINERFILES = {name: ROOT / "containers" / name / "Containerfile" for name in ("workflow", "generation")}


def containerfile(name):
    """The recipe with its line continuations joined (one instruction per line)."""
    return CONTAINERFILES[name].read_text().replace("\\\n", " ")


def test_containerfiles_are_the_only_recipes():
    assert all(path.is_file() for path in CONTAINERFILES.values())
    assert not list((ROOT / "containers").rglob("*.def")), "Apptainer .def files would drift from the Containerfiles"


def test_container_pins_equal_pyproject():
    """Every requirement pinned in a recipe that pyproject.toml pins too has the same version."""
    expected = {name.lower(): version for name, (version, _) in pinned_dependencies().items()}
    for name in CONTAINERFILES:
        found = re.findall(r"([A-Za-z0-9_.-]+)(?:\[[\w,-]+\])?==([\w.]+)", containerfile(name))
        assert found or name == "generation", f"{name}: no pinned requirement"  # its pins: build_tools.sh
        for package, version in found:
            key = "tensorflow-cpu" if package.lower() == "tensorflow" else package.lower()
            if key in expected:
                assert version == expected[key], f"{name}: {package}=={version}, pyproject.toml: {expected[key]}"


def test_recipes_take_their_base_image_as_an_argument():
    for name in CONTAINERFILES:
        text = containerfile(name)
        froms = re.findall(r"^FROM\s+(\S+)", text, re.M)
        assert froms[0] == "${BASE}", f"{name}: the first FROM must be the BASE argument"
        assert all(f in ("${BASE}",) or not re.search(r"[./:]", f) for f in froms), f"{name}: FROM {froms}"
    # the workflow image's default Python is one pyproject.toml allows (3.11-3.13)
    base = re.search(r"^ARG BASE=docker\.io/(\S+)$", containerfile("workflow"), re.M).group(1)
    assert re.search(r"python:3\.1[123]-", base)
    # the generation image extends the workflow image the config names
    base = re.search(r"^ARG BASE=(\S+)$", containerfile("generation"), re.M).group(1)
    config = yaml.safe_load((ROOT / "config/config.yaml").read_text())
    assert f"docker://{base}" == config["containers"]["workflow"]


def test_workflow_image_installs_this_package_with_its_pins():
    text = containerfile("workflow")
    assert re.search(r"^COPY pyproject.toml README.md /opt/weaksup/$", text, re.M)
    assert re.search(r"^COPY src /opt/weaksup/src$", text, re.M)
    assert "pip install --no-cache-dir /opt/weaksup;" in text
    # TENSORFLOW=cuda: the GPU build of the same TensorFlow version as the CPU pin
    tensorflow = pinned_dependencies()["tensorflow-cpu"][0]
    assert re.search(r"^ARG TENSORFLOW=cpu$", text, re.M)
    assert (
        f'cuda) pip uninstall --yes tensorflow-cpu; pip install --no-cache-dir "tensorflow[and-cuda]=={tensorflow}"'
        in (" ".join(text.split()))
    )
    # the build context holds what the recipe copies and nothing else (no .venv, no results)
    ignore = (ROOT / ".dockerignore").read_text().split()
    assert ignore[ignore.index("*") :][:4] == ["*", "!pyproject.toml", "!README.md", "!src"]


def test_generation_image_builds_its_tools_with_the_hosts_script():
    text = containerfile("generation")
    assert "COPY workflow/scripts/build_tools.sh /opt/build_tools.sh" in text
    assert "bash /opt/build_tools.sh /opt/tools $sources" in text
    assert re.search(r"^ENV PATH=/opt/tools/bin:\$PATH", text, re.M)
    assert "g++ gfortran make" in text  # MG5_aMC compiles every process it is given
    ignore = (ROOT / ".dockerignore").read_text().split()
    assert {"!workflow/scripts/build_tools.sh", "!containers/generation/sources"} <= set(ignore)


def test_make_images_tags_the_names_the_config_uses(config):
    dry_run = subprocess.run(
        ["make", "-n", "images", "ENGINE=podman"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    for key, ref in config["containers"].items():
        assert ref.startswith("docker://"), f"containers.{key}: the published name, docker://..."
        assert f"podman build  -f containers/{key}/Containerfile -t {ref.removeprefix('docker://')} ." in dry_run


def test_every_software_rule_declares_a_container_and_python_rules_a_conda_env():
    rules = list(rule_blocks())
    assert {name for _, name, _ in rules} >= {
        "build_tools",
        "madgraph_gridpack",
        "madgraph",
        "generate",
        "fastsim",
        "delphes",
        "jets",
        "pool",
        "yields",
        "dataset",
        "train",
        "sensitivity",
        "<loop>",  # every figure and table of both registries (figures.smk)
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
    placeholders = {"ptj": "@PTJ@", "etaj": "@ETAJ@", "mmjj": "@MMJJ@", "drjj": "@DRJJ@", "iseed": "@SEED@"}
    assert {key: run_card[key] for key in placeholders} == placeholders
    script = (ROOT / "workflow/scripts/madgraph_gridpack.sh").read_text()
    for name in ("PTJ", "ETAJ", "MMJJ", "DRJJ", "SEED", "NCORES"):
        assert f"s/@{name}@/${name.lower()}/" in script, name
    assert run_card["pdlabel"] == "nn23lo1" and run_card["gridpack"] == "True"
    assert float(run_card["ebeam1"]) + float(run_card["ebeam2"]) == 13000.0


def test_delphes_card_extends_the_stock_cms_card_with_the_analysis_radius(config):
    card = (ROOT / "config/delphes/delphes_card_CMS.tcl").read_text()
    assert "source $env(DELPHES_CARDS)/delphes_card_CMS.tcl" in card
    radii = [float(r) for r in re.findall(r"set ParameterR (\S+)", card)]
    assert radii and all(r == config["jets"]["radius"] for r in radii)
    assert "DELPHES_CARDS=/opt/tools/delphes/cards" in containerfile("generation")


def test_the_makefile_picks_among_exactly_the_supported_pythons():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    classified = {c.rsplit(" ", 1)[1] for c in project["classifiers"] if re.fullmatch(r".*Python :: 3\.\d+", c)}
    makefile = re.search(r"^SUPPORTED_PYTHONS := (.*)$", (ROOT / "Makefile").read_text(), re.M).group(1).split()
    assert set(makefile) == classified == {"3.11", "3.12", "3.13"}
    assert makefile == sorted(makefile, key=lambda v: int(v.split(".")[1]), reverse=True)  # the newest first
    assert project["requires-python"] == ">=3.11,<3.14"
