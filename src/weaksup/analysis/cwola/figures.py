"""The registry of the first paper's figures, and the sensitivity figures as filters of ``sensitivity.csv``.

``FIGURES`` names every figure of the dijet search once: its report section, the study it needs
and, for figures 3 and 5-8 (and lp_dijet_vs_cwola, the second paper's loss on the dijet data),
what it shows. The rules, ``rule all``, the report and the tests are built from it. Beyond the
paper, ``network_gain`` compares the augmentation gain of the configured networks
(``network_gain_table``).

Each sensitivity figure is a ``SensitivityFigure``: which study's rows it shows, what goes on the x axis
(the sensitivity before the NN cut, or the augmentation size +k), which curves it draws and how
its panels are laid out. ``figure_table`` turns the tidy rows into the figure's own tidy table
(mean and standard deviation over replicas: the numbers plotted), ``plotting.sensitivity_figure``
draws it.
"""

from dataclasses import dataclass

import pandas as pd

from weaksup.analysis.evaluation import replica_summary
from weaksup.ledger.cwola import best_curve, learning_threshold

METHOD_LABELS = {
    "none": "no augmentation",
    "pt_smear": r"$p_T$ smearing",
    "rotation": "jet rotation",
    "pt_rot": r"$p_T$ smearing + rotation",
    "eta_phi_smear": r"$(\eta, \phi)$ smearing",
    "noise": "pixel noise",
}


def percent(fraction: float) -> str:
    """0.01 -> '1%' (working points and systematics in labels)."""
    return f"{100 * fraction:g}%"


def _method(row) -> str:
    return METHOD_LABELS[row.method]


SUPERVISION_LABELS = {
    "cwola": "CWoLa (SR = 1, SB = 0)",
    "full": "fully supervised",
    "llp": "label proportions, injected fractions",
    "llp_wrong": "label proportions, scaled fractions",
}


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

    The rows are those of its ``Figure``'s study; ``x``: ``sigma0`` (plotted at the mean sigma_before) or ``k``;
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


@dataclass(frozen=True)
class Figure:
    """One figure of the dijet search: its report ``category``, the ``study`` it needs (None: the
    pools only), and for a sensitivity figure (one per scenario of its study) what it shows."""

    category: str
    study: str | None = None
    sensitivity: SensitivityFigure | None = None
    per_scenario: bool = False

    def __post_init__(self):
        if self.sensitivity is not None:  # a sensitivity figure is drawn for each scenario
            object.__setattr__(self, "per_scenario", True)


FIGURES = {
    "fig2_sculpting": Figure(SECTION_4, "sculpting"),
    "fig3_cwola": Figure(
        SECTION_4,
        "cwola",
        SensitivityFigure("CWoLa without augmentation", series=_working_point, columns=None),
    ),
    "fig4_jet_images": Figure(SECTION_3),
    "fig5_augmentation": Figure(SECTION_5, "augmentation", SensitivityFigure("+k augmentation methods")),
    "fig6_sizes": Figure(SECTION_5, "sizes", SensitivityFigure("augmentation sizes", series=_size)),
    "fig7_asymptotic": Figure(
        SECTION_5, "asymptotic", SensitivityFigure("sensitivity against +k", x="k", rows="sigma0")
    ),
    "fig8_systematics": Figure(
        SECTION_5,
        "augmentation",
        SensitivityFigure("with a background systematic, eq. (5.3)", rows="background_systematic", systematics=True),
    ),
    "network_gain": Figure(BEYOND, "augmentation", per_scenario=True),
    "lp_dijet_vs_cwola": Figure(
        "Label proportions: dijets", "llp", SensitivityFigure("label proportions vs CWoLa", series=_supervision)
    ),
}
SENSITIVITY_FIGURES = {name: figure.sensitivity for name, figure in FIGURES.items() if figure.sensitivity}


def figures_of(study: str) -> list[str]:
    """The figures drawn from a study."""
    return [name for name, figure in FIGURES.items() if figure.study == study]


def figure_files(config: dict) -> list[str]:
    """The PDF of every figure the config asks for: those of the configured studies (one per
    scenario for sensitivity figures, figure 8 only with a nonzero background systematic)."""
    systematics = any(s > 0 for s in config["evaluation"]["background_systematics"])
    files = []
    for name, figure in FIGURES.items():
        if figure.study is not None and figure.study not in config["studies"]:
            continue
        if not figure.per_scenario:
            files.append(f"results/figures/{name}.pdf")
        elif figure.sensitivity is None or systematics or not figure.sensitivity.systematics:
            files += [f"results/figures/{name}_{s}.pdf" for s in config["studies"][figure.study]["scenarios"]]
    return files


def figure_table(rows: pd.DataFrame, figure: str, scenario: str) -> pd.DataFrame:
    """The tidy table of one figure and scenario: one line per (panel, curve, x) with mean and std.

    Raises ``ValueError`` when ``sensitivity.csv`` has no rows for it (e.g. no nonzero
    systematic configured for figure 8).
    """
    study, spec = FIGURES[figure].study, SENSITIVITY_FIGURES[figure]
    selected = rows[(rows.study == study) & (rows.scenario == scenario)]
    nonzero = selected.background_systematic > 0
    selected = selected[nonzero if spec.systematics else ~nonzero]
    if selected.empty:
        raise ValueError(f"sensitivity.csv has no rows for {figure} ({study} study, {scenario} scenario)")
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
