"""HepMC2 (IO_GenEvent) text of generated events, for Delphes (``DelphesHepMC``).

Delphes' detector response reads only the final-state (status 1) particles, so each event is
written with one vertex: the two beam protons in, every final-state particle out. The generator
history is not carried over (jets are built from detector particle flow, never from partons):
~40 bytes per particle instead of the full record's ~280 kB per 5 TeV dijet event. The text is
produced a batch of events at a time (``blocks``) so that it can be streamed into Delphes'
standard input (``weaksup.sim.delphes.simulate``) without a HepMC file on disk.
"""

import io

import awkward as ak
import numpy as np
import pandas as pd

from weaksup.events.jets import four_vectors
from weaksup.io import atomic_path

FB_TO_PB = 1e-3
PROTON_MASS_GEV = 0.938272
START = "\nHepMC::Version 2.06.09\nHepMC::IO_GenEvent-START_EVENT_LISTING\n"
END = "HepMC::IO_GenEvent-END_EVENT_LISTING\n"


def _header(number: int, n_particles: int, beam_energy: float, sigma_pb: float, error_pb: float, weight: float) -> str:
    """Event, units, cross-section (pb) and vertex lines, then the two beam protons (barcodes 1, 2)."""
    return (
        f"E {number} -1 -1 -1 -1 0 -1 1 1 2 0 1 {weight:.10g}\n"
        "U GEV MM\n"
        f"C {sigma_pb:.10g} {error_pb:.10g}\n"
        f"V -1 0 0 0 0 0 2 {n_particles} 0\n"
        f"P 1 2212 0 0 {beam_energy:.10g} {beam_energy:.10g} {PROTON_MASS_GEV} 4 0 0 -1 0\n"
        f"P 2 2212 0 0 {-beam_energy:.10g} {beam_energy:.10g} {PROTON_MASS_GEV} 4 0 0 -1 0\n"
    )


def _particle_lines(particles: ak.Array) -> list[str]:
    """One ``P`` line per final-state particle of every event, formatted by pandas' C writer at once
    (no per-particle Python loop); momenta and masses in GeV."""
    counts = ak.to_numpy(ak.num(particles))
    px, py, pz, energy = (
        ak.to_numpy(ak.flatten(x)).astype(np.float64)
        for x in four_vectors(particles.pt, particles.eta, particles.phi, particles.mass)
    )
    n = len(px)
    zeros = np.zeros(n, np.int8)
    table = pd.DataFrame(
        {
            "tag": np.full(n, "P"),
            # barcodes restart at 3 in every event (1 and 2 are the beams)
            "barcode": np.arange(n) - np.repeat(np.cumsum(counts) - counts, counts) + 3,
            "pid": ak.to_numpy(ak.flatten(particles.pid)),
            "px": px,
            "py": py,
            "pz": pz,
            "e": energy,
            "m": ak.to_numpy(ak.flatten(particles.mass)).astype(np.float64),
            "status": np.ones(n, np.int8),  # final state
            "pol_theta": zeros,
            "pol_phi": zeros,
            "end_vertex": zeros,  # none: a final-state particle
            "n_flow": zeros,
        }
    )
    text = io.StringIO()
    table.to_csv(text, sep=" ", header=False, index=False, float_format="%.10g", lineterminator="\n")
    return text.getvalue().splitlines(keepends=True)


def blocks(events: ak.Array, sigma_fb: float, sigma_err_fb: float, sqrt_s_gev: float = 13000.0, batch_size: int = 500):
    """Yield the HepMC2 text of ``events`` (fields ``particles``, ``weight``) in pieces of
    ``batch_size`` events: the listing's start, the events, its end. Cross sections in fb."""
    yield START
    sigma_pb, error_pb, beam_energy = sigma_fb * FB_TO_PB, sigma_err_fb * FB_TO_PB, sqrt_s_gev / 2
    for start in range(0, len(events), batch_size):
        batch = events[start : start + batch_size]
        lines = _particle_lines(batch.particles)
        counts = ak.to_numpy(ak.num(batch.particles))
        offsets = np.concatenate([[0], np.cumsum(counts)])
        weights = ak.to_numpy(batch.weight)
        yield "".join(
            _header(start + i, int(count), beam_energy, sigma_pb, error_pb, weights[i])
            + "".join(lines[offsets[i] : offsets[i + 1]])
            for i, count in enumerate(counts)
        )
    yield END


def write(events: ak.Array, path, sigma_fb: float, sigma_err_fb: float, sqrt_s_gev: float = 13000.0) -> None:
    """Write ``events`` as a HepMC2 file, atomically (for inspection; the workflow streams)."""
    with atomic_path(path) as tmp, open(tmp, "w") as out:
        out.writelines(blocks(events, sigma_fb, sigma_err_fb, sqrt_s_gev))
