from weaksup.analysis.cwola import studies


def test_models_shared_between_studies_are_trained_once(config):
    per_study = studies.study_models(config)
    cwola = config["studies"]["cwola"]
    n_networks = len(cwola["networks"])
    assert len(per_study["cwola"]) == n_networks * len(cwola["scenarios"]) * len(cwola["sigma0"]) * cwola["replicas"]
    # the sculpting model with the default normalization is the cwola model at sigma0 = 0
    assert [m for m in per_study["sculpting"] if m in per_study["cwola"]]
    # +0 of every method is each curve's first point, and one network: the unaugmented one
    first_points = [m for m in per_study["asymptotic"] if m["k"] == 0]
    assert {m["method"] for m in first_points} == set(config["studies"]["asymptotic"]["methods"])
    assert {studies.training_dir(m) for m in first_points} == {
        studies.training_dir(m | {"method": "none"}) for m in first_points
    }
    everything = [studies.training_dir(m) for models in per_study.values() for m in models]
    # one job per point trains replicas 0 .. n-1: every network needed, each once
    replicas = studies.point_replicas(config)
    assert sorted(f"{point}/replica{r}" for point, n in replicas.items() for r in range(n)) == sorted(set(everything))
    assert len(set(everything)) < len(everything)
    point = studies.point_dir(next(m for m in per_study["cwola"] if m["sigma0"] == "4"))
    assert replicas[point] == max(config["studies"][s]["replicas"] for s in ("cwola", "augmentation", "sizes", "llp"))
    # full supervision only where figure 6 asks for it
    assert {m["supervision"] for m in per_study["sizes"]} == {"cwola", "full"}


def test_paths_have_one_level_per_identity_key():
    m = studies.model("cnn", "ID", "llp_wrong", "en", "pt_rot", 5, 2.50, 3)
    assert studies.training_dir(m) == "results/training/cnn/ID/llp_wrong/en/pt_rot/k5/sigma2.5/replica3"
    assert studies.training_dir(m | {"k": 0}) == "results/training/cnn/ID/llp_wrong/en/none/k0/sigma2.5/replica3"
    assert studies.point_dir(m) == "results/training/cnn/ID/llp_wrong/en/pt_rot/k5/sigma2.5"
    assert studies.dataset_path(m, ".json") == "results/datasets/ID/sigma2.5/replica3.json"
    assert studies.sigma_label(4.0) == "4"


def test_a_study_left_out_trains_nothing(config):
    del config["studies"]["sizes"]
    per_study = studies.study_models(config)
    assert "sizes" not in per_study and set(per_study) == set(studies.STUDIES) - {"sizes"}


def test_each_network_is_part_of_the_identity_and_particle_networks_have_no_normalization(config):
    config["studies"]["sculpting"]["networks"] = ["cnn", "pfn"]
    per_study = studies.study_models(config)
    for study, models in per_study.items():
        assert {m["network"] for m in models} == set(config["studies"][study]["networks"]), study
    pfn = [m for m in per_study["sculpting"] if m["network"] == "pfn"]
    cnn = [m for m in per_study["sculpting"] if m["network"] == "cnn"]
    assert {m["normalization"] for m in pfn} == {studies.NO_NORMALIZATION}  # once, not per image normalization
    assert {m["normalization"] for m in cnn} == set(config["studies"]["sculpting"]["normalizations"])
    # the same point of two networks: two directories, one seed (the seed keys leave the network out)
    twins = [m for m in per_study["cwola"] if (m["scenario"], m["sigma0"], m["replica"]) == ("ID", "4", 0)]
    assert len({studies.training_dir(m) for m in twins}) == 2 and "network" not in studies.SEED_KEYS
