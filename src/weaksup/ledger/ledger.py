"""The reproduction ledger: every quantitative claim of both papers beside our number, with a verdict.

``CLAIMS`` lists each claim once: where the paper makes it, its value as printed (a number, or a
bound ">x" / "<x"), the uncertainty it prints (NaN: none printed; a range "a-b" is entered as its
midpoint +- half its width), and the function that measures ours from the run's outputs. A claim
whose inputs are missing from the run (a study not configured) gets no number and the verdict
``not comparable``, with the reason in its note.

The verdict rule (``verdict``; README, "Reproduction"), with u = sqrt(u_paper^2 + u_ours^2) and a
missing paper uncertainty counted as 0:

- ``not comparable`` when the paper prints no number, when ours or its uncertainty is missing
  (NaN: no run, one replica, a scan that does not reach the claim), or when our statistics cannot
  resolve the paper's value: u >= |paper| / 2 (a nonzero value), or our uncertainty more than 10
  times the paper's printed one;
- for a value: ``agrees`` when |ours - paper| <= 2u, else ``deviates``;
- for a bound ">x" (``<x``): ``agrees`` when ours >= x - 2u (ours <= x + 2u), else ``deviates``.

Definitions used by the measures (first paper, section 4.3 and figure 3):

- *learning threshold*: the sensitivity before the NN cut, sigma_before (eq. 4.1), at which the
  network first beats no cut: the first upward zero crossing of g = max over the working points
  of the replica-mean sigma_after, minus sigma_before, linearly interpolated between the scanned
  sigma0 > 0 points (sigma0 = 0 has nothing to learn). Its uncertainty is half the distance
  between the crossings of g + SEM and g - SEM (SEM: standard error of the replica mean at the
  chosen working point).
- *saturation point* (figure 7): the smallest scanned +k whose best-working-point mean
  sigma_after reaches the largest one over the scan minus its SEM; uncertainty: half the step to
  the next scanned k. A saturation point at the last scanned k is no plateau (missing).
"""

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from weaksup import config as wsconfig
from weaksup.analysis.evaluation import auc
from weaksup.analysis.lp.toy import background_at, efficiencies, mislabelling_bound
from weaksup.sim.generation import madgraph_cuts

COLUMNS = [
    "paper",
    "section",
    "claim",
    "quantity",
    "paper_value",
    "paper_uncertainty",
    "ours",
    "ours_uncertainty",
    "unit",
    "config",
    "statistics",
    "verdict",
    "note",
]
#: the inputs the claims read besides yields.csv and the pools: the studies' sensitivity tables
#: (when configured) and the LHC example's tables
STUDIES = ("cwola", "augmentation", "asymptotic")
LHC_TABLES = ("lp_gluino_table", "lp_mismodelling", "lp_combination")
PAPER_LUMINOSITY_FB = 139.0
#: the first paper's scenarios, as the claims name them (config key `scenarios`)
SCENARIOS = ("ID", "DD")


@dataclass(frozen=True)
class Ours:
    """Our number for a claim: value, uncertainty (NaN when it cannot be estimated), what it rests
    on, and a note (why it is missing, or what to know when reading it)."""

    value: float = math.nan
    uncertainty: float = math.nan
    statistics: str = ""
    note: str = ""


def missing(note: str) -> Ours:
    return Ours(note=note)


def parse_value(paper_value: str) -> tuple[str, float]:
    """("=", x), (">", x) or ("<", x) from a paper value as the ledger prints it."""
    text = str(paper_value).strip()
    if text[:1] in "<>":
        return text[0], float(text[1:])
    return "=", float(text)


def verdict(paper_value, paper_uncertainty: float, ours: float, ours_uncertainty: float) -> str:
    """The verdict of one row from its own columns (the rule of the module docstring)."""
    kind, value = parse_value(paper_value)
    if not (np.isfinite(value) and np.isfinite(ours) and np.isfinite(ours_uncertainty)):
        return "not comparable"
    paper_u = paper_uncertainty if np.isfinite(paper_uncertainty) else 0.0
    u = math.hypot(paper_u, ours_uncertainty)
    if (value != 0 and u >= abs(value) / 2) or ours_uncertainty > 10 * paper_u > 0:
        return "not comparable"
    if kind == ">":
        return "agrees" if ours >= value - 2 * u else "deviates"
    if kind == "<":
        return "agrees" if ours <= value + 2 * u else "deviates"
    return "agrees" if abs(ours - value) <= 2 * u else "deviates"


