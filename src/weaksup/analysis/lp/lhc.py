"""The label-proportion paper's LHC example (section 5): gluino pairs against Z(-> nu nu~) + jet.

Selected events of every sample in one table (``met.FEATURES``, ``sample``, ``truth``,
``weight_fb``); the splits and the two weak-supervision sets of section 5.1; the mislabellings of
section 5.2 (table 4). The background samples are exclusive pT_hat bins: the networks train on
the lowest (150-500 GeV by default, where almost all of the cross section is), and figure 9 weighs
all of them by their own cross sections, reaching missing energies no training event has.
"""

import numpy as np
import pandas as pd

from weaksup.analysis.evaluation import auc, roc, signal_efficiency
from weaksup.events.met import FEATURES
from weaksup.events.pools import combined_cross_section

VARIANTS = ("nominal", "random", "swap")  # section 5.2: labels as generated, random 15%, phase-space swap


def events_table(samples: dict[str, pd.DataFrame], summaries: dict[str, dict], signal: str) -> pd.DataFrame:
    """All samples' selected events in one table, each weighted by sigma / N_generated (fb per event)."""
    parts = []
    for name, events in samples.items():
        summary = summaries[name]
        if summary["n_generated"] == 0:
            raise ValueError(f"sample {name}: no generated events")
        parts.append(
            events.assign(
                sample=name, truth=int(name == signal), weight_fb=summary["sigma_fb"] / summary["n_generated"]
            )
        )
    return pd.concat(parts, ignore_index=True)


def sample_summary(metas: list[dict], n_selected: int) -> dict:
    """A sample's cross section (fb, from its chunks' generation metadata) and event counts."""
    sigma, error = combined_cross_section(metas)
    n_generated = sum(m["n_events"] for m in metas)
    return {"sigma_fb": sigma, "sigma_err_fb": error, "n_generated": n_generated, "n_selected": n_selected}


def split_events(table: pd.DataFrame, trained, test_fraction: float, validation_fraction: float, rng) -> pd.DataFrame:
    """The events table with ``split`` (test / validation / train for the ``trained`` samples, "tail"
    for the others) and ``set_draw``, the uniform number that later puts each event in set A or B."""
    is_trained = table["sample"].isin(trained).to_numpy()
    for name in trained:
        if not (table["sample"] == name).any():
            raise ValueError(f"sample {name}: no event passes the selection")
    split = np.full(len(table), "tail", dtype=object)
    split[is_trained] = assign_splits(is_trained.sum(), test_fraction, validation_fraction, rng)
    return table.assign(split=split.astype(str), set_draw=rng.random(len(table)))


def assign_splits(n: int, test_fraction: float, validation_fraction: float, rng) -> np.ndarray:
    """'test' for a random ``test_fraction``, then 'validation' for ``validation_fraction`` of the rest."""
    u = rng.random(n)
    rest = (u - test_fraction) / (1 - test_fraction)
    return np.where(u < test_fraction, "test", np.where(rest < validation_fraction, "validation", "train"))


def assign_sets(labels: np.ndarray, draws: np.ndarray, background_shares, signal_shares) -> np.ndarray:
    """Set 0 (A) or 1 (B) per event from uniform ``draws``: A gets ``background_shares[0]`` of the
    events labelled background and ``signal_shares[0]`` of those labelled signal (80% and 40% in
    the paper), B the rest. Mislabelled data are split by their (wrong) labels, as in section 5.2."""
    share_a = np.where(labels == 1, signal_shares[0], background_shares[0])
    return (draws >= share_a).astype(np.int8)


def random_mislabel(labels: np.ndarray, signal_share: float, rng) -> np.ndarray:
    """Section 5.2, first test: a random ``signal_share`` of the signal labelled as background."""
    flip = (labels == 1) & (rng.random(len(labels)) < signal_share)
    return np.where(flip, 0, labels)


def phase_space_swap(labels: np.ndarray, full_scores: np.ndarray, background_share: float, signal_share: float):
    """Section 5.2, second test: the most signal-like ``background_share`` of the background and the
    most background-like ``signal_share`` of the signal (by a fully supervised network's scores)
    exchange their labels."""
    out = labels.copy()
    for label, share, most_like_other in ((0, background_share, -1), (1, signal_share, 1)):
        rows = np.flatnonzero(labels == label)
        order = rows[np.argsort(most_like_other * full_scores[rows], kind="stable")]
        out[order[: int(round(share * len(rows)))]] = 1 - label
    return out


