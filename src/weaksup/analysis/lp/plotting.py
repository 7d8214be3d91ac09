"""Figures of the label-proportion paper (prefix ``lp_``): data in, matplotlib figure out.

Scores are tables of test events (``truth``, ``score`` = the network output, ``signal_score`` =
the output oriented by the labels: 1 - output when set B is labelled below set A, the analyst's
cut direction); ``runs`` map a label (or a loss, or
"FS" for full supervision) to the list of score tables of its trainings.
"""

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from weaksup.analysis.cwola.plotting import percent
from weaksup.analysis.evaluation import auc, roc
from weaksup.analysis.lp.lhc import combination_inputs, training_rocs
from weaksup.analysis.lp.toy import N_FEATURES, TOY_MODES, background_at, efficiencies, mislabelling_bound, toy_pdf

FPR_GRID = np.logspace(-4, 0, 200)
FEATURE_NAMES = ("$x_1$", "$x_2$", "$x_3$")


def _tpr_on_grid(tables) -> np.ndarray:
    """Each training's true positive rate on the common false-positive-rate grid."""
    return np.array([np.interp(FPR_GRID, *efficiencies(t)) for t in tables])


def _roc_band(ax, tables, label, color=None):
    tpr = _tpr_on_grid(tables)
    mean_auc = np.mean([auc(*efficiencies(t)) for t in tables])
    (line,) = ax.plot(FPR_GRID, np.median(tpr, axis=0), color=color, label=f"{label} (AUC {mean_auc:.3f})")
    ax.fill_between(FPR_GRID, tpr.min(axis=0), tpr.max(axis=0), color=line.get_color(), alpha=0.25, lw=0)


def _roc_axes(ax):
    ax.set_xscale("log")
    ax.set_xlim(FPR_GRID[0], 1)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel(r"False positive rate (background efficiency $\varepsilon_b$)")
    ax.set_ylabel(r"True positive rate (signal efficiency $\varepsilon_s$)")
    ax.legend(fontsize=8, loc="lower right")


def _boxplot(ax, runs: dict, metric):
    """Boxplots of ``metric`` over each run's trainings, labelled by label value (or "FS")."""
    names = list(runs)
    ax.boxplot([[metric(t) for t in runs[name]] for name in names], sym="x")
    ax.set_xticks(range(1, len(names) + 1), [n if n == "FS" else f"{n:g}" for n in names])


def toy_features(x: np.ndarray, truth: np.ndarray):
    """Figure 3: the PDFs of the three toy features per class (lines) and the generated events (histograms)."""
    fig, axes = plt.subplots(1, N_FEATURES, figsize=(12, 3.6), layout="constrained")
    for feature, ax in enumerate(axes):
        low = min(mu - 4 * s for label in (0, 1) for mu, s in TOY_MODES[label][feature])
        high = max(mu + 4 * s for label in (0, 1) for mu, s in TOY_MODES[label][feature])
        grid = np.linspace(low, high, 400)
        for label, color in ((0, "tab:green"), (1, "tab:orange")):
            ax.hist(x[truth == label, feature], bins=60, range=(low, high), density=True, color=color, alpha=0.3)
            ax.plot(grid, toy_pdf(grid, feature, label), color=color, label=f"class {label}")
        ax.set_xlabel(FEATURE_NAMES[feature])
        ax.set_ylabel("Probability density")
        ax.legend(fontsize=8)
    return fig


def toy_roc(weak, full):
    """Figure 4: ROC of one weakly and one fully supervised network on the same data."""
    fig, ax = plt.subplots(figsize=(5, 4.2), layout="constrained")
    for table, label in ((weak, "weak supervision"), (full, "full supervision")):
        eps_b, eps_s = efficiencies(table)
        ax.plot(eps_b, eps_s, label=f"{label} (AUC {auc(eps_b, eps_s):.3f})")
    _roc_axes(ax)
    return fig


