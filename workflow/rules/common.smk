# Shared by every rule file: config validation (before any job runs), paths, input functions.

from pathlib import Path

from weaksup import config as wsconfig
from weaksup import augment, generation, seeds, studies

wsconfig.validate(
    config,
    Path(workflow.basedir) / "workflow/schemas/config.schema.yaml",
    workflow.basedir,
)

#: the first paper's samples (dijet selection); the others go through the missing-energy selection
SAMPLES = [
    name
    for name, sample in config["samples"].items()
    if sample.get("analysis", "dijet") == "dijet"
]


def chunks(sample):
    """Chunk numbers 0 .. n-1 of a sample."""
    return range(config["samples"][sample]["chunks"])


def lhe_input(wildcards):
    """The MadGraph LHE file a QCD chunk showers, on the madgraph path; nothing otherwise."""
    if config["generator"] == "madgraph" and wildcards.sample == "qcd":
        return f"results/madgraph/{wildcards.sample}/{wildcards.chunk}.lhe.gz"
    return []


#: the path patterns of weaksup.studies with wildcards in place of a model's values
MODEL_WILDCARDS = {key: f"{{{key}}}" for key in studies.MODEL_KEYS}
TRAINING_DIR = studies.training_dir(MODEL_WILDCARDS)
DATASET = studies.dataset_path(MODEL_WILDCARDS, "")


def wildcard_values(wildcards, keys):
    """The values of the named wildcards, in order (e.g. a model's identity for its seed)."""
    return [wildcards[key] for key in keys]


#: sensitivity figure -> the study whose scenarios it is drawn for
FIGURE_STUDIES = {
    "fig3_cwola": "cwola",
    "fig5_augmentation": "augmentation",
    "fig6_sizes": "sizes",
    "fig7_asymptotic": "asymptotic",
    "fig8_systematics": "augmentation",
    "lp_dijet_vs_cwola": "llp",
}


def sensitivity_figures():
    """The sensitivity figures the config asks for (figure 8 only with a background systematic)."""
    with_systematics = any(
        s > 0 for s in config["evaluation"]["background_systematics"]
    )
    return [
        f"results/figures/{figure}_{scenario}.pdf"
        for figure, study in FIGURE_STUDIES.items()
        if figure != "fig8_systematics" or with_systematics
        for scenario in config["studies"][study]["scenarios"]
    ]


def final_outputs():
    """Targets of `rule all`: every table and figure of the configured studies."""
    return [
        "results/tables/yields.csv",
        "results/tables/sensitivity.csv",
        "results/figures/fig2_sculpting.pdf",
        *sensitivity_figures(),
        "results/figures/fig4_jet_images.pdf",
        *expand(
            "results/figures/lp_{figure}.pdf",
            figure=[
                "toy_features",
                "toy_roc",
                "label_scan_auc",
                "label_scan_eps",
                "outputs",
                "losses",
                "breakdown",
                "gluino_met",
                "mismodelling",
                "combination",
            ],
        ),
        "results/tables/lp_gluino_table.csv",
    ]


#: the generator writes what the detector stage reads: particles for the fast simulation,
#: HepMC for Delphes.
EVENT_FORMAT = "hepmc" if config["detector"] == "delphes" else "parquet"
WORKFLOW_IMAGE = config["containers"]["workflow"]
GENERATION_IMAGE = config["containers"]["generation"]


def apptainer_in_use():
    """Whether jobs run in containers (--use-singularity, --sdm apptainer): Snakemake 9 says so
    in workflow.deployment_settings."""
    from snakemake_interface_executor_plugins.settings import DeploymentMethod

    settings = getattr(workflow, "deployment_settings", None)
    return (
        settings is not None
        and DeploymentMethod.APPTAINER in settings.deployment_method
    )


if apptainer_in_use():
    # an image that is a local file (.sif, docker-archive://, oci-archive://) must exist now,
    # not fail in the first job; a registry image is pulled (and checked) by Snakemake itself
    wsconfig.check_local_images(
        config,
        ["workflow"]
        + (
            ["generation"]
            if config["generator"] == "madgraph" or config["detector"] == "delphes"
            else []
        ),
        ".",  # Snakemake resolves a local image against the working directory
    )
