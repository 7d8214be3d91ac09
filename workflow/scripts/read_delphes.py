"""Rule read_delphes: Delphes ROOT tree -> the detector-level candidate schema (see weaksup.delphes)."""

from weaksup import delphes, detector, io

io.configure_logging(snakemake.log[0])
candidates, weights = delphes.read_eflow(snakemake.input[0])
io.write_parquet(detector.detector_events(candidates, weights), snakemake.output[0])