def label_scan_auc(runs: dict, true_label: float):
    """Figure 5: ROC spread (true labels, full supervision) and AUC boxplots against the label of set B."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.2), layout="constrained")
    _roc_band(left, runs[true_label], f"weak, label {true_label:g}")
    _roc_band(left, runs["FS"], "full supervision")
    _roc_axes(left)
    _boxplot(right, runs, lambda t: auc(*efficiencies(t)))
    right.set_xlabel(f"Fraction label given to the set of true fraction {true_label:g}")
    right.set_ylabel("AUC")
    return fig


def label_scan_efficiency(runs: dict, signal_efficiencies=(0.7, 0.4)):
    """Figure 6: background efficiency at fixed signal efficiencies (medium 70%, tight 40%)."""
    fig, axes = plt.subplots(1, len(signal_efficiencies), figsize=(10, 4.2), layout="constrained")
    for ax, eps_s in zip(np.atleast_1d(axes), signal_efficiencies):
        _boxplot(ax, runs, lambda t: background_at(t, eps_s))
        ax.set_yscale("log")
        ax.set_title(rf"$\varepsilon_s$ = {percent(eps_s)}")
        ax.set_xlabel("Fraction label of set B")
        ax.set_ylabel(r"Background efficiency $\varepsilon_b$")
    return fig


def outputs(runs: dict):
    """Figure 7: network outputs on the test set, signal and background, one line per training."""
    fig, axes = plt.subplots(1, len(runs), figsize=(5 * len(runs), 4), layout="constrained", squeeze=False)
    for ax, (label, tables) in zip(axes[0], runs.items()):
        for table in tables:
            for truth, color in ((1, "tab:blue"), (0, "tab:green")):
                ax.hist(table.score[table.truth == truth], bins=50, range=(0, 1), histtype="step", color=color)
        ax.plot([], [], color="tab:blue", label="signal (class 1)")
        ax.plot([], [], color="tab:green", label="background (class 0)")
        ax.set_title(f"set B labelled {label:g}")
        ax.set_xlabel("Network output")
        ax.set_ylabel("Test events / 0.02")
        ax.legend(fontsize=8)
    return fig


def losses(runs: dict):
    """Figure 12: ROC spread of weak supervision for each loss function, mean AUC in the legend."""
    fig, ax = plt.subplots(figsize=(5.5, 4.5), layout="constrained")
    names = {"bce": "BCE (2.2)", "mae": "MAE (A.1)", "llp": "batch-level LLP (A.2)"}
    for loss, tables in runs.items():
        _roc_band(ax, tables, names.get(loss, loss))
    _roc_axes(ax)
    return fig


def breakdown(runs: dict, fractions, signal_efficiency: float = 0.7):
    """Section 4: performance against the label of set B, with the monotonicity bound of eq. (4.6).

    Set B has true fraction fractions[1] and set A fractions[0] (labelled correctly). Inside the
    band |label - f_B| < bound the classifier is still a monotonic map of the optimal one.
    """
    f_a, f_b = fractions
    bound = mislabelling_bound(f_b, f_a)  # as printed
    derived = mislabelling_bound(f_b, f_a, min_coefficient=4)  # eq. (4.5) minimized over z in [0, 1]
    labels = [name for name in runs if name != "FS"]
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(6, 6.5), sharex=True, layout="constrained")
    for ax, metric, name in (
        (top, lambda t: auc(*efficiencies(t)), "AUC"),
        (
            bottom,
            lambda t: background_at(t, signal_efficiency),
            rf"$\varepsilon_b$ at $\varepsilon_s$ = {signal_efficiency:.0%}",
        ),
    ):
        values = [[metric(t) for t in runs[label]] for label in labels]
        ax.errorbar(
            labels,
            [np.mean(v) for v in values],
            yerr=[np.std(v) for v in values],
            fmt="o",
            capsize=3,
            label="weak supervision",
        )
        full = [metric(t) for t in runs["FS"]]
        ax.axhline(np.mean(full), color="black", ls="--", label="full supervision")
        ax.axvspan(f_b - bound, f_b + bound, color="tab:green", alpha=0.15, label=f"eq. (4.6): |delta| < {bound:.3f}")
        for edge in (f_b - derived, f_b + derived):
            ax.axvline(
                edge,
                color="tab:green",
                ls=":",
                label=f"from eq. (4.5): |delta| < {derived:.3f}" if edge < f_b else None,
            )
        ax.axvline(f_a, color="tab:red", ls=":", label=f"label = f_A = {f_a:g} (degenerate)")
        ax.set_ylabel(name)
        ax.legend(fontsize=7)
    bottom.set_yscale("log")
    bottom.set_xlabel(f"Fraction label given to set B (true fraction {f_b:g})")
    return fig


# --- section 5: gluino pairs vs Z(-> nu nu~) + jet (scores: (events, trainings) arrays, training 0 drawn)


NETWORK_NAMES = {"full": "fully supervised", "weak": "weakly supervised", "combined": "combination"}


def gluino_met(table, outputs: dict, weights, cuts: pd.DataFrame):
    """Figure 9: cross-section-weighted outputs of each network with its cut (``cuts``, from
    ``lp_lhc.cut_yields``), and the missing-ET spectrum before (dashed) and after (solid) the cut."""
    signal = table["truth"].to_numpy() == 1
    met_gev = table["met"].to_numpy()
    met_bins = np.linspace(200, max(met_gev.max(), 1000), 40)
    fig, axes = plt.subplots(2, 2, figsize=(10, 7.5), layout="constrained")
    for (left, right), cut in zip(axes, cuts.itertuples()):
        output = outputs[cut.network]
        passed = output >= cut.cut
        for mask, color, name in ((signal, "tab:green", "gluino pairs"), (~signal, "tab:purple", "Z + jets")):
            left.hist(
                output[mask],
                bins=50,
                range=(output.min(), output.max()),
                weights=weights[mask],
                histtype="step",
                color=color,
                label=name,
            )
            right.hist(met_gev[mask], bins=met_bins, weights=weights[mask], histtype="step", ls="--", color=color)
            right.hist(
                met_gev[mask & passed],
                bins=met_bins,
                weights=weights[mask & passed],
                histtype="step",
                color=color,
                label=f"{name} after the cut",
            )
        left.axvline(
            cut.cut, color="black", ls="--", label=f"cut: S = {cut.signal_fb:.3g} fb, B = {cut.background_fb:.3g} fb"
        )
        left.set_yscale("log")
        left.set_xlabel(f"{NETWORK_NAMES[cut.network]} network output")
        left.set_ylabel("Cross section per bin (fb)")
        left.legend(fontsize=7)
        right.set_yscale("log")
        right.set_xlabel("Missing transverse energy (GeV)")
        right.set_ylabel("Cross section per bin (fb)")
        right.legend(fontsize=7, title=f"{NETWORK_NAMES[cut.network]} (dashed: before the cut)", title_fontsize=7)
    return fig


def _mean_roc(ax, scores, truth, label, **style):
    """The mean ROC of the trainings (columns of ``scores``) on the FPR grid, mean AUC in the label."""
    curves = training_rocs(scores, truth)
    tpr = np.mean([np.interp(FPR_GRID, *curve) for curve in curves], axis=0)
    ax.plot(FPR_GRID, tpr, label=f"{label} (AUC {np.mean([auc(*c) for c in curves]):.6f})", **style)


def _zoom_on_curves(ax):
    """Near-perfect classifiers (section 5): the y axis from just below the lowest plotted TPR."""
    lowest = min(line.get_ydata().min() for line in ax.get_lines())
    ax.set_ylim(max(0.0, lowest - 0.1 * (1 - lowest) - 1e-4), 1 + 0.02 * (1 - lowest) + 1e-5)


def mismodelling(truth, runs: dict):
    """Figure 10: ROC (true test labels ``truth``) of full and weak supervision trained on correctly
    labelled (dashed), randomly mislabelled (left) and phase-space-swapped (right) data; ``runs``
    maps "{supervision}_{labelling}" to the test events' scores."""
    fig, axes = plt.subplots(1, 2, figsize=(10, 4.5), layout="constrained")
    titles = {"random": "random signal labelled background", "swap": "phase-space swap"}
    for ax, variant in zip(axes, ("random", "swap")):
        for supervision, color in (("full", "tab:blue"), ("weak", "tab:orange")):
            for run, style in ((f"{supervision}_nominal", "--"), (f"{supervision}_{variant}", "-")):
                _mean_roc(ax, runs[run], truth, run.replace("_", ", "), color=color, ls=style)
        ax.set_title(titles[variant])
        _roc_axes(ax)
        _zoom_on_curves(ax)
    return fig