# --- first paper: cross sections and efficiencies (yields.csv, the pools' summaries)


def _cross_section(region: str) -> Callable:
    def measure(inputs, run):
        row = inputs["yields"].set_index(["sample", "region"]).loc[(run["background"], region)]
        note = f"k-factor {row.k_factor:g} applied"
        return Ours(row.sigma_fb, row.sigma_err_fb, f"{int(row.n_pool)} selected {region} events", note)

    return measure


def _expected_events(region: str) -> Callable:
    def measure(inputs, run):
        ours = _cross_section(region)(inputs, run)
        return Ours(
            ours.value * PAPER_LUMINOSITY_FB, ours.uncertainty * PAPER_LUMINOSITY_FB, ours.statistics, ours.note
        )

    return measure


def _selection_efficiency(scenario: str | None) -> Callable:
    """Fraction of generated events selected into SR + SB (binomial error)."""

    def measure(inputs, run):
        sample = run["background"] if scenario is None else run["scenarios"].get(scenario)
        if sample is None:
            return missing(f"no scenario {scenario} in the config")
        pool = inputs["pools"][sample]
        return _selected(sum(pool["n_selected"].values()), pool["n_generated"], "generated events")

    return measure


def _selected(k: int, n: int, what: str) -> Ours:
    """The selected share of ``n`` events (%), ``k`` of them, with its binomial error."""
    return Ours(100 * k / n, 100 * binomial_error(k / n, n), f"{k} of {n} {what}")


# --- first paper: sensitivities (the studies' tables of sensitivity rows)


def _curve(rows: pd.DataFrame, x: str) -> pd.DataFrame:
    """Per x: the best working point's replica-mean sigma_after, its SEM and the mean sigma_before."""
    summary = (
        rows.groupby([x, "eps_b"])
        .agg(
            mean=("sigma_after", "mean"),
            std=("sigma_after", "std"),
            n=("replica", "nunique"),
            before=("sigma_before", "mean"),
        )
        .reset_index()
    )
    best = summary.loc[summary.groupby(x)["mean"].idxmax()].sort_values(x, ignore_index=True)
    return best.assign(sem=best["std"] / np.sqrt(best["n"]))


def _first_crossing(x: np.ndarray, g: np.ndarray) -> float:
    """The first x where g goes from <= 0 to > 0 (linear interpolation); NaN when it never does or
    is already > 0 at the first point."""
    for i in range(1, len(x)):
        if g[i - 1] <= 0 < g[i]:
            return float(x[i - 1] + (x[i] - x[i - 1]) * -g[i - 1] / (g[i] - g[i - 1]))
    return math.nan


def learning_threshold(rows: pd.DataFrame) -> tuple[float, float]:
    """(threshold, uncertainty) in sigma_before units for one curve's rows (module docstring)."""
    curve = _curve(rows[rows.sigma0 > 0], "sigma0")
    x = curve["before"].to_numpy()
    g = (curve["mean"] - curve["before"]).to_numpy()
    sem = curve["sem"].to_numpy()
    central = _first_crossing(x, g)
    low, high = _first_crossing(x, g + sem), _first_crossing(x, g - sem)
    return central, abs(high - low) / 2


def saturation_point(rows: pd.DataFrame) -> tuple[float, float]:
    """(k, uncertainty) where one curve of sensitivity against +k reaches its plateau."""
    curve = _curve(rows, "k")
    top = curve["mean"].idxmax()
    if not np.isfinite(curve["sem"][top]):  # one replica: the plateau is not resolved
        return math.nan, math.nan
    reached = curve.index[curve["mean"] >= curve["mean"][top] - curve["sem"][top]][0]
    ks = curve["k"].to_numpy()
    if reached == len(ks) - 1:
        return math.nan, math.nan
    return float(ks[reached]), (ks[reached + 1] - ks[reached]) / 2


def _rows(inputs, study, scenario, method, k, systematic=0.0):
    table = inputs[f"study:{study}"]
    return table[
        (table.scenario == scenario)
        & (table.supervision == "cwola")
        & (table.method == method)
        & (table.k == k)
        & np.isclose(table.background_systematic, systematic)
    ]


