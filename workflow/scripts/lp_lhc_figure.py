"""Rules lp_gluino_met, lp_mismodelling, lp_combination: figures 9-11 of the label-proportion paper."""

from pathlib import Path

import numpy as np

from weaksup import io, lp_lhc, lp_plotting, plotting

params, inputs = snakemake.params, snakemake.input
io.configure_logging(snakemake.log[0])

table = io.read_frame(inputs.events)
mask, weights = lp_lhc.evaluation_weights(table)
acceptance, cut_share = params.lhc["background_acceptance"], params.lhc["cut_signal_efficiency"]


def scores(path) -> np.ndarray:
    return io.read_frame(path).to_numpy()


if params.figure == "gluino_met":
    runs = {network: scores(getattr(inputs, network))[mask] for network in ("full", "weak")}
    figure, numbers = lp_plotting.gluino_met(table[mask].reset_index(drop=True), runs, weights[mask], cut_share)
elif params.figure == "mismodelling":
    names = [name for name in inputs.keys() if name != "events"]
    runs = {name: scores(getattr(inputs, name)) for name in names}
    summaries = {}
    for name in names:
        summary = io.read_json(Path(getattr(inputs, name)).with_suffix(".json"))
        summaries[name] = {
            f"{key}_{s}": summary[key][i] for key in ("label_fractions", "true_fractions") for i, s in enumerate("AB")
        }
    figure, numbers = lp_plotting.mismodelling(table, runs, summaries)
else:  # combination (section 6): a logistic regression on the two outputs, fitted on the validation events
    full, weak = scores(inputs.full)[:, 0], scores(inputs.weak)[:, 0]
    plane = lp_plotting.combination_inputs(full, weak)
    validation = (table["split"] == "validation").to_numpy()
    fit = lp_lhc.logistic_combination(plane[validation], table["truth"].to_numpy()[validation])
    outputs = {"full": full[mask], "weak": weak[mask], "combined": lp_lhc.combine(fit, plane[mask])}
    figure, numbers = lp_plotting.combination(
        table[mask].reset_index(drop=True), outputs, weights[mask], cut_share, acceptance
    )
with io.atomic_path(snakemake.output.table) as tmp:
    numbers.to_csv(tmp, index=False, float_format="%.6g")
plotting.save(figure, snakemake.output.pdf, snakemake.output.png)
