"""File I/O: atomic writes, clear errors on missing/corrupt files, the real Delphes reader."""

import awkward as ak
import numpy as np
import pytest
from conftest import ROOT, shared_file

from weaksup import io
from weaksup.sim import delphes, detector


def test_parquet_round_trip(tmp_path):
    array = ak.Array([{"x": [1.0, 2.0]}, {"x": []}])
    io.write_parquet(array, tmp_path / "a.parquet")
    assert io.read_parquet(tmp_path / "a.parquet").x.to_list() == [[1.0, 2.0], []]
    assert [p.name for p in tmp_path.iterdir()] == ["a.parquet"]  # no temporary left behind
    assert (tmp_path / "a.parquet").stat().st_mode & 0o044  # readable by others, as with open()


def test_truncated_parquet_names_the_file(tmp_path):
    path = tmp_path / "chunk.parquet"
    io.write_parquet(ak.Array([{"x": list(range(1000))}]), path)
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(io.CorruptFileError, match="chunk.parquet"):
        io.read_parquet(path)


def test_missing_parquet_names_the_file(tmp_path):
    with pytest.raises(io.CorruptFileError, match="absent.parquet.*does not exist"):
        io.read_parquet(tmp_path / "absent.parquet")


def test_interrupted_write_leaves_no_file(tmp_path):
    target = tmp_path / "out.json"
    with pytest.raises(KeyboardInterrupt):
        with io.atomic_path(target) as tmp:
            tmp.write_text("half")
            raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_a_directory_appears_whole_or_not_at_all(tmp_path):
    target = tmp_path / "point"
    with pytest.raises(KeyboardInterrupt):
        with io.atomic_directory(target) as tmp:
            (tmp / "replica0.json").write_text("done")
            raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []
    (tmp_path / ".point.killed.part").mkdir()  # left by a writer killed before it could clean up
    with io.atomic_directory(target) as tmp:
        (tmp / "replica0.json").write_text("done")
    assert [p.name for p in tmp_path.iterdir()] == ["point"] and (target / "replica0.json").read_text() == "done"


def test_delphes_reader_on_real_cms_output():
    candidates, weights = delphes.read_eflow(shared_file("delphes_cms_3.4.2_10events.root"))
    assert len(candidates) == 10 and len(weights) == 10
    assert set(candidates.fields) == {"pt", "eta", "phi", "mass", "charge", "kind"}
    flat = ak.flatten(candidates)
    kinds = set(np.unique(ak.to_numpy(flat.kind)))
    assert kinds == {detector.KIND_TRACK, detector.KIND_PHOTON, detector.KIND_NEUTRAL_HADRON}
    tracks = flat[flat.kind == detector.KIND_TRACK]
    # Delphes applies |eta| <= 2.5 at the production vertex; the stored track eta may exceed it slightly
    assert np.all(np.abs(tracks.charge) == 1) and np.all(np.abs(tracks.eta) < 2.55)
    neutrals = flat[flat.kind != detector.KIND_TRACK]
    assert np.all(neutrals.charge == 0) and np.all(neutrals.mass == 0)
    assert np.all(flat.pt > 0) and np.all(np.isfinite(flat.eta))
    # first event of the file: 94 EFlowTracks (counted with uproot directly)
    assert int(ak.sum(candidates[0].kind == detector.KIND_TRACK)) == 94


def test_delphes_reader_rejects_a_non_root_file(tmp_path):
    bad = tmp_path / "bad.root"
    bad.write_text("not root")
    with pytest.raises(io.CorruptFileError, match="bad.root"):
        delphes.read_eflow(bad)


def test_a_card_that_sources_the_stock_card_names_it_relative_to_itself():
    card = "source $env(DELPHES_CARDS)/delphes_card_CMS.tcl\nset ParameterR 0.8\n"
    expanded = delphes.expand_card(card, "../opt/cards", seed=42)
    assert expanded == "source ../opt/cards/delphes_card_CMS.tcl\nset ParameterR 0.8\n\nset RandomSeed 42\n"
    with pytest.raises(ValueError, match="RandomSeed must be in"):
        delphes.expand_card(card, "cards", seed=0)  # 0: Delphes would seed from the clock


def _events(n):
    particles = ak.Array([[{"pt": 50.0, "eta": 0.0, "phi": 0.0, "mass": 0.0, "pid": 22}]] * n)
    return ak.zip({"particles": particles, "weight": np.ones(n)}, depth_limit=1)


def test_a_missing_delphes_names_how_to_get_it(tmp_path):
    with pytest.raises(
        delphes.DelphesError, match="no-such-delphes not found on PATH: build the tools with `make tools`"
    ):
        delphes.simulate(
            _events(2),
            ROOT / "config/delphes/delphes_card_CMS.tcl",
            1.0,
            0.1,
            tmp_path / "log",
            1,
            executable="no-such-delphes",
        )


def test_a_failing_delphes_stops_the_chunk_naming_its_log(tmp_path):
    # `false` exits 1 at once, as Delphes does on a bad card or a crash mid-chunk
    with pytest.raises(delphes.DelphesError, match=r"false failed \(exit status 1\) on this chunk: see .*log"):
        delphes.simulate(
            _events(2000),
            ROOT / "config/delphes/delphes_card_CMS.tcl",
            1.0,
            0.1,
            tmp_path / "log",
            1,
            executable="false",
        )
