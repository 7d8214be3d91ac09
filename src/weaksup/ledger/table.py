"""The ledger table: one row per claim of ``claims.CLAIMS`` with our number and its verdict, and
what the rows need from the config (``run_description``).

The first paper's sensitivity claims are measured on the paper's network only (the first network
of kind ``cwola_cnn`` in the config). Every other network of the studies' tables gets rows of its
own after all of the paper's, under ``paper`` = "beyond the paper": the same claims measured on
its trainings, beside the paper's CNN value, never mixed into the paper's rows."""

from dataclasses import replace

import pandas as pd

from weaksup import config as wsconfig
from weaksup.ledger.claims import AUG, CHAIN_INPUTS, CLAIMS, COLUMNS, Claim
from weaksup.ledger.verdict import Ours, missing, verdict
from weaksup.ml.networks.cnn import CNNSettings
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


#: the ``paper`` column of rows measured on networks other than the paper's
BEYOND = "beyond the paper"
#: the network family of the first paper (figure 1)
PAPER_KIND = CNNSettings.KIND


def paper_network(networks: dict) -> str | None:
    """The name of the paper's network: the first of kind cwola_cnn (None: none configured)."""
    return next((name for name, entry in networks.items() if entry["kind"] == PAPER_KIND), None)


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
        "paper_network": paper_network(config["networks"]),
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


def on_network(inputs: dict, network: str | None) -> dict:
    """``inputs`` with each study table reduced to ``network``'s rows; a study without any is absent."""
    out = {role: table for role, table in inputs.items() if not role.startswith("study:")}
    for role, table in inputs.items():
        if role.startswith("study:") and (table.network == network).any():
            out[role] = table[table.network == network]
    return out


def ledger(inputs: dict, run: dict) -> pd.DataFrame:
    """The ledger: one row per claim of ``CLAIMS``, then the "beyond the paper" rows of the other networks.

    ``inputs``: role -> loaded outputs of the run (a role is absent when the run lacks it: a study
    not configured); ``run``: what the rows need from the config and say about it (``background``,
    ``scenarios``, ``toy``, ``lhc``, ``paper_network``, and ``config`` by part: the text of the
    config column). ``inputs["records"]``, when given: recorded runs of other generation chains by
    name, each with its ``yields``, ``pools`` and ``chain``; every claim of ``CHAIN_INPUTS`` gets a
    row measured on each, right after the run's own.
    """
    paper = on_network(inputs, run["paper_network"])
    rows = []
    for claim in CLAIMS:
        if claim.needs in paper:
            ours = claim.measure(paper, run)
        elif claim.needs.startswith("study:") and claim.needs in inputs:
            ours = missing(f"no network of kind {PAPER_KIND} (the paper's) in {claim.needs.replace(':', ' ')}")
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
    studies = [table for role, table in inputs.items() if role.startswith("study:")]
    others = dict.fromkeys(network for table in studies for network in table.network.unique())
    for network in [n for n in others if n != run["paper_network"]]:
        theirs = on_network(inputs, network)
        for claim in CLAIMS:
            if claim.needs.startswith("study:") and claim.needs in theirs:
                note = "; ".join(filter(None, ("paper_value: the paper's CNN", claim.note)))
                beyond = replace(claim, paper=BEYOND, claim=f"network {network}: {claim.claim}", note=note)
                rows.append(_row(beyond, claim.measure(theirs, run), run["config"]["dijet"]))
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
