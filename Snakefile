# weaksup: weak-supervision dijet searches with physics-inspired data augmentation.
#
#   snakemake --cores all                                   # embedded default (config/config.yaml)
#   snakemake --cores 2 --configfile config/ci.yaml         # CI smoke run (overlays config.yaml)
#   snakemake --profile profiles/slurm --configfile config/paper.yaml
#
# Thin by design: configuration, validation, rule files, the default target.

from snakemake.utils import min_version

min_version("9.0")


configfile: "config/config.yaml"


report: "workflow/report/workflow.rst"


include: "workflow/rules/common.smk"


wildcard_constraints:
    sample="|".join(config["samples"]),
    chunk=r"\d+",
    scenario="|".join(config["scenarios"]),
    supervision="|".join(labels.SUPERVISIONS),
    network="|".join(config["networks"]),
    normalization="|".join([*images.NORMALIZATIONS, studies.NO_NORMALIZATION]),
    method="|".join(augment.METHODS),
    k=r"\d+",
    sigma0=r"\d+(\.\d+)?",
    replica=r"\d+",
    study="|".join(studies.STUDIES),
    lp_supervision="weak|full",
    loss="|".join(settings.LOSSES),
    label=r"\d+(\.\d+)?",


include: "workflow/rules/tools.smk"
include: "workflow/rules/generation.smk"
include: "workflow/rules/detector.smk"
include: "workflow/rules/jets.smk"
include: "workflow/rules/pools.smk"
include: "workflow/rules/datasets.smk"
include: "workflow/rules/training.smk"
include: "workflow/rules/evaluation.smk"
include: "workflow/rules/figures.smk"
include: "workflow/rules/toy.smk"
include: "workflow/rules/lhc.smk"
include: "workflow/rules/reproduction.smk"
include: "workflow/rules/closure.smk"


rule all:
    default_target: True
    input:
        final_outputs(),
