"""Reader of Delphes ROOT output (container path) into the detector-stage candidate schema.

The paper clusters jets on Delphes particle flow: ``EFlowTrack`` + ``EFlowPhoton`` +
``EFlowNeutralHadron`` (the CMS card's ``EFlowMerger``). This reader returns exactly those, with
the fields and ``kind`` codes of ``weaksup.detector``, so every later stage is identical for the
fast simulation and Delphes. Read with uproot + awkward (no ROOT installation).
"""

from pathlib import Path

import awkward as ak
import numpy as np

from .detector import KIND_NEUTRAL_HADRON, KIND_PHOTON, KIND_TRACK
from .io import CorruptFileError

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
