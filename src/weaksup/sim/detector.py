"""A fast CMS-like detector simulation, vectorized over all particles of a chunk.

It follows the Delphes 3.4.2 CMS card (``config/delphes/delphes_card_CMS.tcl``) that the paper
used, reduced to what a particle-flow jet analysis sees:

- invisible: neutrinos, every dark-sector particle (|PDG id| 49xxxxx) and the SUSY LSP;
- tracker (|eta| <= 2.5): per-species tracking efficiencies and relative pT resolutions of the
  card (``ChargedHadronTrackingEfficiency``, ``...MomentumSmearing``, electron and muon modules),
  log-normal smearing as in Delphes; charged particles below pT = 0.3 B R / 2 = 0.735 GeV curl
  up before the calorimeters (B = 3.8 T, R = 1.29 m);
- calorimeters (|eta| <= 5): ECAL and HCAL towers with the card's granularity (simplified to a few
  uniform bands, ``ECAL_BANDS``/``HCAL_BANDS``) and energy fractions (e, gamma -> ECAL; hadrons ->
  HCAL; K0S and Lambda 30/70), energy resolutions of the card (HCAL: ``resolution.resolution``
  with the ``delphes_cms`` preset, sigma(E) = sqrt(0.050^2 E^2 + 1.50^2 E)), the card's
  thresholds (E_min and E/sigma), tower centres smeared uniformly inside the tower;
- particle flow, as the card's ``SimpleCalorimeter`` modules build the jet input (``ECal`` for
  electron tracks, ``HCal`` for charged-hadron tracks; ``combine_tracks``): every visible particle
  deposits in its towers, tracked or not; a tower's energy beyond its tracks' becomes an
  ``EFlowPhoton`` (ECAL) or ``EFlowNeutralHadron`` (HCAL) when the excess is significant, and
  otherwise the tower's tracks are rescaled to the resolution-weighted mean of the track and
  calorimeter measurements. At TeV the HCAL measures a hard hadron better than the tracker does
  (10% against 65% for a 500 GeV pion at |eta| < 0.5), so jets take their energy from the
  calorimeter, as in Delphes. Muons deposit nothing (the card's energy fractions).

Output: per event, candidates with pt, eta, phi, mass (GeV, rad), charge and ``kind``
(``KIND_TRACK``, ``KIND_PHOTON``, ``KIND_NEUTRAL_HADRON``) — the schema the Delphes reader also writes.
"""

from dataclasses import dataclass
from functools import partial
from typing import Callable

import awkward as ak
import numpy as np

from weaksup.sim.resolution import preset, resolution

KIND_TRACK, KIND_PHOTON, KIND_NEUTRAL_HADRON = 0, 1, 2

#: the detector stage's paths: this module's simulation, or Delphes (read by ``weaksup.sim.delphes``)
DETECTORS = ("fastsim", "delphes")
TRACKER_ETA_MAX = 2.5
CALO_ETA_MAX = 5.0
#: charged particles below this pT (GeV) loop inside the solenoid: 0.3 * 3.8 T * 1.29 m / 2
CURL_PT = 0.3 * 3.8 * 1.29 / 2

#: (|eta| low, |eta| high, delta eta, number of phi bins): ECAL 0.0174 x 1 degree up to |eta| = 3,
#: HF 0.175 x 10 degrees; HCAL 0.087 x 5 degrees up to 1.653, then 10 degree towers.
ECAL_BANDS = ((0.0, 3.0, 0.0174, 360), (3.0, 5.0, 0.175, 36))
HCAL_BANDS = ((0.0, 1.653, 0.087, 72), (1.653, 3.0, 0.17, 36), (3.0, 5.0, 0.175, 36))

HCAL_FORWARD = (0.130**2, 2.70**2)  # 3 < |eta| <= 5, same functional form as the barrel