def _replica_statistics(rows: pd.DataFrame) -> str:
    points = rows.groupby("sigma0")["replica"].nunique()
    return f"{len(points)} sigma0 points ({', '.join(f'{s:g}' for s in points.index)}), {points.min()} replicas each"


def _threshold(study: str, scenario: str, method: str, k: int) -> Callable:
    def measure(inputs, run):
        rows = _rows(inputs, study, scenario, method, k)
        if rows.empty:
            return missing(f"the {study} study has no {method} +{k} rows for {scenario}")
        value, error = learning_threshold(rows)
        note = "" if np.isfinite(value) else "no crossing inside the scanned sigma0 (it lies below or above)"
        if np.isfinite(value) and not np.isfinite(error):
            note = "replica spread unresolved (one replica, or the crossing leaves the scan within one SEM)"
        return Ours(value, error, _replica_statistics(rows), note)

    return measure


def _spread_ratio(scenario: str) -> Callable:
    """Section 5.2: replica standard deviation of sigma_after with pt_rot +5 over that without,
    averaged over the study's sigma0 > 0 points at each one's best working point."""

    def measure(inputs, run):
        augmented, plain = (_rows(inputs, "augmentation", scenario, m, k) for m, k in (("pt_rot", 5), ("none", 0)))
        if augmented.empty or plain.empty:
            return missing(f"the augmentation study has no pt_rot +5 and +0 rows for {scenario}")
        a, p = _curve(augmented, "sigma0"), _curve(plain, "sigma0")
        a, p = a[a.sigma0 > 0], p[p.sigma0 > 0]
        n = int(min(a.n.min(), p.n.min()))
        if n < 3 or (p["std"] <= 0).any():
            return missing("needs >= 3 replicas per point and a nonzero spread without augmentation")
        ratio = (a["std"].to_numpy() / p["std"].to_numpy()).mean()
        # relative error of a standard deviation from n draws: 1 / sqrt(2 (n - 1)), twice in a ratio
        error = ratio * math.sqrt(2 / (2 * (n - 1)) / len(a))
        return Ours(ratio, error, f"{len(a)} sigma0 points, {n} replicas each")

    return measure


def _saturation(scenario: str, method: str, sigma0: float = 5) -> Callable:
    def measure(inputs, run):
        table = inputs["study:asymptotic"]
        rows = table[
            (table.scenario == scenario)
            & (table.method == method)
            & np.isclose(table.sigma0, sigma0)
            & (table.background_systematic == 0)
        ]
        if rows.empty:
            return missing(f"the asymptotic study has no {method} rows for {scenario} at sigma0 = {sigma0:g}")
        value, error = saturation_point(rows)
        ks = ", ".join(f"+{k}" for k in sorted(rows.k.unique()))
        note = "" if np.isfinite(value) else "no plateau resolved inside the scan (or one replica)"
        return Ours(value, error, f"k scan {ks}; {rows.replica.nunique()} replicas", note)

    return measure


def _systematic_gain(scenario: str, systematic: float = 0.01) -> Callable:
    """Figure 8: mean sigma_after with pt_rot +5 minus without, with a 1% background systematic
    (eq. 5.3), at the study's largest sigma0 and each one's best working point."""

    def measure(inputs, run):
        augmented, plain = (
            _rows(inputs, "augmentation", scenario, m, k, systematic) for m, k in (("pt_rot", 5), ("none", 0))
        )
        if augmented.empty or plain.empty:
            return missing(
                f"the augmentation study has no pt_rot +5 and +0 rows for {scenario} with a {systematic:g} systematic"
            )
        a, p = (_curve(rows, "sigma0").iloc[-1] for rows in (augmented, plain))
        statistics = f"sigma0 = {a['sigma0']:g}, {int(a['n'])} replicas"
        return Ours(a["mean"] - p["mean"], math.hypot(a["sem"], p["sem"]), statistics)

    return measure


# --- second paper: the toy (score tables per training, column replica)


def _per_training(table: pd.DataFrame, metric: Callable) -> np.ndarray:
    return np.array([metric(training) for _, training in table.groupby("replica")])


def _training_aucs(table: pd.DataFrame) -> np.ndarray:
    """Each training's AUC on its test set."""
    return _per_training(table, lambda training: auc(*efficiencies(training)))


