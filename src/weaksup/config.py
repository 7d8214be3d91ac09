"""Loading and validating the workflow configuration.

The JSON schema (``workflow/schemas/config.schema.yaml``) types and documents every key; the
checks here add what a schema cannot say (windows that overlap, cards that do not exist). Both
run when the Snakefile is parsed, so a bad config fails before any job starts, naming the key.
"""

import logging
import re
from pathlib import Path

import jsonschema
import yaml

log = logging.getLogger(__name__)


class ConfigError(ValueError):
    """The configuration is invalid; the message names the offending key."""


def _key_path(error: jsonschema.ValidationError) -> str:
    return ".".join(str(part) for part in error.absolute_path) or "<top level>"


def merged(base: dict, overlay: dict) -> dict:
    """``overlay`` on top of ``base``, nested blocks key by key: what Snakemake does with each
    ``--configfile`` (for the tests and benchmarks, which read the config without Snakemake)."""
    out = dict(base)
    for key, value in overlay.items():
        nested = isinstance(value, dict) and isinstance(base.get(key), dict)
        out[key] = merged(base[key], value) if nested else value
    return out


def validate_schema(config: dict, schema_path) -> None:
    """Raise ``ConfigError`` naming every key that violates the schema."""
    schema = yaml.safe_load(Path(schema_path).read_text())
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(config), key=lambda e: list(e.absolute_path))
    if errors:
        lines = [f"  config key '{_key_path(e)}': {e.message}" for e in errors]
        raise ConfigError("invalid configuration:\n" + "\n".join(lines))


def check_windows(regions: dict) -> None:
    """Each window must have low < high, and no SR window may overlap an SB window (GeV)."""
    for name, windows in regions.items():
        for lo, hi in windows:
            if not lo < hi:
                raise ConfigError(f"config key 'regions.{name}': window [{lo}, {hi}] is empty (low >= high)")
    for s_lo, s_hi in regions["SR"]:
        for b_lo, b_hi in regions["SB"]:
            if s_lo < b_hi and b_lo < s_hi:
                raise ConfigError(
                    f"config key 'regions': SR window [{s_lo}, {s_hi}] overlaps SB window [{b_lo}, {b_hi}]"
                )


def check_files(config: dict, workdir) -> None:
    """Every card named in ``samples`` must exist (paths relative to ``workdir``)."""
    for name, sample in config["samples"].items():
        files = [(f"{key}[{i}]", card) for key in ("cards", "lhe_cards") for i, card in enumerate(sample.get(key, []))]
        if "madgraph_card" in sample:
            files.append(("madgraph_card", sample["madgraph_card"]))
        for key, file in files:
            if not (Path(workdir) / file).is_file():
                raise ConfigError(f"config key 'samples.{name}.{key}': file {file} does not exist")


def dijet_samples(config: dict) -> list[str]:
    """The dijet search's samples: the background, then each scenario's signal sample."""
    return list(dict.fromkeys([config["background"], *config["scenarios"].values()]))


def k_factor(config: dict, sample: str) -> float:
    """The cross-section scale factor of a sample (``samples.<s>.k_factor``, default 1)."""
    return float(config["samples"][sample].get("k_factor", 1.0))


def lhc_samples(config: dict) -> list[str]:
    """The label-proportion LHC example's samples: signal, training background, tails."""
    lhc = config["label_proportions"]["lhc"]
    return [lhc["signal"], lhc["background"], *lhc["tails"]]


def check_names(config: dict) -> None:
    """Every sample and scenario a key names must exist, and each sample feeds one analysis."""
    samples = config["samples"]
    lhc = config["label_proportions"]["lhc"]
    references = [("background", config["background"])]
    references += [(f"scenarios.{scenario}", sample) for scenario, sample in config["scenarios"].items()]
    references += [(f"label_proportions.lhc.{role}", lhc[role]) for role in ("signal", "background")]
    references += [(f"label_proportions.lhc.tails[{i}]", name) for i, name in enumerate(lhc["tails"])]
    for key, name in references:
        if name not in samples:
            raise ConfigError(f"config key '{key}': no sample {name!r} in 'samples' (known: {', '.join(samples)})")
    both = set(dijet_samples(config)) & set(lhc_samples(config))
    if both:
        raise ConfigError(
            f"sample {sorted(both)[0]!r} is named by both the dijet search ('background'/'scenarios') and "
            "'label_proportions.lhc': each sample goes through one selection"
        )
    for study, settings in config["studies"].items():
        named = [("scenario", settings["scenario"])] if "scenario" in settings else []
        named += [(f"scenarios[{i}]", s) for i, s in enumerate(settings.get("scenarios", []))]
        for key, scenario in named:
            if scenario not in config["scenarios"]:
                raise ConfigError(
                    f"config key 'studies.{study}.{key}': no scenario {scenario!r} in 'scenarios' "
                    f"(known: {', '.join(config['scenarios'])})"
                )


