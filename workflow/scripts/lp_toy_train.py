"""Rule lp_toy_train: all weakly or fully supervised toy networks of one point (see weaksup.analysis.lp.training)."""

from weaksup import io

params, wc = snakemake.params, snakemake.wildcards
io.configure_keras(params.backend, snakemake.threads)  # before Keras is imported
io.configure_logging(snakemake.log[0])

from weaksup.analysis.lp import training as lp_training  # noqa: E402
from weaksup.ml.settings import DenseSettings  # noqa: E402

table = io.read_frame(snakemake.input[0])
features = [c for c in table.columns if c.startswith("x")]
data = {"x": table[features].to_numpy(), **{c: table[c].to_numpy() for c in ("truth", "set", "split")}}
scores, history = lp_training.train_toy(
    data, wc.lp_supervision, params.labels, wc.loss, DenseSettings(**params.network), params.replicas, params.seed
)
io.write_frame(scores, snakemake.output.scores)
io.write_json(history, snakemake.output.history)
