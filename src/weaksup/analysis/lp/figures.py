"""The registry of the label-proportion paper's figures and tables (prefix ``lp_``).

``FIGURES`` names each output of the second paper once (an ``Output``, the style of
``weaksup.analysis.registry``): its report section, the files it is made from (by role), the
config keys it depends on, and the function that makes it from the loaded inputs. The rules,
``rule all``, the report and the tests are built from it; one script loads the inputs, calls
``make`` and writes. The figure lp_dijet_vs_cwola (this loss on the dijet
data) is drawn from the dijet sensitivity table and lives in ``weaksup.analysis.cwola.figures``.

Training outputs: ``toy_run`` (all trainings of one toy point in one table, column ``replica``)
and ``lhc_run`` (the section-5 networks of one supervision and labelling: an (events, R) table
of scores, and its summary .json).
"""

from collections.abc import Callable

import numpy as np
import pandas as pd

from weaksup.analysis.cwola.studies import sigma_label
from weaksup.analysis.lp import lhc as lp_lhc
from weaksup.analysis.lp import plotting as lp_plotting
from weaksup.analysis.registry import Output

TOY_CATEGORY = "Label proportions: toy model"
LHC_CATEGORY = "Label proportions: gluino vs Z + jets"
TOY_DATA = "results/lp/toy/data.parquet"
LHC_EVENTS = "results/lp/lhc/events.parquet"
TOY_RUN = "results/lp/toy/{lp_supervision}/{loss}/label{label}"
LHC_RUN = "results/lp/lhc/{lp_supervision}/{variant}"


def toy_run(supervision: str, loss: str, label: float) -> str:
    """Score table of every toy training of one point (set B labelled ``label``)."""
    return TOY_RUN.format(lp_supervision=supervision, loss=loss, label=sigma_label(label)) + ".parquet"


def lhc_run(supervision: str, variant: str, suffix: str = ".parquet") -> str:
    """Scores (.parquet) or summary (.json) of the section-5 networks of one supervision and labelling."""
    return LHC_RUN.format(lp_supervision=supervision, variant=variant) + suffix


def _output(category, block, inputs, make, settings=(), figure=True, table=False) -> Output:
    """An output of the label_proportions ``block`` ("toy" or "lhc"): ``inputs`` (block -> role ->
    files), ``make`` ((loaded inputs by role, settings) -> (figure or None, table or None)) and the
    ``settings`` keys of the block it depends on."""
    return Output(
        category,
        inputs=lambda config: inputs(config["label_proportions"][block]),
        make=lambda data, values, scenario: make(data, values),
        settings=lambda config: {key: config["label_proportions"][block][key] for key in settings},
        figure=figure,
        table=table,
    )


# --- toy model (section 3, appendix A): tables of test scores, one per training


def _trainings(table: pd.DataFrame, limit=None) -> list[pd.DataFrame]:
    """The score tables of a run's trainings (at most ``limit``), one per replica."""
    return [replica for _, replica in table.groupby("replica", sort=True)][:limit]


def _by(tables: list[pd.DataFrame], key: str, limit=None) -> dict:
    """Runs keyed by a column that is constant in each (label, loss): key -> its trainings."""
    return {table[key].iloc[0]: _trainings(table, limit) for table in tables}


def _scan(data) -> dict:
    """The label scan and full supervision ("FS") as ``lp_plotting`` takes them."""
    return {**_by(data["scan"], "label"), "FS": _trainings(data["FS"][0])}


def _true_label_runs(toy):
    true_label = toy["fractions"][1]
    return {"weak": [toy_run("weak", "bce", true_label)], "FS": [toy_run("full", "bce", true_label)]}


def _scan_runs(toy):
    return {
        "scan": [toy_run("weak", "bce", label) for label in toy["label_scan"]],
        "FS": [toy_run("full", "bce", toy["fractions"][1])],
    }


def _toy(draw: Callable, inputs: Callable = _scan_runs, settings=()) -> Output:
    return _output(TOY_CATEGORY, "toy", inputs, lambda data, s: (draw(data, s), None), settings)


# --- LHC example (section 5): the events table, (events, R) score arrays, summaries


def _scores(frame: pd.DataFrame) -> np.ndarray:
    return frame.to_numpy()


def _nominal_runs(lhc):
    return {"events": [LHC_EVENTS], "full": [lhc_run("full", "nominal")], "weak": [lhc_run("weak", "nominal")]}


def _mismodelling_runs(lhc):
    runs = {f"{s}_{v}": [lhc_run(s, v)] for s in ("full", "weak") for v in lp_lhc.VARIANTS}
    summaries = {f"{role}_summary": [lhc_run(*role.split("_"), ".json")] for role in runs}
    return {"events": [LHC_EVENTS], **runs, **summaries}


