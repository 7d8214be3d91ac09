"""workflow/scripts/build_tools.sh refuses what it cannot build from, before it builds anything.

The build itself (MG5_aMC, Delphes, ROOT) runs for real in `make test-generation`."""

import hashlib
import os
import shutil
import subprocess

import pytest
from conftest import ROOT

SCRIPT = ROOT / "workflow/scripts/build_tools.sh"
TOOLS = ("gcc", "g++", "make", "tar", "sha256sum", "python3", "cut", "sed", "mktemp", "rm", "mkdir", "dirname", "nproc")


def build(prefix, sources, path=None):
    env = dict(os.environ, PATH=path or os.environ["PATH"], PYTHON="python3")
    return subprocess.run(
        [shutil.which("bash"), str(SCRIPT), str(prefix), str(sources)], env=env, capture_output=True, text=True
    )


@pytest.fixture
def sources(tmp_path):
    folder = tmp_path / "sources"
    folder.mkdir()
    return folder


@pytest.mark.skipif(shutil.which("gfortran") is None, reason="needs gfortran to get past the compiler check")
def test_a_missing_tarball_is_named_with_where_to_get_it(tmp_path, sources):
    run = build(tmp_path / "tools", sources)
    assert run.returncode == 1
    assert (
        f"{sources}/MG5_aMC_v3.5.7.tar.gz does not exist: put MG5_aMC_v3.5.7.tar.gz there (from https://" in run.stderr
    )
    assert not (tmp_path / "tools/tools.json").exists() and not (tmp_path / "tools/venv").exists()


@pytest.mark.skipif(shutil.which("gfortran") is None, reason="needs gfortran to get past the compiler check")
def test_a_tarball_with_another_checksum_stops_the_build_naming_both(tmp_path, sources):
    (sources / "MG5_aMC_v3.5.7.tar.gz").write_bytes(b"not MadGraph")
    run = build(tmp_path / "tools", sources)
    assert run.returncode == 1
    actual = hashlib.sha256(b"not MadGraph").hexdigest()
    assert f"MG5_aMC_v3.5.7.tar.gz has sha256 {actual}, expected ca3e027f" in run.stderr
    assert "or fc1787cf83b228ea306eb2e96f40060b83178e019515cbc4d671d9eb81346d87" in run.stderr
    assert not (tmp_path / "tools/venv").exists()


def test_a_missing_fortran_compiler_is_named_with_its_package(tmp_path, sources):
    bin_dir = tmp_path / "bin"  # the machine's tools, gfortran left out
    bin_dir.mkdir()
    for tool in TOOLS:
        if shutil.which(tool):
            (bin_dir / tool).symlink_to(shutil.which(tool))
    run = build(tmp_path / "tools", sources, path=str(bin_dir))
    assert run.returncode == 1
    assert "'gfortran' not found: MadGraph and Delphes need it (Debian/Ubuntu: apt-get install gfortran)" in run.stderr
    assert not (tmp_path / "tools").exists()
