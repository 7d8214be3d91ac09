"""Detector closure: the fast simulation against Delphes 3.4.2 on the same Pythia events.

Both detectors see the same generated events; jets are clustered from each one's particle flow
exactly as in the workflow (anti-kt R = 0.8), and from the visible generator-level final state
(the truth jets). Per event and detector ``event_table`` keeps what the comparison needs: the
response pT_reco / pT_gen of the two leading truth jets (each matched to the nearest reco jet
within Delta R < ``MATCH_RADIUS``), m_jj of the two leading jets at truth and reco level, the
particle-flow multiplicity by kind (whole event and the two leading jets of selected events),
and the region the selection assigns; beside it, per detector, the raw (GeV per pixel) jet images
of the selected events added up. ``summary`` reduces them to the closure table.
"""

import awkward as ak
import numpy as np
import pandas as pd

from weaksup.events import jets
from weaksup.inputs import images
from weaksup.ledger.verdict import binomial_error
from weaksup.sim.detector import KIND_NEUTRAL_HADRON, KIND_PHOTON, KIND_TRACK, is_invisible

MATCH_RADIUS = 0.4
#: truth jets counted in the response: well above the jet threshold, inside the tracker
RESPONSE_PT_MIN_GEV, RESPONSE_ABS_ETA_MAX = 500.0, 2.0
KINDS = {"track": KIND_TRACK, "photon": KIND_PHOTON, "neutral_hadron": KIND_NEUTRAL_HADRON}


def truth_jets(particles: ak.Array, config: dict) -> ak.Array:
    """Anti-kt jets of the visible generator-level final state (GeV, rad), pt-ordered."""
    invisible = is_invisible(ak.to_numpy(ak.flatten(particles.pid)))
    visible = particles[ak.unflatten(~invisible, ak.num(particles))]
    return jets.cluster(visible, config["jets"]["radius"], config["jets"]["ptmin_gev"])[0]


def _leading_mjj(found: ak.Array) -> np.ndarray:
    """m_jj (GeV) of the two leading jets; NaN for events with fewer than two."""
    pair = ak.pad_none(found, 2, axis=1)
    return ak.to_numpy(ak.fill_none(jets.invariant_mass(pair[:, 0], pair[:, 1]), np.nan))


def matched_response(truth: ak.Array, reco: ak.Array, lead: int = 2) -> np.ndarray:
    """(n_events, lead) pT_reco / pT_gen of the ``lead`` leading truth jets, each against the reco
    jet nearest in (eta, phi) within ``MATCH_RADIUS``; NaN where there is no truth jet or no match."""
    gen = ak.pad_none(truth, lead, axis=1)[:, :lead]
    pairs = ak.cartesian({"gen": gen, "reco": reco}, axis=1, nested=True)
    dphi = (pairs.gen.phi - pairs.reco.phi + np.pi) % (2 * np.pi) - np.pi
    dr = np.hypot(pairs.gen.eta - pairs.reco.eta, dphi)
    nearest = ak.argmin(dr, axis=2, keepdims=True)
    ratio = ak.firsts(pairs.reco.pt[nearest] / pairs.gen.pt[nearest], axis=2)
    ratio = ak.where(ak.firsts(dr[nearest], axis=2) < MATCH_RADIUS, ratio, np.nan)
    return ak.to_numpy(ak.fill_none(ratio, np.nan)).astype(np.float64)


def event_table(particles: ak.Array, detectors: dict, weights, config: dict) -> tuple[pd.DataFrame, dict]:
    """Per detector and event the closure quantities (module docstring), and the image sums.

    ``detectors``: name -> particle-flow candidates of the same events (fields of the detector
    schema). Returns (table, {name: (2, n, n) summed raw images of the selected events}).
    """
    truth = truth_jets(particles, config)
    truth_lead = ak.pad_none(truth, 2, axis=1)[:, :2]
    gen_pt = ak.to_numpy(ak.fill_none(truth_lead.pt, np.nan)).astype(np.float64)
    gen_eta = ak.to_numpy(ak.fill_none(truth_lead.eta, np.nan)).astype(np.float64)
    gen_mjj = _leading_mjj(truth)
    tables, sums = [], {}
    n_pixels = config["images"]["n_pixels"]
    for name, candidates in detectors.items():
        reco, _ = jets.cluster(candidates, config["jets"]["radius"], config["jets"]["ptmin_gev"])
        selected, _ = jets.select_dijets(candidates, weights, config)
        region = np.full(len(candidates), "", dtype=object)
        keep = jets.passes_selection(reco, config["selection"]["lead_pt_min_gev"], config["selection"]["abs_eta_max"])
        mjj_all = _leading_mjj(reco)
        region[keep] = jets.assign_region(mjj_all[keep], config["regions"])
        response = matched_response(truth, reco)
        columns = {
            "detector": name,
            "gen_pt_1": gen_pt[:, 0],
            "gen_pt_2": gen_pt[:, 1],
            "gen_eta_1": gen_eta[:, 0],
            "gen_eta_2": gen_eta[:, 1],
            "response_1": response[:, 0],
            "response_2": response[:, 1],
            "gen_mjj": gen_mjj,
            "mjj": mjj_all,
            "region": region.astype(str),
        }
        for kind, code in KINDS.items():
            columns[f"n_{kind}"] = ak.to_numpy(ak.sum(candidates.kind == code, axis=1))
        tables.append(pd.DataFrame(columns))
        constituents = ak.flatten(selected.jets.constituents, axis=1)  # the selected events' two jets
        sums[name] = {
            "jets": len(constituents),
            **{f"jet_n_{kind}": int(ak.sum(constituents.kind == code)) for kind, code in KINDS.items()},
            "image": images.jet_images(selected.jets, n_pixels, "raw", config["images"]["flip_rule"]).sum(axis=0)
            if len(selected)
            else np.zeros((2, n_pixels, n_pixels), np.float32),
        }
    return pd.concat(tables, ignore_index=True), sums


