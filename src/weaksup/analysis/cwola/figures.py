"""The registry of the first paper's figures (``weaksup.analysis.registry`` style), and the
sensitivity figures as filters of the studies' sensitivity tables.

``FIGURES`` names every figure of the dijet search once (an ``Output``): figure 2 from the
sculpting trainings' scores, figure 4 from the pools, figures 3 and 5-8 (and lp_dijet_vs_cwola,
the second paper's loss on the dijet data) from their study's table, one per scenario. Beyond the
paper, ``network_gain`` compares the augmentation gain of the configured networks
(``network_gain_table``) and ``background_only`` checks that none selects the signal when trained
without any (``background_only_table``).

Each sensitivity figure is a ``SensitivityFigure``: what goes on the x axis (the sensitivity
before the NN cut, or the augmentation size +k), which curves it draws and how its panels are
laid out. ``sensitivity_table`` turns the tidy rows into the figure's own tidy table (mean and
standard deviation over replicas: the numbers plotted), ``plotting.sensitivity_figure`` draws it.
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass

import pandas as pd

from weaksup import io
from weaksup.analysis.cwola import plotting, studies
from weaksup.analysis.cwola.plotting import METHOD_LABELS, SUPERVISION_LABELS, percent
from weaksup.analysis.evaluation import auc, replica_summary, roc
from weaksup.analysis.registry import Output
from weaksup.config import ConfigError
from weaksup.inputs.augment import Augmentation
from weaksup.ledger.cwola import best_curve, learning_threshold
from weaksup.seeds import derive_seed


def _method(row) -> str:
    return METHOD_LABELS[row.method]


def _supervision(row) -> str:
    return SUPERVISION_LABELS[row.supervision]


def _size(row) -> str:
    if row.supervision == "full":
        return "fully supervised"
    return METHOD_LABELS["none"] if row.k == 0 else f"{METHOD_LABELS[row.method]} +{row.k}"


def _working_point(row) -> str:
    return rf"$\varepsilon_b$ = {percent(row.eps_b)}"


@dataclass(frozen=True)
class SensitivityFigure:
    """What one sensitivity figure shows.

    The rows are those of its study; ``x``: ``sigma0`` (plotted at the mean sigma_before) or ``k``;
    ``series``: a row -> curve label function; ``columns``/``rows``: the panel grid keys (None =
    one); ``systematics``: plot eq. (4.1) rows (False) or the eq. (5.3) ones (True).
    """

    title: str
    x: str = "sigma0"
    series: object = _method
    columns: str | None = "eps_b"
    rows: str | None = None
    systematics: bool = False


SECTION_3, SECTION_4, SECTION_5 = "Section 3: jet images", "Section 4: CWoLa", "Section 5: data augmentation"
BEYOND = "Beyond the paper: networks"
#: the sensitivity table of each study (rule study_sensitivity)
STUDY_TABLE = "results/tables/sensitivity/{}.csv"


def _configured(study: str, config: dict) -> list[dict]:
    """The models of a configured study; a ``ConfigError`` naming its key and figures otherwise."""
    if study not in config["studies"]:
        raise ConfigError(
            f"config key 'studies.{study}' is not configured: the figures "
            f"{', '.join(figures_of(study))} and the {study} table need it"
        )
    return studies.study_models(config)[study]


def _study_scenarios(study: str) -> Callable[[dict], list[str]]:
    return lambda config: config["studies"][study]["scenarios"]


def _has_study(study: str, systematics: bool = False) -> Callable[[dict], bool]:
    """Whether ``rule all`` draws a figure of ``study`` (and of a nonzero systematic)."""

    def wanted(config):
        nonzero = any(s > 0 for s in config["evaluation"]["background_systematics"])
        return study in config["studies"] and (nonzero or not systematics)

    return wanted


#: the sensitivity figures: report category, study, what they show
SENSITIVITY = {
    "fig3_cwola": (
        SECTION_4,
        "cwola",
        SensitivityFigure("CWoLa without augmentation", series=_working_point, columns=None),
    ),
    "fig5_augmentation": (SECTION_5, "augmentation", SensitivityFigure("+k augmentation methods")),
    "fig6_sizes": (SECTION_5, "sizes", SensitivityFigure("augmentation sizes", series=_size)),
    "fig7_asymptotic": (SECTION_5, "asymptotic", SensitivityFigure("sensitivity against +k", x="k", rows="sigma0")),
    "fig8_systematics": (
        SECTION_5,
        "augmentation",
        SensitivityFigure("with a background systematic, eq. (5.3)", rows="background_systematic", systematics=True),
    ),
    "lp_dijet_vs_cwola": (
        "Label proportions: dijets",
        "llp",
        SensitivityFigure("label proportions vs CWoLa", series=_supervision),
    ),
}


def figure_table(rows: pd.DataFrame, figure: str, scenario: str) -> pd.DataFrame:
    """The tidy table of the sensitivity figure ``figure`` for one scenario (``sensitivity_table``)."""
    _, study, spec = SENSITIVITY[figure]
    return sensitivity_table(rows, study, spec, scenario)


def _sensitivity(name: str) -> Output:
    """A sensitivity figure of its study's table, one per scenario, with its tidy table."""
    category, study, spec = SENSITIVITY[name]

    def make(data, settings, scenario):
        table = figure_table(data["rows"][0], name, scenario)
        return plotting.sensitivity_figure(table, spec, scenario), table

    return Output(
        category,
        inputs=lambda config: {"rows": [STUDY_TABLE.format(study)]},
        make=make,
        table=True,
        scenarios=_study_scenarios(study),
        wanted=_has_study(study, spec.systematics),
        study=study,
    )


