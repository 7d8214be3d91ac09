import pytest
from conftest import ROOT, SCHEMA

from weaksup.config import ConfigError, merged, validate


def check(config):
    return validate(config, SCHEMA, ROOT)


def test_default_config_is_valid(config):
    check(config)


@pytest.mark.parametrize(
    "overlay", ["ci.yaml", "paper.yaml", "paper_own_normalization.yaml", "workstation.yaml", "paper_chain.yaml"]
)
def test_overlays_are_valid(config, overlay):
    import yaml

    check(merged(config, yaml.safe_load((ROOT / "config" / overlay).read_text())))


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


@pytest.mark.parametrize("k_factor", [0, -0.5])
def test_a_k_factor_that_is_not_positive_is_named(config, k_factor):
    config["samples"]["qcd"]["k_factor"] = k_factor
    with pytest.raises(ConfigError, match=r"'samples.qcd.k_factor'"):
        check(config)


@pytest.mark.parametrize("threads, workers", [(2, 0), (2, 3)])
def test_image_workers_outside_one_to_threads_are_named(config, threads, workers):
    config["training"] |= {"threads": threads, "workers": workers}
    with pytest.raises(ConfigError, match=r"'training.workers'"):
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


def test_lhc_sample_must_exist_and_feed_one_selection(config):
    config["label_proportions"]["lhc"]["tails"] = ["znunu_pthat5000"]
    with pytest.raises(ConfigError, match=r"label_proportions.lhc.tails\[0\].*znunu_pthat5000"):
        check(config)
    config["label_proportions"]["lhc"]["tails"] = ["qcd"]
    with pytest.raises(ConfigError, match=r"'qcd' is named by both the dijet search"):
        check(config)


def test_a_scenario_without_its_sample_is_named(config):
    config["scenarios"]["ID2"] = "hv_ID2"
    with pytest.raises(ConfigError, match=r"'scenarios.ID2': no sample 'hv_ID2' in 'samples'"):
        check(config)


def test_a_study_naming_an_unknown_scenario_is_named(config):
    config["studies"]["cwola"]["scenarios"] = ["ID", "XX"]
    with pytest.raises(ConfigError, match=r"'studies.cwola.scenarios\[1\]': no scenario 'XX'"):
        check(config)


def test_a_sample_without_cards_is_named(config):
    config["samples"]["hv_new"] = {"chunks": 1, "events_per_chunk": 10}
    with pytest.raises(ConfigError, match=r"samples.hv_new.*'cards' is a required property"):
        check(config)


def test_a_hidden_valley_sample_needs_its_pion_mass(config):
    config["samples"]["hv_ID"]["hidden_valley"] = {"mzprime_gev": 4000.0}
    with pytest.raises(ConfigError, match=r"samples.hv_ID.hidden_valley.*mpi_over_lambda"):
        check(config)


@pytest.mark.parametrize(
    "change, key, named",
    [
        ({"regions": {"SR": [[3000.0, 3500.0]], "SB": [[2800.0, 3000.0]]}}, "mhat_min_gev", "regions"),
        ({"selection": {"lead_pt_min_gev": 600.0, "abs_eta_max": 2.0}}, "pthat_min_gev", "selection.lead_pt_min_gev"),
    ],
)
def test_a_generator_cut_that_could_remove_selected_events_fails_naming_both_keys(config, change, key, named):
    config.update(change)
    with pytest.raises(
        ConfigError, match=rf"'samples.qcd.generator_cuts.{key}' = .* '{named}.* largest safe value is \d+ GeV"
    ):
        check(config)


def test_the_papers_madgraph_cuts_fail_unless_accepted_on_purpose(config):
    config.update(generator="madgraph")
    config["samples"]["qcd"]["generator_cuts"] = {"pthat_min_gev": 700.0, "abs_eta_max": 2.2, "mhat_min_gev": 3000.0}
    with pytest.raises(ConfigError, match=r"mhat_min_gev' = 3000 GeV .* set 'samples.qcd.accept_biased_generator_cuts"):
        check(config)


def test_accepted_biased_cuts_warn_with_the_measured_bias(config, caplog):
    config.update(generator="madgraph")
    config["samples"]["qcd"]["generator_cuts"]["mhat_min_gev"] = 3000.0
    config["samples"]["qcd"]["accept_biased_generator_cuts"] = True
    check(config)
    assert "removed 8 +- 3% of SR and 3 +- 2% of SB events" in caplog.text


def test_a_parton_eta_cut_needs_madgraph(config):
    config["samples"]["qcd"]["generator_cuts"]["abs_eta_max"] = 2.2
    with pytest.raises(ConfigError, match=r"'samples.qcd.generator_cuts.abs_eta_max': only MG5_aMC"):
        check(config)


