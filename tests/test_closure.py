"""The detector closure's measures (weaksup.sim.closure) on hand-made events."""

import awkward as ak
import numpy as np
import pytest
from test_jets import dijet_event

from weaksup.sim import closure


def _particles(events):
    """Generator-level records (with a pid) of candidate lists; a neutrino added to each event."""
    return ak.Array(
        [
            [{**c, "pid": 22} for c in event]
            + [{"pt": 300.0, "eta": 0.0, "phi": 1.5, "mass": 0.0, "pid": 12, "charge": 0, "kind": 1}]
            for event in events
        ]
    )


@pytest.fixture
def events():
    # events of different lengths (jagged, as generated events are)
    return [
        dijet_event(2500, 0.1, 2500, -0.2),
        dijet_event(2200, 0.0, 2200, 0.0, n=15),
        dijet_event(900, 0.0, 900, 0.5),
    ]


def test_truth_jets_leave_out_invisible_particles(config, events):
    truth = closure.truth_jets(_particles(events), config)
    assert ak.to_list(ak.num(truth)) == [2, 2, 2]
    assert truth.pt[0, 0] == pytest.approx(2500.0, rel=1e-3)


def test_the_response_matches_the_nearest_reco_jet_within_the_radius():
    truth = ak.Array([[{"pt": 1000.0, "eta": 0.0, "phi": 0.0}, {"pt": 800.0, "eta": 1.0, "phi": 3.0}]])
    reco = ak.Array([[{"pt": 100.0, "eta": -2.0, "phi": -2.0}, {"pt": 950.0, "eta": 0.05, "phi": 0.02}]])
    response = closure.matched_response(truth, reco)
    assert response[0, 0] == pytest.approx(0.95) and np.isnan(response[0, 1])
    assert np.isnan(closure.matched_response(truth[:, :0], reco)).all()  # no truth jet


def test_a_detector_that_sees_the_visible_truth_closes_exactly(config, events):
    particles = _particles(events)
    visible = particles[particles.pid != 12]
    table, sums = closure.event_table(particles, {"fastsim": visible, "delphes": visible}, np.ones(3), config)
    assert np.allclose(table["response_1"], 1.0) and np.allclose(table["mjj"] / table["gen_mjj"], 1.0)
    assert list(table["region"][:3]) == ["SR", "SB", ""]
    summary = closure.summary(table.assign(sample="qcd"), {("qcd", d): s for d, s in sums.items()})
    distance = summary[summary.quantity.str.startswith("mean jet image")]["value"]
    assert distance.tolist() == [0.0]
    efficiency = summary[summary.quantity == "selection efficiency into SR + SB"]
    assert efficiency["value"].tolist() == pytest.approx([200 / 3, 200 / 3])


def test_radial_profile_puts_a_central_spray_at_small_distance():
    image = np.zeros((25, 25))
    image[12, 12] = 10.0
    image[0, 0] = 10.0  # a corner: r ~ 1.36, outside the last bin
    edges, profile = closure.radial_profile(image)
    assert edges[0] == 0.0 and edges[-1] == 1.0
    assert profile[0] == pytest.approx(0.5) and profile.sum() == pytest.approx(0.5)


def test_chunk_sums_add_up_per_sample_and_detector():
    chunk = {"fastsim": {"jets": 2, "image": [[1.0]]}}
    total = closure.combine_sums([("qcd", chunk), ("qcd", chunk), ("hv_ID", chunk)])
    assert total[("qcd", "fastsim")]["jets"] == 4 and total[("qcd", "fastsim")]["image"].tolist() == [[2.0]]
    assert total[("hv_ID", "fastsim")]["jets"] == 2
