import numpy as np
import pytest

from weaksup.analysis.significance import asimov_significance
from weaksup.events.datasets import (
    Counts,
    DatasetSettings,
    PoolTooSmallError,
    build,
    dataset_counts,
    injected_signal,
    summary,
)

SETTINGS = DatasetSettings(test_signal=200, test_background=300)


def pools(n_background=(2000, 2200), n_signal=(1500, 500)):
    background = np.array(["SR"] * n_background[0] + ["SB"] * n_background[1])
    signal = np.array(["SR"] * n_signal[0] + ["SB"] * n_signal[1])
    rng = np.random.default_rng(0)
    return rng.permutation(background), rng.permutation(signal)


def test_injected_signal_reaches_sigma0_and_follows_the_pool_sb_ratio():
    s_sr, s_sb = injected_signal(3.0, 1000.0, signal_sr=1500, signal_sb=500)
    assert asimov_significance(s_sr, 1000.0) == pytest.approx(3.0, abs=asimov_significance(0.5, 1000.0))
    assert s_sb == round(s_sr / 3)


def test_counts_expected_and_poisson():
    expected = {"SR": 1000.4, "SB": 1100.6}
    fixed = dataset_counts(2.0, expected, {"SR": 1500, "SB": 500}, SETTINGS, np.random.default_rng(1))
    assert (fixed.b_sr, fixed.b_sb) == (1000, 1101)
    poisson = DatasetSettings(test_signal=1, test_background=1, background_yields="poisson")
    signal_pool = {"SR": 1, "SB": 1}
    draws = [dataset_counts(2.0, expected, signal_pool, poisson, np.random.default_rng(i)).b_sr for i in range(200)]
    assert np.mean(draws) == pytest.approx(1000.4, abs=4 * np.sqrt(1000 / 200))
    assert np.std(draws) == pytest.approx(np.sqrt(1000.4), rel=0.2)


def test_splits_are_disjoint_and_sized():
    background, signal = pools()
    counts = Counts(b_sr=1000, b_sb=1100, s_sr=90, s_sb=30)
    table = build(background, signal, counts, SETTINGS, np.random.default_rng(2))
    # no pool event twice, within a split or across splits
    assert not table.duplicated(["sample", "index"]).any()
    # every reference points at an event of the right region
    regions = {"background": background, "signal": signal}
    for sample, rows in table.groupby("sample"):
        assert (regions[sample][rows["index"].to_numpy()] == rows["region"].to_numpy()).all()
    n = summary(table)
    assert n["test/background/SR"] == 300 and n["test/signal/SR"] == 200
    training = table[table.split.isin(["train", "validation"])]
    assert len(training) == 1000 + 1100 + 90 + 30
    assert (training.truth == (training["sample"] == "signal")).all()
    assert np.mean(training.split == "validation") == pytest.approx(0.2, abs=1 / len(training))
    assert ((table.split == "test") <= (table.region == "SR")).all()
    assert set(table[table.split == "holdout"]["sample"]) == {"background"}
    assert n["holdout/background/SR"] == 2000 - 300 - 1000 and n["holdout/background/SB"] == 2200 - 1100


def test_replicas_differ_and_a_seed_repeats():
    background, signal = pools()
    counts = Counts(b_sr=1000, b_sb=1100, s_sr=90, s_sb=30)
    a, b = (build(background, signal, counts, SETTINGS, np.random.default_rng(s)) for s in (5, 5))
    c = build(background, signal, counts, SETTINGS, np.random.default_rng(6))
    assert a.equals(b)
    assert not a.equals(c)


def test_background_only_dataset():
    background, signal = pools()
    table = build(background, signal, Counts(1000, 1100, 0, 0), SETTINGS, np.random.default_rng(3))
    assert not table[table.split == "train"].truth.any()


@pytest.mark.parametrize(
    "counts, match",
    [
        (Counts(b_sr=1800, b_sb=10, s_sr=1, s_sb=1), r"qcd pool holds 2000 SR events but this dataset needs 2100"),
        (Counts(b_sr=10, b_sb=2300, s_sr=1, s_sb=1), r"qcd pool holds 2200 SB events"),
        (Counts(b_sr=10, b_sb=10, s_sr=1400, s_sb=1), r"hv_ID pool holds 1500 SR events .*200 test \+ 1400 injected"),
    ],
)
def test_asking_too_much_names_the_pool(counts, match):
    background, signal = pools()
    with pytest.raises(PoolTooSmallError, match=match):
        build(background, signal, counts, SETTINGS, np.random.default_rng(0), pool_names=("qcd", "hv_ID"))


def test_bad_settings():
    with pytest.raises(ValueError, match="unknown injection"):
        DatasetSettings(1, 1, injection="sqrt")
    with pytest.raises(ValueError, match="validation_fraction"):
        DatasetSettings(1, 1, validation_fraction=1.0)
    with pytest.raises(PoolTooSmallError, match="no SR events"):
        injected_signal(1.0, 100.0, 0, 10)
