"""Jets + missing-energy selection of the label-proportion paper's LHC example (section 5.1).

Gluino pairs against Z(-> nu nu~) + jet, both through the same detector stage as the dijet
analysis: anti-kt R = 0.4 jets of the particle-flow candidates with |eta| < 2.5 and pT > 40 GeV,
missing ET and leading-jet pT above 200 GeV, no isolated lepton. The network inputs are the 11
numbers of the paper: missing ET and the pT of up to 10 jets, zero-padded (GeV).

Lepton identification: Delphes identifies electrons and muons from the generator record; here
the candidates carry each track's species in its mass (the fast simulation keeps the generator
mass, the Delphes reader assigns it from EFlowTrack.PID), and the CMS card's isolation follows:
the scalar pT sum of the other candidates with pT > 0.5 GeV within Delta R < 0.5, over the
lepton pT, below 0.12 (electrons) or 0.25 (muons). Simplification: the card's identification
efficiencies (85-95%) are taken as 1, so the veto is slightly tighter than Delphes'.
"""

import awkward as ak
import numpy as np

from weaksup.events.jets import cluster

ELECTRON_MASS, MUON_MASS = 0.000511, 0.105658  # GeV
N_JETS = 10
FEATURES = ["met", *(f"jet{i}_pt" for i in range(1, N_JETS + 1))]
ISOLATION = {"electron": 0.12, "muon": 0.25}  # the card's PTRatioMax
ISOLATION_RADIUS, ISOLATION_PT_MIN = 0.5, 0.5  # Delta R, GeV
LEPTON_PT_MIN, LEPTON_ETA_MAX = 10.0, 2.5  # GeV; the card's Electron/MuonEfficiency range


def missing_et(candidates: ak.Array) -> tuple[np.ndarray, np.ndarray]:
    """(MET in GeV, its phi) per event: minus the vector sum of every candidate's pT."""
    px = ak.to_numpy(ak.sum(candidates.pt * np.cos(candidates.phi), axis=1))
    py = ak.to_numpy(ak.sum(candidates.pt * np.sin(candidates.phi), axis=1))
    return np.hypot(px, py), np.arctan2(-py, -px)


def isolated_leptons(candidates: ak.Array) -> np.ndarray:
    """Number of isolated electrons and muons (pT > 10 GeV, |eta| < 2.5) per event."""
    charged = candidates.charge != 0
    is_electron = charged & (abs(candidates.mass - ELECTRON_MASS) < 1e-5)
    is_muon = charged & (abs(candidates.mass - MUON_MASS) < 1e-4)
    lepton = (is_electron | is_muon) & (candidates.pt > LEPTON_PT_MIN) & (abs(candidates.eta) < LEPTON_ETA_MAX)
    leptons = ak.zip({"pt": candidates.pt, "eta": candidates.eta, "phi": candidates.phi, "muon": is_muon})[lepton]
    others = candidates[candidates.pt > ISOLATION_PT_MIN]
    pairs = ak.cartesian({"lepton": leptons, "other": others}, nested=True)  # (event, lepton, candidate)
    dphi = (pairs.lepton.phi - pairs.other.phi + np.pi) % (2 * np.pi) - np.pi
    dr2 = (pairs.lepton.eta - pairs.other.eta) ** 2 + dphi**2
    near = (dr2 < ISOLATION_RADIUS**2) & (dr2 > 0)  # the lepton itself is at Delta R = 0
    ratio = ak.sum(ak.where(near, pairs.other.pt, 0.0), axis=2) / leptons.pt
    limit = ak.where(leptons.muon, ISOLATION["muon"], ISOLATION["electron"])
    return ak.to_numpy(ak.sum(ratio < limit, axis=1))


def select(candidates: ak.Array, cuts: dict) -> tuple[np.ndarray, np.ndarray]:
    """(mask of selected events, features (n_selected, 11) in GeV) for section 5.1's selection.

    ``cuts``: ``jet_radius``, ``jet_pt_min_gev``, ``jet_abs_eta_max``, ``met_min_gev``,
    ``lead_jet_pt_min_gev``.
    """
    jets, _ = cluster(candidates, cuts["jet_radius"], cuts["jet_pt_min_gev"])
    jets = jets[abs(jets.eta) < cuts["jet_abs_eta_max"]]
    met, _ = missing_et(candidates)
    lead_pt = ak.to_numpy(ak.fill_none(ak.firsts(jets.pt), 0.0))
    selected = (met > cuts["met_min_gev"]) & (lead_pt > cuts["lead_jet_pt_min_gev"])
    selected &= isolated_leptons(candidates) == 0
    jet_pt = ak.to_numpy(ak.fill_none(ak.pad_none(jets.pt[selected], N_JETS, clip=True), 0.0))
    return selected, np.column_stack([met[selected], jet_pt])
