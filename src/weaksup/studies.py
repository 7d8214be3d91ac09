"""Which networks the configured studies train, and where their files live.

A model is identified by (scenario, supervision, normalization, method, k, sigma0, replica). A
study lists the models it needs; models shared between studies are trained once (the paths do
not contain the study), and ``sensitivity.csv`` has one block of rows per (study, model).
"""

SCENARIOS = ("ID", "DD")
MODEL_KEYS = ("scenario", "supervision", "normalization", "method", "k", "sigma0", "replica")


def sigma_label(sigma0) -> str:
    """The sensitivity as it appears in paths: 0, 2, 2.5 ..."""
    return f"{float(sigma0):g}"


def model(scenario, supervision, normalization, method, k, sigma0, replica) -> dict:
    """A model's identity with canonical types (the sigma0 label, integers for k and replica)."""
    return dict(
        zip(MODEL_KEYS, (scenario, supervision, normalization, method, int(k), sigma_label(sigma0), int(replica)))
    )


def dataset_path(m: dict, suffix: str = ".parquet") -> str:
    return f"results/datasets/{m['scenario']}/sigma{m['sigma0']}/replica{m['replica']}{suffix}"


def training_dir(m: dict) -> str:
    return (
        f"results/training/{m['scenario']}/{m['supervision']}_{m['normalization']}_{m['method']}_k{m['k']}"
        f"/sigma{m['sigma0']}/replica{m['replica']}"
    )


def study_models(config: dict) -> dict[str, list[dict]]:
    """study name -> the models it needs, from the ``studies`` block of the config."""
    studies = config["studies"]
    normalization = config["images"]["normalization"]
    sculpting = studies["sculpting"]
    cwola = studies["cwola"]
    return {
        # figure 2: background only (sigma0 = 0), every normalization
        "sculpting": [
            model(sculpting["scenario"], "cwola", norm, "none", 0, 0, r)
            for norm in sculpting["normalizations"]
            for r in range(sculpting["replicas"])
        ],
        # figure 3: CWoLa without augmentation over the sigma0 scan
        "cwola": [
            model(scenario, "cwola", normalization, "none", 0, sigma0, r)
            for scenario in cwola["scenarios"]
            for sigma0 in cwola["sigma0"]
            for r in range(cwola["replicas"])
        ],
    }


def unique_models(config: dict) -> list[dict]:
    """Every model any study needs, once."""
    seen = {}
    for models in study_models(config).values():
        for m in models:
            seen.setdefault(tuple(m.values()), m)
    return list(seen.values())
