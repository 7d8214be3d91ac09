"""Cost of a selected (SR + SB) QCD event in each generation chain, split by stage.

Two chains, the same selection (anti-kt R = 0.8, both leading jets pT > 750 GeV, |eta| < 2, the
configured windows), run here one after the other on one core each:

- ``embedded``: Pythia 8 HardQCD with the config's unbiased generator cuts -> fast simulation
  -> jets (the default workflow);
- ``paper``: MG5_aMC 3.5.7 pp > j j with the paper's cuts (config/paper_chain.yaml; events drawn
  from a gridpack made once, its cost reported apart) -> Pythia 8 shower -> Delphes 3.4.2
  (streamed) -> jets;
- ``madgraph+fastsim``: the same MG5_aMC events and shower -> the fast simulation -> jets
  (``generator: madgraph, detector: fastsim``).

Each stage's CPU time is measured (this process's for Python stages, the children's for MG5_aMC
and Delphes); from the selected events per CPU-second the projected core-hours of the paper's
200k-event QCD pool (section 3.2) follow. The baseline is the embedded chain in the same run.

    python benchmarks/generation_chain.py --gridpack results/madgraph/qcd/gridpack.tar.gz \\
        --tools .tools --events embedded=20000 paper=5000

Writes benchmarks/results/generation_chain.json and prints a table.
"""

import argparse
import resource
import subprocess
import tempfile
import time
from functools import partial
from pathlib import Path

import numpy as np
from common import ROOT, load_config, write_report

from weaksup import seeds
from weaksup.events import jets
from weaksup.sim import delphes, detector, generation

PAPER_POOL = 200_000  # selected QCD events of the paper's background pool (section 3.2)


def cpu(children: bool = False) -> float:
    """CPU seconds (user + system) of this process, or of its finished children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def select(candidates, weights, config, stages) -> int:
    tick = cpu()
    selected, _ = jets.select_dijets(candidates, weights, config)
    stages["jets"] = cpu() - tick
    return len(selected)


def embedded(config: dict, n_events: int) -> tuple[dict, int]:
    stages = {}
    background = config["background"]
    tick = cpu()
    events, _ = generation.generate(generation.sample_settings(config, background), n_events, 1234567)
    stages["pythia"] = cpu() - tick
    tick = cpu()
    candidates = detector.simulate(events.particles, seeds.rng(config["seed"], "benchmark-chain"))
    stages["fastsim"] = cpu() - tick
    return stages, select(candidates, events.weight, config, stages)


def madgraph(config: dict, n_events: int, gridpack: Path, tools: Path, detector_kind: str) -> tuple[dict, int]:
    """The MG5_aMC chain with the paper's cuts, through Delphes or the fast simulation."""
    stages = {}
    with tempfile.TemporaryDirectory(prefix="bench-mg5.") as work:
        tick = cpu(children=True)
        subprocess.run(["tar", "-xzf", str(gridpack), "-C", work], check=True)
        subprocess.run(["./run.sh", str(n_events), "4242"], cwd=work, check=True, capture_output=True)
        stages["madgraph"] = cpu(children=True) - tick
        settings = generation.sample_settings(config, config["background"], lhe_file=f"{work}/events.lhe.gz")
        tick = cpu()
        events, meta = generation.generate(settings, n_events, 1234567)
        stages["pythia"] = cpu() - tick
    if detector_kind == "fastsim":
        tick = cpu()
        candidates = detector.simulate(events.particles, seeds.rng(config["seed"], "benchmark-chain"))
        stages["fastsim"] = cpu() - tick
        return stages, select(candidates, events.weight, config, stages)
    tick, tick_children = cpu(), cpu(children=True)
    with tempfile.NamedTemporaryFile(suffix=".log") as log:
        card = ROOT / "config/delphes/delphes_card_CMS.tcl"
        program = str(tools / "bin/DelphesHepMC")
        candidates, weights = delphes.simulate(
            events, card, meta["sigma_fb"], meta["sigma_err_fb"], log.name, 4242, executable=program
        )
    stages["hepmc + read back"] = cpu() - tick
    stages["delphes"] = cpu(children=True) - tick_children
    return stages, select(candidates, weights, config, stages)


#: chain -> (overlays of config/config.yaml, how it runs)
CHAINS = {
    "embedded": ((), embedded),
    "paper": (("config/paper_chain.yaml",), partial(madgraph, detector_kind="delphes")),
    "madgraph+fastsim": (("config/paper_chain.yaml",), partial(madgraph, detector_kind="fastsim")),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gridpack", type=Path, required=True, help="the paper chain's QCD gridpack")
    parser.add_argument("--tools", type=Path, default=ROOT / ".tools", help="tools prefix (make tools)")
    parser.add_argument(
        "--events", nargs="+", default=["embedded=20000", "paper=5000", "madgraph+fastsim=5000"], metavar="CHAIN=N"
    )
    parser.add_argument("--gridpack-seconds", type=float, default=None, help="CPU time that made the gridpack")
    args = parser.parse_args()
    events = dict(item.split("=") for item in args.events)
    report = {"events": events, "gridpack_cpu_seconds": args.gridpack_seconds, "chains": {}}
    for chain, (overlays, run) in CHAINS.items():
        if chain not in events:
            continue
        config = load_config(*(ROOT / overlay for overlay in overlays))
        config["samples"]["qcd"]["lhe_cards"] = [str(ROOT / c) for c in config["samples"]["qcd"]["lhe_cards"]]
        start = time.perf_counter()
        if chain == "embedded":
            stages, n_selected = run(config, int(events[chain]))
        else:
            stages, n_selected = run(config, int(events[chain]), args.gridpack.resolve(), args.tools.resolve())
        total = sum(stages.values())
        report["chains"][chain] = {
            "generated": int(events[chain]),
            "selected": n_selected,
            "wall_seconds": time.perf_counter() - start,
            "cpu_seconds": stages,
            "cpu_ms_per_selected": {stage: 1e3 * s / max(n_selected, 1) for stage, s in stages.items()},
            "selected_per_cpu_second": n_selected / total,
            "paper_pool_core_hours": PAPER_POOL * total / max(n_selected, 1) / 3600,
        }
    base = report["chains"]["embedded"]["selected_per_cpu_second"]
    for chain, result in report["chains"].items():
        result["vs_embedded"] = result["selected_per_cpu_second"] / base
    write_report("generation_chain", report)
    header = ("chain", "selected", "sel/CPU-s", "vs embedded", "200k pool core-h")
    print("\n{:16} {:>9} {:>10} {:>12} {:>17}  stages (CPU ms per selected event)".format(*header))
    for chain, r in report["chains"].items():
        split = ", ".join(f"{s} {ms:.0f}" for s, ms in r["cpu_ms_per_selected"].items())
        print(
            f"{chain:16} {r['selected']:>9} {r['selected_per_cpu_second']:>10.3f} {r['vs_embedded']:>12.2f} "
            f"{r['paper_pool_core_hours']:>17.1f}  {split}"
        )


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
