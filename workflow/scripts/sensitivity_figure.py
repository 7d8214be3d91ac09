"""Rules fig3_cwola, fig5-8, lp_dijet_vs_cwola: one sensitivity figure for one scenario
(see weaksup.analysis.cwola.figures)."""

import pandas as pd

from weaksup import io
from weaksup.analysis.cwola import figures, plotting

io.configure_logging(snakemake.log[0])
figure, scenario = snakemake.rule, snakemake.wildcards.scenario
table = figures.figure_table(pd.read_csv(snakemake.input[0]), figure, scenario)
io.write_csv(table, snakemake.output.table, float_format="%.6g")
fig = plotting.sensitivity_figure(table, figures.SENSITIVITY_FIGURES[figure], scenario)
plotting.save(fig, snakemake.output.pdf, snakemake.output.png)
