from weaksup import studies


def test_models_shared_between_studies_are_trained_once(config):
    per_study = studies.study_models(config)
    cwola = config["studies"]["cwola"]
    assert len(per_study["cwola"]) == len(cwola["scenarios"]) * len(cwola["sigma0"]) * cwola["replicas"]
    # the sculpting model with the default normalization is the cwola model at sigma0 = 0
    assert [m for m in per_study["sculpting"] if m in per_study["cwola"]]
    # +0 of any method is the unaugmented network, shared by figures 5, 6 and 7
    unaugmented = [m for m in per_study["asymptotic"] if m["k"] == 0]
    assert unaugmented and all(m["method"] == "none" for m in unaugmented)
    everything = [m for models in per_study.values() for m in models]
    unique = studies.unique_models(config)
    assert len(unique) < len(everything)
    assert sorted(map(str, unique)) == sorted({str(m) for m in everything})
    assert len({studies.training_dir(m) for m in unique}) == len(unique)
    # full supervision only where figure 6 asks for it
    assert {m["supervision"] for m in per_study["sizes"]} == {"cwola", "full"}


def test_paths_use_canonical_sigma_labels():
    m = studies.model("ID", "cwola", "en", "pt_rot", 5, 2.50, 3)
    assert studies.training_dir(m) == "results/training/ID/cwola_en_pt_rot_k5/sigma2.5/replica3"
    assert studies.dataset_path(m, ".json") == "results/datasets/ID/sigma2.5/replica3.json"
    assert studies.sigma_label(4.0) == "4"
