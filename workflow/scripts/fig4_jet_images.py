"""Rule fig4_jet_images: figure 4 from the pools (see weaksup.analysis.cwola.plotting)."""

from weaksup import io
from weaksup.analysis.cwola import plotting
from weaksup.inputs.augment import Augmentation

io.configure_logging(snakemake.log[0])
params = snakemake.params
pools = {sample: io.read_parquet(path) for sample, path in snakemake.input.items()}  # signals first
augmentations = {method: Augmentation(**settings) for method, settings in params.augmentations.items()}
figure = plotting.fig4_jet_images(pools, augmentations, params.n_pixels, params.flip_rule, params.seed)
plotting.save(figure, snakemake.output.pdf, snakemake.output.png)
