"""Rules lp_*: one figure of the label-proportion paper (see weaksup.lp_plotting)."""

from weaksup import io, lp_plotting, plotting

io.configure_logging(snakemake.log[0])
params, inputs = snakemake.params, snakemake.input


def grouped(paths, key):
    """Score tables grouped by a column (label, loss), in the order of first appearance."""
    groups = {}
    for path in paths:
        table = io.read_frame(path)
        groups.setdefault(table[key].iloc[0], []).append(table)
    return groups


if params.figure == "toy_features":
    data = io.read_frame(inputs[0])
    figure = lp_plotting.toy_features(data[["x1", "x2", "x3"]].to_numpy(), data.truth.to_numpy())
elif params.figure == "toy_roc":
    figure = lp_plotting.toy_roc(io.read_frame(inputs.weak[0]), io.read_frame(inputs.FS[0]))
elif params.figure == "losses":
    figure = lp_plotting.losses(grouped(inputs.scan, "loss"))
elif params.figure == "outputs":
    figure = lp_plotting.outputs(grouped(inputs.scan, "label"))
else:  # the label scan against full supervision
    runs = {**grouped(inputs.scan, "label"), "FS": [io.read_frame(path) for path in inputs.FS]}
    if params.figure == "label_scan_auc":
        figure = lp_plotting.label_scan_auc(runs, params.fractions[1])
    elif params.figure == "label_scan_eps":
        figure = lp_plotting.label_scan_efficiency(runs)
    else:
        figure = lp_plotting.breakdown(runs, params.fractions)
plotting.save(figure, snakemake.output.pdf, snakemake.output.png)
