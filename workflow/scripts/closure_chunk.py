"""Rule closure_chunk: one chunk through the fast simulation and Delphes (see weaksup.sim.closure)."""

from pathlib import Path

import numpy as np

from weaksup import io
from weaksup.sim import closure, delphes, detector

io.configure_logging(snakemake.log[0])
params, inputs = snakemake.params, snakemake.input
events, meta = io.read_parquet(inputs.events), io.read_json(inputs.meta)
program = str(Path(inputs.tools).parent / "bin" / "DelphesHepMC") if inputs.tools else "DelphesHepMC"
rng = np.random.default_rng(params.fastsim_seed)
candidates = {
    "fastsim": detector.simulate(events.particles, rng, hcal_preset=params.hcal_resolution),
    "delphes": delphes.simulate(
        events,
        inputs.card,
        meta["sigma_fb"],
        meta["sigma_err_fb"],
        snakemake.log[0],
        params.delphes_seed,
        params.sqrt_s_gev,
        program,
    )[0],
}
table, sums = closure.event_table(events.particles, candidates, events.weight, params.analysis)
io.write_frame(table.assign(sample=snakemake.wildcards.sample), snakemake.output.table)
io.write_json({name: s | {"image": s["image"].tolist()} for name, s in sums.items()}, snakemake.output.sums)
