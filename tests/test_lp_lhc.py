"""Section 5 of the label-proportion paper: splits, sets A/B, mislabellings (table 4), weights."""

import numpy as np
import pandas as pd
import pytest

from weaksup.analysis.lp import lhc as lp_lhc


def test_sets_take_the_papers_shares_of_each_label():
    rng = np.random.default_rng(0)
    labels = np.r_[np.ones(40_000), np.zeros(40_000)].astype(int)
    sets = lp_lhc.assign_sets(labels, rng.random(len(labels)), (0.8, 0.2), (0.4, 0.6))
    assert np.mean(sets[labels == 0] == 0) == pytest.approx(0.8, abs=0.01)
    assert np.mean(sets[labels == 1] == 0) == pytest.approx(0.4, abs=0.01)
    # with the paper's 264k background and 473k signal events: fractions 0.47 and 0.85 (table 4: 0.472, 0.843)
    f_a = 0.4 * 473_359 / (0.4 * 473_359 + 0.8 * 264_303)
    f_b = 0.6 * 473_359 / (0.6 * 473_359 + 0.2 * 264_303)
    assert (f_a, f_b) == pytest.approx((0.472, 0.843), abs=0.002)


def test_splits_have_the_requested_shares():
    split = lp_lhc.assign_splits(100_000, 0.1, 0.2, np.random.default_rng(1))
    shares = {name: np.mean(split == name) for name in ("test", "validation", "train")}
    assert shares == pytest.approx({"test": 0.1, "validation": 0.18, "train": 0.72}, abs=0.005)


def test_random_mislabelling_only_turns_signal_into_background():
    labels = np.r_[np.ones(10_000), np.zeros(10_000)].astype(int)
    out = lp_lhc.random_mislabel(labels, 0.15, np.random.default_rng(2))
    assert np.all(out[labels == 0] == 0)
    assert np.mean(out[labels == 1] == 0) == pytest.approx(0.15, abs=0.01)


def test_phase_space_swap_exchanges_the_most_confusable_events():
    labels = np.r_[np.ones(20), np.zeros(10)].astype(int)
    scores = np.r_[np.linspace(0.5, 1.0, 20), np.linspace(0.0, 0.9, 10)]
    out = lp_lhc.phase_space_swap(labels, scores, background_share=0.1, signal_share=0.15)
    assert np.flatnonzero(out != labels).tolist() == [0, 1, 2, 29]  # 3 lowest-scored signal, top background


def test_set_fractions_errors_name_the_problem():
    with pytest.raises(ValueError, match="set B is empty"):
        lp_lhc.set_fractions(np.array([1, 0]), np.array([0, 0]))
    with pytest.raises(ValueError, match="same signal fraction"):
        lp_lhc.set_fractions(np.array([1, 0, 1, 0]), np.array([0, 0, 1, 1]))


def test_evaluation_weights_keep_each_samples_cross_section():
    table = pd.DataFrame(
        {
            "sample": ["sig"] * 4 + ["bkg"] * 4 + ["tail"] * 2,
            "split": ["train", "test", "validation", "test"] + ["train", "train", "train", "test"] + ["tail"] * 2,
            "weight_fb": [0.5] * 4 + [10.0] * 4 + [0.1] * 2,
        }
    )
    mask, weights = lp_lhc.evaluation_weights(table)
    for sample, sigma in (("sig", 2.0), ("bkg", 40.0), ("tail", 0.2)):
        rows = (table["sample"] == sample).to_numpy()
        assert weights[mask & rows].sum() == pytest.approx(sigma)


def test_mislabelling_touches_only_the_analysts_events_and_its_own_shares():
    rng = np.random.default_rng(3)
    truth = np.r_[np.ones(5000), np.zeros(5000)].astype(int)
    split = rng.choice(["train", "validation", "test"], len(truth))
    shares = {"random_signal_share": 0.15, "swap_background_share": 0.1, "swap_signal_share": 0.15}
    labels = lp_lhc.training_labels(truth, split, "random", shares, rng)
    test = split == "test"
    assert np.array_equal(labels[test], truth[test])  # the test set keeps the truth
    assert not np.any(labels[truth == 0] == 1)  # random: signal labelled background, never the reverse
    assert np.mean(labels[~test & (truth == 1)] == 0) == pytest.approx(0.15, abs=0.02)
    assert lp_lhc.mismodelling_shares("random", shares) == {"random_signal_share": 0.15}
    assert lp_lhc.mismodelling_shares("nominal", shares) == {}
    with pytest.raises(ValueError, match="unknown labelling"):
        lp_lhc.training_labels(truth, split, "shuffle", shares, rng)


def test_a_cut_keeps_the_requested_signal_cross_section():
    rng = np.random.default_rng(4)
    signal = np.r_[np.ones(1000, bool), np.zeros(3000, bool)]
    scores = np.where(signal, rng.uniform(0.3, 1, 4000), rng.uniform(0, 0.7, 4000))
    weights = np.where(signal, 0.001, 0.01)  # fb per event: 1 fb of signal, 30 fb of background
    table = lp_lhc.cut_yields({"net": scores}, weights, signal, 0.25)
    assert table.signal_fb.iloc[0] == pytest.approx(0.25, abs=0.002)
    passed = scores >= table.cut.iloc[0]
    assert table.background_fb.iloc[0] == pytest.approx(weights[passed & ~signal].sum())