def _toy_statistics(table: pd.DataFrame, run) -> str:
    toy = run["toy"]
    return (
        f"{table.replica.nunique()} trainings, {toy['events_per_set']} events per set, "
        f"{toy['network']['epochs']} epochs, {len(table) // table.replica.nunique()} test events"
    )


def auc_test_error(area: float, n_signal: int, n_background: int) -> float:
    """Standard error of an AUC from a finite test set (Hanley and McNeil 1982), never below one
    test event's resolution 1 / min(n_signal, n_background) (an AUC of 1 is not exact)."""
    q1, q2 = area / (2 - area), 2 * area**2 / (1 + area)
    variance = area * (1 - area) + (n_signal - 1) * (q1 - area**2) + (n_background - 1) * (q2 - area**2)
    return max(math.sqrt(variance / (n_signal * n_background)), 1 / min(n_signal, n_background))


def binomial_error(fraction: float, n: int) -> float:
    """Binomial error of a fraction of ``n`` events, never below one event's worth 1 / n."""
    return max(math.sqrt(fraction * (1 - fraction) / n), 1 / n)


def _test_counts(table: pd.DataFrame) -> tuple[int, int]:
    """(signal, background) events of one training's test set."""
    first = table[table.replica == table.replica.iloc[0]]
    n_signal = int(first.truth.sum())
    return n_signal, len(first) - n_signal


def _toy_auc(supervision: str) -> Callable:
    def measure(inputs, run):
        table = inputs["toy"][supervision]
        aucs = _training_aucs(table)
        spread = aucs.std(ddof=1) if len(aucs) > 1 else math.nan
        error = math.hypot(spread, auc_test_error(aucs.mean(), *_test_counts(table)))
        note = "paper: one training (figure 4); ours: mean over trainings, error: their spread and the test set's"
        return Ours(aucs.mean(), error, _toy_statistics(table, run), note)

    return measure


def _toy_background(supervision: str, signal_efficiency: float) -> Callable:
    def measure(inputs, run):
        table = inputs["toy"][supervision]
        values = 100 * _per_training(table, lambda t: background_at(t, signal_efficiency))
        q25, q50, q75 = np.percentile(values, [25, 50, 75])
        spread = (q75 - q25) / 2 if len(values) > 1 else math.nan
        binomial = 100 * binomial_error(q50 / 100, _test_counts(table)[1])
        note = (
            "median over trainings (the paper's box plots, figure 6); error: half the interquartile range "
            "and the test background's binomial error"
        )
        return Ours(q50, math.hypot(spread, binomial), _toy_statistics(table, run), note)

    return measure


def _median_aucs(scan: dict) -> dict[float, tuple[float, float, int]]:
    """label -> (median AUC over trainings, its standard error, trainings) of the label scan."""
    medians = {}
    for label, table in scan.items():
        aucs = _training_aucs(table)
        # standard error of a median: sqrt(pi / 2) sigma / sqrt(n)
        error = math.sqrt(math.pi / 2) * aucs.std(ddof=1) / math.sqrt(len(aucs)) if len(aucs) > 1 else math.nan
        medians[label] = float(np.median(aucs)), error, len(aucs)
    return medians


def _label_scan(inputs, run):
    """Section 3: the worst median weak AUC over wrong labels (not f_A) over the true label's."""
    f_a, f_b = run["toy"]["fractions"]
    scan = inputs["toy"]["scan"]
    wrong = [label for label in scan if not np.isclose(label, f_a) and not np.isclose(label, f_b)]
    if not wrong or f_b not in scan:
        return missing("the label scan has no wrong label besides f_A")
    medians = _median_aucs(scan)
    true_auc, true_error, n = medians[f_b]
    worst = min(wrong, key=lambda label: medians[label][0])
    worst_auc, worst_error, _ = medians[worst]
    ratio = worst_auc / true_auc
    error = ratio * math.hypot(worst_error / worst_auc, true_error / true_auc)
    labels = ", ".join(f"{label:g}" for label in wrong)
    return Ours(ratio, error, f"labels {labels}; {n} trainings each", f"worst label {worst:g}")


