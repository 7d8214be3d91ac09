"""HepMC2 (IO_GenEvent) writer for the Delphes step of the container path.

Delphes 3.4.2 (``DelphesHepMC``) reads HepMC2 text. The detector response uses only the
final-state (status 1) particles, so each event is written with one vertex: the two beam protons
in, every final-state particle out. The generator history is not carried over (jets are built
from detector particle flow, never from generator partons).
"""

import awkward as ak
import numpy as np
import pandas as pd

from .io import atomic_path
from .jets import four_vectors

FB_TO_PB = 1e-3


def _header(number: int, n_particles: int, beam_energy: float, sigma_pb: float, error_pb: float, weight: float) -> str:
    """Event, units, cross-section and vertex lines, then the two beam protons (barcodes 1, 2)."""
    return (
        f"E {number} -1 -1 -1 -1 0 -1 1 1 2 0 1 {weight:.10g}\n"
        "U GEV MM\n"
        f"C {sigma_pb:.10g} {error_pb:.10g}\n"
        f"V -1 0 0 0 0 0 2 {n_particles} 0\n"
        f"P 1 2212 0 0 {beam_energy:.10g} {beam_energy:.10g} 0.938272 4 0 0 -1 0\n"
        f"P 2 2212 0 0 {-beam_energy:.10g} {beam_energy:.10g} 0.938272 4 0 0 -1 0\n"
    )


def write(events: ak.Array, path, sigma_fb: float, sigma_err_fb: float, sqrt_s_gev: float = 13000.0) -> None:
    """Write generated ``events`` (fields ``particles``, ``weight``) as HepMC2 text, atomically.

    Particle lines are formatted by pandas' C writer, one block per event (no per-particle loop).
    """
    parts = events.particles
    counts = ak.to_numpy(ak.num(parts))
    px, py, pz, energy = (
        ak.to_numpy(ak.flatten(x)).astype(np.float64) for x in four_vectors(parts.pt, parts.eta, parts.phi, parts.mass)
    )
    n = len(px)
    # barcode restarts at 3 in every event (1 and 2 are the beams)
    barcode = np.arange(n) - np.repeat(np.cumsum(counts) - counts, counts) + 3
    lines = pd.DataFrame(
        {
            "tag": np.full(n, "P"),
            "barcode": barcode,
            "pid": ak.to_numpy(ak.flatten(parts.pid)),
            "px": px,
            "py": py,
            "pz": pz,
            "e": energy,
            "m": ak.to_numpy(ak.flatten(parts.mass)).astype(np.float64),
            "status": np.ones(n, np.int8),  # final state
            "pol_theta": np.zeros(n, np.int8),
            "pol_phi": np.zeros(n, np.int8),
            "end_vertex": np.zeros(n, np.int8),  # none: a final-state particle
            "n_flow": np.zeros(n, np.int8),
        }
    )
    offsets = np.concatenate([[0], np.cumsum(counts)])
    weights = ak.to_numpy(events.weight)
    with atomic_path(path) as tmp, open(tmp, "w") as out:
        out.write("\nHepMC::Version 2.06.09\nHepMC::IO_GenEvent-START_EVENT_LISTING\n")
        for i, count in enumerate(counts):
            out.write(_header(i, int(count), sqrt_s_gev / 2, sigma_fb * FB_TO_PB, sigma_err_fb * FB_TO_PB, weights[i]))
            lines.iloc[offsets[i] : offsets[i + 1]].to_csv(
                out, sep=" ", header=False, index=False, float_format="%.10g"
            )
        out.write("HepMC::IO_GenEvent-END_EVENT_LISTING\n")