def _point_dirs(models: list[dict]) -> dict[str, list[str]]:
    """The directories of the training jobs of ``models``: the inputs of an output that reads the
    models' scores (``_scores``)."""
    return {"training": list(dict.fromkeys(studies.point_dir(m) for m in models))}


def _scores(model: dict) -> pd.DataFrame:
    """A model's scores, read by its identity inside its point's declared directory."""
    return io.read_frame(f"{studies.training_dir(model)}/scores.parquet")


def _fig2_inputs(config):
    return _point_dirs(_configured("sculpting", config))


def _fig2_settings(config):
    return {
        "models": _configured("sculpting", config),
        "working_points": config["evaluation"]["working_points"],
        "regions": config["regions"],
    }


def _fig2(data, settings, scenario):
    """Every unseen background event of each model's scores, by normalization (and network)."""
    models = settings["models"]
    several = len({model["network"] for model in models}) > 1
    scores = {}
    for model in models:
        table = _scores(model)
        curve = f"{model['network']}, {model['normalization']}" if several else model["normalization"]
        scores.setdefault(curve, []).append(table[table.truth == 0])
    return plotting.fig2_sculpting(scores, settings["working_points"], settings["regions"]), None


def _fig4_inputs(config):
    """One pool per sample, named by it: the signals first (the single-jet row shows a signal jet)."""
    samples = [*config["scenarios"].values(), config["background"]]
    return {sample: [f"results/pools/{sample}.parquet"] for sample in dict.fromkeys(samples)}


def _fig4_settings(config):
    return {
        "augmentations": {
            method: asdict(Augmentation.from_config(method, config["augmentation"]))
            for method, _ in plotting.FIG4_METHODS
        },
        "n_pixels": config["images"]["n_pixels"],
        "flip_rule": config["images"]["flip_rule"],
        "seed": derive_seed(config["seed"], "fig4"),
    }


def _fig4(data, settings, scenario):
    pools = {sample: pools[0] for sample, pools in data.items()}
    augmentations = {method: Augmentation(**values) for method, values in settings["augmentations"].items()}
    image = (settings["n_pixels"], settings["flip_rule"], settings["seed"])
    return plotting.fig4_jet_images(pools, augmentations, *image), None


def _network_gain(data, settings, scenario):
    table = network_gain_table(data["rows"][0], scenario)
    return plotting.network_gain(table, scenario), table


def _background_only_models(config):
    """The cwola study's models trained on background alone (sigma0 = 0), of every network."""
    return [m for m in _configured("cwola", config) if float(m["sigma0"]) == 0]


def _background_only(data, settings, scenario):
    table = background_only_table([(model, _scores(model)) for model in settings["models"]])
    return plotting.background_only(table), table


FIGURES = {
    "fig2_sculpting": Output(
        SECTION_4, _fig2_inputs, _fig2, _fig2_settings, wanted=_has_study("sculpting"), study="sculpting", load=str
    ),
    "fig3_cwola": _sensitivity("fig3_cwola"),
    "fig4_jet_images": Output(SECTION_3, _fig4_inputs, _fig4, _fig4_settings, load=io.read_parquet),
    "fig5_augmentation": _sensitivity("fig5_augmentation"),
    "fig6_sizes": _sensitivity("fig6_sizes"),
    "fig7_asymptotic": _sensitivity("fig7_asymptotic"),
    "fig8_systematics": _sensitivity("fig8_systematics"),
    "network_gain": Output(
        BEYOND,
        inputs=lambda config: {"rows": [STUDY_TABLE.format("augmentation")]},
        make=_network_gain,
        table=True,
        scenarios=_study_scenarios("augmentation"),
        wanted=_has_study("augmentation"),
        study="augmentation",
    ),
    "background_only": Output(
        BEYOND,
        inputs=lambda config: _point_dirs(_background_only_models(config)),
        make=_background_only,
        settings=lambda config: {"models": _background_only_models(config)},
        table=True,
        wanted=lambda config: _has_study("cwola")(config) and bool(_background_only_models(config)),
        study="cwola",
        load=str,
    ),
    "lp_dijet_vs_cwola": _sensitivity("lp_dijet_vs_cwola"),
}