def _breakdown(inputs, run):
    """Eq. (4.6): the smallest scanned label shift |delta| of set B whose median weak AUC falls
    below midway between 0.5 and the true label's (a failed training), against the bound."""
    f_a, f_b = run["toy"]["fractions"]
    scan = inputs["toy"]["scan"]
    if f_b not in scan:
        return missing(f"the label scan lacks the true label {f_b:g}")
    medians = _median_aucs(scan)
    threshold = (0.5 + medians[f_b][0]) / 2
    failed = sorted(abs(label - f_b) for label, (median, _, _) in medians.items() if median < threshold)
    labels = sorted(scan)
    step = min(np.diff(labels)) / 2 if len(labels) > 1 else math.nan
    statistics = f"labels {', '.join(f'{label:g}' for label in labels)}"
    if not failed:
        return missing(f"no scanned label fails ({statistics})")
    return Ours(failed[0], step, statistics, "uncertainty: half the scan step")


# --- second paper: the LHC example (section 5 tables)


def _lhc_selection(role: str) -> Callable:
    def measure(inputs, run):
        sample = run["lhc"][role]
        info = inputs["lhc_samples"][sample]
        return _selected(info["n_selected"], info["n_generated"], f"generated {sample} events")

    return measure


def _table3(network: str, metric: str) -> Callable:
    def measure(inputs, run):
        table = inputs["lp_gluino_table"]
        row = table[(table.network == network) & table.metric.str.startswith(metric)].iloc[0]
        n_signal, n_background = int(row.test_signal), int(row.test_background)
        if metric == "auc":
            test = auc_test_error(row["mean"], n_signal, n_background)
        else:
            test = binomial_error(row["mean"], n_signal)
        statistics = f"{int(row.trainings)} trainings, {n_signal} + {n_background} test events"
        error = math.hypot(row.error_of_mean, test)
        return Ours(row["mean"], error, statistics, "error: the spread of the mean over trainings and the test set's")

    return measure


def _fraction(run_name: str, column: str) -> Callable:
    def measure(inputs, run):
        row = inputs["lp_mismodelling"].set_index("run").loc[run_name]
        return Ours(row[column], 0.0, "exact fractions of our sets", "our sets' fraction is exact: no uncertainty")

    return measure


def _auc_change(variant: str) -> Callable:
    def measure(inputs, run):
        table = inputs["lp_mismodelling"].set_index("run")
        nominal, changed = table.loc["full_nominal"], table.loc[f"full_{variant}"]
        n = run["lhc"]["trainings"]
        counts = inputs["lp_gluino_table"].iloc[0]  # the same test set
        test = auc_test_error(nominal.auc_mean, int(counts.test_signal), int(counts.test_background))
        change = 100 * (changed.auc_mean / nominal.auc_mean - 1)
        spread = math.hypot(changed.auc_std, nominal.auc_std) / math.sqrt(n)
        error = 100 * math.hypot(spread, test) / nominal.auc_mean
        return Ours(change, error, f"{n} trainings each", "error: the trainings' spread and the test set's")

    return measure


def _background_after_cut(network: str) -> Callable:
    def measure(inputs, run):
        table = inputs["lp_combination"].set_index("network")
        row = table.loc[network]
        return Ours(
            row.background_fb,
            row.background_err_fb,
            f"cut keeping {row.signal_fb:.3g} fb of signal",
            "paper: at 0.123 fb of signal",
        )

    return measure


def _combination_gain(inputs, run):
    table = inputs["lp_combination"].set_index("network")
    full, combined = table.loc["full"], table.loc["combined"]
    gain = 100 * (1 - combined.background_fb / full.background_fb)
    # the two backgrounds share most events: the uncorrelated sum is an upper bound of the error
    error = 100 * combined.background_fb / full.background_fb
    error *= math.hypot(
        combined.background_err_fb / combined.background_fb, full.background_err_fb / full.background_fb
    )
    return Ours(gain, error, f"cut keeping {full.signal_fb:.3g} fb of signal", "error: uncorrelated upper bound")


@dataclass(frozen=True)
class Claim:
    """One quantitative claim: where it is made, its printed value and uncertainty (NaN: none
    printed), the input it needs (a role of the ledger's inputs) and how ours is measured."""

    paper: str
    section: str
    claim: str
    quantity: str
    paper_value: str
    paper_uncertainty: float
    unit: str
    needs: str
    measure: Callable
    note: str = ""


AUG, LP = "augmentation", "label_proportions"
NAN = math.nan
ROUNDED = 0.0005  # table 4's fractions: half a unit of the printed precision


