"""Rule delphes: one chunk through Delphes, streamed, read back as candidates (see weaksup.sim.delphes)."""

from pathlib import Path

from weaksup import io
from weaksup.sim import delphes, detector

io.configure_logging(snakemake.log[0])
inputs, params = snakemake.input, snakemake.params
events, meta = io.read_parquet(inputs.events), io.read_json(inputs.meta)
# the host-built tools (their stamp is an input), else the generation image's PATH
program = str(Path(inputs.tools).parent / "bin" / "DelphesHepMC") if inputs.tools else "DelphesHepMC"
candidates, weights = delphes.simulate(
    events,
    inputs.card,
    meta["sigma_fb"],
    meta["sigma_err_fb"],
    snakemake.log[0],
    params.seed,
    params.sqrt_s_gev,
    program,
)
io.write_parquet(detector.detector_events(candidates, weights), snakemake.output[0])
