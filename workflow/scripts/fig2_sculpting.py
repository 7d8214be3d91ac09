"""Rule fig2_sculpting: figure 2 from the background-only trainings (see weaksup.plotting)."""

from weaksup import io, plotting

io.configure_logging(snakemake.log[0])
params = snakemake.params
scores = {}
for normalization, path in zip(params.normalizations, snakemake.input.scores):
    table = io.read_frame(path)
    scores.setdefault(normalization, []).append(table[table.truth == 0])  # every unseen background event
figure = plotting.fig2_sculpting(scores, params.working_points, params.regions)
plotting.save(figure, snakemake.output.pdf, snakemake.output.png)