#: tracking efficiencies of the card: per species, rows (pT low, pT high, barrel |eta| <= 1.5,
#: endcap 1.5 < |eta| <= 2.5); zero for pT <= 0.1 GeV and |eta| > 2.5. (The card's muon efficiency
#: above 1 TeV, 0.99 exp(0.5 - 5e-4 pT), is kept flat: muons are not jet constituents here.)
TRACKING_EFFICIENCY = {
    "hadron": ((0.1, 1.0, 0.70, 0.60), (1.0, np.inf, 0.95, 0.85)),
    "electron": ((0.1, 1.0, 0.73, 0.50), (1.0, 100.0, 0.95, 0.83), (100.0, np.inf, 0.99, 0.90)),
    "muon": ((0.1, 1.0, 0.75, 0.70), (1.0, np.inf, 0.99, 0.98)),
}
#: relative pT resolution sqrt(c^2 + (s pT)^2) in |eta| bins (<= 0.5, <= 1.5, <= 2.5): (c, s) per bin
TRACK_RESOLUTION = {
    "hadron": ((0.06, 1.3e-3), (0.10, 1.7e-3), (0.25, 3.1e-3)),
    "electron": ((0.03, 1.3e-3), (0.05, 1.7e-3), (0.15, 3.1e-3)),
    "muon": ((0.01, 1.0e-4), (0.015, 1.5e-4), (0.025, 3.5e-4)),
}


#: stable invisible particles besides neutrinos: the lightest neutralino and the gravitino
SUSY_INVISIBLE = (1_000_022, 1_000_039)


def is_invisible(pid):
    """Neutrinos, dark-sector (49xxxxx) particles and the SUSY LSP leave no trace."""
    apid = np.abs(pid)
    neutrino = (apid == 12) | (apid == 14) | (apid == 16)
    return neutrino | ((apid >= 4_900_000) & (apid < 5_000_000)) | np.isin(apid, SUSY_INVISIBLE)


def species(pid):
    """'electron', 'muon' or 'hadron' per particle (for tracking parameters)."""
    apid = np.abs(pid)
    return np.where(apid == 11, "electron", np.where(apid == 13, "muon", "hadron"))


def tracking_efficiency(pt, abs_eta, kind: str):
    """Probability that a charged particle of species ``kind`` (pT in GeV) is reconstructed as a track."""
    eff = np.zeros_like(pt, dtype=np.float64)
    for pt_low, pt_high, barrel, endcap in TRACKING_EFFICIENCY[kind]:
        in_pt = (pt > pt_low) & (pt <= pt_high)
        eff = np.where(in_pt & (abs_eta <= 1.5), barrel, eff)
        eff = np.where(in_pt & (abs_eta > 1.5) & (abs_eta <= TRACKER_ETA_MAX), endcap, eff)
    return eff


def track_relative_resolution(pt, abs_eta, kind: str):
    """Relative pT resolution sigma(pT)/pT of a track (card's MomentumSmearing), at most 1 as
    Delphes caps it (``MomentumSmearing.cc``)."""
    (c0, s0), (c1, s1), (c2, s2) = TRACK_RESOLUTION[kind]
    c = np.select([abs_eta <= 0.5, abs_eta <= 1.5], [c0, c1], c2)
    s = np.select([abs_eta <= 0.5, abs_eta <= 1.5], [s0, s1], s2)
    return np.minimum(np.sqrt(c * c + (s * pt) ** 2), 1.0)


def lognormal(mean, sigma, rng: np.random.Generator):
    """Log-normal draws with the given mean and standard deviation (as Delphes smears): always > 0."""
    mean = np.asarray(mean, dtype=np.float64)
    ratio = np.square(np.asarray(sigma, dtype=np.float64) / np.maximum(mean, 1e-12))
    s2 = np.log1p(ratio)
    return mean * np.exp(np.sqrt(s2) * rng.standard_normal(mean.shape) - s2 / 2)


