"""Rule fig2_sculpting: figure 2 from the background-only trainings (see weaksup.analysis.cwola.plotting)."""

from weaksup import io
from weaksup.analysis.cwola import plotting, studies

io.configure_logging(snakemake.log[0])
params = snakemake.params
several = len({model["network"] for model in params.models}) > 1
scores = {}
for model in params.models:  # each model's scores by its identity (declared inputs of the rule)
    table = io.read_frame(f"{studies.training_dir(model)}/scores.parquet")
    curve = f"{model['network']}, {model['normalization']}" if several else model["normalization"]
    scores.setdefault(curve, []).append(table[table.truth == 0])  # every unseen background event
figure = plotting.fig2_sculpting(scores, params.working_points, params.regions)
plotting.save(figure, snakemake.output.pdf, snakemake.output.png)
