"""The Snakemake workflow end to end on the CI config, in a scratch copy of the repository."""

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT

pytestmark = pytest.mark.slow
SNAKEMAKE = [sys.executable, "-m", "snakemake"]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """A copy of the workflow (Snakefile, workflow/, config/, envs/) in a fresh directory."""
    work = tmp_path_factory.mktemp("workflow")
    shutil.copy(ROOT / "Snakefile", work)
    for folder in ("workflow", "config", "envs"):
        shutil.copytree(ROOT / folder, work / folder)
    return work


def snakemake(workdir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*SNAKEMAKE, "--cores", "2", "--configfile=config/ci.yaml", *args],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_yields_table_then_nothing_to_do_then_figure_4(workdir):
    run = snakemake(workdir, "results/tables/yields.csv")
    assert run.returncode == 0, run.stderr[-3000:]
    table = pd.read_csv(workdir / "results/tables/yields.csv")
    assert list(table.columns) == ["sample", "region", "sigma_fb", "sigma_err_fb", "n_expected", "n_pool"]
    assert sorted(zip(table["sample"], table["region"])) == sorted(
        (s, r) for s in ("qcd", "hv_ID", "hv_DD") for r in ("SR", "SB")
    )
    assert table.n_expected.to_numpy() == pytest.approx(table.sigma_fb.to_numpy() * 139.0, rel=1e-8)
    signal_sr = table[(table["sample"] != "qcd") & (table.region == "SR")]
    assert (signal_sr.n_pool > 0).all()
    # intermediate particle files are temporary; selected events and metadata stay
    assert not list((workdir / "results/generation").rglob("*.parquet"))
    assert list((workdir / "results/jets/qcd").glob("*.parquet"))

    again = snakemake(workdir, "results/tables/yields.csv")
    assert again.returncode == 0
    assert "Nothing to be done" in again.stdout + again.stderr

    figure = snakemake(workdir, "results/figures/fig4_jet_images.pdf")
    assert figure.returncode == 0, figure.stderr[-3000:]
    for suffix in ("pdf", "png"):
        assert (workdir / f"results/figures/fig4_jet_images.{suffix}").stat().st_size > 10_000
    assert "rule generate" not in figure.stdout + figure.stderr  # built from the existing pools

    # a changed generation setting reruns generation (params are tracked), in a dry run here
    reseeded = snakemake(workdir, "-n", "results/tables/yields.csv", "--config", "seed=7")
    assert reseeded.returncode == 0 and "rule generate:" in reseeded.stdout


def test_corrupt_chunk_is_named(workdir, tmp_path):
    chunk = workdir / "results/jets/hv_DD/0.parquet"
    original = chunk.read_bytes()
    try:
        chunk.write_bytes(original[:64])
        run = snakemake(workdir, "--force", "results/pools/hv_DD.json")
        assert run.returncode != 0
        log = (workdir / "logs/pool/hv_DD.log").read_text()
        assert "results/jets/hv_DD/0.parquet: not a readable Parquet file" in log
    finally:
        chunk.write_bytes(original)


def fresh_copy(workdir, tmp_path):
    """The workflow without results: a new user's checkout."""
    fresh = tmp_path / "w"
    shutil.copytree(workdir, fresh, ignore=shutil.ignore_patterns("results", ".snakemake", "logs"))
    return fresh


def test_container_path_dag_builds_in_a_dry_run(workdir, tmp_path):
    run = snakemake(fresh_copy(workdir, tmp_path), "-n", "--config", "generator=madgraph", "detector=delphes")
    assert run.returncode == 0, run.stderr[-3000:]
    out = run.stdout
    for rule in ("madgraph", "generate", "delphes", "read_delphes", "jets", "pool", "yields"):
        assert f"rule {rule}:" in out, rule


@pytest.mark.parametrize(
    "override, message",
    [
        (["selektion={}"], "selektion"),
        (["luminosity_fb=-1"], "luminosity_fb"),
        (["detector=cms"], "'detector'"),
    ],
)
def test_bad_config_fails_before_any_job(tmp_path, workdir, override, message):
    fresh = fresh_copy(workdir, tmp_path)
    run = snakemake(fresh, "--config", *override)
    assert run.returncode != 0
    assert message in run.stderr + run.stdout
    assert not (fresh / "results").exists()