def figures_of(study: str) -> list[str]:
    """The figures drawn from a study."""
    return [name for name, figure in FIGURES.items() if figure.study == study]


def sensitivity_table(rows: pd.DataFrame, study: str, spec: SensitivityFigure, scenario: str) -> pd.DataFrame:
    """The tidy table of one sensitivity figure of ``study``'s rows and one scenario: one line per
    (panel, curve, x) with mean and std over replicas.

    Raises ``ValueError`` when the table has no rows for it (e.g. no nonzero systematic
    configured for figure 8).
    """
    selected = rows[(rows.study == study) & (rows.scenario == scenario)]
    nonzero = selected.background_systematic > 0
    selected = selected[nonzero if spec.systematics else ~nonzero]
    if selected.empty:
        raise ValueError(f"no sensitivity rows for {spec.title!r} ({study} study, {scenario} scenario)")
    series = selected.apply(spec.series, axis=1)
    if selected.network.nunique() > 1:  # networks side by side: each curve names its network
        series = selected.network + ": " + series
    selected = selected.assign(series=series)
    identity = (spec.rows, spec.columns, "eps_b", "network", "supervision", "method", "k", "series", spec.x)
    keys = list(dict.fromkeys(key for key in identity if key))
    return replica_summary(selected, keys).sort_values(spec.x, kind="stable", ignore_index=True)


def network_gain_table(rows: pd.DataFrame, scenario: str) -> pd.DataFrame:
    """The augmentation gain of every network of the augmentation study (eq. 4.1 rows of CWoLa):
    per (network, method, k) and sigma0, the best working point's replica mean, standard deviation
    and standard error of sigma_after (``best_curve``), the curve's learning threshold in
    sigma_before units with its error (``learning_threshold``), and, against the same network's
    +0 at the same sigma0, the ``gain`` in sigma_after and the ``spread_ratio`` of the replica
    standard deviations. Raises ``ValueError`` without rows for the scenario."""
    selected = rows[
        (rows.study == "augmentation")
        & (rows.scenario == scenario)
        & (rows.supervision == "cwola")
        & (rows.background_systematic == 0)
    ]
    if selected.empty:
        raise ValueError(f"sensitivity.csv has no augmentation rows for network_gain ({scenario} scenario)")
    parts = []
    for (network, method, k), curve_rows in selected.groupby(["network", "method", "k"], sort=False):
        threshold, error = learning_threshold(curve_rows)
        curve = best_curve(curve_rows, "sigma0")
        parts.append(curve.assign(network=network, method=method, k=k, threshold=threshold, threshold_error=error))
    table = pd.concat(parts, ignore_index=True).rename(
        columns={"before": "sigma_before", "mean": "sigma_after_mean", "std": "sigma_after_std", "n": "n_replicas"}
    )
    plain = table[table.k == 0].set_index(["network", "sigma0"])
    key = pd.MultiIndex.from_frame(table[["network", "sigma0"]])
    table["gain"] = table.sigma_after_mean.to_numpy() - plain.sigma_after_mean.reindex(key).to_numpy()
    table["spread_ratio"] = table.sigma_after_std.to_numpy() / plain.sigma_after_std.reindex(key).to_numpy()
    columns = ["network", "method", "k", "sigma0", "sigma_before", "eps_b", "sigma_after_mean", "sigma_after_std"]
    columns += ["sem", "n_replicas", "gain", "spread_ratio", "threshold", "threshold_error"]
    return table[columns]


def background_only_table(scores: list[tuple[dict, pd.DataFrame]]) -> pd.DataFrame:
    """Per model trained without signal (sigma0 = 0; its test set still holds signal): the AUC of
    its score for signal against background in the SR test set, and for the SR against the SB on
    its held-out background (NaN without one). A network that learned only what tells the regions
    apart in the background gives 0.5 for both, up to the test sets' statistics; a signal AUC well
    above 0.5 is a selection of the signal that no injected signal taught (as a sum over particles
    picks the dark showers' multiplicity, docs/explanation/beyond.md), and makes its sensitivity gains meaningless."""
    rows = []
    for model, table in scores:
        test = table[(table.split == "test") & (table.region == "SR")]
        background = table[(table.split == "holdout") & (table.truth == 0)]
        in_sr = background.region == "SR"
        regions = auc(*roc(background.score, in_sr)[:2]) if in_sr.any() and (~in_sr).any() else float("nan")
        rows.append(
            {
                "network": model["network"],
                "scenario": model["scenario"],
                "normalization": model["normalization"],
                "replica": model["replica"],
                "auc_signal": auc(*roc(test.score, test.truth)[:2]),
                "n_signal": int(test.truth.sum()),
                "n_background": int((test.truth == 0).sum()),
                "auc_sr_vs_sb": regions,
            }
        )
    return pd.DataFrame(rows)
