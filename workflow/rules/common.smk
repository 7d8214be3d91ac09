# Shared by every rule file: config validation (before any job runs), paths, input functions.

from pathlib import Path


from weaksup import config as wsconfig
from weaksup import seeds

wsconfig.validate(config, Path(workflow.basedir) / "workflow/schemas/config.schema.yaml", workflow.basedir)

SAMPLES = list(config["samples"])
REGIONS = ["SR", "SB"]


def chunks(sample):
    """Chunk numbers 0 .. n-1 of a sample."""
    return range(config["samples"][sample]["chunks"])


def final_outputs():
    """Targets of `rule all`: grows as stages are added."""
    return ["results/tables/yields.csv"]


wildcard_constraints:
    sample="|".join(SAMPLES),
    chunk=r"\d+",


#: the generator writes what the detector stage reads: particles for the fast simulation,
#: HepMC for Delphes.
EVENT_FORMAT = "hepmc" if config["detector"] == "delphes" else "parquet"
WORKFLOW_IMAGE = config["containers"]["workflow"]
GENERATION_IMAGE = config["containers"]["generation"]
