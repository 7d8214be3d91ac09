"""Rule fig4_jet_images: figure 4 from the pools (see weaksup.plotting)."""

from weaksup import io, plotting

io.configure_logging(snakemake.log[0])
params = snakemake.params
pools = {name: io.read_parquet(path) for name, path in zip(params.samples, snakemake.input.pools)}
# signal first: the single-jet row shows a signal jet
pools = {name: pools[name] for name in sorted(pools, key=lambda name: name == "qcd")}
figure = plotting.fig4_jet_images(pools, params.images, params.augmentation, params.seed)
plotting.save(figure, snakemake.output.pdf, snakemake.output.png)
