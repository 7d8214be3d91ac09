"""Rule jets: anti-kt clustering, dijet selection and SR/SB assignment for one chunk (see weaksup.events.jets)."""

import logging

from weaksup import io
from weaksup.events import jets

io.configure_logging(snakemake.log[0])
events = io.read_parquet(snakemake.input[0])
selected, cutflow = jets.select_dijets(events.candidates, events.weight, snakemake.params.analysis)
logging.info("cutflow: %s", cutflow)
io.write_parquet(selected, snakemake.output.events)
io.write_json(cutflow, snakemake.output.cutflow)
