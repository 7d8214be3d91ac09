import pytest

from weaksup.sim import generation, hidden_valley


def test_eq_2_1_indirect_decay_scenario():
    spec = hidden_valley.spectrum(lambda_d=10.0, mpi_over_lambda=1.0)
    assert spec.m_pion == pytest.approx(10.0)
    assert spec.m_quark == pytest.approx(10.0 / 5.5**2)  # 0.3306 GeV
    assert spec.m_quark_constituent == pytest.approx(10.3306, abs=1e-4)  # the authors' note
    assert spec.m_rho == pytest.approx(26.944, abs=1e-3)
    assert spec.rho_to_pions_open


def test_eq_2_1_direct_decay_scenario():
    spec = hidden_valley.spectrum(lambda_d=10.0, mpi_over_lambda=1.8)
    assert spec.m_pion == pytest.approx(18.0)
    assert spec.m_rho == pytest.approx(10.0 * (5.76 + 1.5 * 1.8**2) ** 0.5)
    assert not spec.rho_to_pions_open  # 32.6 GeV < 36 GeV


def test_spectrum_rejects_nonpositive_input():
    with pytest.raises(ValueError):
        hidden_valley.spectrum(0.0, 1.0)


def test_derived_pythia_lines_carry_every_mass(config):
    lines = generation.sample_settings(config, "hv_ID")
    joined = "\n".join(lines)
    assert "HiddenValley:Lambda = 10" in joined
    assert "HiddenValley:pTminFSR = 11" in joined
    assert "HiddenValley:setLambda = on" in joined
    for pion in hidden_valley.PIONS:
        assert f"{pion}:m0 = 10\n" in joined + "\n"
    for rho in hidden_valley.RHOS:
        assert f"{rho}:m0 = 26.944" in joined
    assert "4900023:m0 = 5500" in joined and "4900023:mWidth = 10" in joined
