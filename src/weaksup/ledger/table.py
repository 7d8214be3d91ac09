"""The ledger table: one row per claim of ``claims.CLAIMS`` with our number and its verdict, and
what the rows need from the config (``run_description``)."""

from dataclasses import replace

import pandas as pd

from weaksup import config as wsconfig
from weaksup.ledger.claims import AUG, CHAIN_INPUTS, CLAIMS, COLUMNS, Claim
from weaksup.ledger.verdict import Ours, missing, verdict
from weaksup.sim.generation import madgraph_cuts


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
