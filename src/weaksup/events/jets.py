"""Jet clustering (FastJet anti-kt), dijet selection and signal/sideband regions (section 3.1).

Clustering uses the multi-event (awkward) interface of scikit-hep ``fastjet``: one call clusters a
whole chunk in C++, with no per-event Python loop.
"""

import awkward as ak
import numpy as np

#: Region labels of a selected event; events outside every window are dropped.
REGIONS = ("SR", "SB")


def four_vectors(pt, eta, phi, mass):
    """Cartesian (px, py, pz, E) in GeV from (pt [GeV], eta, phi [rad], mass [GeV]); works on jagged arrays."""
    px, py, pz = pt * np.cos(phi), pt * np.sin(phi), pt * np.sinh(eta)
    energy = np.sqrt(px * px + py * py + pz * pz + mass * mass)
    return px, py, pz, energy


def cluster(candidates: ak.Array, radius: float, ptmin: float):
    """Anti-kt jets (pt-ordered) of every event and the index of each jet's constituents.

    ``candidates`` are detector-level particle-flow candidates (fields pt, eta, phi, mass).
    Returns ``(jets, constituent_index)``: jets with fields pt, eta, phi, mass (GeV, rad) sorted
    by decreasing pt, and for each jet the indices of its constituents in ``candidates``.
    """
    import fastjet

    px, py, pz, energy = four_vectors(
        *(ak.values_astype(candidates[f], np.float64) for f in ("pt", "eta", "phi", "mass"))
    )
    vectors = ak.zip({"px": px, "py": py, "pz": pz, "E": energy}, with_name="Momentum4D")
    sequence = fastjet.ClusterSequence(vectors, fastjet.JetDefinition(fastjet.antikt_algorithm, radius))
    raw = sequence.inclusive_jets(min_pt=ptmin)
    index = sequence.constituent_index(min_pt=ptmin)
    jpt = np.hypot(raw.px, raw.py)
    order = ak.argsort(jpt, axis=1, ascending=False)
    p = np.sqrt(raw.px**2 + raw.py**2 + raw.pz**2)
    jets = ak.zip(
        {
            "pt": jpt,
            "eta": np.arcsinh(raw.pz / jpt),
            "phi": np.arctan2(raw.py, raw.px),
            "mass": np.sqrt(np.maximum(raw.E**2 - p**2, 0.0)),
        }
    )
    return jets[order], index[order]


def invariant_mass(j1: ak.Array, j2: ak.Array):
    """Invariant mass (GeV) of two jets given as records with pt, eta, phi, mass."""
    a, b = four_vectors(j1.pt, j1.eta, j1.phi, j1.mass), four_vectors(j2.pt, j2.eta, j2.phi, j2.mass)
    px, py, pz, energy = (x + y for x, y in zip(a, b))
    return np.sqrt(np.maximum(energy**2 - px**2 - py**2 - pz**2, 0.0))


def gather(candidates: ak.Array, index: ak.Array) -> ak.Array:
    """``candidates[event][index[event][jet]]`` for every event and jet, without a Python loop.

    ``candidates`` is (event, candidate); ``index`` is (event, jet, constituent) with indices local
    to the event. Returns (event, jet, constituent) records.
    """
    offsets = np.concatenate([[0], np.cumsum(ak.to_numpy(ak.num(candidates)))[:-1]])
    global_index = ak.flatten(index + offsets[: len(index)], axis=None)
    flat = ak.flatten(candidates)[ak.to_numpy(global_index)]
    per_jet = ak.unflatten(flat, ak.flatten(ak.num(index, axis=2)))
    return ak.unflatten(per_jet, ak.num(index, axis=1))


#: the steps of the selection (section 5.1) in order, each applied on top of the ones before, then
#: the regions: the rows of the cutflow table (results/tables/cutflow.csv)
CUTFLOW = ("generated", "two_jets", "lead_pt", "abs_eta", *REGIONS)


def selection_steps(jets: ak.Array, lead_pt_min: float, abs_eta_max: float) -> dict[str, np.ndarray]:
    """Cumulative boolean masks of the selection: >= 2 jets, then both leading jets with pt >
    ``lead_pt_min`` (GeV), then both with |eta| < ``abs_eta_max``."""
    two = ak.to_numpy(ak.num(jets) >= 2)
    leading = ak.pad_none(jets, 2, axis=1)[:, :2]
    hard = ak.to_numpy(ak.fill_none(ak.all(leading.pt > lead_pt_min, axis=1), False))
    central = ak.to_numpy(ak.fill_none(ak.all(abs(leading.eta) < abs_eta_max, axis=1), False))
    return {"two_jets": two, "lead_pt": two & hard, "abs_eta": two & hard & central}


def passes_selection(jets: ak.Array, lead_pt_min: float, abs_eta_max: float):
    """Boolean mask: >= 2 jets, both leading jets with pt > ``lead_pt_min`` (GeV) and |eta| < ``abs_eta_max``."""
    return selection_steps(jets, lead_pt_min, abs_eta_max)["abs_eta"]


def in_windows(mjj, windows) -> np.ndarray:
    """Mask of ``mjj`` (GeV) inside any half-open window [lo, hi) of ``windows``."""
    mjj = np.asarray(mjj)
    return np.any([(mjj >= lo) & (mjj < hi) for lo, hi in windows], axis=0) if windows else np.zeros(len(mjj), bool)


def assign_region(mjj, regions: dict) -> np.ndarray:
    """Region label per event ('SR', 'SB' or '' outside both) from ``{name: [[lo, hi], ...]}`` windows in GeV.

    Windows are half-open, [lo, hi): an event exactly at 4700 GeV is in the SR, at 5500 GeV in the SB.
    """
    mjj = np.asarray(mjj)
    labels = np.full(len(mjj), "", dtype=object)
    for name in REGIONS:
        labels[in_windows(mjj, regions[name])] = name
    return labels.astype(str)


def select_dijets(candidates: ak.Array, weights, config: dict) -> tuple[ak.Array, dict[str, int]]:
    """Cluster, select and assign regions; keep the events in the SR or SB.

    Returns one record per kept event: ``mjj`` (GeV), ``region``, ``weight`` and ``jets``, the two
    leading jets (pt, eta, phi, mass) each with its ``constituents`` (all candidate fields); and
    the cutflow, events left after each step of ``CUTFLOW``.
    """
    jet_cfg, sel = config["jets"], config["selection"]
    jets, index = cluster(candidates, jet_cfg["radius"], jet_cfg["ptmin_gev"])
    steps = selection_steps(jets, sel["lead_pt_min_gev"], sel["abs_eta_max"])
    selected = steps["abs_eta"]
    jets, index, candidates = jets[selected][:, :2], index[selected][:, :2], candidates[selected]
    mjj = ak.to_numpy(invariant_mass(jets[:, 0], jets[:, 1]))
    region = assign_region(mjj, config["regions"])
    keep = region != ""
    constituents = gather(candidates[keep], index[keep])
    leading = jets[keep]
    kept_jets = ak.zip({f: leading[f] for f in leading.fields} | {"constituents": constituents}, depth_limit=2)
    events = ak.zip(
        {
            "mjj": mjj[keep],
            "region": region[keep],
            "weight": np.asarray(weights)[selected][keep],
            "jets": kept_jets,
        },
        depth_limit=1,
    )
    cutflow = {"generated": len(selected)} | {step: int(mask.sum()) for step, mask in steps.items()}
    return events, cutflow | {name: int(np.sum(region == name)) for name in REGIONS}
