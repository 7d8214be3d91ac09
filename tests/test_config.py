import copy

import pytest
from conftest import ROOT, SCHEMA

from weaksup.config import ConfigError, validate


def check(config):
    return validate(config, SCHEMA, ROOT)


def test_default_config_is_valid(config):
    check(config)


@pytest.mark.parametrize("overlay", ["ci.yaml", "paper.yaml"])
def test_overlays_are_valid(config, overlay):
    import yaml

    merged = copy.deepcopy(config)
    for name, values in yaml.safe_load((ROOT / "config" / overlay).read_text())["samples"].items():
        merged["samples"][name].update(values)
    check(merged)


def test_misspelled_key_is_named(config):
    config["selection"]["lead_pt_mn_gev"] = 700
    with pytest.raises(ConfigError, match=r"selection.*lead_pt_mn_gev"):
        check(config)


def test_mistyped_value_is_named(config):
    config["jets"]["radius"] = "0.8"
    with pytest.raises(ConfigError, match=r"'jets.radius'"):
        check(config)


def test_negative_number_of_events_is_named(config):
    config["samples"]["qcd"]["events_per_chunk"] = -5
    with pytest.raises(ConfigError, match=r"samples.qcd.events_per_chunk"):
        check(config)


def test_overlapping_regions_are_rejected(config):
    config["regions"]["SB"] = [[4400.0, 4800.0]]
    with pytest.raises(ConfigError, match="overlaps"):
        check(config)


def test_missing_card_is_named(config):
    config["samples"]["hv_DD"]["cards"] = ["config/pythia/nope.cmnd"]
    with pytest.raises(ConfigError, match=r"samples.hv_DD.cards\[0\].*nope.cmnd"):
        check(config)


def test_unknown_generator_lists_the_allowed_values(config):
    config["generator"] = "herwig"
    with pytest.raises(ConfigError, match="pythia8mc.*madgraph"):
        check(config)


def test_equal_toy_fractions_are_rejected(config):
    config["label_proportions"]["toy"]["fractions"] = [0.4, 0.4]
    with pytest.raises(ConfigError, match=r"label_proportions.toy.fractions.*singular"):
        check(config)


def test_fraction_label_outside_unit_interval_is_named(config):
    config["label_proportions"]["toy"]["label_scan"] = [0.5, 1.2]
    with pytest.raises(ConfigError, match=r"label_proportions.toy.label_scan"):
        check(config)


def test_empty_toy_set_is_rejected(config):
    config["label_proportions"]["toy"]["events_per_set"] = 0
    with pytest.raises(ConfigError, match=r"label_proportions.toy.events_per_set"):
        check(config)


def test_more_output_trainings_than_trainings_is_rejected(config):
    config["label_proportions"]["toy"]["output_trainings"] = 50
    with pytest.raises(ConfigError, match=r"output_trainings.*exceeds"):
        check(config)


def test_lhc_sample_must_exist_and_use_the_met_selection(config):
    config["label_proportions"]["lhc"]["tails"] = ["znunu_pthat5000"]
    with pytest.raises(ConfigError, match=r"label_proportions.lhc.tails.*znunu_pthat5000"):
        check(config)
    config["label_proportions"]["lhc"]["tails"] = ["qcd"]
    with pytest.raises(ConfigError, match=r"samples.qcd.analysis"):
        check(config)


@pytest.mark.parametrize(
    "ref",
    [
        "docker://ghcr.io/weaksup/workflow:0.1.0",
        "docker://localhost:5000/weaksup/workflow@sha256:" + "0" * 64,
        "docker-archive:///scratch/workflow.tar",
        "oci-archive:///scratch/generation.tar:weaksup/generation:0.1.0",
        "library://weaksup/default/workflow:0.1.0",
        "images/workflow.sif",
        "/cvmfs/unpacked/weaksup.simg",
    ],
)
def test_image_references_are_accepted(config, ref):
    config["containers"]["workflow"] = ref
    check(config)


@pytest.mark.parametrize(
    "ref",
    [
        "ghcr.io/weaksup/workflow:0.1.0",  # no docker://: Snakemake would look for a local file
        "docker://GHCR.io/WeakSup/Workflow",  # upper case in the repository path
        "docker://",
        "podman://weaksup/workflow",
        "images/workflow.tar",
        "images/work flow.sif",
        "docker-archive://images/workflow.tar",  # relative: apptainer pull runs in .snakemake/singularity
    ],
)
def test_invalid_image_reference_is_named(config, ref):
    config["containers"]["generation"] = ref
    with pytest.raises(ConfigError, match=r"'containers.generation'"):
        check(config)


def test_missing_local_image_names_the_key_and_make_images(config, tmp_path):
    from weaksup.config import check_local_images

    config["containers"]["workflow"] = "images/workflow.sif"
    config["containers"]["generation"] = f"docker-archive://{tmp_path}/images/generation.tar:weaksup/generation:0.1.0"
    with pytest.raises(ConfigError, match=r"'containers.workflow'.*make images"):
        check_local_images(config, ["workflow"], tmp_path)
    (tmp_path / "images").mkdir()
    (tmp_path / "images/workflow.sif").touch()
    (tmp_path / "images/generation.tar").touch()
    check_local_images(config, ["workflow", "generation"], tmp_path)
    config["containers"]["workflow"] = "docker://ghcr.io/weaksup/workflow:0.1.0"  # pulled by Snakemake
    check_local_images(config, ["workflow"], tmp_path / "elsewhere")
