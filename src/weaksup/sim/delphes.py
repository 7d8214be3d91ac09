"""Delphes 3.4.2 as the detector stage (detector: delphes): events streamed in, particle flow out.

``simulate`` pipes a chunk's generated particles into ``DelphesHepMC`` (CMS card) and reads its
ROOT output back into the detector-stage candidate schema.

The paper clusters jets on Delphes particle flow: ``EFlowTrack`` + ``EFlowPhoton`` +
``EFlowNeutralHadron`` (the CMS card's ``EFlowMerger``). This reader returns exactly those, with
the fields and ``kind`` codes of ``weaksup.sim.detector``, so every later stage is identical for the
fast simulation and Delphes. Read with uproot + awkward (no ROOT in the workflow's Python).
"""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import awkward as ak
import numpy as np

from weaksup.io import CorruptFileError
from weaksup.sim import hepmc
from weaksup.sim.detector import KIND_NEUTRAL_HADRON, KIND_PHOTON, KIND_TRACK

#: masses (GeV) of the species Delphes tracks carry in ``EFlowTrack.PID``; others get the pion mass.
TRACK_MASSES = {11: 0.000511, 13: 0.105658, 211: 0.139570, 321: 0.493677, 2212: 0.938272}
PION_MASS = TRACK_MASSES[211]

BRANCHES = {
    "EFlowTrack": ("PT", "Eta", "Phi", "Charge", "PID"),
    "EFlowPhoton": ("ET", "Eta", "Phi"),
    "EFlowNeutralHadron": ("ET", "Eta", "Phi"),
}


def track_mass(pid):
    """Mass (GeV) of each track from its |PID| (pion mass for anything else)."""
    apid = np.abs(np.asarray(pid))
    mass = np.full(apid.shape, PION_MASS)
    for code, value in TRACK_MASSES.items():
        mass[apid == code] = value
    return mass


def _candidates(pt, eta, phi, mass, charge, kind: int) -> ak.Array:
    """Candidate records from jagged pt, eta, phi and per-candidate (flat) or scalar mass and charge."""
    counts = ak.num(pt)
    n = int(ak.sum(counts))
    columns = {
        "pt": ak.to_numpy(ak.flatten(pt)).astype(np.float32),
        "eta": ak.to_numpy(ak.flatten(eta)).astype(np.float32),
        "phi": ak.to_numpy(ak.flatten(phi)).astype(np.float32),
        "mass": np.broadcast_to(mass, (n,)).astype(np.float32),
        "charge": np.broadcast_to(charge, (n,)).astype(np.int8),
        "kind": np.full(n, kind, np.int8),
    }
    return ak.unflatten(ak.zip(columns), counts)


def read_eflow(path, tree: str = "Delphes") -> tuple[ak.Array, np.ndarray]:
    """(candidates, event weights) of a Delphes file: per event, tracks then photons then neutral hadrons.

    ``tree`` resolves to its highest cycle (Delphes files may hold ``Delphes;1`` and ``Delphes;2``).
    """
    import uproot

    path = Path(path)
    try:
        with uproot.open(path) as file:
            events = file[tree]
            arrays = {
                branch: events.arrays([f"{branch}.{leaf}" for leaf in leaves], how=dict)
                for branch, leaves in BRANCHES.items()
            }
            weights = events["Event/Event.Weight"].array()
    except FileNotFoundError as err:
        raise CorruptFileError(f"{path}: file does not exist") from err
    except Exception as err:
        raise CorruptFileError(f"{path}: not a readable Delphes file ({type(err).__name__}: {err})") from err
    tracks = {k.split(".")[-1]: v for k, v in arrays["EFlowTrack"].items()}
    flat_pid, flat_charge = (ak.to_numpy(ak.flatten(tracks[leaf])) for leaf in ("PID", "Charge"))
    parts = [_candidates(tracks["PT"], tracks["Eta"], tracks["Phi"], track_mass(flat_pid), flat_charge, KIND_TRACK)]
    for branch, kind in (("EFlowPhoton", KIND_PHOTON), ("EFlowNeutralHadron", KIND_NEUTRAL_HADRON)):
        leaves = {k.split(".")[-1]: v for k, v in arrays[branch].items()}
        parts.append(_candidates(leaves["ET"], leaves["Eta"], leaves["Phi"], 0.0, 0, kind))
    candidates = ak.concatenate(parts, axis=1)
    return candidates, ak.to_numpy(ak.firsts(weights)).astype(np.float64)


