"""The Snakemake workflow end to end on the CI config, in a scratch copy of the repository."""

import os
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from conftest import ROOT
from reruns import HV_DD_CHUNK, LEDGER, RERUNS, STUDY

from weaksup.analysis import registry
from weaksup.analysis.cwola import studies
from weaksup.analysis.significance import asimov_significance
from weaksup.config import merged
from weaksup.ledger import claims
from weaksup.ledger import table as ledger_table
from weaksup.ledger.verdict import verdict

pytestmark = pytest.mark.slow
SNAKEMAKE = [sys.executable, "-m", "snakemake"]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """A copy of the workflow (Snakefile, workflow/, config/, envs/, docs/) in a fresh directory."""
    work = tmp_path_factory.mktemp("workflow")
    shutil.copy(ROOT / "Snakefile", work)
    for folder in ("workflow", "config", "envs", "docs"):
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
    assert list(table.columns) == ["sample", "region", "k_factor", "sigma_fb", "sigma_err_fb", "n_expected", "n_pool"]
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


def ci_config() -> dict:
    """config/config.yaml with config/ci.yaml on top."""
    return merged(*(yaml.safe_load((ROOT / f"config/{name}.yaml").read_text()) for name in ("config", "ci")))


def test_every_figure_from_generated_events(workdir):
    run = snakemake(workdir)  # rule all
    assert run.returncode == 0, run.stderr[-3000:]
    config = ci_config()
    for pdf in registry.output_files(config):
        for path in (pdf, pdf.replace(".pdf", ".png")) if pdf.endswith(".pdf") else (pdf,):
            assert (workdir / path).stat().st_size > (10_000 if pdf.endswith(".pdf") else 50), path
    # one training job per model point, its replicas side by side
    points = {path.parent.parent for path in (workdir / "results/training").rglob("model.keras")}
    assert run.stderr.count("rule train:") == len(points)
    assert "Nothing to be done" in snakemake(workdir, "-n", "results/figures/fig7_asymptotic_ID.pdf").stdout
    report = snakemake(workdir, "--report", "results/report.html")
    assert report.returncode == 0, report.stderr[-3000:]
    html = (workdir / "results/report.html").read_text()
    for text in {output.category for output in registry.figures().values()} | {"Sculpting check"}:
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
    # the reproduction ledger: every claim of both papers, each verdict by the rule from its own columns
    ledger = pd.read_csv(workdir / "results/tables/reproduction.csv", keep_default_na=False, na_values=[""])
    assert list(ledger.columns) == claims.COLUMNS
    beyond = ledger.paper == ledger_table.BEYOND
    own = ~ledger.note.fillna("").str.contains("recorded run docs/records/") & ~beyond
    assert list(ledger.quantity[own]) == [claim.quantity for claim in claims.CLAIMS]
    # the EFN's rows after the papers', one per sensitivity claim of the studies it is trained in
    efn_studies = {f"study:{s}" for s in set(rows[rows.network == "efn"].study) & set(claims.STUDIES)}
    assert list(ledger.quantity[beyond]) == [c.quantity for c in claims.CLAIMS if c.needs in efn_studies]
    assert ledger.index[beyond].min() > ledger.index[~beyond].max()
    assert set(rows.network) == {"cnn", "efn"}
    # the recorded paper chain's rows beside the run's own, naming its generator and detector
    chain_claims = [c.quantity for c in claims.CLAIMS if c.needs in claims.CHAIN_INPUTS]
    recorded = ~own & ~beyond
    assert list(ledger.quantity[recorded]) == chain_claims
    assert ledger.config[recorded].str.contains("MG5_aMC 3.5.7").all()
    assert ledger.config[recorded].str.contains("Delphes").all()
    assert ledger.config[own & (ledger.paper == "augmentation")].str.startswith("QCD: Pythia 8 HardQCD").all()
    for row in ledger.itertuples():
        assert row.verdict == verdict(
            row.paper_value, float(row.paper_uncertainty), float(row.ours), float(row.ours_uncertainty)
        ), row
    assert ledger.ours.notna().sum() >= 20 and "agrees" in set(ledger.verdict)
    # table 3: AUC and signal efficiency at 1% background for both networks, from the test set
    table3 = pd.read_csv(workdir / "results/tables/lp_gluino_table.csv")
    assert set(table3.network) == {"full", "weak"} and (table3.trainings == 2).all()
    assert ((table3["mean"] >= 0) & (table3["mean"] <= 1)).all()


