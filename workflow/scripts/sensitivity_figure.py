"""Rule sensitivity_figure: one of figures 3, 5-8 for one scenario (see weaksup.figures)."""

import pandas as pd

from weaksup import figures, io, plotting

io.configure_logging(snakemake.log[0])
figure, scenario = snakemake.params.figure, snakemake.wildcards.scenario
table = figures.figure_table(pd.read_csv(snakemake.input[0]), figure, scenario)
with io.atomic_path(snakemake.output.table) as tmp:
    table.to_csv(tmp, index=False, float_format="%.6g")
fig = plotting.sensitivity_figure(table, figures.FIGURES[figure], scenario)
plotting.save(fig, snakemake.output.pdf, snakemake.output.png)
