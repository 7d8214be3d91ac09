import math

import numpy as np
import pandas as pd
import pytest

from weaksup.analysis.evaluation import auc, roc
from weaksup.analysis.significance import asimov_significance
from weaksup.ledger import claims
from weaksup.ledger import table as ledger_table
from weaksup.ledger.claims import CLAIMS, COLUMNS
from weaksup.ledger.cwola import learning_threshold, saturation_point
from weaksup.ledger.verdict import auc_test_error, parse_value, verdict

NAN = math.nan


@pytest.mark.parametrize(
    "paper, paper_u, ours, ours_u, expected",
    [
        ("6", NAN, 6.9, 0.5, "agrees"),  # within 2 u (u = 0.5)
        ("6", NAN, 7.1, 0.5, "deviates"),
        ("6", 0.4, 6.95, 0.3, "agrees"),  # u = 0.5 with the paper's uncertainty ...
        ("6", NAN, 6.95, 0.3, "deviates"),  # ... u = 0.3 without
        ("6", NAN, 6.0, 3.0, "not comparable"),  # u >= |paper| / 2: not resolved
        ("6", NAN, 6.0, NAN, "not comparable"),  # no uncertainty of ours (one replica)
        ("6", NAN, NAN, NAN, "not comparable"),  # no number (study not configured)
        ("nan", NAN, 3.0, 0.1, "not comparable"),  # the paper prints no number
        (">5", NAN, 4.5, 0.3, "agrees"),  # a bound: ours >= 5 - 2 u
        (">5", NAN, 4.3, 0.3, "deviates"),
        ("<1", NAN, 1.2, 0.1, "agrees"),
        ("<1", NAN, 1.3, 0.1, "deviates"),
        ("0", NAN, 0.3, 0.1, "deviates"),  # a zero claim is never "not resolved"
        ("0", NAN, 0.1, 0.1, "agrees"),
        ("0.9999", 3e-7, 1.0, 4e-6, "not comparable"),  # ours 10x coarser than the paper's precision
        ("0.9999", 3e-7, 1.0, 2e-6, "deviates"),
    ],
)
def test_the_verdict_rule(paper, paper_u, ours, ours_u, expected):
    assert verdict(paper, paper_u, ours, ours_u) == expected


def curve_rows(sigma0s, after_of_before, replicas=4, spread=0.1, seed=1, **identity):
    """Sensitivity rows of one curve: b0 = 10000, sigma_after = f(sigma_before) + noise per replica."""
    rng = np.random.default_rng(seed)
    rows = []
    for sigma0 in sigma0s:
        s0 = sigma0 * math.sqrt(10000)
        before = asimov_significance(s0, 10000.0)
        for r in range(replicas):
            for eps_b, penalty in ((0.1, 0.0), (0.01, 1.0)):  # the first working point is the best
                after = after_of_before(before) - penalty + spread * rng.standard_normal()
                rows.append(
                    {"sigma0": sigma0, "replica": r, "eps_b": eps_b, "sigma_before": before, "sigma_after": after}
                    | identity
                )
    return pd.DataFrame(rows)


def test_the_learning_threshold_is_where_the_cut_starts_to_beat_no_cut():
    # sigma_after = 2 (sigma_before - 4) + sigma_before... crosses sigma_before at exactly 4
    rows = curve_rows([0, 2, 3, 5, 6, 8], lambda before: before + 2 * (before - 4), spread=0.0)
    threshold, error = learning_threshold(rows)
    befores = sorted(rows.sigma_before.unique())
    assert threshold == pytest.approx(4.0, abs=0.01 * befores[-1])
    assert error == 0.0  # no replica spread


def test_the_learning_threshold_error_grows_with_the_replica_spread():
    line = lambda before: before + (before - 4)  # noqa: E731
    tight = learning_threshold(curve_rows([1, 2, 3, 4, 5, 6, 7, 8], line, spread=0.05))
    loose = learning_threshold(curve_rows([1, 2, 3, 4, 5, 6, 7, 8], line, spread=0.5))
    assert tight[0] == pytest.approx(4.0, abs=0.2) and loose[0] == pytest.approx(4.0, abs=1.0)
    assert 0 < tight[1] < loose[1]


