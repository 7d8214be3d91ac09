"""Rule detector_closure: the closure table and figure from every chunk (see weaksup.sim.closure)."""

from pathlib import Path

import pandas as pd

from weaksup import io
from weaksup.analysis.cwola import plotting
from weaksup.sim import closure

io.configure_logging(snakemake.log[0])
table = pd.concat([io.read_frame(path) for path in snakemake.input.tables], ignore_index=True)
sums = closure.combine_sums((Path(path).parent.name, io.read_json(path)) for path in snakemake.input.sums)
io.write_csv(closure.summary(table, sums), snakemake.output.table)
plotting.save(plotting.detector_closure(table, sums), snakemake.output.pdf, snakemake.output.png)
