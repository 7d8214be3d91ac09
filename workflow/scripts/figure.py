"""Every figure and table rule of both papers: load the inputs by role, call the registry's
``make``, write (see weaksup.analysis.registry)."""

from weaksup import io
from weaksup.analysis import registry
from weaksup.analysis.cwola import plotting

io.configure_logging(snakemake.log[0])
output, files = registry.figures()[snakemake.rule], snakemake.output
data = {role: [output.load(path) for path in paths] for role, paths in snakemake.input.items()}
figure, table = output.make(data, snakemake.params.settings, snakemake.wildcards.get("scenario"))
if output.table:
    io.write_csv(table, files.table, float_format="%.7g")
if output.figure:
    plotting.save(figure, files.pdf, files.png)
