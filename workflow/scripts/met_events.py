"""Rule met_events: section 5.1's jets + missing-energy selection of one chunk (see weaksup.events.met)."""

import logging

import pandas as pd

from weaksup import io
from weaksup.events import met

io.configure_logging(snakemake.log[0])
events = io.read_parquet(snakemake.input[0])
selected, features = met.select(events.candidates, snakemake.params.selection)
logging.info("%d of %d events selected", selected.sum(), len(events))
io.write_frame(pd.DataFrame(features, columns=met.FEATURES), snakemake.output[0])