def scheduled(output: str) -> dict[str, int]:
    """rule -> jobs of a dry run's "Job stats" table (without rule all); {} for nothing to do."""
    if "Nothing to be done" in output:
        return {}
    table = output.split("Job stats:")[1].split("total")[0]
    rows = [line.split() for line in table.splitlines()[3:] if line.strip()]
    return {rule: int(count) for rule, count in rows if rule != "all"}


def test_a_changed_key_reruns_exactly_the_jobs_that_depend_on_it(workdir):
    assert snakemake(workdir).returncode == 0  # complete (a no-op after the test above)
    everything = scheduled(snakemake(workdir, "-n", "--forceall").stdout)

    def dry_run(case):
        index, (overlay, _) = case
        (workdir / f"overlay{index}.yaml").write_text(yaml.safe_dump(overlay))
        args = ["-n", "--configfile", "config/ci.yaml", f"overlay{index}.yaml"]
        run = subprocess.run([*SNAKEMAKE, "--cores", "2", *args], cwd=workdir, capture_output=True, text=True)
        assert run.returncode == 0, run.stderr[-2000:]
        return scheduled(run.stdout)

    with ThreadPoolExecutor(2) as pool:
        found = list(pool.map(dry_run, enumerate(RERUNS)))
    mismatches = [(overlay, got, want) for (overlay, want), got in zip(RERUNS, found) if got != want]
    assert not mismatches, "\n".join(f"{o}: scheduled {g}, expected {w}" for o, g, w in mismatches)
    # the global seed changes every job; an edited card every job downstream of its sample
    assert scheduled(snakemake(workdir, "-n", "--config", "seed=7").stdout) == everything
    card = workdir / "config/pythia/hv_DD.cmnd"
    original = card.read_text()
    try:
        card.write_text(original + "Next:numberShowEvent = 0\n")
        dd = {"dataset": 2, "train": 4, **STUDY, **LEDGER, "fig3_cwola": 2, "background_only": 1}  # the cwola points
        assert scheduled(snakemake(workdir, "-n").stdout) == HV_DD_CHUNK | dd
    finally:
        card.write_text(original)
    assert scheduled(snakemake(workdir, "-n").stdout) == {}


NEW_MODEL = {
    "samples": {
        "hv_X": {
            "cards": ["config/pythia/hidden_valley.cmnd", "config/pythia/hv_X.cmnd"],
            "hidden_valley": {"mpi_over_lambda": 1.4},
            "chunks": 1,
            "events_per_chunk": 200,
        }
    },
    "scenarios": {"X": "hv_X"},
    "studies": {"cwola": {"scenarios": ["ID", "DD", "X"]}},
}


def test_a_new_signal_model_is_a_card_and_an_overlay_and_reruns_only_its_own_jobs(workdir):
    assert snakemake(workdir).returncode == 0  # complete (a no-op after the tests above)
    card = workdir / "config/pythia/hv_X.cmnd"
    card.write_text((workdir / "config/pythia/hv_ID.cmnd").read_text())
    try:
        run = snakemake(workdir, "-n", overlay=NEW_MODEL)
    finally:
        card.unlink()
    assert run.returncode == 0, run.stderr[-3000:]
    chunk = {"generate": 1, "fastsim": 1, "jets": 1, "pool": 1, "yields": 1, "cutflow": 1, "fig4_jet_images": 1}
    # its two cwola points, for both networks of the cwola study
    cwola = {"dataset": 2, "train": 4, **STUDY, **LEDGER, "fig3_cwola": 3, "background_only": 1}
    assert scheduled(run.stdout) == chunk | cwola


def test_the_example_mass_point_builds_the_whole_search(workdir, tmp_path):
    fresh = fresh_copy(workdir, tmp_path)

    def dry_run(*configfiles):
        run = subprocess.run([*SNAKEMAKE, "-n", *configfiles], cwd=fresh, capture_output=True, text=True)
        assert run.returncode == 0, run.stderr[-3000:]
        return scheduled(run.stdout)

    assert dry_run("--configfile", "config/examples/zprime_4000.yaml") == dry_run()


