"""Jet constituents: invariants of every preprocessing step, and the pT smearing primitive."""

import awkward as ak
import numpy as np
import pytest

from weaksup.inputs import constituents as cs
from weaksup.sim.resolution import preset


def random_jets(n_events=50, seed=0, phi_centre=0.0):
    """Events of two jets with 5-60 random constituents each, spread ~0.3 around (0, phi_centre)."""
    rng = np.random.default_rng(seed)
    events = []
    for _ in range(n_events):
        jets = []
        for _ in range(2):
            n = rng.integers(5, 60)
            jets.append(
                {
                    "constituents": {
                        "pt": rng.exponential(30.0, n),
                        "eta": rng.normal(0.3, 0.3, n),
                        "phi": cs.wrap_phi(rng.normal(phi_centre, 0.3, n)),
                    }
                }
            )
        events.append(jets)
    out = ak.Array(events)
    return ak.zip({"constituents": ak.zip({f: out.constituents[f] for f in ("pt", "eta", "phi")})}, depth_limit=2)


@pytest.fixture
def constituents():
    return cs.flatten_jets(random_jets())


def per_jet(values, c):
    return np.bincount(c.jet, weights=values, minlength=c.n_jets)


@pytest.mark.parametrize("phi_centre", [0.0, np.pi - 0.05])
def test_translation_puts_the_pt_weighted_centroid_at_the_origin(phi_centre):
    c = cs.flatten_jets(random_jets(phi_centre=phi_centre))
    x, y = cs.translate(c)
    total = per_jet(c.pt, c)
    assert np.allclose(per_jet(c.pt * x, c) / total, 0, atol=1e-9)
    assert np.allclose(per_jet(c.pt * y, c) / total, 0, atol=1e-9)
    assert np.abs(y).max() < 2.0  # a jet across phi = pi stays in one piece


def test_orientation_makes_the_principal_axis_horizontal(constituents):
    c = constituents
    x, y = cs.orient(*cs.translate(c), c)
    sxx, syy, sxy = per_jet(c.pt * x * x, c), per_jet(c.pt * y * y, c), per_jet(c.pt * x * y, c)
    assert np.allclose(sxy, 0, atol=1e-8 * sxx.max())
    assert np.all(sxx >= syy)


@pytest.mark.parametrize("rule", cs.FLIP_RULES)
def test_flipping_moves_the_reference_into_the_first_quadrant(constituents, rule):
    c = constituents
    x, y = cs.preprocess(c, flip_rule=rule)
    if rule == "hardest":
        for j in range(c.n_jets):
            mine = c.jet == j
            hardest = np.argmax(c.pt[mine])
            assert x[mine][hardest] >= 0 and y[mine][hardest] >= 0
    else:
        first = per_jet(c.pt * ((x > 0) & (y > 0)), c)
        for sx, sy in ((1, -1), (-1, 1), (-1, -1)):
            assert np.all(first >= per_jet(c.pt * ((sx * x > 0) & (sy * y > 0)), c))


def test_unknown_flip_rule_is_named(constituents):
    with pytest.raises(ValueError, match="hardest.*quadrant"):
        cs.flip(constituents.eta, constituents.phi, constituents, "largest")


def test_rotation_by_theta_then_minus_theta_is_the_identity(constituents):
    c = constituents
    rng = np.random.default_rng(1)
    x, y, theta = c.eta, c.phi, rng.uniform(-np.pi, np.pi, c.n_jets)
    back = cs.rotate_jets(*cs.rotate_jets(x, y, theta, c), -theta, c)
    assert np.allclose(back, (x, y), atol=1e-12)
    # eq. (5.2): a quarter turn takes the eta axis onto the phi axis
    quarter = np.full(c.n_jets, np.pi / 2)
    turned = cs.rotate_jets(np.ones_like(x), np.zeros_like(y), quarter, c)
    assert np.allclose(turned[0], 0.0, atol=1e-12) and np.allclose(turned[1], 1.0, atol=1e-12)


def test_nan_or_negative_pt_is_rejected():
    jets = ak.Array([[{"constituents": [{"pt": np.nan, "eta": 0.0, "phi": 0.0}]}] * 2])
    with pytest.raises(ValueError, match="NaN, infinite or negative pT"):
        cs.flatten_jets(jets)


def test_pt_smearing_has_the_resolution_mean_and_width():
    a, b = preset("paper_eq51")
    pt = np.full(400_000, 50.0)
    smeared = cs.smear_pt(pt, np.random.default_rng(2).standard_normal(pt.shape), a, b)
    sigma = np.sqrt(a * 50.0**2 + b * 50.0)  # 15.7 GeV: clipping at 0 is a 3.2 sigma effect
    assert smeared.mean() == pytest.approx(50.0, abs=0.1)
    assert smeared.std() == pytest.approx(sigma, rel=0.01)
    assert smeared.min() >= 0
