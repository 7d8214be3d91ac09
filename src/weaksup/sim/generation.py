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

from weaksup.sim import hidden_valley

log = logging.getLogger(__name__)

MB_TO_FB = 1e12
#: who makes the dijet background's hard process: Pythia 8 itself, or MG5_aMC (LHE showered by Pythia 8)
GENERATORS = ("pythia8mc", "madgraph")

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


def hidden_valley_settings(hv: dict) -> list[str]:
    """Pythia lines for the Z' and the dark spectrum of eq. (2.1), from a sample's ``hidden_valley``
    parameters (GeV; ``mpi_over_lambda`` = m_pi / Lambda_D).

    The card fixes the model (gauge group, flavours, decay channels); this function supplies every
    number that follows from the config: the Z' mass and width, Lambda_D, the shower cut-off
    pTminFSR (Pythia requires it >= 1.1 Lambda_D) and the dark-hadron masses.
    """
    spec = hidden_valley.spectrum(hv["lambda_d_gev"], hv["mpi_over_lambda"])
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


#: generator-level cuts of a sample (``generator_cuts`` config key) -> the Pythia setting
GENERATOR_CUTS = {
    "mhat_min_gev": "PhaseSpace:mHatMin",
    "pthat_min_gev": "PhaseSpace:pTHatMin",
    "pthat_max_gev": "PhaseSpace:pTHatMax",
}

#: The QCD cuts validated event by event by benchmarks/qcd_generator_cuts.py (benchmarks/README.md),
#: against a looser run, for the paper's windows (lowest m_jj edge 4400 GeV) and both leading jets
#: above 750 GeV: m_hat > 2500 GeV lost 1 of 85 SR events and 0 of 74 SB events; pT_hat > 500 GeV
#: never bit (the softest selected event had pT_hat = 559 GeV). As fractions of those thresholds
#: they are the margins that ``safe_generator_cuts`` scales to any windows and selection.
MHAT_MARGIN = 2500.0 / 4400.0
PTHAT_MARGIN = 500.0 / 750.0


def safe_generator_cuts(regions: dict, lead_pt_min_gev: float, abs_eta_max: float) -> dict:
    """The largest generator cuts (GeV) that keep the selected SR/SB events, with the measured margins.

    m_hat: a fraction ``MHAT_MARGIN`` of the lowest m_jj window edge m_low (jets of R = 0.8 collect
    ISR and the underlying event, so m_jj exceeds m_hat by up to a factor 2). pT_hat: a fraction
    ``PTHAT_MARGIN`` of the leading jets' pT threshold, or of m_low / (2 cosh eta_max) if larger
    (two jets within |eta| < eta_max reach m_low only with pT >= m_low / (2 cosh eta_max)).
    """
    m_low = min(low for windows in regions.values() for low, _ in windows)
    pt_threshold = max(lead_pt_min_gev, m_low / (2 * np.cosh(abs_eta_max)))
    return {"mhat_min_gev": MHAT_MARGIN * m_low, "pthat_min_gev": PTHAT_MARGIN * pt_threshold}


#: MG5_aMC's run-card cuts (GeV) from a sample's ``generator_cuts``: the same pT and mass thresholds
#: on the hard process's partons as on the Pythia path, etaj from ``abs_eta_max`` (-1: none) and
#: the partons' separation drjj = 0.4 of the paper's run (MG5's default).
MADGRAPH_DRJJ = 0.4


def madgraph_cuts(cuts: dict) -> dict:
    """The MG5 run card's ``ptj``, ``etaj``, ``mmjj`` and ``drjj`` for a sample's generator cuts."""
    return {
        "ptj": cuts.get("pthat_min_gev", 20.0),
        "etaj": cuts.get("abs_eta_max", -1.0),
        "mmjj": cuts.get("mhat_min_gev", 0.0),
        "drjj": MADGRAPH_DRJJ,
    }


#: The bias of generator cuts beyond the safe ones, as benchmarks/qcd_generator_cuts.py measured it
#: (benchmarks/README.md, Pythia 8 + fast simulation, the paper's windows): the share of selected
#: events a cut removes, by region. Printed when a config accepts such cuts on purpose.
MEASURED_BIAS = {
    ("mhat_min_gev", 3000.0): "m_hat > 3000 GeV removed 8 +- 3% of SR and 3 +- 2% of SB events "
    "(against m_hat > 2000, pT_hat > 300 GeV; 85 SR and 74 SB events)",
}


def sample_settings(config: dict, sample: str, lhe_file=None) -> list[str]:
    """All Pythia settings of ``sample`` except the seed: its cards in order, then the derived lines.

    A sample with a ``hidden_valley`` block gets the Z' and dark-spectrum lines of that model (its
    block over the shared ``hidden_valley`` one); ``generator_cuts`` come last, so they override
    the cards. With ``lhe_file`` (container path) Pythia showers that file's events with the
    sample's ``lhe_cards`` instead of generating the hard process itself.
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
    if "hidden_valley" in sample_cfg:
        model = config["hidden_valley"] | sample_cfg["hidden_valley"]
        lines += hidden_valley_settings(model)
    if not lhe_file:  # the LHE file's own generator cuts apply on the container path
        cuts = sample_cfg.get("generator_cuts", {})
        lines += [f"{GENERATOR_CUTS[key]} = {value:.6g}" for key, value in cuts.items()]
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
