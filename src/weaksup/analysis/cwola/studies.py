"""Which networks the configured studies train, and where their files live.

A model is identified by (network, scenario, supervision, normalization, method, k, sigma0,
replica), as its study sees it: the first point of an augmentation curve is (method, k = 0). The
network trained for it depends on the method only through its copies, so every +0 model is
trained once, as method "none" (``trained``); its files are shared by every study that needs it,
and ``sensitivity.csv`` has one block of rows per (study, model). ``network`` is a name of the
config's ``networks`` block; a network that reads no images has normalization "none".
"""

from weaksup.ml.networks import reads

STUDIES = ("sculpting", "cwola", "augmentation", "sizes", "asymptotic", "llp")
MODEL_KEYS = ("network", "scenario", "supervision", "normalization", "method", "k", "sigma0", "replica")
#: a model point: a model but its replica; one training job trains all replicas of a point
POINT_KEYS = MODEL_KEYS[:-1]
#: the keys a replica's seed derives from (all but the network's name)
SEED_KEYS = MODEL_KEYS[1:]
#: the normalization of a model whose network reads no images
NO_NORMALIZATION = "none"


def sigma_label(sigma0) -> str:
    """The sensitivity as it appears in paths: 0, 2, 2.5 ..."""
    return f"{float(sigma0):g}"


def model(network, scenario, supervision, normalization, method, k, sigma0, replica) -> dict:
    """A model's identity with canonical types (the sigma0 label, integers for k and replica)."""
    values = (network, scenario, supervision, normalization, method, int(k), sigma_label(sigma0), int(replica))
    return dict(zip(MODEL_KEYS, values))


def trained(m: dict) -> dict:
    """The network a model needs: +0 copies are the originals whatever the method ("none")."""
    return m | {"method": "none"} if str(m["k"]) == "0" else m


def dataset_path(m: dict, suffix: str = ".parquet") -> str:
    return f"results/datasets/{m['scenario']}/sigma{m['sigma0']}/replica{m['replica']}{suffix}"


def point_dir(m: dict) -> str:
    """The directory of the training job of ``m``'s point (all its replicas): one level per
    identity key, values never joined."""
    return "results/training/{network}/{scenario}/{supervision}/{normalization}/{method}/k{k}/sigma{sigma0}".format(
        **trained(m)
    )


def training_dir(m: dict) -> str:
    """The directory of the network ``m`` needs, inside its point's directory."""
    return f"{point_dir(m)}/replica{m['replica']}"


def reads_images(config: dict, network: str) -> bool:
    """Whether the configured network ``network`` reads jet images."""
    return reads(config["networks"][network]["kind"]) == "images"


def study_models(config: dict) -> dict[str, list[dict]]:
    """study name -> the models it needs, for every study of the config's ``studies`` block (a
    study left out of it trains nothing)."""
    studies = config["studies"]

    def normalizations(network, scanned=None):
        if not reads_images(config, network):
            return [NO_NORMALIZATION]
        return scanned or [config["images"]["normalization"]]

    def scan(study, supervisions=("cwola",), methods=None, ks=None):
        return [
            model(network, scenario, supervision, normalization, method, k, sigma0, r)
            for network in study["networks"]
            for normalization in normalizations(network)
            for scenario in study["scenarios"]
            for supervision in supervisions
            for method in methods or study["methods"]
            for k in ks or study["k"]
            for sigma0 in study["sigma0"]
            for r in range(study["replicas"])
        ]

    unaugmented = {"methods": ["none"], "ks": [0]}
    builders = {
        # figure 2: background only (sigma0 = 0), every normalization
        "sculpting": lambda s: [
            model(network, s["scenario"], "cwola", norm, "none", 0, 0, r)
            for network in s["networks"]
            for norm in normalizations(network, s["normalizations"])
            for r in range(s["replicas"])
        ],
        # figure 3: CWoLa without augmentation over the sigma0 scan
        "cwola": lambda s: scan(s, **unaugmented),
        # figures 5 and 8: each method at +k against none
        "augmentation": lambda s: scan(s, ks=[s["k"]]) + scan(s, **unaugmented),
        # figure 6: one method at several +k against full supervision on the same events
        "sizes": lambda s: (
            scan(s, methods=[s["method"]])
            + (scan(s, supervisions=["full"], **unaugmented) if s["fully_supervised"] else [])
        ),
        # figure 7: every method over the +k scan at fixed sigma0 (+0 is each curve's first point)
        "asymptotic": lambda s: scan(s),
        # beyond the papers: learning from label proportions (true and scaled fractions) vs CWoLa
        "llp": lambda s: scan(s, supervisions=["cwola", "llp", "llp_wrong"], **unaugmented),
    }
    per_study = {study: build(studies[study]) for study, build in builders.items() if study in studies}
    return {study: list({tuple(m.values()): m for m in models}.values()) for study, models in per_study.items()}


def point_replicas(config: dict) -> dict[str, int]:
    """point directory -> how many replicas (0 .. n-1) of it the studies need: one training job each."""
    replicas = {}
    for models in study_models(config).values():
        for m in models:
            replicas[point_dir(m)] = max(replicas.get(point_dir(m), 0), m["replica"] + 1)
    return replicas
