# Read by every stage: config validation (before any job runs), names, paths, input functions.

from dataclasses import asdict
from pathlib import Path

from weaksup import config as wsconfig
from weaksup import seeds
from weaksup.analysis import registry
from weaksup.analysis.cwola import figures, studies
from weaksup.analysis.lp import figures as lp_figures
from weaksup.inputs import augment, images, representations
from weaksup.ledger import claims, records
from weaksup.ml import labels, networks, settings
from weaksup.sim import generation

wsconfig.check_unique_keys(workflow.configfiles)
wsconfig.validate(
    config,
    Path(workflow.basedir) / "workflow/schemas/config.schema.yaml",
    workflow.basedir,
)

#: the dijet search's samples (background first) and the label-proportion LHC example's
DIJET_SAMPLES = wsconfig.dijet_samples(config)
LHC_SAMPLES = wsconfig.lhc_samples(config)
BACKGROUND = config["background"]


def tracked(settings):
    """A settings dataclass as a param Snakemake tracks: a dict of builtins (Snakemake silently
    ignores params of other types when it decides what to rerun). Scripts rebuild the dataclass.
    """
    return asdict(settings)


def chunks(sample):
    """Chunk numbers 0 .. n-1 of a sample."""
    return range(config["samples"][sample]["chunks"])


def signal_sample(wildcards):
    """The sample of the wildcards' signal scenario."""
    return config["scenarios"][wildcards.scenario]


def lhe_input(wildcards):
    """The MadGraph LHE file the background's chunk showers, on the madgraph path; nothing otherwise."""
    if config["generator"] == "madgraph" and wildcards.sample == BACKGROUND:
        return f"results/madgraph/{wildcards.sample}/{wildcards.chunk}.lhe.gz"
    return []


#: the path patterns of weaksup.analysis.cwola.studies with wildcards in place of a model's values
MODEL_WILDCARDS = {key: f"{{{key}}}" for key in studies.MODEL_KEYS}
POINT_DIR = studies.point_dir(MODEL_WILDCARDS)
DATASET = studies.dataset_path(MODEL_WILDCARDS, "")
STUDY_MODELS = studies.study_models(config)
POINT_REPLICAS = studies.point_replicas(config)


def network_of(wc):
    """(settings, representation) of the wildcards' network, with the point's normalization for images."""
    normalization = (
        None if wc.normalization == studies.NO_NORMALIZATION else wc.normalization
    )
    return networks.from_config(config, wc.network, normalization)


def point_models(wc):
    """The models of a point's replicas 0 .. n-1, from the wildcards of its directory (a point no
    study needs, asked for by its path: replica 0)."""
    point = {key: wc[key] for key in studies.POINT_KEYS}
    n = POINT_REPLICAS.get(studies.point_dir(point), 1)
    return [studies.model(**point, replica=r) for r in range(n)]


def study_models(study):
    """The models of a configured study; a clear error for a study the config leaves out."""
    if study not in STUDY_MODELS:
        raise wsconfig.ConfigError(
            f"config key 'studies.{study}' is not configured: the figures "
            f"{', '.join(figures.figures_of(study))} and the {study} table need it"
        )
    return STUDY_MODELS[study]


#: every figure and table of both papers (weaksup.analysis.registry)
FIGURES = registry.figures()


def model_files(study, kind):
    """The "training" directories (one per point, with every replica's scores) or the "dataset"
    summaries of every model of a study."""
    if kind == "training":
        return list(dict.fromkeys(studies.point_dir(m) for m in study_models(study)))
    return [studies.dataset_path(m, ".json") for m in study_models(study)]


def figure_outputs(name, category, suffix="", **kwargs):
    """A figure's PDF and its PNG in the report (captioned by workflow/report/<figure>.rst);
    ``suffix`` follows the name in the files ("_{scenario}": one figure per scenario).
    """
    return {
        "pdf": f"results/figures/{name}{suffix}.pdf",
        "png": report(
            f"results/figures/{name}{suffix}.png",
            caption=f"../report/{name}.rst",
            category=category,
            **kwargs,
        ),
    }


def ledger_inputs(wildcards):
    """The reproduction ledger's inputs by role; a study the config leaves out is no input (its
    claims are "not comparable")."""
    toy = config["label_proportions"]["toy"]
    true_label = toy["fractions"][1]
    return {
        "yields": "results/tables/yields.csv",
        "pools": [f"results/pools/{sample}.json" for sample in DIJET_SAMPLES],
        "studies": [
            f"results/tables/sensitivity/{study}.csv"
            for study in claims.STUDIES
            if study in STUDY_MODELS
        ],
        "toy": [
            lp_figures.toy_run("weak", "bce", label)
            for label in dict.fromkeys([*toy["label_scan"], true_label])
        ]
        + [lp_figures.toy_run("full", "bce", true_label)],
        "lhc_samples": "results/lp/lhc/samples.json",
        **{name: f"results/tables/{name}.csv" for name in claims.LHC_TABLES},
        "records": [
            f"{folder}/{name}"
            for folder in config["reproduction_records"]
            for name in records.FILES
        ],
    }


def final_outputs():
    """The default target: every table, and every figure of both papers' registries the config asks for."""
    return [
        "results/tables/yields.csv",
        "results/tables/cutflow.csv",
        "results/tables/sensitivity.csv",
        "results/tables/reproduction.csv",
        *registry.output_files(config),
    ]


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


#: the paper's generation tools (MG5_aMC, Delphes): in the generation image with containers,
#: otherwise built once on the host by rule build_tools; the rules that run them take its stamp
#: as input and the tools from its prefix's bin/
NEEDS_TOOLS = config["generator"] == "madgraph" or config["detector"] == "delphes"
TOOLS_PREFIX = Path(config["tools"]["prefix"])


def closure_chunks(sample):
    """The chunks of a sample the closure compares: the first detector_closure.chunks."""
    return chunks(sample)[: config["detector_closure"]["chunks"]]


def delphes_seed(sample, chunk):
    """Delphes' RandomSeed of a chunk, from (seed, sample, chunk)."""
    return seeds.pythia_seed(config["seed"], "delphes", sample, int(chunk))


def tools_input(wildcards):
    """The host-built tools' stamp, for the rules that run MG5_aMC or Delphes (none in containers)."""
    return (
        str(TOOLS_PREFIX / "tools.json")
        if NEEDS_TOOLS and not apptainer_in_use()
        else []
    )


if apptainer_in_use():
    # an image that is a local file (.sif, docker-archive://, oci-archive://) must exist now,
    # not fail in the first job; a registry image is pulled (and checked) by Snakemake itself
    wsconfig.check_local_images(
        config,
        ["workflow"] + (["generation"] if NEEDS_TOOLS else []),
        ".",  # Snakemake resolves a local image against the working directory
    )