def test_no_crossing_inside_the_scan_is_missing_not_a_number_made_up():
    never = curve_rows([2, 4, 6], lambda before: 0.5 * before)
    already = curve_rows([2, 4, 6], lambda before: 2 * before)
    assert math.isnan(learning_threshold(never)[0]) and math.isnan(learning_threshold(already)[0])


def test_the_saturation_point_is_the_first_k_on_the_plateau():
    k_rows = []
    for k, level in ((0, 5.0), (5, 8.0), (10, 9.0), (15, 9.5), (22, 9.5), (33, 9.5)):
        k_rows.append(curve_rows([5], lambda before, level=level: level, spread=0.2).assign(k=k))
    k_sat, error = saturation_point(pd.concat(k_rows))
    assert k_sat in (10, 15) and error == pytest.approx(2.5 if k_sat == 10 else 3.5)
    rising = pd.concat([curve_rows([5], lambda before, k=k: float(k), spread=0.1).assign(k=k) for k in (0, 5, 10)])
    assert math.isnan(saturation_point(rising)[0])  # still rising at the last k: no plateau


def test_a_run_without_the_inputs_gives_every_claim_as_not_comparable_with_the_reason():
    run = {"config": {"dijet": "", "toy": "", "lhc": ""}, "paper_network": "cnn"}
    table = ledger_table.ledger({}, run)
    assert list(table.columns) == COLUMNS and len(table) == len(CLAIMS)
    assert (table.verdict == "not comparable").all()
    cwola = table[table.quantity.str.startswith("sigma_L") & table.section.str.contains("fig. 3")]
    assert cwola.note.str.contains("study cwola is not configured").all()


def test_claims_are_unique_and_name_a_known_input_and_paper():
    keys = [(c.paper, c.section, c.quantity, c.paper_value) for c in CLAIMS]
    assert len(keys) == len(set(keys))
    roles = {"yields", "pools", "toy", "lhc_samples", *claims.LHC_TABLES}
    roles |= {f"study:{study}" for study in claims.STUDIES}
    assert {c.needs for c in CLAIMS} <= roles
    assert {c.paper for c in CLAIMS} == {"augmentation", "label_proportions"}
    for claim in CLAIMS:
        parse_value(claim.paper_value)  # a number, a bound, or "nan"


def test_the_auc_test_error_matches_the_spread_of_auc_over_test_sets():
    rng = np.random.default_rng(3)
    areas = []
    for _ in range(300):
        signal, background = rng.normal(1.5, 1, 400), rng.normal(0, 1, 600)
        scores, truth = np.r_[signal, background], np.r_[np.ones(400), np.zeros(600)]
        areas.append(auc(*roc(scores, truth)[:2]))
    predicted = auc_test_error(np.mean(areas), 400, 600)
    assert np.std(areas) == pytest.approx(predicted, rel=0.15)
    assert auc_test_error(1.0, 400, 600) == 1 / 400  # a perfect score is not exact


def augmentation_study(network="cnn", start_plus5=3.0):
    """A synthetic augmentation study: +5 learns from ``start_plus5`` sigma with half the spread,
    +0 from 6 sigma."""
    blocks = []
    for scenario in claims.SCENARIOS:
        for method, k, start, spread in (("pt_rot", 5, start_plus5, 0.1), ("none", 0, 6.0, 0.2)):
            for systematic in (0.0, 0.01):
                rows = curve_rows(range(0, 9), lambda b, s=start: b + (b - s), spread=spread, replicas=6)
                blocks.append(
                    rows.assign(network=network, scenario=scenario, supervision="cwola", method=method, k=k).assign(
                        background_systematic=systematic
                    )
                )
    return pd.concat(blocks, ignore_index=True)


RUN = {"config": {"dijet": "", "toy": "", "lhc": ""}, "paper_network": "cnn"}