def aug(section, claim, quantity, value, uncertainty, unit, needs, measure, note=""):
    return Claim(AUG, section, claim, quantity, value, uncertainty, unit, needs, measure, note)


def lp(section, claim, quantity, value, uncertainty, unit, needs, measure, note=""):
    return Claim(LP, section, claim, quantity, value, uncertainty, unit, needs, measure, note)


def _thresholds(section, label, method, k, value, study, note=""):
    return [
        aug(
            section,
            f"learning threshold, {label}, {s}",
            f"sigma_L({s}, {method} +{k})",
            value,
            NAN,
            "sigma",
            f"study:{study}",
            _threshold(study, s, method, k),
            note,
        )
        for s in SCENARIOS
    ]


# fmt: off
CLAIMS = [
    aug("3.2", "QCD cross section in the SR", "sigma_QCD(SR)", "136.1", NAN, "fb", "yields", _cross_section("SR"),
        "paper: MadGraph + Pythia + Delphes"),
    aug("3.2", "QCD cross section in the SB", "sigma_QCD(SB)", "145.6", NAN, "fb", "yields", _cross_section("SB"),
        "paper: MadGraph + Pythia + Delphes"),
    aug("3.2", "background events in the SR at 139 fb^-1", "b0(SR)", "19000", 500.0, "events", "yields",
        _expected_events("SR"), "'about 19k': +-500 is the rounding"),
    aug("3.2", "background events in the SB at 139 fb^-1", "b0(SB)", "20000", 500.0, "events", "yields",
        _expected_events("SB"), "'about 20k': +-500 is the rounding"),
    *[
        aug("3.1", f"selection efficiency into SR + SB, {name}", f"eff_sel({name})", "nan", NAN, "%", "pools",
            _selection_efficiency(scenario), "the paper prints no cutflow")
        for name, scenario in (("QCD", None), ("ID", "ID"), ("DD", "DD"))
    ],
    *_thresholds("5.2 (fig. 3)", "CWoLa without augmentation", "none", 0, "6", "cwola",
                 "'approximately 6 sigma'"),
    *_thresholds("4.3 (fig. 3)", "CWoLa without augmentation", "none", 0, ">5", "cwola", "'exceed 5 sigma'"),
    *_thresholds("5.2 (fig. 5)", "+5 pT smearing + rotation", "pt_rot", 5, "3", "augmentation",
                 "'approximately 3 sigma'"),
    *[
        aug("5.2 (fig. 5)", f"replica spread halved by +5 pT smearing + rotation, {s}", f"std ratio ({s})", "0.5",
            NAN, "", "study:augmentation", _spread_ratio(s), "'reduced to about a half'")
        for s in SCENARIOS
    ],
    aug("5.3 (fig. 7)", "pT smearing saturates (ID, 5 sigma)", "k_sat(ID, pt_smear)", "12.5", 2.5, "copies",
        "study:asymptotic", _saturation("ID", "pt_smear"), "range +10 to +15"),
    aug("5.3 (fig. 7)", "rotation saturates (ID, 5 sigma)", "k_sat(ID, rotation)", "30", NAN, "copies",
        "study:asymptotic", _saturation("ID", "rotation"), "'after approximately +30'"),
    aug("5.3 (fig. 7)", "pT smearing + rotation saturates (ID, 5 sigma)", "k_sat(ID, pt_rot)", "30", NAN, "copies",
        "study:asymptotic", _saturation("ID", "pt_rot"), "'after approximately +30'"),
    *[
        aug("5.4 (fig. 8)", f"+5 pT smearing + rotation still gains with a 1% systematic, {s}",
            f"Delta sigma_after({s}, 1%)", ">0", NAN, "sigma", "study:augmentation", _systematic_gain(s),
            "'still outperforms'")
        for s in SCENARIOS
    ],
    lp("3 (fig. 4)", "toy AUC, full supervision", "AUC_full", "0.977", NAN, "", "toy", _toy_auc("FS")),
    lp("3 (fig. 4)", "toy AUC, weak supervision (true labels)", "AUC_weak", "0.973", NAN, "", "toy",
       _toy_auc("weak")),
    lp("3 (fig. 6)", "toy background efficiency at 70% signal, full", "eps_b(0.7, full)", "0.8", NAN, "%", "toy",
       _toy_background("FS", 0.7), "'around 0.8%'"),
    lp("3 (fig. 6)", "toy background efficiency at 70% signal, weak", "eps_b(0.7, weak)", "1.25", 0.25, "%", "toy",
       _toy_background("weak", 0.7), "range 1-1.5%"),
    lp("3 (fig. 6)", "toy background efficiency at 40% signal, full", "eps_b(0.4, full)", "0.04", NAN, "%", "toy",
       _toy_background("FS", 0.4), "'around 0.04%'"),
    lp("3 (fig. 6)", "toy background efficiency at 40% signal, weak", "eps_b(0.4, weak)", "0.15", 0.05, "%", "toy",
       _toy_background("weak", 0.4), "range 0.1-0.2%"),
    lp("3 (fig. 5)", "wrong labels (but f_A) cost no real performance", "worst median AUC / true label's", "1",
       NAN, "", "toy", _label_scan, "'difficult to see any real difference'"),
    lp("4, eq. (4.6)", "no breakdown for label shifts below the bound", "smallest failing |delta|",
       f">{mislabelling_bound(0.7, 0.4):.3f}", NAN, "", "toy", _breakdown,
       "eq. (4.6) at the toy's fractions (0.7 mislabelled, 0.4): 0.3 / 2.2"),
    lp("5.1", "gluino events passing the selection", "eff_sel(gluino)", "94.67", 0.03, "%", "lhc_samples",
       _lhc_selection("signal"), "473 359 of 500 000; binomial error"),
    lp("5.1", "Z + jet events passing the selection", "eff_sel(Z + jet)", "26.43", 0.044, "%", "lhc_samples",
       _lhc_selection("background"), "264 303 of 10^6; binomial error; their generator cuts: jet pT, MET > 150 GeV"),
    lp("table 3", "AUC, full supervision", "AUC_full", "0.99992393", 3.1e-7, "", "lp_gluino_table",
       _table3("full", "auc")),
    lp("table 3", "signal efficiency at 1% background, full", "eps_s(1%, full)", "0.999373", 1.7e-5, "",
       "lp_gluino_table", _table3("full", "signal_efficiency")),
    lp("table 3", "AUC, weak supervision", "AUC_weak", "0.9998978", 3.5e-6, "", "lp_gluino_table",
       _table3("weak", "auc")),
    lp("table 3", "signal efficiency at 1% background, weak", "eps_s(1%, weak)", "0.999286", 3.0e-5, "",
       "lp_gluino_table", _table3("weak", "signal_efficiency")),
    *[
        lp("table 4", f"{what}, set {s}", f"f_{s} ({run})", value, ROUNDED, "", "lp_mismodelling",
           _fraction(f"weak_{run}", f"label_fractions_{s}"), "+-0.0005: the printed precision")
        for run, what, values in (
            ("nominal", "signal fraction", ("0.472", "0.843")),
            ("random", "label, 15% of the signal mislabelled", ("0.374", "0.782")),
            ("swap", "label, phase-space swap", ("0.416", "0.810")),
        )
        for s, value in zip("AB", values)
    ],
    lp("5.2", "full-supervision AUC unchanged by 15% random mislabelling", "Delta AUC_full (random)", "0", NAN,
       "%", "lp_mismodelling", _auc_change("random"), "'effectively unchanged'"),
    lp("5.2", "full-supervision AUC smaller after the phase-space swap", "Delta AUC_full (swap)", "-4.1", NAN, "%",
       "lp_mismodelling", _auc_change("swap")),
    *[
        lp(section, f"background after the cut, {name}", f"sigma_b({network})", value, NAN, "fb", "lp_combination",
           _background_after_cut(network))
        for section, name, network, value in (
            ("5.1 (fig. 9)", "full supervision", "full", "0.019"),
            ("5.1 (fig. 9)", "weak supervision", "weak", "0.051"),
            ("6 (fig. 11)", "weak + full combined", "combined", "0.016"),
        )
    ],
    lp("6 (fig. 11)", "background reduction of the combination over full supervision",
       "1 - sigma_b(comb) / sigma_b(full)", "15.8", NAN, "%", "lp_combination", _combination_gain),
]
# fmt: on


