from weaksup import studies


def test_models_shared_between_studies_are_trained_once(config):
    per_study = studies.study_models(config)
    cwola = config["studies"]["cwola"]
    assert len(per_study["cwola"]) == len(cwola["scenarios"]) * len(cwola["sigma0"]) * cwola["replicas"]
    # the sculpting model with the default normalization is the cwola model at sigma0 = 0
    shared = [m for m in per_study["sculpting"] if m in per_study["cwola"]]
    assert shared and all(m["normalization"] == config["images"]["normalization"] for m in shared)
    unique = studies.unique_models(config)
    assert len(unique) == len(per_study["cwola"]) + len(per_study["sculpting"]) - len(shared)
    assert len({studies.training_dir(m) for m in unique}) == len(unique)


def test_paths_use_canonical_sigma_labels():
    m = studies.model("ID", "cwola", "en", "pt_rot", 5, 2.50, 3)
    assert studies.training_dir(m) == "results/training/ID/cwola_en_pt_rot_k5/sigma2.5/replica3"
    assert studies.dataset_path(m, ".json") == "results/datasets/ID/sigma2.5/replica3.json"
    assert studies.sigma_label(4.0) == "4"
