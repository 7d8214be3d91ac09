"""Rules lp_*: one figure of the label-proportion paper (see weaksup.lp_plotting)."""

from weaksup import io, lp_plotting, plotting

io.configure_logging(snakemake.log[0])
params, inputs = snakemake.params, snakemake.input


def trainings(path, limit=None):
    """The score tables of a file's trainings (at most ``limit``), one per replica."""
    table = io.read_frame(path)
    return [replica for _, replica in table.groupby("replica", sort=True)][:limit]


def grouped(paths, key, limit=None):
    """Training score tables grouped by a column of their files (label, loss), in input order."""
    return {io.read_frame(path, columns=[key])[key].iloc[0]: trainings(path, limit) for path in paths}


if params.figure == "toy_features":
    data = io.read_frame(inputs[0])
    figure = lp_plotting.toy_features(data[["x1", "x2", "x3"]].to_numpy(), data.truth.to_numpy())
elif params.figure == "toy_roc":
    figure = lp_plotting.toy_roc(trainings(inputs.weak[0])[0], trainings(inputs.FS[0])[0])
elif params.figure == "losses":
    figure = lp_plotting.losses(grouped(inputs.scan, "loss"))
elif params.figure == "outputs":
    figure = lp_plotting.outputs(grouped(inputs.scan, "label", params.output_trainings))
else:  # the label scan against full supervision
    runs = {**grouped(inputs.scan, "label"), "FS": trainings(inputs.FS[0])}
    if params.figure == "label_scan_auc":
        figure = lp_plotting.label_scan_auc(runs, params.fractions[1])
    elif params.figure == "label_scan_eps":
        figure = lp_plotting.label_scan_efficiency(runs)
    else:
        figure = lp_plotting.breakdown(runs, params.fractions)
plotting.save(figure, snakemake.output.pdf, snakemake.output.png)