class DelphesError(RuntimeError):
    """Delphes is missing, failed or did not simulate every event of a chunk."""


def stock_cards(program) -> Path:
    """The stock cards of the Delphes whose ``DelphesHepMC`` is ``program``: ``$DELPHES_CARDS`` if
    set, else ``<prefix>/delphes/cards`` beside ``<prefix>/bin`` (the layout of build_tools.sh)."""
    if "DELPHES_CARDS" in os.environ:
        return Path(os.environ["DELPHES_CARDS"])
    return Path(program).resolve().parent.parent / "delphes" / "cards"


def expand_card(text: str, cards: str, seed: int) -> str:
    """The card Delphes runs: ``text`` with ``$env(DELPHES_CARDS)`` replaced by ``cards`` (Delphes'
    embedded Tcl interpreter has no ``env`` array, and its ``source`` takes a path relative to
    the card's directory, even one that starts with a slash), then ``RandomSeed`` (1 <= seed <
    2^31; Delphes seeds ROOT's gRandom with it, and with a time-dependent seed when it is 0)."""
    if not 1 <= seed < 2**31:
        raise ValueError(f"Delphes' RandomSeed must be in [1, 2^31), not {seed}")
    return text.replace("$env(DELPHES_CARDS)", str(cards)) + f"\nset RandomSeed {seed}\n"


def simulate(
    events: ak.Array,
    card,
    sigma_fb: float,
    sigma_err_fb: float,
    log_path,
    seed: int,
    sqrt_s_gev: float = 13000.0,
    executable: str = "DelphesHepMC",
) -> tuple[ak.Array, np.ndarray]:
    """Run Delphes on generated ``events`` (fields ``particles``, ``weight``); return
    (candidates, weights) as ``read_eflow`` gives them.

    The events stream as HepMC2 text (``weaksup.sim.hepmc.blocks``) into ``DelphesHepMC``'s standard
    input: no HepMC file touches the disk, only Delphes' ROOT output, in a temporary directory
    that is removed afterwards. Delphes draws from ``seed`` (the same seed and events give the
    same candidates). Delphes' own output goes to ``log_path``. A Delphes that is
    missing, stops early, fails or returns fewer events than it was given raises ``DelphesError``.
    """
    program = shutil.which(executable)
    if program is None:
        raise DelphesError(
            f"{executable} not found on PATH: build the tools with `make tools` (detector: delphes) "
            "or run with --use-singularity and the generation image"
        )
    with tempfile.TemporaryDirectory(prefix="delphes.") as tmp, open(log_path, "a") as log:
        output, expanded = Path(tmp) / "delphes.root", Path(tmp) / "card.tcl"
        expanded.write_text(expand_card(Path(card).read_text(), os.path.relpath(stock_cards(program), tmp), seed))
        process = subprocess.Popen(
            [program, str(expanded), str(output), "-"],
            stdin=subprocess.PIPE,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            for block in hepmc.blocks(events, sigma_fb, sigma_err_fb, sqrt_s_gev):
                process.stdin.write(block)
            process.stdin.close()
        except BrokenPipeError:
            pass  # Delphes stopped reading: its exit status and log say why
        status = process.wait()
        if status != 0:
            raise DelphesError(f"{executable} failed (exit status {status}) on this chunk: see {log_path}")
        candidates, weights = read_eflow(output)
    if len(candidates) != len(events):
        raise DelphesError(f"{executable} returned {len(candidates)} of {len(events)} events: see {log_path}")
    return candidates, weights