def check_generator_cuts(config: dict) -> None:
    """The dijet samples' generator cuts must not remove events the windows and selection keep.

    The largest safe cuts scale the ones measured by benchmarks/qcd_generator_cuts.py
    (``generation.safe_generator_cuts``); a larger cut fails naming both keys and the safe value.
    """
    from weaksup.sim.generation import MEASURED_BIAS, safe_generator_cuts

    selection = config["selection"]
    safe = safe_generator_cuts(config["regions"], selection["lead_pt_min_gev"], selection["abs_eta_max"])
    because = {
        "mhat_min_gev": "the lowest m_jj window edge in 'regions'",
        "pthat_min_gev": "'selection.lead_pt_min_gev' (or the m_jj reach within 'selection.abs_eta_max')",
    }
    for name in dijet_samples(config):
        sample = config["samples"][name]
        cuts = sample.get("generator_cuts", {})
        for key, limit in safe.items():
            if cuts.get(key, 0.0) > limit:
                problem = (
                    f"config key 'samples.{name}.generator_cuts.{key}' = {cuts[key]:g} GeV could remove selected "
                    f"events: for {because[key]} the largest safe value is {limit:.0f} GeV "
                    "(generation.safe_generator_cuts, measured by benchmarks/qcd_generator_cuts.py)"
                )
                if not sample.get("accept_biased_generator_cuts", False):
                    raise ConfigError(
                        f"{problem}; set 'samples.{name}.accept_biased_generator_cuts: true' to run with it on purpose"
                    )
                measured = MEASURED_BIAS.get((key, cuts[key]), "its bias has not been measured")
                log.warning("%s. Accepted on purpose (accept_biased_generator_cuts): %s.", problem, measured)
        if "abs_eta_max" in cuts and not (config["generator"] == "madgraph" and name == config["background"]):
            raise ConfigError(
                f"config key 'samples.{name}.generator_cuts.abs_eta_max': only MG5_aMC has a parton |eta| cut "
                "(generator: madgraph, the background sample); Pythia 8 has none"
            )
        if "pthat_max_gev" in cuts:
            raise ConfigError(
                f"config key 'samples.{name}.generator_cuts.pthat_max_gev': an upper pT_hat cut removes the "
                "hardest dijet events; the dijet search's samples take none"
            )


def check_label_proportions(toy: dict) -> None:
    """The toy's two sets need different fractions (eqs. 4.1 and 4.6 divide by f_A - f_B)."""
    f_a, f_b = toy["fractions"]
    if f_a == f_b:
        raise ConfigError(
            f"config key 'label_proportions.toy.fractions': sets A and B both have class-1 fraction {f_a}; "
            "weak supervision needs two different fractions (the inversion of eq. 4.1 is singular)"
        )
    if toy["output_trainings"] > toy["trainings"]:
        raise ConfigError(
            f"config key 'label_proportions.toy.output_trainings' = {toy['output_trainings']} exceeds "
            f"'trainings' = {toy['trainings']}"
        )


#: what ``apptainer pull`` (Snakemake's pull step) accepts; OCI transports as in containers-transports(5)
PULLABLE_SCHEMES = ("docker", "docker-archive", "docker-daemon", "oci", "oci-archive", "library", "oras", "shub")
ARCHIVE_SCHEMES = ("docker-archive", "oci-archive")
#: a registry image: [host[:port]/]path[:tag][@digest], lowercase path components
_OCI_NAME = re.compile(
    r"^(?:[a-zA-Z0-9.-]+(?::[0-9]+)?/)?[a-z0-9]+(?:[._-]+[a-z0-9]+)*(?:/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)*"
    r"(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[0-9a-f]{64})?$"
)
LOCAL_IMAGE_SUFFIXES = (".sif", ".simg")


def check_containers(config: dict) -> None:
    """Each ``containers.<key>`` must be an image reference Snakemake's --use-singularity can use:
    ``docker://`` (and the other OCI transports) with a valid image name, ``docker-archive://`` or
    ``oci-archive://`` with an absolute path, ``library://``, ``oras://``, ``shub://``,
    ``http(s)://`` or a local ``.sif``/``.simg`` file."""
    for key, ref in config["containers"].items():
        scheme, sep, rest = ref.partition("://")
        if not sep:
            if ref.endswith(LOCAL_IMAGE_SUFFIXES) and not any(c.isspace() for c in ref):
                continue
            hint = f"; did you mean docker://{ref}?" if _OCI_NAME.match(ref) else ""
            raise ConfigError(
                f"config key 'containers.{key}' = {ref!r} is not an image reference: use docker://NAME:TAG, "
                f"docker-archive:///PATH.tar, oci-archive:///PATH.tar or a local .sif file{hint}"
            )
        ok = bool(rest) and not any(c.isspace() for c in ref)
        if scheme in ("docker", "docker-daemon"):
            ok = ok and bool(_OCI_NAME.match(rest))
        elif scheme in ARCHIVE_SCHEMES and not rest.startswith("/"):
            # Snakemake runs `apptainer pull` in .snakemake/singularity: a relative path misses
            raise ConfigError(
                f"config key 'containers.{key}' = {ref!r}: {scheme}:// needs an absolute path "
                f"({scheme}:///path/to/image.tar)"
            )
        elif scheme not in PULLABLE_SCHEMES + ("http", "https"):
            ok = False
        if not ok:
            raise ConfigError(
                f"config key 'containers.{key}' = {ref!r} is not a valid image reference "
                f"(schemes: {', '.join(PULLABLE_SCHEMES)}, http, https; or a local .sif file)"
            )


