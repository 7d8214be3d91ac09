"""Event generation with Pythia 8 (``pythia8mc``), chunk by chunk.

A chunk is ``n_events`` events generated from a list of Pythia settings (a ``.cmnd`` card plus the
derived lines of ``sample_settings``) with the seed ``pythia_seed(seed, sample, chunk)``. The
final-state particles are returned as an awkward array, vectorized straight from Pythia's batch
interface, together with Pythia's own cross-section estimate.
"""

import logging
import time
from pathlib import Path

import awkward as ak
import numpy as np

from . import hidden_valley

log = logging.getLogger(__name__)

MB_TO_FB = 1e12

#: Settings that keep Pythia quiet in a batch job; our own logger reports progress.
QUIET = (
    "Print:quiet = on",
    "Next:numberCount = 0",
)


class CardError(ValueError):
    """A Pythia card is missing or cannot be parsed."""


def read_card(path) -> list[str]:
    """The settings lines of a Pythia ``.cmnd`` card (comments and blank lines dropped)."""
    path = Path(path)
    if not path.is_file():
        raise CardError(f"Pythia card {path} does not exist")
    lines = []
    for number, raw in enumerate(path.read_text().splitlines(), start=1):
        line = raw.split("!", 1)[0].split("#", 1)[0].strip()
        if not line:
            continue
        if "=" not in line:
            raise CardError(f"{path}:{number}: expected 'Key = value', got {raw.strip()!r}")
        lines.append(line)
    return lines


def hidden_valley_settings(hv: dict, mpi_over_lambda: float) -> list[str]:
    """Pythia lines for the Z' and the dark spectrum of eq. (2.1), from the ``hidden_valley`` config.

    The card fixes the model (gauge group, flavours, decay channels); this function supplies every
    number that follows from the config: the Z' mass and width, Lambda_D, the shower cut-off
    pTminFSR (Pythia requires it >= 1.1 Lambda_D) and the dark-hadron masses.
    """
    spec = hidden_valley.spectrum(hv["lambda_d_gev"], mpi_over_lambda)
    zprime = hidden_valley.ZPRIME
    lines = [
        f"{zprime}:m0 = {hv['mzprime_gev']:.6g}",
        f"{zprime}:mWidth = {hv['zprime_width_gev']:.6g}",
        # keep the full Breit-Wigner well inside the generated range
        f"{zprime}:mMin = {hv['mzprime_gev'] - 50 * hv['zprime_width_gev']:.6g}",
        f"{zprime}:mMax = {hv['mzprime_gev'] + 50 * hv['zprime_width_gev']:.6g}",
        f"HiddenValley:Lambda = {spec.lambda_d:.6g}",
        f"HiddenValley:pTminFSR = {hv['ptmin_fsr_over_lambda'] * spec.lambda_d:.6g}",
    ]
    # the dark quarks enter the shower and string fragmentation with their constituent mass, eq. (2.1)
    lines += [f"{quark}:m0 = {spec.m_quark_constituent:.6g}" for quark in hidden_valley.DARK_QUARKS]
    lines += [
        f"HiddenValley:bLund = {hidden_valley.B_LUND_TIMES_MQ2 / spec.m_quark_constituent**2:.6g}",
        f"HiddenValley:sigmaLund = {hidden_valley.SIGMA_LUND_OVER_MQ * spec.m_quark_constituent:.6g}",
    ]
    for pion in hidden_valley.PIONS:
        lines.append(f"{pion}:m0 = {spec.m_pion:.6g}")
    for rho in hidden_valley.RHOS:
        lines.append(f"{rho}:m0 = {spec.m_rho:.6g}")
    return lines


def sample_settings(config: dict, sample: str, lhe_file=None) -> list[str]:
    """All Pythia settings of ``sample`` except the seed: its cards in order, then the derived lines.

    With ``lhe_file`` (container path) Pythia showers that file's events with the sample's
    ``lhe_cards`` instead of generating the hard process itself.
    """
    sample_cfg = config["samples"][sample]
    if lhe_file:
        lines = ["Beams:frameType = 4", f"Beams:LHEF = {lhe_file}"]
        cards = sample_cfg["lhe_cards"]
    else:
        lines = [f"Beams:eCM = {config['sqrt_s_gev']:.6g}"]
        cards = sample_cfg["cards"]
    for card in cards:
        lines += read_card(card)
    if "mpi_over_lambda" in sample_cfg:
        lines += hidden_valley_settings(config["hidden_valley"], sample_cfg["mpi_over_lambda"])
    if "pthat_gev" in sample_cfg:  # a pT_hat bin, after the cards so that it overrides them
        low, high = sample_cfg["pthat_gev"]
        lines += [f"PhaseSpace:pTHatMin = {low:.6g}", f"PhaseSpace:pTHatMax = {high:.6g}"]
    return lines


