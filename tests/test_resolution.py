import numpy as np
import pytest

from weaksup.sim.resolution import RESOLUTION_PRESETS, preset, resolution


def test_delphes_cms_preset_is_the_card_hcal_resolution():
    a, b = preset("delphes_cms")
    energy = np.array([1.0, 100.0, 1000.0])
    assert resolution(energy, a, b) == pytest.approx(np.sqrt(0.05**2 * energy**2 + 1.5**2 * energy))


def test_paper_preset_is_eq_5_1_as_printed():
    assert preset("paper_eq51") == (0.052, 1.502)
    assert resolution(100.0, *preset("paper_eq51")) == pytest.approx(np.sqrt(0.052 * 1e4 + 150.2))


def test_relative_resolution_falls_towards_the_constant_term():
    for a, b in RESOLUTION_PRESETS.values():
        rel = resolution(np.array([10.0, 100.0, 1e4]), a, b) / np.array([10.0, 100.0, 1e4])
        assert np.all(np.diff(rel) < 0)
        assert rel[-1] == pytest.approx(np.sqrt(a), rel=0.05)


def test_unknown_preset_names_the_choices():
    with pytest.raises(ValueError, match="delphes_cms"):
        preset("atlas")
