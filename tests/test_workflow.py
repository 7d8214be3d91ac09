"""The Snakemake workflow end to end on the CI config, in a scratch copy of the repository."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from conftest import ROOT

from weaksup import studies
from weaksup.significance import asimov_significance

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


def configfiles(workdir: Path, overlay: dict | None = None) -> list[str]:
    """--configfile arguments: the CI config, then ``overlay`` (written to a file) on top of it."""
    if overlay is None:
        return ["--configfile", "config/ci.yaml"]
    (workdir / "overlay.yaml").write_text(yaml.safe_dump(overlay))
    return ["--configfile", "config/ci.yaml", "overlay.yaml"]


def snakemake(workdir: Path, *args: str, overlay: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*SNAKEMAKE, "--cores", "2", *args, *configfiles(workdir, overlay)],  # --configfile takes a list: last
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
    luminosity = yaml.safe_load((ROOT / "config/ci.yaml").read_text())["luminosity_fb"]
    assert table.n_expected.to_numpy() == pytest.approx(table.sigma_fb.to_numpy() * luminosity, rel=1e-8)
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


FIGURES = [
    "fig2_sculpting",
    "fig3_cwola_ID",
    "fig3_cwola_DD",
    "fig4_jet_images",
    "fig5_augmentation_ID",
    "fig6_sizes_ID",
    "fig7_asymptotic_ID",
    "fig8_systematics_ID",
    "lp_dijet_vs_cwola_ID",
    *(
        f"lp_{name}"
        for name in ("toy_features", "toy_roc", "label_scan_auc", "label_scan_eps", "outputs", "losses", "breakdown")
    ),
    "lp_gluino_met",
    "lp_mismodelling",
    "lp_combination",
]


def test_every_figure_from_generated_events(workdir):
    run = snakemake(workdir)  # rule all
    assert run.returncode == 0, run.stderr[-3000:]
    for figure in FIGURES:
        for suffix in ("pdf", "png"):
            assert (workdir / f"results/figures/{figure}.{suffix}").stat().st_size > 10_000
    assert run.stderr.count("rule train:") == len(list((workdir / "results/training").rglob("model.keras")))
    assert "Nothing to be done" in snakemake(workdir, "-n", "results/figures/fig7_asymptotic_ID.pdf").stdout
    report = snakemake(workdir, "--report", "results/report.html")
    assert report.returncode == 0, report.stderr[-3000:]
    html = (workdir / "results/report.html").read_text()
    sections = ("Section 3: jet images", "Section 4: CWoLa", "Section 5: data augmentation", "Label proportions")
    for text in (*sections, "Sculpting check"):
        assert text in html
    rows = pd.read_csv(workdir / "results/tables/sensitivity.csv")
    assert set(rows.study) == {"sculpting", "cwola", "augmentation", "sizes", "asymptotic", "llp"}
    assert set(rows[rows.study == "llp"].supervision) == {"cwola", "llp", "llp_wrong"}
    assert set(rows.scenario) == {"ID", "DD"} and set(rows.background_systematic) == {0, 0.01}
    # every row is eq. (4.1) (eq. 5.3 with a systematic) of its own columns
    b = rows.b0 * rows.eps_b
    expected = asimov_significance(rows.s0 * rows.eps_s, b, rows.background_systematic * b)
    np.testing.assert_allclose(rows.sigma_after, expected, rtol=1e-6, atol=1e-9)
    assert ((rows.eps_s >= 0) & (rows.eps_s <= 1) & (rows.auc >= 0) & (rows.auc <= 1)).all()
    # training, validation and test never share an event
    for path in (workdir / "results/datasets").rglob("*.parquet"):
        table = pd.read_parquet(path)
        assert not table.duplicated(["sample", "index"]).any(), path
    assert not list((workdir / "results").rglob("*.part*"))
    # table 3: AUC and signal efficiency at 1% background for both networks, from the test set
    table3 = pd.read_csv(workdir / "results/tables/lp_gluino_table.csv")
    assert set(table3.network) == {"full", "weak"} and (table3.trainings == 2).all()
    assert ((table3["mean"] >= 0) & (table3["mean"] <= 1)).all()


def test_a_killed_training_leaves_no_model_and_a_rerun_finishes_it(workdir):
    model_dir = workdir / "results/training/DD/full_en_none_k0/sigma5/replica0"  # in no study: on request
    target = str(model_dir.relative_to(workdir) / "model.keras")
    log = workdir / f"logs/{model_dir.relative_to(workdir)}.log"
    job = subprocess.Popen(
        [*SNAKEMAKE, "--cores", "2", target, *configfiles(workdir, {"training": {"max_epochs": 500}})],
        cwd=workdir,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 300
        while not (log.is_file() and "epoch 2:" in log.read_text()):
            assert job.poll() is None and time.monotonic() < deadline, "training never reached epoch 2"
            time.sleep(0.2)
    finally:
        os.killpg(job.pid, signal.SIGKILL)
        job.wait()
    assert not (model_dir / "model.keras").exists()
    assert snakemake(workdir, "--unlock").returncode == 0
    rerun = snakemake(workdir, target)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert rerun.stderr.count("rule train:") == 1 and "rule dataset:" not in rerun.stderr
    assert (model_dir / "model.keras").is_file()


def test_a_signal_injection_the_pool_cannot_hold_stops_before_training(workdir):
    studies = {"cwola": {"scenarios": ["DD"], "sigma0": [400], "replicas": 1}}
    run = snakemake(workdir, "results/tables/sensitivity.csv", overlay={"studies": studies})
    assert run.returncode != 0
    log = (workdir / "logs/datasets/DD/sigma400/replica0.log").read_text()
    assert "the hv_DD pool holds" in log and "injected" in log
    assert not (workdir / "results/training/DD/cwola_en_none_k0/sigma400").exists()


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


def merged(base: dict, overlay: dict) -> dict:
    """``overlay`` on top of ``base``, recursively (what Snakemake does with --configfile)."""
    out = dict(base)
    for key, value in overlay.items():
        out[key] = merged(base[key], value) if isinstance(value, dict) and key in base else value
    return out


def test_one_figure_builds_only_the_trainings_it_needs(workdir, tmp_path):
    config = merged(*(yaml.safe_load((ROOT / f"config/{name}.yaml").read_text()) for name in ("config", "ci")))
    needed = [m for m in studies.study_models(config)["asymptotic"] if m["scenario"] == "ID"]
    run = snakemake(fresh_copy(workdir, tmp_path), "-n", "results/figures/fig7_asymptotic_ID.pdf")
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.count("rule train:") == len(needed)
    assert "rule fig2_sculpting:" not in run.stdout and "rule fig4_jet_images:" not in run.stdout


def test_container_path_dag_builds_in_a_dry_run(workdir, tmp_path):
    run = snakemake(fresh_copy(workdir, tmp_path), "-n", "--config", "generator=madgraph", "detector=delphes")
    assert run.returncode == 0, run.stderr[-3000:]
    out = run.stdout
    for rule in ("madgraph", "generate", "delphes", "read_delphes", "jets", "pool", "yields"):
        assert f"rule {rule}:" in out, rule


def test_a_working_point_outside_zero_one_fails_before_any_job(tmp_path, workdir):
    fresh = fresh_copy(workdir, tmp_path)
    run = snakemake(fresh, overlay={"evaluation": {"working_points": [0.1, 1.5]}})
    assert run.returncode != 0
    assert "config key 'evaluation.working_points.1': 1.5 is greater than or equal to the maximum of 1" in run.stderr
    assert not (fresh / "results").exists()


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


def test_a_missing_local_image_stops_container_mode_before_any_job(tmp_path, workdir):
    """--use-singularity with containers.workflow a .sif that is not there: a config error at parse
    time (naming the key and `make images`), not a failure of the first job; without container
    mode the key is not used."""
    fresh = fresh_copy(workdir, tmp_path)
    overlay = {"containers": {"workflow": "images/workflow.sif", "generation": "images/generation.sif"}}
    run = snakemake(fresh, "-n", "--use-singularity", overlay=overlay)
    assert run.returncode != 0
    assert "config key 'containers.workflow' = 'images/workflow.sif': no such file" in run.stdout + run.stderr
    assert "make images" in run.stdout + run.stderr
    assert not (fresh / "results").exists()
    assert snakemake(fresh, "-n", overlay=overlay).returncode == 0
