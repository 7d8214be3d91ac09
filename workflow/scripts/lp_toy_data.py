"""Rule lp_toy_data: the toy model's training and test sets (see weaksup.analysis.lp.toy)."""

import numpy as np
import pandas as pd

from weaksup import io
from weaksup.analysis.lp import toy as label_proportions

io.configure_logging(snakemake.log[0])
toy = snakemake.params.toy
data = label_proportions.toy_datasets(
    toy["events_per_set"],
    toy["fractions"],
    toy["test_fraction"],
    toy["validation_fraction"],
    np.random.default_rng(snakemake.params.seed),
)
table = pd.DataFrame(data["x"], columns=[f"x{i + 1}" for i in range(data["x"].shape[1])])
io.write_frame(table.assign(truth=data["truth"], set=data["set"], split=data["split"]), snakemake.output[0])