def test_the_augmentation_claims_read_the_study_table():
    """Thresholds, spread ratio and the 1% systematic's gain from a synthetic augmentation study."""
    ledger = ledger_table.ledger({"study:augmentation": augmentation_study()}, RUN).set_index("quantity")
    assert ledger.loc["sigma_L(ID, pt_rot +5)", "ours"] == pytest.approx(3.0, abs=0.3)
    assert ledger.loc["sigma_L(ID, pt_rot +5)", "verdict"] == "agrees"
    assert ledger.loc["std ratio (DD)", "ours"] == pytest.approx(0.5, abs=0.25)
    assert ledger.loc["Delta sigma_after(ID, 1%)", "ours"] > 0
    assert ledger.loc["Delta sigma_after(ID, 1%)", "verdict"] == "agrees"


def test_other_networks_get_rows_of_their_own_after_the_papers_never_mixed():
    alone = ledger_table.ledger({"study:augmentation": augmentation_study()}, RUN)
    both = pd.concat([augmentation_study(), augmentation_study("pfn", start_plus5=4.5)], ignore_index=True)
    table = ledger_table.ledger({"study:augmentation": both}, RUN)
    paper, beyond = table[table.paper != ledger_table.BEYOND], table[table.paper == ledger_table.BEYOND]
    pd.testing.assert_frame_equal(paper.reset_index(drop=True), alone)  # the paper's rows: the CNN's alone
    assert paper.index.max() < beyond.index.min()  # after every row of the papers
    study_claims = [c for c in CLAIMS if c.needs == "study:augmentation"]
    assert list(beyond.claim) == [f"network pfn: {c.claim}" for c in study_claims]
    pfn = beyond.set_index("quantity")
    assert pfn.loc["sigma_L(ID, pt_rot +5)", "ours"] == pytest.approx(4.5, abs=0.3)  # measured on the PFN's rows
    assert pfn.loc["sigma_L(ID, pt_rot +5)", "paper_value"] == "3"  # beside the paper's CNN value
    assert pfn.note.str.contains("paper_value: the paper's CNN").all()


def test_without_the_papers_network_its_claims_are_not_comparable():
    run = RUN | {"paper_network": None}
    table = ledger_table.ledger({"study:augmentation": augmentation_study("pfn")}, run)
    rows = table[(table.paper == "augmentation") & (table.quantity == "sigma_L(ID, pt_rot +5)")]
    assert len(rows) == 1 and rows.verdict.iloc[0] == "not comparable"
    assert "no network of kind cwola_cnn" in rows.note.iloc[0]
    assert (table.paper == ledger_table.BEYOND).any()


def test_a_recorded_chain_gets_its_own_rows_beside_the_runs_own():
    yields = pd.DataFrame(
        {
            "sample": ["qcd"] * 2,
            "region": ["SR", "SB"],
            "k_factor": 1.0,
            "sigma_fb": [140.0, 150.0],
            "sigma_err_fb": [5.0, 5.0],
            "n_expected": 0.0,
            "n_pool": [700, 750],
        }
    )
    pools = {s: {"n_selected": {"SR": 40, "SB": 10}, "n_generated": 100} for s in ("qcd", "hv_ID", "hv_DD")}
    record = {"yields": yields, "pools": pools, "chain": "QCD: MG5_aMC 3.5.7 (...) + Pythia 8; Delphes 3.4.2 CMS card"}
    run = {"background": "qcd", "scenarios": {"ID": "hv_ID", "DD": "hv_DD"}, "config": {"dijet": "ours"}}
    run["paper_network"] = "cnn"
    table = ledger_table.ledger({"records": {"paper_chain": record}}, run)
    recorded = table[table.config == record["chain"]]
    assert list(recorded.quantity) == [c.quantity for c in CLAIMS if c.needs in claims.CHAIN_INPUTS]
    sigma_sr = recorded.set_index("quantity").loc["sigma_QCD(SR)"]
    assert sigma_sr.ours == 140.0 and sigma_sr.verdict == "agrees"  # 136.1 within 2 x 5 fb
    assert "recorded run docs/records/paper_chain" in sigma_sr.note
    assert len(table) == len(CLAIMS) + len(recorded)
    # each recorded row follows its claim's own row
    index = table.index[table.config == record["chain"]]
    assert (table.loc[index - 1, "quantity"].to_numpy() == recorded.quantity.to_numpy()).all()
