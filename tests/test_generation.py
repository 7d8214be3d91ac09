"""Real Pythia 8 runs (a few seconds each): determinism, dark-meson decays, the Z' peak, LHE showering."""

import awkward as ak
import numpy as np
import pytest
from conftest import shared_file

from weaksup import seeds
from weaksup.events import jets
from weaksup.sim import detector, generation, hidden_valley

pytestmark = pytest.mark.slow


def test_a_chunk_regenerates_bit_for_bit(config):
    settings = generation.sample_settings(config, "qcd")
    seed = seeds.pythia_seed(config["seed"], "qcd", 3)
    first, meta1 = generation.generate(settings, 20, seed)
    second, meta2 = generation.generate(settings, 20, seed)
    assert ak.all(ak.flatten(first.particles.pt) == ak.flatten(second.particles.pt))
    assert ak.all(ak.flatten(first.particles.pid) == ak.flatten(second.particles.pid))
    assert meta1["sigma_fb"] == meta2["sigma_fb"] and meta1["n_tried"] == meta2["n_tried"]
    other, _ = generation.generate(settings, 20, seeds.pythia_seed(config["seed"], "qcd", 4))
    assert ak.num(other.particles).tolist() != ak.num(first.particles).tolist()


def test_chunk_metadata_records_pythia_cross_section(config):
    settings = generation.sample_settings(config, "qcd")
    events, meta = generation.generate(settings, 20, 5)
    # the configured generator cuts hold for every event's hard process
    cuts = dict(line.split(" = ") for line in settings if line.startswith("PhaseSpace:"))
    assert ak.all(events.m_hat >= float(cuts["PhaseSpace:mHatMin"]))
    assert ak.all(events.pt_hat >= float(cuts["PhaseSpace:pTHatMin"]))
    assert meta["n_events"] == 20 and meta["n_accepted"] == 20 and meta["n_tried"] >= 20
    assert meta["sum_weights"] == pytest.approx(20.0)
    # pT_hat > 500 GeV, m_hat > 2.5 TeV at 13 TeV: O(50 pb) at leading order
    assert 1e3 < meta["sigma_fb"] < 1e5 and 0 < meta["sigma_err_fb"] < meta["sigma_fb"]


def rho_daughters(config, sample, n_events=4):
    """PDG ids of the daughters of every dark rho in a few events."""
    pythia = generation.make_pythia(generation.sample_settings(config, sample), 11)
    prt = pythia.nextBatch(n_events).prt
    found = []
    for event in prt:
        ids = ak.to_numpy(event.id)
        for i in np.nonzero(np.isin(np.abs(ids), hidden_valley.RHOS))[0]:
            found.append(sorted(ids[event.daughter1[i] : event.daughter2[i] + 1].tolist()))
    return found


def test_indirect_decay_rho_goes_to_two_dark_pions(config):
    decays = rho_daughters(config, "hv_ID")
    assert len(decays) > 20
    assert all(len(d) == 2 and all(abs(x) in hidden_valley.PIONS for x in d) for d in decays)


def test_direct_decay_rho_goes_to_d_dbar(config):
    decays = rho_daughters(config, "hv_DD")
    assert len(decays) > 20
    assert all(d == [-1, 1] for d in decays)


@pytest.mark.parametrize("sample", ["hv_ID", "hv_DD"])
def test_visible_dijet_mass_peaks_near_the_zprime_mass(config, sample):
    events, _ = generation.generate(generation.sample_settings(config, sample), 150, 21)
    candidates = detector.simulate(events.particles, np.random.default_rng(0))
    found, _ = jets.cluster(candidates, 0.8, 20.0)
    two = found[ak.num(found) >= 2]
    mjj = ak.to_numpy(jets.invariant_mass(two[:, 0], two[:, 1]))
    counts, edges = np.histogram(mjj, bins=np.arange(3000, 7001, 200))
    peak = edges[np.argmax(counts)] + 100
    assert 4900 <= peak <= 5700, f"m_jj peak at {peak} GeV"
    assert 4500 < np.median(mjj) < 5600


def test_madgraph_lhe_file_is_showered_by_pythia(config):
    lhe = shared_file("mg5_3.5.8_pp_jj_1000events.lhe.gz")
    settings = generation.sample_settings(config, "qcd", lhe_file=lhe)
    events, meta = generation.generate(settings, 30, 1)
    assert meta["n_events"] == 30
    assert meta["sigma_fb"] > 0  # from the LHE header
    n_particles = ak.to_numpy(ak.num(events.particles))
    assert np.all(n_particles > 20)  # showered and hadronized, not the 4 LHE partons
    assert not np.any(np.isin(np.abs(ak.to_numpy(ak.flatten(events.particles.pid))), [1, 2, 3, 4, 5, 21]))


def test_a_sample_gets_its_model_and_generator_cuts_from_the_config(config):
    import yaml
    from conftest import ROOT

    overlay = yaml.safe_load((ROOT / "config/examples/zprime_4000.yaml").read_text())
    config["hidden_valley"] |= overlay["hidden_valley"]
    config["samples"]["qcd"] |= overlay["samples"]["qcd"]
    zprime = f"{hidden_valley.ZPRIME}:m0"
    assert f"{zprime} = 4000" in generation.sample_settings(config, "hv_ID")
    assert "PhaseSpace:mHatMin = 1800" in generation.sample_settings(config, "qcd")
    # a sample's own hidden_valley keys override the shared block; no block, no Hidden Valley lines
    config["samples"]["hv_DD"]["hidden_valley"]["mzprime_gev"] = 3000.0
    assert f"{zprime} = 3000" in generation.sample_settings(config, "hv_DD")
    assert not [line for line in generation.sample_settings(config, "gluino") if line.startswith(zprime)]
    # cuts come after the cards, so that they override them; the LHE path takes the file's own cuts
    assert generation.sample_settings(config, "znunu")[-2:] == [
        "PhaseSpace:pTHatMin = 150",
        "PhaseSpace:pTHatMax = 500",
    ]
    assert not [line for line in generation.sample_settings(config, "qcd", lhe_file="x.lhe") if "PhaseSpace" in line]
