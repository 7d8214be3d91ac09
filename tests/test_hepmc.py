"""The HepMC2 writer of the Delphes path."""

import awkward as ak
import numpy as np
import pytest

from weaksup.sim import hepmc


def test_hepmc2_file_holds_every_final_state_particle(tmp_path):
    particles = ak.Array(
        [
            [
                {"pt": 10.0, "eta": 0.5, "phi": 1.0, "mass": 0.13957, "pid": 211},
                {"pt": 5.0, "eta": -1.0, "phi": -2.0, "mass": 0.0, "pid": 22},
            ],
            [{"pt": 20.0, "eta": 0.0, "phi": 0.0, "mass": 0.0, "pid": 22}],
        ]
    )
    events = ak.zip({"particles": particles, "weight": np.ones(2)}, depth_limit=1)
    path = tmp_path / "chunk.hepmc"
    hepmc.write(events, path, sigma_fb=2000.0, sigma_err_fb=20.0)
    lines = path.read_text().splitlines()
    assert lines[1] == "HepMC::Version 2.06.09" and lines[-1] == "HepMC::IO_GenEvent-END_EVENT_LISTING"
    assert [line.split()[1] for line in lines if line.startswith("E ")] == ["0", "1"]
    assert [line for line in lines if line.startswith("C ")] == ["C 2 0.02"] * 2  # pb
    vertices = [line.split() for line in lines if line.startswith("V ")]
    assert [int(v[8]) for v in vertices] == [2, 1]  # outgoing particles per event
    final = [line.split() for line in lines if line.startswith("P ") and line.split()[8] == "1"]
    assert [int(p[2]) for p in final] == [211, 22, 22]
    assert [int(p[1]) for p in final] == [3, 4, 3]  # barcodes restart per event after the beams
    px, py, pz, e, m = map(float, final[0][3:8])
    assert np.hypot(px, py) == pytest.approx(10.0)
    assert pz == pytest.approx(10.0 * np.sinh(0.5))
    assert e**2 - px**2 - py**2 - pz**2 == pytest.approx(0.13957**2, abs=1e-6)


def test_streamed_text_does_not_depend_on_the_batch_size():
    particles = ak.Array(
        [
            [{"pt": 10.0 + i + j, "eta": 0.1 * j, "phi": 0.2, "mass": 0.0, "pid": 22} for j in range(i + 1)]
            for i in range(7)
        ]
    )
    events = ak.zip({"particles": particles, "weight": np.arange(7.0)}, depth_limit=1)
    one_by_one = "".join(hepmc.blocks(events, 1.0, 0.1, batch_size=1))
    assert one_by_one == "".join(hepmc.blocks(events, 1.0, 0.1, batch_size=3))
    assert one_by_one.count("\nE ") == 7 and one_by_one.count(" 22 ") == 28
