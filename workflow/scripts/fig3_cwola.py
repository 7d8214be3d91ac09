"""Rule fig3_cwola: figure 3 of one scenario from sensitivity.csv (see weaksup.plotting)."""

import pandas as pd

from weaksup import evaluation, io, plotting

io.configure_logging(snakemake.log[0])
scenario = snakemake.wildcards.scenario
rows = pd.read_csv(snakemake.input[0])
rows = rows[(rows.study == "cwola") & (rows.scenario == scenario) & (rows.background_systematic == 0)]
summary = evaluation.replica_summary(rows, ["eps_b", "sigma0"])
with io.atomic_path(snakemake.output.table) as tmp:
    summary.to_csv(tmp, index=False, float_format="%.6g")
plotting.save(plotting.fig3_cwola(summary, scenario), snakemake.output.pdf, snakemake.output.png)
