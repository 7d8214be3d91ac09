"""The measures of the second paper's claims (label proportions): the toy's score tables and the
LHC example's tables (section 5)."""

import math
from collections.abc import Callable

import numpy as np
import pandas as pd

from weaksup.analysis.evaluation import auc
from weaksup.analysis.lp.toy import background_at, efficiencies
from weaksup.ledger.verdict import Ours, auc_test_error, binomial_error, missing, selected

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


def _test_counts(table: pd.DataFrame) -> tuple[int, int]:
    """(signal, background) events of one training's test set."""
    first = table[table.replica == table.replica.iloc[0]]
    n_signal = int(first.truth.sum())
    return n_signal, len(first) - n_signal


def toy_auc(supervision: str) -> Callable:
    def measure(inputs, run):
        table = inputs["toy"][supervision]
        aucs = _training_aucs(table)
        spread = aucs.std(ddof=1) if len(aucs) > 1 else math.nan
        error = math.hypot(spread, auc_test_error(aucs.mean(), *_test_counts(table)))
        note = "paper: one training (figure 4); ours: mean over trainings, error: their spread and the test set's"
        return Ours(aucs.mean(), error, _toy_statistics(table, run), note)

    return measure


def toy_background(supervision: str, signal_efficiency: float) -> Callable:
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


def label_scan(inputs, run):
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


def breakdown(inputs, run):
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


# --- second paper: the LHC example (section 5 tables)


def lhc_selection(role: str) -> Callable:
    def measure(inputs, run):
        sample = run["lhc"][role]
        info = inputs["lhc_samples"][sample]
        return selected(info["n_selected"], info["n_generated"], f"generated {sample} events")

    return measure


def table3(network: str, metric: str) -> Callable:
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


def fraction(run_name: str, column: str) -> Callable:
    def measure(inputs, run):
        row = inputs["lp_mismodelling"].set_index("run").loc[run_name]
        return Ours(row[column], 0.0, "exact fractions of our sets", "our sets' fraction is exact: no uncertainty")

    return measure


def auc_change(variant: str) -> Callable:
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


def background_after_cut(network: str) -> Callable:
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


def combination_gain(inputs, run):
    table = inputs["lp_combination"].set_index("network")
    full, combined = table.loc["full"], table.loc["combined"]
    gain = 100 * (1 - combined.background_fb / full.background_fb)
    # the two backgrounds share most events: the uncorrelated sum is an upper bound of the error
    error = 100 * combined.background_fb / full.background_fb
    error *= math.hypot(
        combined.background_err_fb / combined.background_fb, full.background_err_fb / full.background_fb
    )
    return Ours(gain, error, f"cut keeping {full.signal_fb:.3g} fb of signal", "error: uncorrelated upper bound")
