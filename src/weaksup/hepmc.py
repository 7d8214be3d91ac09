"""HepMC2 (IO_GenEvent) writer for the Delphes step of the container path.

Delphes 3.4.2 (``DelphesHepMC``) reads HepMC2 text. The detector response uses only the
final-state (status 1) particles, so each event is written with one vertex: the two beam protons
in, every final-state particle out. The generator history is not carried over (jets are built
from detector particle flow, never from generator partons).
"""

import awkward as ak
import numpy as np

from .io import atomic_path
from .jets import four_vectors

FB_TO_PB = 1e-3


def _event_lines(number: int, beam_energy: float, px, py, pz, energy, mass, pid, sigma_pb, error_pb, weight):
    n = len(px)
    lines = [
        f"E {number} -1 -1 -1 -1 0 -1 1 1 2 0 1 {weight:.10g}",
        "U GEV MM",
        f"C {sigma_pb:.10g} {error_pb:.10g}",
        f"V -1 0 0 0 0 0 0 {n} 0",
        f"P 1 2212 0 0 {beam_energy:.10g} {beam_energy:.10g} 0.938272 4 0 0 -1 0",
        f"P 2 2212 0 0 {-beam_energy:.10g} {beam_energy:.10g} 0.938272 4 0 0 -1 0",
    ]
    barcode = np.arange(3, n + 3)
    rows = np.column_stack([barcode, pid, px, py, pz, energy, mass])
    lines += [f"P {int(b)} {int(p)} {x:.10g} {y:.10g} {z:.10g} {e:.10g} {m:.10g} 1 0 0 0 0" for b, p, x, y, z, e, m in rows]
    return lines


def write(events: ak.Array, path, sigma_fb: float, sigma_err_fb: float, sqrt_s_gev: float = 13000.0) -> None:
    """Write generated ``events`` (fields ``particles``, ``weight``) as HepMC2 text, atomically."""
    parts = events.particles
    px, py, pz, energy = four_vectors(parts.pt, parts.eta, parts.phi, parts.mass)
    with atomic_path(path) as tmp, open(tmp, "w") as out:
        out.write("\nHepMC::Version 2.06.09\nHepMC::IO_GenEvent-START_EVENT_LISTING\n")
        for i in range(len(events)):
            out.write(
                "\n".join(
                    _event_lines(
                        i, sqrt_s_gev / 2, *(ak.to_numpy(x[i]) for x in (px, py, pz, energy, parts.mass, parts.pid)),
                        sigma_fb * FB_TO_PB, sigma_err_fb * FB_TO_PB, float(events.weight[i]),
                    )
                )
                + "\n"
            )
        out.write("HepMC::IO_GenEvent-END_EVENT_LISTING\n")
