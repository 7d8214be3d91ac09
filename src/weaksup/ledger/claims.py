"""The claims of both papers as data: every quantitative claim, where it is made and how ours is measured.

``CLAIMS`` lists each claim once: where the paper makes it, its value as printed (a number, or a
bound ">x" / "<x"), the uncertainty it prints (NaN: none printed; a range "a-b" is entered as its
midpoint +- half its width), and the function that measures ours from the run's outputs. A claim
whose inputs are missing from the run (a study not configured) gets no number and the verdict
``not comparable``, with the reason in its note.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass

from weaksup.analysis.lp.toy import mislabelling_bound
from weaksup.ledger.cwola import (
    cross_section,
    expected_events,
    saturation,
    selection_efficiency,
    spread_ratio,
    systematic_gain,
    threshold,
)
from weaksup.ledger.lp import (
    auc_change,
    background_after_cut,
    breakdown,
    combination_gain,
    fraction,
    label_scan,
    lhc_selection,
    table3,
    toy_auc,
    toy_background,
)

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
#: the first paper's scenarios, as the claims name them (config key `scenarios`)
SCENARIOS = ("ID", "DD")


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
            threshold(study, s, method, k),
            note,
        )
        for s in SCENARIOS
    ]


# fmt: off
CLAIMS = [
    aug("3.2", "QCD cross section in the SR", "sigma_QCD(SR)", "136.1", NAN, "fb", "yields", cross_section("SR"),
        "paper: MadGraph + Pythia + Delphes"),
    aug("3.2", "QCD cross section in the SB", "sigma_QCD(SB)", "145.6", NAN, "fb", "yields", cross_section("SB"),
        "paper: MadGraph + Pythia + Delphes"),
    aug("3.2", "background events in the SR at 139 fb^-1", "b0(SR)", "19000", 500.0, "events", "yields",
        expected_events("SR"), "'about 19k': +-500 is the rounding"),
    aug("3.2", "background events in the SB at 139 fb^-1", "b0(SB)", "20000", 500.0, "events", "yields",
        expected_events("SB"), "'about 20k': +-500 is the rounding"),
    *[
        aug("3.1", f"selection efficiency into SR + SB, {name}", f"eff_sel({name})", "nan", NAN, "%", "pools",
            selection_efficiency(scenario), "the paper prints no cutflow")
        for name, scenario in (("QCD", None), ("ID", "ID"), ("DD", "DD"))
    ],
    *_thresholds("5.2 (fig. 3)", "CWoLa without augmentation", "none", 0, "6", "cwola",
                 "'approximately 6 sigma'"),
    *_thresholds("4.3 (fig. 3)", "CWoLa without augmentation", "none", 0, ">5", "cwola", "'exceed 5 sigma'"),
    *_thresholds("5.2 (fig. 5)", "+5 pT smearing + rotation", "pt_rot", 5, "3", "augmentation",
                 "'approximately 3 sigma'"),
    *[
        aug("5.2 (fig. 5)", f"replica spread halved by +5 pT smearing + rotation, {s}", f"std ratio ({s})", "0.5",
            NAN, "", "study:augmentation", spread_ratio(s), "'reduced to about a half'")
        for s in SCENARIOS
    ],
    aug("5.3 (fig. 7)", "pT smearing saturates (ID, 5 sigma)", "k_sat(ID, pt_smear)", "12.5", 2.5, "copies",
        "study:asymptotic", saturation("ID", "pt_smear"), "range +10 to +15"),
    aug("5.3 (fig. 7)", "rotation saturates (ID, 5 sigma)", "k_sat(ID, rotation)", "30", NAN, "copies",
        "study:asymptotic", saturation("ID", "rotation"), "'after approximately +30'"),
    aug("5.3 (fig. 7)", "pT smearing + rotation saturates (ID, 5 sigma)", "k_sat(ID, pt_rot)", "30", NAN, "copies",
        "study:asymptotic", saturation("ID", "pt_rot"), "'after approximately +30'"),
    *[
        aug("5.4 (fig. 8)", f"+5 pT smearing + rotation still gains with a 1% systematic, {s}",
            f"Delta sigma_after({s}, 1%)", ">0", NAN, "sigma", "study:augmentation", systematic_gain(s),
            "'still outperforms'")
        for s in SCENARIOS
    ],
    lp("3 (fig. 4)", "toy AUC, full supervision", "AUC_full", "0.977", NAN, "", "toy", toy_auc("FS")),
    lp("3 (fig. 4)", "toy AUC, weak supervision (true labels)", "AUC_weak", "0.973", NAN, "", "toy",
       toy_auc("weak")),
    lp("3 (fig. 6)", "toy background efficiency at 70% signal, full", "eps_b(0.7, full)", "0.8", NAN, "%", "toy",
       toy_background("FS", 0.7), "'around 0.8%'"),
    lp("3 (fig. 6)", "toy background efficiency at 70% signal, weak", "eps_b(0.7, weak)", "1.25", 0.25, "%", "toy",
       toy_background("weak", 0.7), "range 1-1.5%"),
    lp("3 (fig. 6)", "toy background efficiency at 40% signal, full", "eps_b(0.4, full)", "0.04", NAN, "%", "toy",
       toy_background("FS", 0.4), "'around 0.04%'"),
    lp("3 (fig. 6)", "toy background efficiency at 40% signal, weak", "eps_b(0.4, weak)", "0.15", 0.05, "%", "toy",
       toy_background("weak", 0.4), "range 0.1-0.2%"),
    lp("3 (fig. 5)", "wrong labels (but f_A) cost no real performance", "worst median AUC / true label's", "1",
       NAN, "", "toy", label_scan, "'difficult to see any real difference'"),
    lp("4, eq. (4.6)", "no breakdown for label shifts below the bound", "smallest failing |delta|",
       f">{mislabelling_bound(0.7, 0.4):.3f}", NAN, "", "toy", breakdown,
       "eq. (4.6) at the toy's fractions (0.7 mislabelled, 0.4): 0.3 / 2.2"),
    lp("5.1", "gluino events passing the selection", "eff_sel(gluino)", "94.67", 0.03, "%", "lhc_samples",
       lhc_selection("signal"), "473 359 of 500 000; binomial error"),
    lp("5.1", "Z + jet events passing the selection", "eff_sel(Z + jet)", "26.43", 0.044, "%", "lhc_samples",
       lhc_selection("background"), "264 303 of 10^6; binomial error; their generator cuts: jet pT, MET > 150 GeV"),
    lp("table 3", "AUC, full supervision", "AUC_full", "0.99992393", 3.1e-7, "", "lp_gluino_table",
       table3("full", "auc")),
    lp("table 3", "signal efficiency at 1% background, full", "eps_s(1%, full)", "0.999373", 1.7e-5, "",
       "lp_gluino_table", table3("full", "signal_efficiency")),
    lp("table 3", "AUC, weak supervision", "AUC_weak", "0.9998978", 3.5e-6, "", "lp_gluino_table",
       table3("weak", "auc")),
    lp("table 3", "signal efficiency at 1% background, weak", "eps_s(1%, weak)", "0.999286", 3.0e-5, "",
       "lp_gluino_table", table3("weak", "signal_efficiency")),
    *[
        lp("table 4", f"{what}, set {s}", f"f_{s} ({run})", value, ROUNDED, "", "lp_mismodelling",
           fraction(f"weak_{run}", f"label_fractions_{s}"), "+-0.0005: the printed precision")
        for run, what, values in (
            ("nominal", "signal fraction", ("0.472", "0.843")),
            ("random", "label, 15% of the signal mislabelled", ("0.374", "0.782")),
            ("swap", "label, phase-space swap", ("0.416", "0.810")),
        )
        for s, value in zip("AB", values)
    ],
    lp("5.2", "full-supervision AUC unchanged by 15% random mislabelling", "Delta AUC_full (random)", "0", NAN,
       "%", "lp_mismodelling", auc_change("random"), "'effectively unchanged'"),
    lp("5.2", "full-supervision AUC smaller after the phase-space swap", "Delta AUC_full (swap)", "-4.1", NAN, "%",
       "lp_mismodelling", auc_change("swap")),
    *[
        lp(section, f"background after the cut, {name}", f"sigma_b({network})", value, NAN, "fb", "lp_combination",
           background_after_cut(network))
        for section, name, network, value in (
            ("5.1 (fig. 9)", "full supervision", "full", "0.019"),
            ("5.1 (fig. 9)", "weak supervision", "weak", "0.051"),
            ("6 (fig. 11)", "weak + full combined", "combined", "0.016"),
        )
    ],
    lp("6 (fig. 11)", "background reduction of the combination over full supervision",
       "1 - sigma_b(comb) / sigma_b(full)", "15.8", NAN, "%", "lp_combination", combination_gain),
]
# fmt: on


#: the inputs of the claims that a recorded run of another generation chain answers too
#: (``docs/records/<name>/``: its yields.csv and pools' summaries), as rows of their own
CHAIN_INPUTS = ("yields", "pools")
