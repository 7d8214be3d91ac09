"""Loading and validating the workflow configuration.

The JSON schema (``workflow/schemas/config.schema.yaml``) types and documents every key; the
checks here add what a schema cannot say (windows that overlap, cards that do not exist). Both
run when the Snakefile is parsed, so a bad config fails before any job starts, naming the key.
"""

from pathlib import Path

import jsonschema
import yaml


class ConfigError(ValueError):
    """The configuration is invalid; the message names the offending key."""


def _key_path(error: jsonschema.ValidationError) -> str:
    return ".".join(str(part) for part in error.absolute_path) or "<top level>"


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


def check_lhc_samples(config: dict) -> None:
    """The LHC example's samples must exist and go through the missing-energy selection."""
    lhc = config["label_proportions"]["lhc"]
    for role, name in [("signal", lhc["signal"]), ("background", lhc["background"])] + [
        ("tails", t) for t in lhc["tails"]
    ]:
        sample = config["samples"].get(name)
        if sample is None:
            raise ConfigError(f"config key 'label_proportions.lhc.{role}': no sample {name!r} in 'samples'")
        if sample.get("analysis") != "met":
            raise ConfigError(f"config key 'samples.{name}.analysis' must be 'met' (label_proportions.lhc.{role})")


def validate(config: dict, schema_path, workdir=".") -> dict:
    """Validate ``config`` completely; return it unchanged if valid, else raise ``ConfigError``."""
    validate_schema(config, schema_path)
    check_windows(config["regions"])
    check_files(config, workdir)
    check_label_proportions(config["label_proportions"]["toy"])
    check_lhc_samples(config)
    if config["generator"] == "madgraph":
        for key in ("madgraph_card", "lhe_cards"):
            if key not in config["samples"]["qcd"]:
                raise ConfigError(f"config key 'samples.qcd.{key}' is required when generator = madgraph")
    return config


def load(path, schema_path, workdir=".") -> dict:
    """Read a YAML config file and validate it."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"config file {path} does not exist")
    return validate(yaml.safe_load(path.read_text()) or {}, schema_path, workdir)
