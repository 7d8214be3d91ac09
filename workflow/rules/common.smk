# Shared by every rule file: config validation (before any job runs), paths, input functions.

from pathlib import Path

from weaksup import config as wsconfig
from weaksup import augment, generation, seeds, studies

wsconfig.validate(
    config,
    Path(workflow.basedir) / "workflow/schemas/config.schema.yaml",
    workflow.basedir,
)

SAMPLES = list(config["samples"])


def chunks(sample):
    """Chunk numbers 0 .. n-1 of a sample."""
    return range(config["samples"][sample]["chunks"])


def lhe_input(wildcards):
    """The MadGraph LHE file a QCD chunk showers, on the madgraph path; nothing otherwise."""
    if config["generator"] == "madgraph" and wildcards.sample == "qcd":
        return f"results/madgraph/{wildcards.sample}/{wildcards.chunk}.lhe.gz"
    return []


def wildcard_values(wildcards, keys):
    """The values of the named wildcards, in order (e.g. a model's identity for its seed)."""
    return [wildcards[key] for key in keys]


def final_outputs():
    """Targets of `rule all`: grows as stages are added."""
    return [
        "results/tables/yields.csv",
        "results/tables/sensitivity.csv",
        "results/figures/fig2_sculpting.pdf",
        *expand(
            "results/figures/fig3_cwola_{scenario}.pdf",
            scenario=config["studies"]["cwola"]["scenarios"],
        ),
        "results/figures/fig4_jet_images.pdf",
    ]


#: the generator writes what the detector stage reads: particles for the fast simulation,
#: HepMC for Delphes.
EVENT_FORMAT = "hepmc" if config["detector"] == "delphes" else "parquet"
WORKFLOW_IMAGE = config["containers"]["workflow"]
GENERATION_IMAGE = config["containers"]["generation"]
