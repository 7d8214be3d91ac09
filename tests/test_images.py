"""Jet images: pixelation, normalizations, the event layout, figure 4's input checks."""

import awkward as ak
import numpy as np
import pytest
from test_constituents import per_jet, random_jets

from weaksup.inputs import images
from weaksup.inputs.constituents import flatten_jets, preprocess


def test_pixelation_conserves_the_pt_inside_the_window():
    c = flatten_jets(random_jets())
    x, y = preprocess(c)
    pixels = images.pixelate(x, y, c, n_pixels=25)
    assert pixels.shape == (c.n_jets, 25, 25)
    inside = (np.abs(x) < 1) & (np.abs(y) < 1)
    assert np.allclose(pixels.sum(axis=(1, 2)), per_jet(c.pt * inside, c), rtol=1e-5)
    assert inside.mean() < 1  # the test sample does reach outside the window


def test_pixel_axes_are_eta_then_phi():
    jets = ak.Array([[{"constituents": [{"pt": 10.0, "eta": 0.5, "phi": 0.0}]}] * 2])
    c = flatten_jets(jets)
    pixels = images.pixelate(np.array([0.5, 0.5]), np.array([-0.9, -0.9]), c, n_pixels=10)
    assert pixels[0, 7, 0] == 10.0  # eta' = 0.5 -> row 7 of 10, phi' = -0.9 -> column 0


@pytest.mark.parametrize("mode, axes", [("jn", (2, 3)), ("en", (1, 2, 3))])
def test_normalized_images_have_zero_mean_and_unit_std(mode, axes):
    raw = images.jet_images(random_jets(), normalization="raw")
    normed = images.normalize(raw, mode)
    assert np.allclose(normed.mean(axis=axes), 0, atol=1e-5)
    assert np.allclose(normed.std(axis=axes), 1, atol=1e-4)
    if mode == "en":  # the leading/subleading difference survives EN, not JN
        assert not np.allclose(normed.std(axis=(2, 3)), 1, atol=1e-3)


def test_unknown_normalization_is_named():
    with pytest.raises(ValueError, match="raw.*jn.*en"):
        images.normalize(np.zeros((1, 2, 25, 25)), "pn")


def test_images_of_an_event_leading_jet_first():
    jets = random_jets(5)
    out = images.jet_images(jets, normalization="raw")
    assert out.shape == (5, 2, 25, 25)
    single = images.jet_images(jets[:, ::-1], normalization="raw")
    assert np.array_equal(out[:, 0], single[:, 1])


def test_an_empty_jet_gives_a_zero_image_not_nan():
    jets = ak.Array([[{"constituents": [{"pt": 10.0, "eta": 0.1, "phi": 0.2}]}, {"constituents": []}]])
    jets = ak.zip({"constituents": ak.zip({f: jets.constituents[f] for f in ("pt", "eta", "phi")})}, depth_limit=2)
    for mode in images.NORMALIZATIONS:
        out = images.jet_images(jets, normalization=mode)
        assert np.all(np.isfinite(out))
    assert np.all(images.jet_images(jets, normalization="jn")[0, 1] == 0)


def test_figure_4_names_an_empty_pool():
    from weaksup.analysis.cwola import plotting

    pools = {"hv_ID": ak.Array([{"jets": random_jets(1)[0]}]), "qcd": ak.Array([{"jets": random_jets(1)[0]}])[:0]}
    with pytest.raises(ValueError, match="empty pools: qcd"):
        plotting.fig4_jet_images(pools, {}, 25, "hardest", seed=1)
