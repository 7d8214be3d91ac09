"""The jets + missing-energy selection of the label-proportion paper's section 5.1."""

import awkward as ak
import numpy as np
import pytest

from weaksup.events import met

CUTS = dict(jet_radius=0.4, jet_pt_min_gev=40.0, jet_abs_eta_max=2.5, met_min_gev=200.0, lead_jet_pt_min_gev=200.0)


def candidates(events):
    """Candidates from rows (pt, eta, phi, mass, charge) per event."""
    keys = ("pt", "eta", "phi", "mass", "charge")
    return ak.Array([[dict(zip(keys, row)) for row in event] for event in events])


def jet(pt, eta, phi, n=4):
    """A narrow jet of n massless neutral candidates sharing ``pt`` (GeV)."""
    return [(pt / n, eta + 0.01 * i, phi, 0.0, 0) for i in range(n)]


def test_missing_et_balances_the_visible_momentum():
    met_value, met_phi = met.missing_et(candidates([jet(300.0, 0.0, 0.5) + jet(100.0, 1.0, 0.5)]))
    assert met_value[0] == pytest.approx(400.0, rel=1e-4)
    assert met_phi[0] == pytest.approx(0.5 - np.pi, abs=1e-4)


def test_isolated_muon_counts_and_one_inside_a_jet_does_not():
    muon = (50.0, 0.2, -2.0, met.MUON_MASS, -1)
    electron_in_jet = (30.0, 1.01, 1.0, met.ELECTRON_MASS, 1)
    soft_muon = (5.0, 0.0, 0.0, met.MUON_MASS, 1)  # below 10 GeV
    pion = (50.0, -1.0, 0.0, 0.13957, 1)  # not a lepton
    events = candidates([[muon, pion], jet(300.0, 1.0, 1.0) + [electron_in_jet], [soft_muon, pion]])
    assert met.isolated_leptons(events).tolist() == [1, 0, 0]


def test_selection_cuts_and_zero_padded_features():
    monojet = jet(400.0, 0.0, 0.0)  # recoils against 400 GeV of missing ET
    forward = jet(400.0, 3.0, 0.0)  # |eta| > 2.5: no jet, but still missing ET
    soft_met = jet(250.0, 0.0, 0.0) + jet(240.0, 0.5, np.pi)  # MET 10 GeV
    with_lepton = jet(400.0, 0.0, 0.0) + [(50.0, -1.5, 2.0, met.ELECTRON_MASS, -1)]
    selected, features = met.select(candidates([monojet, forward, soft_met, with_lepton]), CUTS)
    assert selected.tolist() == [True, False, False, False]
    assert features.shape == (1, 1 + met.N_JETS) and len(met.FEATURES) == 1 + met.N_JETS
    assert features[0, 0] == pytest.approx(400.0, rel=1e-4)  # MET
    assert features[0, 1] == pytest.approx(400.0, rel=1e-3)  # leading jet pT
    assert np.all(features[0, 2:] == 0)  # no further jet: zero-padded