def test_the_default_generator_cuts_are_the_measured_safe_ones(config):
    from weaksup.sim.generation import safe_generator_cuts

    safe = safe_generator_cuts(config["regions"], **config["selection"])
    assert safe == pytest.approx({"mhat_min_gev": 2500.0, "pthat_min_gev": 500.0})
    assert config["samples"]["qcd"]["generator_cuts"] == safe


def test_an_unknown_network_kind_is_named(config):
    config["networks"]["resnet"] = {"kind": "resnet"}
    with pytest.raises(ConfigError, match=r"'networks.resnet.kind': 'resnet' is not one of \['cwola_cnn', 'pfn'\]"):
        validate(config, SCHEMA)


def test_a_network_without_its_representation_block_is_named(config):
    del config["particles"]
    with pytest.raises(ConfigError, match="'networks.efn': a pfn network reads the particles representation, but"):
        validate(config, SCHEMA)


@pytest.mark.parametrize(
    "network, key", [("pfn", "conv_filters"), ("pfn", "normalization"), ("cnn", "phi_units"), ("cnn", "max_particles")]
)
def test_settings_of_another_family_are_named(config, network, key):
    config["networks"][network][key] = [4]
    with pytest.raises(ConfigError, match=f"'networks.{network}': Additional properties .*'{key}' was unexpected"):
        validate(config, SCHEMA)


def test_a_study_naming_an_unknown_network_is_named(config):
    config["studies"]["cwola"]["networks"] = ["cnn", "pfnn"]
    with pytest.raises(
        ConfigError, match="'studies.cwola.networks': no network 'pfnn' in 'networks' \\(known: cnn, efn, pfn\\)"
    ):
        validate(config, SCHEMA)


def test_pixel_noise_for_a_particle_network_is_named(config):
    config["studies"]["augmentation"]["methods"] = ["rotation", "noise"]
    with pytest.raises(ConfigError, match="'studies.augmentation.methods': 'noise' acts on jet images, but .*'efn'"):
        validate(config, SCHEMA)
    config["studies"]["augmentation"]["networks"] = ["cnn"]
    validate(config, SCHEMA)  # the CNN reads images


def test_two_networks_with_one_name_are_named(tmp_path):
    from weaksup.config import check_unique_keys

    path = tmp_path / "overlay.yaml"
    path.write_text("networks:\n  cnn: {kind: cwola_cnn}\n  pfn: {kind: pfn}\n  cnn: {kind: pfn}\n")
    with pytest.raises(ConfigError, match=r"overlay.yaml: key 'cnn' appears twice in one block \(lines 2 and 4\)"):
        check_unique_keys([path])
    check_unique_keys([ROOT / "config/config.yaml", ROOT / "config/paper.yaml"])


def test_every_schema_enum_is_defined_once_and_equals_its_python_constant():
    import yaml

    from weaksup.analysis import significance
    from weaksup.events import datasets
    from weaksup.inputs import augment, constituents, images
    from weaksup.ml import networks, settings
    from weaksup.ml.networks import pfn
    from weaksup.sim import detector, generation, resolution

    schema = yaml.safe_load(SCHEMA.read_text())

    def enums(node, path=""):
        if isinstance(node, dict):
            if "enum" in node:
                yield path
            for key, value in node.items():
                yield from enums(value, f"{path}/{key}")
        elif isinstance(node, list):
            for item in node:
                yield from enums(item, path)

    defs = schema["$defs"]
    assert sorted(enums(schema)) == sorted(f"/$defs/{name}" for name in defs if "enum" in defs[name])
    constants = {
        "generator": generation.GENERATORS,
        "detector": detector.DETECTORS,
        "resolution": tuple(resolution.RESOLUTION_PRESETS),
        "normalization": images.NORMALIZATIONS,
        "flip_rule": constituents.FLIP_RULES,
        "method": augment.METHODS,
        "background_yields": datasets.BACKGROUND_YIELDS,
        "injection": significance.INJECTION_RULES,
        "network_kind": tuple(networks.FAMILIES),
        "pooling": pfn.POOLINGS,
        "backend": settings.BACKENDS,
        "loss": settings.LOSSES,
        "optimizer": settings.OPTIMIZERS,
    }
    assert {name: tuple(defs[name]["enum"]) for name in defs if "enum" in defs[name]} == constants


def test_every_example_overlay_is_valid(config):
    import yaml

    for path in sorted((ROOT / "config/examples").glob("*.yaml")):
        check(merged(config, yaml.safe_load(path.read_text())))


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
