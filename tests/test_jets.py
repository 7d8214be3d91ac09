"""Selection cuts and region assignment on hand-made events."""

import awkward as ak
import numpy as np
import pytest

from weaksup.events import jets


def dijet_event(pt1, eta1, pt2, eta2, n=20):
    """Two narrow sprays of ``n`` massless candidates each, back to back in phi."""
    cands = []
    for pt, eta, phi in ((pt1, eta1, 0.0), (pt2, eta2, np.pi - 0.01)):
        for k in range(n):
            cands.append(
                {
                    "pt": pt / n,
                    "eta": eta + 0.01 * (k % 5),
                    "phi": phi + 0.01 * (k // 5),
                    "mass": 0.0,
                    "charge": 0,
                    "kind": 1,
                }
            )
    return cands


def expected_mjj(pt1, eta1, pt2, eta2):
    # massless back-to-back jets: m^2 = 2 pt1 pt2 (cosh(deta) + 1)
    return np.sqrt(2 * pt1 * pt2 * (np.cosh(eta1 - eta2) + 1))


@pytest.fixture
def cfg(config):
    return config


def test_invariant_mass_of_back_to_back_jets():
    j1 = ak.Array([{"pt": 1000.0, "eta": 0.5, "phi": 0.0, "mass": 0.0}])
    j2 = ak.Array([{"pt": 800.0, "eta": -0.3, "phi": np.pi, "mass": 0.0}])
    assert jets.invariant_mass(j1, j2)[0] == pytest.approx(expected_mjj(1000, 0.5, 800, -0.3))


def test_regions_are_half_open_windows(cfg):
    mjj = [4399.9, 4400.0, 4699.9, 4700.0, 5499.9, 5500.0, 5799.9, 5800.0]
    assert list(jets.assign_region(mjj, cfg["regions"])) == ["", "SB", "SB", "SR", "SR", "SB", "SB", ""]


def test_selection_cuts_on_hand_made_events(cfg):
    events = ak.Array(
        [
            dijet_event(2500, 0.1, 2500, -0.2),  # 0: passes, m_jj ~ 5 TeV -> SR
            dijet_event(2500, 0.1, 700, -0.2),  # 1: subleading pT below 750
            dijet_event(2500, 0.1, 2500, 2.3),  # 2: subleading |eta| above 2
            dijet_event(2200, 0.0, 2200, 0.0),  # 3: passes, m_jj ~ 4.4 TeV -> SB
            dijet_event(1200, 0.0, 1200, 0.0),  # 4: passes the cuts, m_jj ~ 2.4 TeV: in no region
            dijet_event(2500, 0.1, 0, 0)[:20],  # 5: one jet only
        ]
    )
    selected_mask = jets.passes_selection(jets.cluster(events, 0.8, 20.0)[0], 750.0, 2.0)
    assert list(selected_mask) == [True, False, False, True, True, False]
    selected, cutflow = jets.select_dijets(events, np.arange(6.0), cfg)
    assert cutflow == {"generated": 6, "two_jets": 5, "lead_pt": 4, "abs_eta": 3, "SR": 1, "SB": 1}
    assert list(cutflow) == list(jets.CUTFLOW)
    assert list(selected.region) == ["SR", "SB"]
    assert list(selected.weight) == [0.0, 3.0]
    mjj = ak.to_numpy(selected.mjj)
    assert mjj[0] == pytest.approx(expected_mjj(2500, 0.1, 2500, -0.2), rel=0.01)
    assert 4400 <= mjj[1] < 4700


def test_selected_event_keeps_both_jets_constituents(cfg):
    events = ak.Array([dijet_event(2500, 0.1, 2400, -0.2, n=20)])
    selected, _ = jets.select_dijets(events, [1.0], cfg)
    constituents = selected.jets.constituents[0]
    assert ak.num(constituents).tolist() == [20, 20]
    # the constituents add up to their jet
    assert ak.sum(constituents.pt[0]) == pytest.approx(selected.jets.pt[0, 0], rel=1e-3)
    assert selected.jets.pt[0, 0] > selected.jets.pt[0, 1]


def test_gather_picks_each_jets_constituents():
    candidates = ak.Array([[{"pt": 1.0}, {"pt": 2.0}, {"pt": 3.0}], [{"pt": 4.0}, {"pt": 5.0}]])
    index = ak.Array([[[2, 0], [1]], [[1], [0]]])
    assert jets.gather(candidates, index).pt.to_list() == [[[3.0, 1.0], [2.0]], [[5.0], [4.0]]]