def toy_runs(tables, fractions) -> dict:
    """The toy's score tables by role: "FS" (full supervision), "weak" (the true labels) and
    "scan" (weak, set B's label -> table), each table keyed by its own columns."""
    runs = {"scan": {}}
    for table in tables:
        if table["supervision"].iloc[0] == "full":
            runs["FS"] = table
        else:
            runs["scan"][float(table["label"].iloc[0])] = table
    runs["weak"] = runs["scan"][float(fractions[1])]
    return runs


#: the inputs of the claims that a recorded run of another generation chain answers too
#: (``docs/records/<name>/``: its yields.csv and pools' summaries), as rows of their own
CHAIN_INPUTS = ("yields", "pools")


def chain(config: dict) -> str:
    """The generation chain of a run, as the config column names it: generator and detector."""
    if config["generator"] == "madgraph":
        cuts = config["samples"][config["background"]].get("generator_cuts", {})
        mg5 = ", ".join(f"{key} {value:g}" for key, value in madgraph_cuts(cuts).items())
        generator = f"QCD: MG5_aMC 3.5.7 ({mg5}) + Pythia 8"
    else:
        generator = "QCD: Pythia 8 HardQCD"
    return f"{generator}; {'Delphes 3.4.2 CMS card' if config['detector'] == 'delphes' else 'fast simulation'}"


