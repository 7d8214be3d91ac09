"""Rule network_gain: the augmentation gain of every network for one scenario (see
weaksup.analysis.cwola.figures.network_gain_table)."""

import pandas as pd

from weaksup import io
from weaksup.analysis.cwola import figures, plotting

io.configure_logging(snakemake.log[0])
scenario = snakemake.wildcards.scenario
table = figures.network_gain_table(pd.read_csv(snakemake.input[0]), scenario)
io.write_csv(table, snakemake.output.table, float_format="%.6g")
plotting.save(plotting.network_gain(table, scenario), snakemake.output.pdf, snakemake.output.png)
