"""The fast CMS-like simulation: invisibles, tracking, calorimetry, determinism."""

import awkward as ak
import numpy as np
import pytest

from weaksup.sim import detector


def particles(rows):
    keys = ("pt", "eta", "phi", "mass", "pid", "charge")
    return ak.Array([[dict(zip(keys, row)) for row in event] for event in rows])


def simulate(rows, seed=1):
    return detector.simulate(particles(rows), np.random.default_rng(seed))


def test_invisible_particles_leave_nothing():
    out = simulate(
        [
            [
                (100.0, 0.0, 0.0, 0.0, 12, 0),
                (100.0, 0.3, 1.0, 10.0, 4900111, 0),
                (50.0, 0.1, 2.0, 0.0, -16, 0),
                (300.0, -0.4, 2.5, 1.0, 1000022, 0),
            ]
        ]  # the neutralino LSP of the gluino sample
    )
    assert ak.num(out).tolist() == [0]


def test_charged_pion_becomes_a_track_with_smeared_pt():
    rows = [[(50.0, 0.2, 0.3, 0.13957, 211, 1)] for _ in range(2000)]
    out = simulate(rows)
    tracks = ak.flatten(out[out.kind == detector.KIND_TRACK])
    efficiency = len(tracks) / len(rows)
    assert efficiency == pytest.approx(0.95, abs=0.02)  # card: |eta| <= 1.5, pT > 1 GeV
    rel = np.std(ak.to_numpy(tracks.pt)) / 50.0
    assert rel == pytest.approx(np.hypot(0.06, 50 * 1.3e-3), rel=0.1)  # card: |eta| <= 0.5
    assert np.all(tracks.charge == 1)


def test_photon_energy_is_measured_by_the_ecal():
    rows = [[(200.0, 0.5, -1.0, 0.0, 22, 0)] for _ in range(1000)]
    out = ak.flatten(simulate(rows))
    assert np.all(out.kind == detector.KIND_PHOTON)
    energy = ak.to_numpy(out.pt) * np.cosh(ak.to_numpy(out.eta))
    assert np.mean(energy) == pytest.approx(200 * np.cosh(0.5), rel=0.01)
    assert np.all(np.abs(ak.to_numpy(out.eta) - 0.5) < 0.0174)  # inside one ECAL tower


def test_neutral_hadron_resolution_follows_the_hcal_function():
    energy = 500.0
    rows = [[(energy, 0.0, 0.5, 0.9396, 2112, 0)] for _ in range(3000)]
    out = ak.flatten(simulate(rows))
    assert np.all(out.kind == detector.KIND_NEUTRAL_HADRON)
    measured = ak.to_numpy(out.pt)  # eta ~ 0: pt ~ E
    expected_sigma = np.sqrt(0.05**2 * energy**2 + 1.5**2 * energy)
    assert np.std(measured) == pytest.approx(expected_sigma, rel=0.1)


def test_outside_the_calorimeter_nothing_is_seen():
    out = simulate([[(1.0, 5.5, 0.0, 0.0, 22, 0), (30.0, 3.0, 0.0, 0.14, 211, 1)]])
    # the pion at |eta| = 3 misses the tracker but its energy reaches the HCAL (E = 30 cosh 3 GeV)
    assert out.kind.to_list() == [[detector.KIND_NEUTRAL_HADRON]]


def test_same_seed_same_candidates_different_seed_different():
    rows = [[(30.0, 0.1 * k, 0.2 * k, 0.14, 211 if k % 2 else 22, k % 2) for k in range(10)] for _ in range(50)]
    a, b, c = simulate(rows, seed=3), simulate(rows, seed=3), simulate(rows, seed=4)
    assert ak.all(a.pt == b.pt) and ak.num(a).tolist() == ak.num(b).tolist()
    assert not (ak.num(a).tolist() == ak.num(c).tolist() and ak.all(a.pt == c.pt))


def test_empty_chunk_gives_empty_output():
    empty = particles([[(1.0, 0.0, 0.0, 0.0, 22, 0)]] * 2)[:, :0]  # typed, as read from Parquet
    out = detector.simulate(empty, np.random.default_rng(0))
    assert ak.num(out).tolist() == [0, 0]


def test_a_hard_pion_is_measured_by_the_hcal_as_in_delphes():
    # a 500 GeV pion: the track resolves 65%, the HCAL 8%; Delphes' particle flow rescales the
    # track to the weighted mean or adds the significant neutral excess, so the event's visible
    # pT follows the HCAL
    energy = 500.0 * np.cosh(0.2)
    out = simulate([[(500.0, 0.2, 0.3, 0.13957, 211, 1)] for _ in range(3000)])
    total = ak.to_numpy(ak.sum(out.pt, axis=1))
    hcal = np.sqrt(0.05**2 + 1.5**2 / energy)
    assert np.mean(total) == pytest.approx(500.0, rel=0.01)
    assert np.std(total) / 500.0 == pytest.approx(hcal, rel=0.15)
    assert detector.track_relative_resolution(np.array([500.0]), np.array([0.2]), "hadron")[0] > 5 * hcal


def test_track_resolution_is_capped_at_one_as_in_delphes():
    assert detector.track_relative_resolution(np.array([5000.0]), np.array([2.0]), "hadron").tolist() == [1.0]


def test_a_muon_leaves_a_track_and_no_calorimeter_energy():
    out = ak.flatten(simulate([[(100.0, 0.1, 0.0, 0.10566, 13, -1)] for _ in range(300)]))
    assert set(out.kind.tolist()) == {detector.KIND_TRACK}