def make_pythia(settings: list[str], seed: int):
    """An initialized ``pythia8mc.Pythia`` for ``settings`` and ``seed`` (1 <= seed <= 9e8)."""
    import pythia8mc

    pythia = pythia8mc.Pythia("", False)
    for line in [*QUIET, *settings, "Random:setSeed = on", f"Random:seed = {seed}"]:
        if not pythia.readString(line):
            raise CardError(f"Pythia rejected the setting {line!r}")
    if not pythia.init():
        raise RuntimeError("Pythia initialization failed; check the settings above")
    return pythia


def final_state(batch: ak.Array, charge_of) -> ak.Array:
    """Final-state particles (pt, eta, phi, mass in GeV/rad; pid, charge) of a Pythia batch.

    ``charge_of`` maps an array of PDG ids to charges (units of e). Particles exactly along the
    beam (pt = 0) are dropped: no detector sees them and their pseudorapidity is infinite.
    """
    prt = batch.prt[(batch.prt.status > 0)]
    px, py, pz = prt.p.px, prt.p.py, prt.p.pz
    pt = np.hypot(px, py)
    keep = pt > 0
    prt, px, py, pz, pt = prt[keep], px[keep], py[keep], pz[keep], pt[keep]
    counts = ak.num(pt)
    flat_pid = ak.to_numpy(ak.flatten(prt.id))
    ids, inverse = np.unique(flat_pid, return_inverse=True)
    charges = np.array([charge_of(int(i)) for i in ids], dtype=np.float32)[inverse]
    return ak.zip(
        {
            "pt": ak.values_astype(pt, np.float32),
            "eta": ak.values_astype(np.arcsinh(pz / pt), np.float32),
            "phi": ak.values_astype(np.arctan2(py, px), np.float32),
            "mass": ak.values_astype(prt.m, np.float32),
            "pid": prt.id,
            "charge": ak.unflatten(np.rint(charges).astype(np.int8), counts),
        }
    )


def generate(settings: list[str], n_events: int, seed: int, batch_size: int = 200):
    """Generate ``n_events`` events; return (events, metadata).

    ``events`` has one record per event: ``particles`` (see ``final_state``), ``weight`` and the
    hard process's ``m_hat`` and ``pt_hat`` (GeV).
    ``metadata`` holds Pythia's cross-section estimate (fb), tried/accepted counts and the sum of
    weights. With an LHE input, generation stops early at the end of the file.
    """
    pythia = make_pythia(settings, seed)
    charge_of = pythia.particleData.charge
    parts, done, start, in_pythia = [], 0, time.perf_counter(), 0.0
    while done < n_events:
        tick = time.process_time()
        batch = pythia.nextBatch(min(batch_size, n_events - done))
        in_pythia += time.process_time() - tick
        if len(batch) == 0:
            break  # end of an LHE file
        record = {
            "particles": final_state(batch, charge_of),
            "weight": batch.info.weights[:, 0],
            # hard-process kinematics (GeV), kept to validate generator-level cuts
            "m_hat": batch.info.mHat,
            "pt_hat": np.sqrt(batch.info.pT2Hat),
        }
        parts.append(ak.zip(record, depth_limit=1))
        done += len(batch)
        log.info("generated %d/%d events (%.1f events/s)", done, n_events, done / (time.perf_counter() - start))
        if pythia.infoPython().atEndOfFile():
            break
    if not parts:
        raise RuntimeError("Pythia produced no event (an empty LHE file?)")
    events = ak.concatenate(parts)
    info = pythia.infoPython()  # a snapshot: fetch it after generating
    metadata = {
        "seed": seed,
        "n_requested": n_events,
        "n_events": len(events),
        "n_tried": int(info.nTried()),
        "n_accepted": int(info.nAccepted()),
        "sum_weights": float(ak.sum(events.weight)),
        "sigma_fb": info.sigmaGen() * MB_TO_FB,
        "sigma_err_fb": info.sigmaErr() * MB_TO_FB,
        "seconds": time.perf_counter() - start,
        "cpu_seconds_in_pythia": in_pythia,  # CPU time inside Pythia's nextBatch (generation + record conversion)
    }
    return events, metadata