def local_image_file(ref: str, workdir="."):
    """The local file an image reference names (a .sif path, docker-archive:// or oci-archive://,
    relative to ``workdir``), else None."""
    scheme, sep, rest = ref.partition("://")
    if not sep:
        return Path(workdir) / ref
    if scheme in ARCHIVE_SCHEMES:
        # FILE or FILE:REFERENCE (one image of the archive, its reference may hold colons too)
        cuts = [len(rest)] + [i for i in range(len(rest) - 1, 0, -1) if rest[i] == ":"]
        paths = [Path(workdir) / rest[:i] for i in cuts]
        return next((p for p in paths if p.exists()), paths[-1])
    return None


def check_local_images(config: dict, keys, workdir=".") -> None:
    """The images of ``containers.<key>`` (for ``keys``) that are local files must exist (paths
    relative to ``workdir``): checked when Snakemake runs the jobs in containers."""
    for key in keys:
        ref = config["containers"][key]
        path = local_image_file(ref, workdir)
        if path is not None and not path.exists():
            raise ConfigError(
                f"config key 'containers.{key}' = {ref!r}: no such file {path}; build the image with "
                "`make images` (docs/howto/containers.md) or point the key at an existing image"
            )


def check_networks(config: dict) -> None:
    """Every study's networks exist, every network's representation has its config block, and no
    study gives a network an augmentation its representation cannot apply."""
    from weaksup.inputs.augment import IMAGE_ONLY_METHODS
    from weaksup.ml.networks import reads

    networks = config["networks"]
    for name, entry in networks.items():
        representation = reads(entry["kind"])
        if representation not in config:
            raise ConfigError(
                f"config key 'networks.{name}': a {entry['kind']} network reads the {representation} "
                f"representation, but the config has no '{representation}' block"
            )
    for study, settings in config["studies"].items():
        for name in settings["networks"]:
            if name not in networks:
                raise ConfigError(
                    f"config key 'studies.{study}.networks': no network {name!r} in 'networks' "
                    f"(known: {', '.join(networks)})"
                )
            representation = reads(networks[name]["kind"])
            methods = settings.get("methods", []) + ([settings["method"]] if "method" in settings else [])
            image_only = [m for m in methods if m in IMAGE_ONLY_METHODS]
            if representation != "images" and image_only:
                raise ConfigError(
                    f"config key 'studies.{study}.methods': {image_only[0]!r} acts on jet images, but the "
                    f"study's network {name!r} reads {representation}"
                )


class _UniqueKeyLoader(yaml.SafeLoader):
    """A YAML loader that refuses a key given twice in one mapping (PyYAML keeps the last silently)."""

    def construct_mapping(self, node, deep=False):
        seen = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise ConfigError(
                    f"key {key!r} appears twice in one block (lines {seen[key] + 1} and "
                    f"{key_node.start_mark.line + 1}): only the last would count"
                )
            seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep)


def check_unique_keys(paths) -> None:
    """Each config file names every key once per block (two networks with one name, a study given
    twice ...): ``ConfigError`` naming the file, the key and both lines."""
    for path in paths:
        try:
            yaml.load(Path(path).read_text(), Loader=_UniqueKeyLoader)
        except ConfigError as error:
            raise ConfigError(f"config file {path}: {error}") from None


def check_workers(training: dict) -> None:
    """Input workers are processes of the training job: at least 1, at most its threads."""
    workers, threads = training["workers"], training["threads"]
    if not 1 <= workers <= threads:
        raise ConfigError(
            f"config key 'training.workers' = {workers} must lie in [1, training.threads = {threads}]: "
            "the input workers run on the job's cores"
        )


def validate(config: dict, schema_path, workdir=".") -> dict:
    """Validate ``config`` completely; return it unchanged if valid, else raise ``ConfigError``."""
    validate_schema(config, schema_path)
    check_names(config)
    check_windows(config["regions"])
    check_files(config, workdir)
    check_generator_cuts(config)
    check_label_proportions(config["label_proportions"]["toy"])
    check_containers(config)
    check_workers(config["training"])
    check_networks(config)
    if config["generator"] == "madgraph":
        background = config["background"]
        for key in ("madgraph_card", "lhe_cards"):
            if key not in config["samples"][background]:
                raise ConfigError(f"config key 'samples.{background}.{key}' is required when generator = madgraph")
    return config
