import itertools

import pandas as pd
import pytest
from conftest import ROOT

from weaksup.analysis import registry
from weaksup.analysis.cwola.figures import FIGURES, SENSITIVITY, figure_table
from weaksup.config import ConfigError


def rows():
    """sensitivity.csv-like rows: two replicas of every (study, method, k, systematic, eps_b)."""
    records = []
    grid = itertools.product(
        [("asymptotic", method, k) for method in ("pt_rot", "rotation") for k in (0, 5)],
        [0.0, 0.01],
        [0.1, 0.01],
        [0, 1],
    )
    for (study, method, k), systematic, eps_b, replica in grid:
        after = 1.0 + k / 5 + replica + (systematic > 0)
        records.append(
            dict(study=study, network="cnn", scenario="ID", supervision="cwola", normalization="en", method=method, k=k,
                 sigma0=5, replica=replica, background_systematic=systematic, eps_b=eps_b, sigma_before=5.0,
                 sigma_after=after, eps_s=0.5, auc=0.7)
        )  # fmt: skip
    return pd.DataFrame(records)


def test_the_unaugmented_point_starts_every_curve_of_figure_7():
    table = figure_table(rows(), "fig7_asymptotic", "ID")
    for method in ("pt_rot", "rotation"):
        curve = table[(table.method == method) & (table.eps_b == 0.1)]
        assert list(curve.k) == [0, 5]
        assert list(curve.sigma_after_mean) == [1.5, 2.5]  # replicas 0 and 1 averaged
        assert curve.sigma_after_std.iloc[0] == pytest.approx(2**-0.5)
    assert "none" not in set(table.method) and set(table.n_replicas) == {2}


def test_networks_side_by_side_name_their_curves():
    both = pd.concat([rows(), rows().assign(network="pfn", sigma_after=lambda t: t.sigma_after + 1)])
    table = figure_table(both, "fig7_asymptotic", "ID")
    assert set(table.network) == {"cnn", "pfn"} and table.series.str.match(r"^(cnn|pfn): ").all()
    curve = table[(table.network == "pfn") & (table.method == "pt_rot") & (table.eps_b == 0.1)]
    assert list(curve.sigma_after_mean) == [2.5, 3.5]  # each network averaged over its own replicas
    assert not figure_table(rows(), "fig7_asymptotic", "ID").series.str.contains("cnn").any()  # one: no prefix


def test_figure_8_shows_only_the_systematic_rows():
    fig8 = figure_table(rows().assign(study="augmentation"), "fig8_systematics", "ID")
    assert set(fig8.background_systematic) == {0.01}
    assert SENSITIVITY["fig8_systematics"][2].rows == "background_systematic"


def test_a_figure_without_rows_is_a_clear_error():
    with pytest.raises(ValueError, match="no sensitivity rows for 'augmentation sizes' \\(sizes study, ID"):
        figure_table(rows(), "fig6_sizes", "ID")


def test_every_figure_of_both_registries_has_its_caption_and_only_those():
    names = {name for name, output in registry.figures().items() if output.figure}
    # besides the registries' figures: the workflow's and the ledger's captions, and the detector
    # closure's figure (its own rule, outside rule all: it needs Delphes)
    others = {"workflow", "reproduction", "detector_closure"}
    captions = {path.stem for path in (ROOT / "workflow/report").glob("*.rst")} - others
    assert captions == names


def test_the_figure_files_follow_the_configured_studies_and_systematics(config):
    files = registry.output_files(config)
    assert "results/figures/fig2_sculpting.pdf" in files and "results/figures/fig3_cwola_DD.pdf" in files
    assert "results/tables/fig3_cwola_DD.csv" in files and "results/figures/network_gain_ID.pdf" in files
    assert "results/tables/background_only.csv" in files
    assert "results/tables/lp_gluino_table.csv" in files and "results/figures/lp_gluino_table.pdf" not in files
    config["studies"]["cwola"]["scenarios"] = ["ID"]
    config["evaluation"]["background_systematics"] = [0.0]
    del config["studies"]["sculpting"]
    config["studies"]["cwola"]["sigma0"] = [2, 4]
    files = registry.output_files(config)
    assert "results/figures/fig3_cwola_DD.pdf" not in files and "results/figures/fig3_cwola_ID.pdf" in files
    assert "results/figures/background_only.pdf" not in files  # nothing trained without signal
    assert not [f for f in files if "fig8" in f or "fig2" in f]


def test_both_registries_share_one_style_and_names_are_unique():
    from weaksup.analysis.lp import figures as lp_figures

    both = registry.figures()
    assert len(both) == len(FIGURES) + len(lp_figures.FIGURES)
    assert all(isinstance(output, registry.Output) for output in both.values())


def test_a_figure_of_a_study_left_out_names_its_key(config):
    del config["studies"]["sculpting"]
    with pytest.raises(ConfigError, match="'studies.sculpting' is not configured: the figures fig2_sculpting"):
        FIGURES["fig2_sculpting"].inputs(config)


def test_the_network_gain_compares_each_network_with_its_own_unaugmented_curve():
    from test_reproduction import augmentation_study

    from weaksup.analysis.cwola.figures import network_gain_table

    both = pd.concat([augmentation_study(), augmentation_study("pfn", start_plus5=4.5)]).assign(study="augmentation")
    table = network_gain_table(both, "ID")
    thresholds = table.groupby(["network", "k"]).threshold.first()
    assert thresholds["cnn", 5] == pytest.approx(3.0, abs=0.3) and thresholds["pfn", 5] == pytest.approx(4.5, abs=0.3)
    assert thresholds["cnn", 0] == pytest.approx(6.0, abs=0.3)
    plain = table[table.k == 0]
    assert (plain.gain == 0).all() and (plain.spread_ratio == 1).all()
    pfn = table[(table.network == "pfn") & (table.k == 5)]
    assert pfn.gain.to_numpy() == pytest.approx(1.5, abs=0.2)  # curves b + (b - start): 6 - 4.5 apart
    assert pfn.spread_ratio.to_numpy() == pytest.approx(0.5, abs=0.1)  # half the spread with +5
    with pytest.raises(ValueError, match="no augmentation rows for network_gain"):
        network_gain_table(both, "DD2")


def test_the_background_only_check_measures_what_a_network_selects_without_signal():
    import numpy as np

    from weaksup.analysis.cwola.figures import background_only_table

    rng = np.random.default_rng(0)
    truth = np.r_[np.ones(200), np.zeros(400)].astype("int8")
    region = np.r_[["SR"] * 400, ["SR"] * 100, ["SB"] * 100]  # test set, then held-out SR and SB background
    split = np.r_[["test"] * 400, ["holdout"] * 200]
    blind = rng.uniform(size=600)
    selects = np.where(truth == 1, 0.5 + blind / 2, blind / 2)  # every signal event above every background one
    models = [dict(network=n, scenario="ID", normalization="none", replica=0) for n in ("blind", "selects")]
    tables = [pd.DataFrame(dict(truth=truth, region=region, split=split, score=s)) for s in (blind, selects)]
    scores = list(zip(models, tables))
    table = background_only_table(scores).set_index("network")
    assert table.loc["blind", "auc_signal"] == pytest.approx(0.5, abs=0.07)
    assert table.loc["selects", "auc_signal"] == 1.0
    assert table.auc_sr_vs_sb.to_numpy() == pytest.approx(0.5, abs=0.1)
    assert table.n_signal.tolist() == [200, 200] and table.n_background.tolist() == [200, 200]