def ecal_resolution(energy, abs_eta):
    """ECAL sigma(E) in GeV of the CMS card (barrel, endcap with its eta-dependent factor, HF)."""
    core = np.sqrt(energy**2 * 0.008**2 + energy * 0.11**2 + 0.40**2)
    return np.select(
        [abs_eta <= 1.5, abs_eta <= 2.5],
        [(1 + 0.64 * abs_eta**2) * core, (2.16 + 5.6 * (abs_eta - 2) ** 2) * core],
        resolution(energy, 0.107**2, 2.08**2),
    )


def hcal_resolution(energy, abs_eta, coefficients):
    """HCAL sigma(E) in GeV: f(E) with ``coefficients`` for |eta| <= 3, the card's HF terms beyond."""
    return np.where(abs_eta <= 3.0, resolution(energy, *coefficients), resolution(energy, *HCAL_FORWARD))


def ecal_fraction(pid):
    """Fraction of a particle's energy deposited in the ECAL (the rest goes to the HCAL, see
    ``hcal_fraction``)."""
    apid = np.abs(pid)
    em = (apid == 11) | (apid == 22) | (apid == 111)
    return np.where(em, 1.0, np.where((apid == 310) | (apid == 3122), 0.3, 0.0))


def hcal_fraction(pid):
    """Fraction of a particle's energy deposited in the HCAL: the rest of ``ecal_fraction``, none
    for muons (the card's ``EnergyFraction {13} {0.0}`` in both calorimeters)."""
    return np.where(np.abs(pid) == 13, 0.0, 1.0 - ecal_fraction(pid))


def tower_index(eta, phi, bands):
    """Tower of each position: (global id, eta centre, phi centre, delta eta, delta phi).

    Towers are numbered band by band (``bands`` rows: |eta| low, |eta| high, delta eta, number of
    phi bins); phi bins start at -pi. Positions beyond the last band get id -1.
    """
    abs_eta = np.abs(eta)
    tower = np.full(eta.shape, -1, dtype=np.int64)
    eta_c, phi_c, deta, dphi = (np.zeros_like(eta) for _ in range(4))
    offset = 0
    for low, high, step, nphi in bands:
        n_eta = int(round((high - low) / step))
        inside = (abs_eta >= low) & (abs_eta < high)
        ieta = np.minimum(((abs_eta - low) / step).astype(np.int64), n_eta - 1)
        iphi = np.minimum(((phi + np.pi) / (2 * np.pi) * nphi).astype(np.int64), nphi - 1)
        side = (eta < 0).astype(np.int64)
        tower = np.where(inside, offset + (side * n_eta + ieta) * nphi + iphi, tower)
        eta_c = np.where(inside, np.where(side, -1, 1) * (low + (ieta + 0.5) * step), eta_c)
        phi_c = np.where(inside, -np.pi + (iphi + 0.5) * 2 * np.pi / nphi, phi_c)
        deta = np.where(inside, step, deta)
        dphi = np.where(inside, 2 * np.pi / nphi, dphi)
        offset += 2 * n_eta * nphi
    return tower, eta_c, phi_c, deta, dphi


@dataclass(frozen=True)
class Calorimeter:
    """Granularity (``bands``), resolution sigma(E, |eta|) in GeV and thresholds of one calorimeter."""

    bands: tuple
    sigma: Callable
    e_min: float  # GeV
    significance_min: float  # E / sigma(E)


ECAL = Calorimeter(ECAL_BANDS, ecal_resolution, e_min=0.5, significance_min=2.0)


def hcal(coefficients) -> Calorimeter:
    """The HCAL with the resolution coefficients (a, b) of f(E) for |eta| <= 3."""
    return Calorimeter(HCAL_BANDS, partial(hcal_resolution, coefficients=coefficients), e_min=1.0, significance_min=1.0)


