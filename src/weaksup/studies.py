"""Which networks the configured studies train, and where their files live.

A model is identified by (scenario, supervision, normalization, method, k, sigma0, replica). A
study lists the models it needs; models shared between studies are trained once (the paths do
not contain the study), and ``sensitivity.csv`` has one block of rows per (study, model).
"""

SCENARIOS = ("ID", "DD")
STUDIES = ("sculpting", "cwola", "augmentation", "sizes", "asymptotic", "llp")
#: training labels: SR/SB (CWoLa), truth, region signal fractions (injected or scaled, weaksup.training)
SUPERVISIONS = ("cwola", "full", "llp", "llp_wrong")
MODEL_KEYS = ("scenario", "supervision", "normalization", "method", "k", "sigma0", "replica")


def sigma_label(sigma0) -> str:
    """The sensitivity as it appears in paths: 0, 2, 2.5 ..."""
    return f"{float(sigma0):g}"


def model(scenario, supervision, normalization, method, k, sigma0, replica) -> dict:
    """A model's identity with canonical types (the sigma0 label, integers for k and replica).

    +0 copies is no augmentation whatever the method: such models are all "none", k = 0, so
    they are trained once.
    """
    if int(k) == 0:
        method = "none"
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
    sculpting, augmentation, sizes = studies["sculpting"], studies["augmentation"], studies["sizes"]

    def scan(study, supervisions=("cwola",), methods=None, ks=None):
        return [
            model(scenario, supervision, normalization, method, k, sigma0, r)
            for scenario in study["scenarios"]
            for supervision in supervisions
            for method in methods or study["methods"]
            for k in ks or study["k"]
            for sigma0 in study["sigma0"]
            for r in range(study["replicas"])
        ]

    per_study = {
        # figure 2: background only (sigma0 = 0), every normalization
        "sculpting": [
            model(sculpting["scenario"], "cwola", norm, "none", 0, 0, r)
            for norm in sculpting["normalizations"]
            for r in range(sculpting["replicas"])
        ],
        # figure 3: CWoLa without augmentation over the sigma0 scan
        "cwola": scan(studies["cwola"], methods=["none"], ks=[0]),
        # figures 5 and 8: each method at +k against none
        "augmentation": scan(augmentation, ks=[augmentation["k"]]) + scan(augmentation, ks=[0]),
        # figure 6: one method at several +k against full supervision on the same events
        "sizes": scan(sizes, methods=[sizes["method"]])
        + (scan(sizes, supervisions=["full"], methods=["none"], ks=[0]) if sizes["fully_supervised"] else []),
        # figure 7: every method over the +k scan at fixed sigma0
        "asymptotic": scan(studies["asymptotic"]),
        # beyond the papers: learning from label proportions (true and scaled fractions) vs CWoLa
        "llp": scan(studies["llp"], supervisions=["cwola", "llp", "llp_wrong"], methods=["none"], ks=[0]),
    }
    return {study: _unique(models) for study, models in per_study.items()}


def _unique(models: list[dict]) -> list[dict]:
    """``models`` without repeats (k = 0 makes every method the same model), in order."""
    return list({tuple(m.values()): m for m in models}.values())


def unique_models(config: dict) -> list[dict]:
    """Every model any study needs, once."""
    return _unique([m for models in study_models(config).values() for m in models])
