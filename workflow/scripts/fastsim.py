"""Rule fastsim: CMS-like detector response for one chunk (see weaksup.sim.detector)."""

import numpy as np

from weaksup import io
from weaksup.sim import detector

io.configure_logging(snakemake.log[0])
events = io.read_parquet(snakemake.input[0])
rng = np.random.default_rng(snakemake.params.seed)
candidates = detector.simulate(events.particles, rng, hcal_preset=snakemake.params.hcal_resolution)
io.write_parquet(detector.detector_events(candidates, events.weight), snakemake.output[0])