def calorimeter(calo: Calorimeter, event, eta, phi, energy, rng, tracks=None):
    """Towers of one calorimeter with their tracks: the ``SimpleCalorimeter`` of Delphes.

    Deposits (GeV) are summed into towers per event, smeared log-normally and zeroed below the
    thresholds. ``tracks`` = (event, eta, phi, energy, relative resolution) of the tracks whose
    particles deposit here (None: none). Per tower, with E the measured energy and sigma its
    resolution, E_trk and sigma_trk^2 the sums of the tower's track energies and squared track
    errors: an excess E - E_trk that passes the thresholds (E_min, and significance
    (E - E_trk) / sqrt(sigma_trk^2 + sigma^2)) becomes a neutral candidate; otherwise the tracks
    are rescaled to the weighted mean (E_trk / sigma_trk^2 + E / sigma^2) / (1 / sigma_trk^2 +
    1 / sigma^2). Positions are drawn uniformly inside the tower (the card's
    ``SmearTowerCenter``). Returns the neutral candidates (event, eta, phi, energy) and each
    track's rescale factor (1 where its tower kept a neutral excess).
    """
    tower, eta_c, phi_c, deta, dphi = tower_index(eta, phi, calo.bands)
    ok = (tower >= 0) & (energy > 0)
    stride = tower.max(initial=0) + 1
    key = event[ok] * stride + tower[ok]
    keys, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    summed = np.bincount(inverse, weights=energy[ok], minlength=len(keys))
    t_event = event[ok][first]
    t_eta, t_phi, t_deta, t_dphi = (x[ok][first] for x in (eta_c, phi_c, deta, dphi))
    abs_eta = np.abs(t_eta)
    measured = lognormal(summed, calo.sigma(summed, abs_eta), rng)
    sigma = calo.sigma(measured, abs_eta)
    measured = np.where((measured < calo.e_min) | (measured < calo.significance_min * sigma), 0.0, measured)
    sigma = calo.sigma(measured, abs_eta)
    eta_out = t_eta + (rng.random(len(keys)) - 0.5) * t_deta
    phi_out = t_phi + (rng.random(len(keys)) - 0.5) * t_dphi

    n_tracks = 0 if tracks is None else len(tracks[0])
    track_tower = np.zeros(n_tracks, np.int64)
    track_energy = np.zeros(len(keys))
    track_variance = np.zeros(len(keys))
    if n_tracks:
        tr_event, tr_eta, tr_phi, tr_energy, tr_res = tracks
        # a track's particle deposits in its tower, so the tower is among ``keys``
        track_tower = np.searchsorted(keys, tr_event * stride + tower_index(tr_eta, tr_phi, calo.bands)[0])
        track_energy = np.bincount(track_tower, weights=tr_energy, minlength=len(keys))
        track_variance = np.bincount(track_tower, weights=(tr_res * tr_energy) ** 2, minlength=len(keys))
    excess = np.maximum(measured - track_energy, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        significance = excess / np.sqrt(track_variance + sigma**2)
        neutral = (excess > calo.e_min) & (significance > calo.significance_min)
        weight_track = np.where(track_variance > 0, 1 / track_variance, 0.0)
        weight_calo = np.where(sigma > 0, 1 / sigma**2, 0.0)
        best = (weight_track * track_energy + weight_calo * measured) / (weight_track + weight_calo)
        rescale = np.where(neutral | (track_energy <= 0), 1.0, best / track_energy)
    return (t_event[neutral], eta_out[neutral], phi_out[neutral], excess[neutral]), rescale[track_tower]


def simulate(particles: ak.Array, rng: np.random.Generator, hcal_preset: str = "delphes_cms") -> ak.Array:
    """Particle-flow candidates for every event of ``particles`` (generator-level final state).

    ``particles`` has per-event lists with pt, eta, phi, mass (GeV, rad), pid and charge;
    ``hcal_preset`` names the coefficients of the HCAL resolution (``resolution.RESOLUTION_PRESETS``).
    """
    n_events = len(particles)
    counts = ak.to_numpy(ak.num(particles))
    event = np.repeat(np.arange(n_events, dtype=np.int64), counts)
    flat = {f: ak.to_numpy(ak.flatten(particles[f])) for f in ("pt", "eta", "phi", "mass", "pid", "charge")}
    pt, eta, phi = (flat[f].astype(np.float64) for f in ("pt", "eta", "phi"))
    mass = flat["mass"].astype(np.float64)
    pid, charge = flat["pid"], flat["charge"]
    abs_eta = np.abs(eta)
    visible = ~is_invisible(pid)

    # tracker
    charged = visible & (charge != 0)
    kind = species(pid)
    efficiency = np.zeros_like(pt)
    rel_res = np.zeros_like(pt)
    for name in TRACKING_EFFICIENCY:
        mine = charged & (kind == name)
        efficiency = np.where(mine, tracking_efficiency(pt, abs_eta, name), efficiency)
        rel_res = np.where(mine, track_relative_resolution(pt, abs_eta, name), rel_res)
    tracked = charged & (abs_eta <= TRACKER_ETA_MAX) & (rng.random(len(pt)) < efficiency)
    track_pt = lognormal(pt[tracked], rel_res[tracked] * pt[tracked], rng)

    # calorimeters: every visible particle that reaches them, tracked or not; each track is
    # combined with the towers of the calorimeter its particle deposits in (electrons: ECAL,
    # charged hadrons: HCAL; muons: none)
    deposits = visible & (abs_eta <= CALO_ETA_MAX) & ((charge == 0) | (pt > CURL_PT))
    energy = np.sqrt((pt * np.cosh(eta)) ** 2 + mass**2)
    f_ecal, f_hcal = ecal_fraction(pid), hcal_fraction(pid)
    t_eta, t_phi, t_mass = eta[tracked], phi[tracked], mass[tracked]
    t_energy = np.sqrt((track_pt * np.cosh(t_eta)) ** 2 + t_mass**2)
    t_event, t_res = event[tracked], rel_res[tracked]
    rescale = np.ones(len(track_pt))
    calos = ((ECAL, f_ecal, KIND_PHOTON), (hcal(preset(hcal_preset)), f_hcal, KIND_NEUTRAL_HADRON))
    neutrals = []
    for calo, fraction, neutral_kind in calos:
        mine = (fraction[tracked] > 0) & deposits[tracked]  # a looper's track has no tower to join
        towers, factor = calorimeter(
            calo,
            event[deposits],
            eta[deposits],
            phi[deposits],
            (energy * fraction)[deposits],
            rng,
            tracks=(t_event[mine], t_eta[mine], t_phi[mine], t_energy[mine], t_res[mine]),
        )
        rescale[mine] = factor
        neutrals.append(_neutral(*towers, neutral_kind))
    blocks = [(t_event, track_pt * rescale, t_eta, t_phi, t_mass, charge[tracked], KIND_TRACK), *neutrals]
    return _per_event(n_events, blocks)


def _neutral(event, eta, phi, energy, kind):
    """A block of massless neutral candidates (as Delphes eflow photons and neutral hadrons)."""
    return event, energy / np.cosh(eta), eta, phi, 0.0, 0, kind


def _per_event(n_events: int, blocks) -> ak.Array:
    """Per-event candidate lists from blocks (event, pt, eta, phi, mass, charge, kind); scalars broadcast."""
    names = ("event", "pt", "eta", "phi", "mass", "charge", "kind")
    dtypes = (np.int64, np.float32, np.float32, np.float32, np.float32, np.int8, np.int8)
    columns = {
        name: np.concatenate([np.broadcast_to(block[i], (len(block[0]),)).astype(dtype) for block in blocks])
        for i, (name, dtype) in enumerate(zip(names, dtypes))
    }
    event = columns.pop("event")
    order = np.argsort(event, kind="stable")
    columns = {name: values[order] for name, values in columns.items()}
    columns["phi"] = (np.mod(columns["phi"] + np.pi, 2 * np.pi) - np.pi).astype(np.float32)
    return ak.unflatten(ak.zip(columns), np.bincount(event, minlength=n_events))


def detector_events(candidates: ak.Array, weights) -> ak.Array:
    """The detector-stage record per event: ``candidates`` and the generator ``weight``."""
    return ak.zip({"candidates": candidates, "weight": np.asarray(weights, dtype=np.float64)}, depth_limit=1)