def combination(table, outputs: dict, weights):
    """Figure 11: weighted 2D histogram of the weak and the (transformed) full output over the
    events of ``table`` (weights in fb), and the test ROC of their combination against each alone."""
    signal = table["truth"].to_numpy() == 1
    test = table["split"].to_numpy() == "test"
    xy = combination_inputs(outputs["full"], outputs["weak"])
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.5), layout="constrained")
    for mask, cmap, name in ((~signal, "Purples", "Z + jets"), (signal, "Greens", "gluino pairs")):
        left.hist2d(
            xy[mask, 0],
            xy[mask, 1],
            bins=60,
            weights=weights[mask],
            cmap=cmap,
            cmin=1e-12,
            norm=matplotlib.colors.LogNorm(),
            alpha=0.7,
        )
        left.plot([], [], "s", color=plt.get_cmap(cmap)(0.7), label=name)
    left.set_xlabel("Weakly supervised network output")
    left.set_ylabel(r"$\log_{10}\log(2 - \mathrm{fully\ supervised\ output})$")
    left.legend(fontsize=8)
    for network, values in outputs.items():
        eps_b, eps_s, _ = roc(values[test], signal[test])
        right.plot(eps_b, eps_s, label=f"{NETWORK_NAMES[network]} (AUC {auc(eps_b, eps_s):.6f})")
    _roc_axes(right)
    _zoom_on_curves(right)
    return fig
