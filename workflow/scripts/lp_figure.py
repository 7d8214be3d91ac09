"""Rules lp_*: one figure or table of the label-proportion paper (see weaksup.analysis.lp.figures)."""

from weaksup import io
from weaksup.analysis.cwola import plotting
from weaksup.analysis.lp import figures as lp_figures

io.configure_logging(snakemake.log[0])
output, files = lp_figures.FIGURES[snakemake.rule], snakemake.output
data = {role: [io.read(path) for path in paths] for role, paths in snakemake.input.items()}
figure, table = output.make(data, snakemake.params.settings)
if output.table:
    io.write_csv(table, files.table, float_format="%.7g")
if output.figure:
    plotting.save(figure, files.pdf, files.png)