def run_description(config: dict) -> dict:
    """What the claims need from the config, and the text of each row's config column by part."""
    background = config["background"]
    k_factor = wsconfig.k_factor(config, background)
    training, toy, lhc = config["training"], config["label_proportions"]["toy"], config["label_proportions"]["lhc"]
    return {
        "background": background,
        "scenarios": config["scenarios"],
        "toy": {"fractions": toy["fractions"], "events_per_set": toy["events_per_set"], "network": toy["network"]},
        "lhc": {key: lhc[key] for key in ("signal", "background", "trainings")},
        "config": {
            "dijet": (
                f"{chain(config)}; QCD k-factor {k_factor:g}; {config['luminosity_fb']:g} fb^-1; "
                f"batch {training['batch_size']}, "
                f"patience {training['patience']}, <= {training['max_epochs']} epochs"
            ),
            "toy": f"{toy['events_per_set']} events per set; {toy['network']['epochs']} epochs",
            "lhc": f"{lhc['network']['epochs']} epochs",
        },
    }


def ledger(inputs: dict, run: dict) -> pd.DataFrame:
    """The ledger: one row per claim of ``CLAIMS``.

    ``inputs``: role -> loaded outputs of the run (a role is absent when the run lacks it: a study
    not configured); ``run``: what the rows need from the config and say about it (``background``,
    ``scenarios``, ``toy``, ``lhc``, and ``config`` by part: the text of the config column).
    ``inputs["records"]``, when given: recorded runs of other generation chains by name, each with
    its ``yields``, ``pools`` and ``chain``; every claim of ``CHAIN_INPUTS`` gets a row measured on
    each, right after the run's own.
    """
    rows = []
    for claim in CLAIMS:
        if claim.needs in inputs:
            ours = claim.measure(inputs, run)
        else:
            what = claim.needs.replace("study:", "study ")
            ours = missing(f"{what} is not configured in this run")
        part = "dijet" if claim.paper == AUG else "toy" if claim.needs == "toy" else "lhc"
        rows.append(_row(claim, ours, run["config"].get(part, "")))
        if claim.needs in CHAIN_INPUTS:
            for name, record in inputs.get("records", {}).items():
                ours = claim.measure(record, run)
                rows.append(
                    _row(claim, replace(ours, note=f"recorded run docs/records/{name}; {ours.note}"), record["chain"])
                )
    return pd.DataFrame(rows, columns=COLUMNS)


def _row(claim: Claim, ours: Ours, config: str) -> dict:
    """One row of the ledger: the claim, our measurement of it, the config it was made with."""
    return {
        "paper": claim.paper,
        "section": claim.section,
        "claim": claim.claim,
        "quantity": claim.quantity,
        "paper_value": claim.paper_value,
        "paper_uncertainty": claim.paper_uncertainty,
        "ours": ours.value,
        "ours_uncertainty": ours.uncertainty,
        "unit": claim.unit,
        "config": config,
        "statistics": ours.statistics,
        "verdict": verdict(claim.paper_value, claim.paper_uncertainty, ours.value, ours.uncertainty),
        "note": "; ".join(text for text in (claim.note, ours.note) if text),
    }
