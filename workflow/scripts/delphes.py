"""Rule delphes: one chunk through Delphes, streamed, read back as candidates (see weaksup.delphes)."""

from pathlib import Path

from weaksup import delphes, detector, io

io.configure_logging(snakemake.log[0])
events, meta = io.read_parquet(snakemake.input.events), io.read_json(snakemake.input.meta)
# the host-built tools (their stamp is an input), else the generation image's PATH
program = str(Path(snakemake.input.tools).parent / "bin" / "DelphesHepMC") if snakemake.input.tools else "DelphesHepMC"
candidates, weights = delphes.simulate(
    events,
    snakemake.input.card,
    meta["sigma_fb"],
    meta["sigma_err_fb"],
    snakemake.log[0],
    snakemake.params.sqrt_s_gev,
    executable=program,
)
io.write_parquet(detector.detector_events(candidates, weights), snakemake.output[0])
