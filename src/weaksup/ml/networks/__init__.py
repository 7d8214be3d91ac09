"""Network families of the CWoLa trainings: one module each, holding its settings dataclass (the
fields of its ``networks`` config entry, the representation it reads) and its Keras builder.

A family module provides ``<Name>Settings`` (frozen; ``KIND``, ``REPRESENTATION``), ``build(shapes,
settings, seed, name)`` -> an uncompiled Keras model giving one event score in [0, 1],
``member_inputs(inputs)`` (the representation's named inputs -> the model's) and
``flops_per_sample``. Keras is imported inside the builders only: the Snakefile reads the settings
to build a job's params without loading a Keras backend. A new family is a module here, its line
in ``FAMILIES`` and its ``$defs`` entry in the config schema.
"""

from dataclasses import asdict, fields

from weaksup.inputs import representations
from weaksup.ml.networks import cnn, pfn

#: network kind (``networks.<name>.kind``) -> its module
FAMILIES = {module.SETTINGS.KIND: module for module in (cnn, pfn)}


def settings_from_config(entry: dict):
    """The settings of a ``networks`` entry ({kind, widths...}); lists become tuples."""
    if entry.get("kind") not in FAMILIES:
        raise ValueError(f"unknown network kind {entry.get('kind')!r}; choose one of {tuple(FAMILIES)}")
    cls = FAMILIES[entry["kind"]].SETTINGS
    values = {f.name: entry[f.name] for f in fields(cls) if f.name in entry}
    return cls(**{key: tuple(v) if isinstance(v, list) else v for key, v in values.items()})


def family(settings):
    """The module of a settings object's kind."""
    return FAMILIES[settings.KIND]


def reads(kind: str) -> str:
    """The representation (its config block) a network of ``kind`` reads."""
    return FAMILIES[kind].SETTINGS.REPRESENTATION


def from_config(config: dict, name: str, normalization: str | None = None):
    """(settings, representation) of the config's network ``name``; ``normalization`` overrides the images'."""
    settings = settings_from_config(config["networks"][name])
    return settings, representations.from_config(settings.REPRESENTATION, config, normalization)


def member_inputs(settings=None):
    """The function mapping a representation's named inputs to the inputs of a network of
    ``settings``' family (None: the network takes them as they are)."""
    return family(settings).member_inputs if settings is not None else (lambda inputs: inputs)


def tracked(settings) -> dict:
    """A network's settings as a Snakemake param: its kind and fields as builtins."""
    return {"kind": settings.KIND, **asdict(settings)}


def build(shapes: dict, settings, seed: int = 0, name: str = "member0"):
    """The network of ``settings`` (uncompiled) for inputs of ``shapes``, initialized from ``seed``."""
    return family(settings).build(shapes, settings, seed, name)