def combine_sums(chunks) -> dict:
    """Add up the image sums and multiplicities of ``(sample, {detector: sums})`` chunks."""
    total = {}
    for sample, by_detector in chunks:
        for detector, sums in by_detector.items():
            into = total.setdefault((sample, detector), dict.fromkeys(sums, 0))
            for key, value in sums.items():
                into[key] = into[key] + np.asarray(value)
    return total


def radial_profile(image: np.ndarray, n_bins: int = 10, half_width: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """(bin edges, share of the image's pT per bin) in the distance r from the jet axis (the
    image centre), for an (n, n) image over [-half_width, half_width]^2."""
    n = image.shape[-1]
    centres = (np.arange(n) + 0.5) * 2 * half_width / n - half_width
    r = np.hypot(*np.meshgrid(centres, centres, indexing="ij"))
    edges = np.linspace(0.0, half_width, n_bins + 1)
    profile, _ = np.histogram(r, bins=edges, weights=image)
    return edges, profile / max(image.sum(), 1e-12)


def tracker_responses(group: pd.DataFrame) -> np.ndarray:
    """The pT responses of both leading truth jets of ``event_table`` rows, for truth jets above
    ``RESPONSE_PT_MIN_GEV`` and inside ``RESPONSE_ABS_ETA_MAX``."""
    return np.concatenate(
        [
            group.loc[
                (group[f"gen_pt_{i}"] > RESPONSE_PT_MIN_GEV) & (group[f"gen_eta_{i}"].abs() < RESPONSE_ABS_ETA_MAX),
                f"response_{i}",
            ].to_numpy()
            for i in (1, 2)
        ]
    )


def _robust(values: np.ndarray) -> tuple[float, float, float]:
    """(median, resolution, error of the median): resolution = half the 16-84% range."""
    values = values[np.isfinite(values)]
    if len(values) < 2:
        return np.nan, np.nan, np.nan
    low, median, high = np.percentile(values, [16, 50, 84])
    resolution = (high - low) / 2
    return median, resolution, 1.2533 * resolution / np.sqrt(len(values))


def summary(table: pd.DataFrame, sums: dict) -> pd.DataFrame:
    """The closure table: per sample, quantity and detector, value and error.

    ``table``: ``event_table`` rows with a ``sample`` column; ``sums``: (sample, detector) ->
    summed image and jet multiplicities over all chunks.
    """
    rows = []

    def add(sample, quantity, unit, detector, value, error):
        rows.append(
            {"sample": sample, "quantity": quantity, "unit": unit, "detector": detector, "value": value, "error": error}
        )

    for (sample, detector), group in table.groupby(["sample", "detector"], sort=False):
        responses = tracker_responses(group)
        median, resolution, error = _robust(responses)
        add(sample, "jet pT response (median)", "", detector, median, error)
        add(
            sample,
            "jet pT resolution (16-84% half width)",
            "",
            detector,
            resolution,
            resolution / np.sqrt(2 * max(len(responses), 1)),
        )
        median, resolution, error = _robust((group["mjj"] / group["gen_mjj"]).to_numpy())
        add(sample, "m_jj response (median)", "", detector, median, error)
        add(sample, "m_jj resolution (16-84% half width)", "", detector, resolution, np.nan)
        for kind in KINDS:
            values = group[f"n_{kind}"].to_numpy()
            add(sample, f"{kind}s per event", "", detector, values.mean(), values.std() / np.sqrt(len(values)))
        jets_info = sums[(sample, detector)]
        for kind in KINDS:
            per_jet = jets_info[f"jet_n_{kind}"] / max(jets_info["jets"], 1)
            add(sample, f"{kind}s per selected jet", "", detector, per_jet, np.nan)
        n = len(group)
        k = int(group["region"].isin(jets.REGIONS).sum())
        add(sample, "selection efficiency into SR + SB", "%", detector, 100 * k / n, 100 * binomial_error(k / n, n))
        for region in jets.REGIONS:
            k = int((group["region"] == region).sum())
            add(
                sample,
                f"selection efficiency into {region}",
                "%",
                detector,
                100 * k / n,
                100 * binomial_error(k / n, n),
            )
    for sample in table["sample"].unique():
        fast, full = (sums[(sample, d)] for d in ("fastsim", "delphes"))
        mean_fast = fast["image"] / max(fast["jets"] / 2, 1)
        mean_full = full["image"] / max(full["jets"] / 2, 1)
        distance = np.abs(mean_fast - mean_full).sum() / max(np.abs(mean_full).sum(), 1e-12)
        add(sample, "mean jet image: L1 distance to Delphes over Delphes sum", "", "fastsim", distance, np.nan)
    return pd.DataFrame(rows)