def test_a_killed_training_leaves_no_model_and_a_rerun_finishes_it(workdir):
    point = workdir / "results/training/cnn/DD/full/en/none/k0/sigma5"  # in no study: on request, 1 replica
    model_dir = point / "replica0"
    target = str(point.relative_to(workdir))
    log = workdir / f"logs/{target}.log"
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
    assert not point.exists()
    assert snakemake(workdir, "--unlock").returncode == 0
    rerun = snakemake(workdir, target)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert rerun.stderr.count("rule train:") == 1 and "rule dataset:" not in rerun.stderr
    assert (model_dir / "model.keras").is_file()
    assert [p.name for p in point.parent.iterdir()] == [point.name]  # the killed job's files are gone


def test_a_signal_injection_the_pool_cannot_hold_stops_before_training(workdir):
    studies = {"cwola": {"scenarios": ["DD"], "sigma0": [400], "replicas": 1}}
    run = snakemake(workdir, "results/tables/sensitivity.csv", overlay={"studies": studies})
    assert run.returncode != 0
    log = (workdir / "logs/datasets/DD/sigma400/replica0.log").read_text()
    assert "the hv_DD pool holds" in log and "injected" in log
    assert not (workdir / "results/training/cnn/DD/cwola/en/none/k0/sigma400").exists()


def test_corrupt_chunk_is_named(workdir, tmp_path):
    chunk = workdir / "results/jets/hv_DD/0.parquet"
    assert snakemake(workdir, str(chunk.relative_to(workdir))).returncode == 0  # whatever ran before
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


def test_one_figure_builds_only_the_trainings_it_needs(workdir, tmp_path):
    needed = {studies.point_dir(m) for m in studies.study_models(ci_config())["asymptotic"] if m["scenario"] == "ID"}
    run = snakemake(fresh_copy(workdir, tmp_path), "-n", "results/figures/fig7_asymptotic_ID.pdf")
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.count("rule train:") == len(needed)
    assert "rule fig2_sculpting:" not in run.stdout and "rule fig4_jet_images:" not in run.stdout


def test_container_path_dag_builds_in_a_dry_run(workdir, tmp_path):
    run = snakemake(fresh_copy(workdir, tmp_path), "-n", "--config", "generator=madgraph", "detector=delphes")
    assert run.returncode == 0, run.stderr[-3000:]
    out = run.stdout
    for rule in ("build_tools", "madgraph_gridpack", "madgraph", "generate", "delphes", "jets", "pool", "yields"):
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


@pytest.mark.parametrize(
    "overlay, message",
    [
        ({"selection": {"lead_pt_min_gev": 600.0}}, "'samples.qcd.generator_cuts.pthat_min_gev' = 500 GeV"),
        ({"scenarios": {"X": "hv_X"}}, "'scenarios.X': no sample 'hv_X'"),
        ({"samples": {"hv_X": {"chunks": 1, "events_per_chunk": 10}}}, "'cards' is a required property"),
    ],
)
def test_an_overlay_that_does_not_fit_fails_before_any_job(tmp_path, workdir, overlay, message):
    fresh = fresh_copy(workdir, tmp_path)
    run = snakemake(fresh, overlay=overlay)
    assert run.returncode != 0
    assert message in run.stderr + run.stdout
    assert not (fresh / "results").exists()


def test_a_figure_whose_study_is_not_configured_is_a_clear_error(workdir, tmp_path):
    fresh = fresh_copy(workdir, tmp_path)
    for name in ("config", "ci"):  # a configuration without the sizes study
        path = fresh / f"config/{name}.yaml"
        config = yaml.safe_load(path.read_text())
        del config["studies"]["sizes"]
        path.write_text(yaml.safe_dump(config))
    everything = snakemake(fresh, "-n")
    assert everything.returncode == 0, everything.stderr[-3000:]
    assert "fig6_sizes" not in everything.stdout
    one = snakemake(fresh, "-n", "results/figures/fig6_sizes_ID.pdf")
    assert one.returncode != 0
    assert "config key 'studies.sizes' is not configured: the figures fig6_sizes" in one.stdout + one.stderr


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