def set_fractions(labels: np.ndarray, sets: np.ndarray) -> list[float]:
    """The fraction label f_t of each set: its share of (possibly mislabelled) signal."""
    fractions = []
    for s in (0, 1):
        members = labels[sets == s]
        if len(members) == 0:
            raise ValueError(f"weak-supervision set {'AB'[s]} is empty")
        fractions.append(float(members.mean()))
    if fractions[0] == fractions[1]:
        raise ValueError(f"sets A and B have the same signal fraction {fractions[0]:.3f}: nothing to learn")
    return fractions


def features(table: pd.DataFrame) -> np.ndarray:
    """The 11 network inputs (GeV): missing ET and the pT of up to 10 jets."""
    return table[FEATURES].to_numpy(np.float32)


def evaluation_weights(table: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(mask, weights in fb) of the events that represent each sample's cross section in figures 9
    and 11: the test events of the trained samples (reweighted to their sample's whole selected
    cross section) and every event of the tail samples."""
    mask = np.isin(table["split"].to_numpy(), ("test", "tail"))
    weights = table["weight_fb"].to_numpy(float).copy()
    for name, rows in table.groupby("sample").indices.items():
        kept = mask[rows].sum()
        weights[rows] *= len(rows) / kept if kept else 0.0
    return mask, weights


def logistic_combination(x: np.ndarray, y: np.ndarray, l2: float = 1e-3, iterations: int = 50):
    """A logistic regression of labels ``y`` on standardized features ``x`` (n, d), by Newton's
    method with a small L2 penalty (the classes may be separable); the fit for ``combine``. Its
    score, the linear logit, is float64 and never saturates as a sigmoid output does."""
    mean, std = x.mean(axis=0), np.where(x.std(axis=0) > 0, x.std(axis=0), 1.0)
    design = np.column_stack([np.ones(len(x)), (x - mean) / std])
    beta = np.zeros(design.shape[1])
    penalty = l2 * len(x) * np.diag([0.0] + [1.0] * x.shape[1])
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-design @ beta))
        gradient = design.T @ (p - y) + penalty @ beta
        hessian = (design * (p * (1 - p))[:, None]).T @ design + penalty
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.max(np.abs(step)) < 1e-10:
            break
    return beta, mean, std


def combine(fit, x: np.ndarray) -> np.ndarray:
    """The logit of ``logistic_combination``'s fit at the features ``x``."""
    beta, mean, std = fit
    return beta[0] + ((x - mean) / std) @ beta[1:]


# --- what the analyst's labels are, and how the trained networks are read (section 5.2, table 4)


def training_labels(truth, split, variant: str, mismodelling: dict, rng, reference_scores=None) -> np.ndarray:
    """Labels of every event as the analyst has them: the truth, mislabelled on the training and
    validation events by ``variant`` ("nominal", "random", "swap"; the test set keeps the truth).

    ``reference_scores``: a fully supervised network's outputs, which rank events for the swap.
    """
    if variant not in VARIANTS:
        raise ValueError(f"unknown labelling {variant!r}; choose one of {VARIANTS}")
    mixed = np.isin(split, ("train", "validation"))
    labels = np.asarray(truth).copy()
    if variant == "random":
        labels[mixed] = random_mislabel(labels[mixed], mismodelling["random_signal_share"], rng)
    elif variant == "swap":
        labels[mixed] = phase_space_swap(
            labels[mixed],
            np.asarray(reference_scores)[mixed],
            mismodelling["swap_background_share"],
            mismodelling["swap_signal_share"],
        )
    return labels


def mismodelling_shares(variant: str, mismodelling: dict) -> dict:
    """The ``mismodelling`` keys a labelling depends on (none for the nominal one)."""
    keys = {"nominal": (), "random": ("random_signal_share",), "swap": ("swap_background_share", "swap_signal_share")}
    return {key: mismodelling[key] for key in keys[variant]}


# --- section 5's numbers: cuts at fixed signal cross section, table 3, table 4, the combination


def signal_cut(scores, weights, signal, target_fb: float) -> float:
    """The output cut keeping ``target_fb`` of weighted signal (fb) at or above it (ties at a
    saturated output can keep more: the tables report the signal actually kept)."""
    order = np.argsort(-scores[signal])
    kept = np.cumsum(weights[signal][order])
    return float(scores[signal][order][min(np.searchsorted(kept, target_fb), len(order) - 1)])


def cut_yields(outputs: dict, weights, signal, cut_share: float) -> pd.DataFrame:
    """Per network: the cut keeping ``cut_share`` of the signal cross section, and the signal and
    background cross sections (fb) above it with the background's Monte Carlo error sqrt(sum w^2)
    (figures 9 and 11, section 6)."""
    target = cut_share * weights[signal].sum()
    rows = []
    for network, values in outputs.items():
        cut = signal_cut(values, weights, signal, target)
        passed = values >= cut
        rows.append(
            {
                "network": network,
                "cut": cut,
                "signal_fb": weights[signal & passed].sum(),
                "background_fb": weights[~signal & passed].sum(),
                "background_err_fb": np.sqrt(np.sum(weights[~signal & passed] ** 2)),
            }
        )
    return pd.DataFrame(rows)


def training_rocs(scores, truth) -> list[tuple[np.ndarray, np.ndarray]]:
    """(eps_b, eps_s) of each training: the ROC of every column of (events, R) ``scores``."""
    return [roc(scores[:, r], truth)[:2] for r in range(scores.shape[1])]


def trainings_summary(values) -> dict:
    """Mean, standard deviation and error of the mean over trainings (NaN errors for one training)."""
    values = np.asarray(values, float)
    n = len(values)
    std = np.std(values, ddof=1) if n > 1 else np.nan
    return {"mean": values.mean(), "std": std, "error_of_mean": std / np.sqrt(n), "trainings": n}


def gluino_table(truth, runs: dict, acceptance: float) -> pd.DataFrame:
    """Table 3: AUC and signal efficiency at background efficiency ``acceptance`` on the test events
    (``truth``), mean and errors over the trainings (columns of each run's (events, R) scores)."""
    rows = []
    for network, scores in runs.items():
        curves = training_rocs(scores, truth)
        metrics = {
            "auc": [auc(*curve) for curve in curves],
            f"signal_efficiency_at_background_{acceptance:g}": [signal_efficiency(*c, acceptance) for c in curves],
        }
        for metric, values in metrics.items():
            rows.append(
                {"network": network, "metric": metric, **trainings_summary(values)}
                | {"test_signal": int(truth.sum()), "test_background": int((truth == 0).sum())}
            )
    return pd.DataFrame(rows)


def mismodelling_table(truth, runs: dict, summaries: dict) -> pd.DataFrame:
    """Table 4: per run (supervision, labelling) the test AUC over trainings and the sets' label
    and true signal fractions."""
    rows = []
    for run, scores in runs.items():
        aucs = [auc(*curve) for curve in training_rocs(scores, truth)]
        summary = summaries[run]
        fractions = {
            f"{key}_{s}": summary[key][i] for key in ("label_fractions", "true_fractions") for i, s in enumerate("AB")
        }
        rows.append({"run": run, "auc_mean": np.mean(aucs), "auc_std": np.std(aucs), **fractions})
    return pd.DataFrame(rows)


def combination_inputs(full, weak) -> np.ndarray:
    """Figure 11's plane: the weak output and log10(log(2 - full output)) (signal near 1 -> very
    negative). A float32 output of exactly 1 is taken as the largest float32 below 1 (-> -7.2)."""
    full = np.minimum(np.asarray(full, np.float64), np.nextafter(np.float32(1), np.float32(0)))
    return np.column_stack([weak, np.log10(np.log(2 - full))])


def combined_outputs(table: pd.DataFrame, full, weak) -> dict:
    """Section 6: the full and weak outputs and their combination, a logistic regression in figure
    11's plane fitted on the validation events (all events, in table order)."""
    plane = combination_inputs(full, weak)
    validation = (table["split"] == "validation").to_numpy()
    fit = logistic_combination(plane[validation], table["truth"].to_numpy()[validation])
    return {"full": np.asarray(full), "weak": np.asarray(weak), "combined": combine(fit, plane)}


def combination_table(table: pd.DataFrame, outputs: dict, cut_share: float, acceptance: float) -> pd.DataFrame:
    """Section 6 per network (full, weak, combined): the signal and background cross sections (fb)
    at the cut keeping ``cut_share`` of the signal (the paper: the combination cuts the background
    by 15.8%), the test AUC and the signal efficiency at background efficiency ``acceptance``."""
    mask, weights = evaluation_weights(table)
    signal = table["truth"].to_numpy() == 1
    test = (table["split"] == "test").to_numpy()
    rows = cut_yields({name: values[mask] for name, values in outputs.items()}, weights[mask], signal[mask], cut_share)
    curves = {name: roc(values[test], signal[test])[:2] for name, values in outputs.items()}
    return rows.drop(columns="cut").assign(
        auc=[auc(*curves[name]) for name in rows.network],
        **{
            f"signal_efficiency_at_background_{acceptance:g}": [
                signal_efficiency(*curves[name], acceptance) for name in rows.network
            ]
        },
    )