def _gluino_met(data, settings):
    table = data["events"][0]
    mask, weights = lp_lhc.evaluation_weights(table)
    signal = table["truth"].to_numpy() == 1
    outputs = {network: _scores(data[network][0])[mask, 0] for network in ("full", "weak")}
    cuts = lp_lhc.cut_yields(outputs, weights[mask], signal[mask], settings["cut_signal_efficiency"])
    figure = lp_plotting.gluino_met(table[mask].reset_index(drop=True), outputs, weights[mask], cuts)
    return figure, cuts


def _mismodelling(data, settings):
    table = data["events"][0]
    test = (table["split"] == "test").to_numpy()
    truth = table["truth"].to_numpy()[test]
    runs = {role: _scores(data[role][0])[test] for role in data if role != "events" and "summary" not in role}
    summaries = {role: data[f"{role}_summary"][0] for role in runs}
    return lp_plotting.mismodelling(truth, runs), lp_lhc.mismodelling_table(truth, runs, summaries)


def _combination(data, settings):
    table = data["events"][0]
    outputs = lp_lhc.combined_outputs(table, _scores(data["full"][0])[:, 0], _scores(data["weak"][0])[:, 0])
    numbers = lp_lhc.combination_table(
        table, outputs, settings["cut_signal_efficiency"], settings["background_acceptance"]
    )
    mask, weights = lp_lhc.evaluation_weights(table)
    shown = {name: values[mask] for name, values in outputs.items()}
    return lp_plotting.combination(table[mask].reset_index(drop=True), shown, weights[mask]), numbers


def _gluino_table(data, settings):
    table = data["events"][0]
    test = (table["split"] == "test").to_numpy()
    runs = {network: _scores(data[network][0])[test] for network in ("full", "weak")}
    return None, lp_lhc.gluino_table(table["truth"].to_numpy()[test], runs, settings["background_acceptance"])


FIGURES = {
    # figure 3: the features' PDFs and generated events
    "lp_toy_features": _toy(
        lambda data, s: lp_plotting.toy_features(
            data["data"][0][["x1", "x2", "x3"]].to_numpy(), data["data"][0].truth.to_numpy()
        ),
        inputs=lambda toy: {"data": [TOY_DATA]},
    ),
    # figure 4: one weak and one full training with the true labels
    "lp_toy_roc": _toy(
        lambda data, s: lp_plotting.toy_roc(_trainings(data["weak"][0])[0], _trainings(data["FS"][0])[0]),
        inputs=_true_label_runs,
    ),
    # figures 5 and 6: the label scan against full supervision
    "lp_label_scan_auc": _toy(
        lambda data, s: lp_plotting.label_scan_auc(_scan(data), s["fractions"][1]), settings=("fractions",)
    ),
    "lp_label_scan_eps": _toy(lambda data, s: lp_plotting.label_scan_efficiency(_scan(data))),
    # figure 7: output histograms at a wrong (0.2) and the true label
    "lp_outputs": _toy(
        lambda data, s: lp_plotting.outputs(_by(data["scan"], "label", s["output_trainings"])),
        inputs=lambda toy: {"scan": [toy_run("weak", "bce", label) for label in (0.2, toy["fractions"][1])]},
        settings=("output_trainings",),
    ),
    # figure 12 (appendix A): the loss functions
    "lp_losses": _toy(
        lambda data, s: lp_plotting.losses(_by(data["scan"], "loss")),
        inputs=lambda toy: {"scan": [toy_run("weak", loss, toy["fractions"][1]) for loss in toy["losses"]]},
    ),
    # section 4: the scan against the bound of eq. (4.6)
    "lp_breakdown": _toy(lambda data, s: lp_plotting.breakdown(_scan(data), s["fractions"]), settings=("fractions",)),
    # section 5: figure 9, table 3, figure 10 with table 4, figure 11
    "lp_gluino_met": _output(LHC_CATEGORY, "lhc", _nominal_runs, _gluino_met, ("cut_signal_efficiency",), table=True),
    "lp_gluino_table": _output(
        LHC_CATEGORY, "lhc", _nominal_runs, _gluino_table, ("background_acceptance",), figure=False, table=True
    ),
    "lp_mismodelling": _output(LHC_CATEGORY, "lhc", _mismodelling_runs, _mismodelling, table=True),
    "lp_combination": _output(
        LHC_CATEGORY,
        "lhc",
        _nominal_runs,
        _combination,
        ("cut_signal_efficiency", "background_acceptance"),
        table=True,
    ),
}
