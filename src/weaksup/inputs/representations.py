"""Representations: constituents in their jet frame -> a network's named inputs.

A representation is a frozen settings dataclass (one config block, named by its ``KIND``) that
declares its inputs (``input_shapes``: name -> shape per event), checks a pool (``check``) and
makes a batch of inputs (``make``) from augmented constituents. A network declares the one it
reads (``weaksup.ml.networks``). A new representation is a class here and its config block.
"""

import math
from dataclasses import asdict

from weaksup.inputs.images import ImageSettings
from weaksup.inputs.particles import ParticleSettings

#: config block -> representation
REPRESENTATIONS = {cls.KIND: cls for cls in (ImageSettings, ParticleSettings)}


def from_config(kind: str, config: dict, normalization: str | None = None):
    """The representation ``kind`` from its config block; ``normalization`` overrides the images'."""
    return REPRESENTATIONS[kind].from_config(config[kind], normalization)


def tracked(representation) -> dict:
    """A representation as a Snakemake param: its kind and fields as builtins."""
    return {"kind": representation.KIND, **asdict(representation)}


def from_tracked(params: dict):
    """The representation of a ``tracked`` param."""
    return REPRESENTATIONS[params["kind"]](**{key: value for key, value in params.items() if key != "kind"})


def bytes_per_event(representation) -> int:
    """Bytes of one event's float32 inputs."""
    return 4 * sum(math.prod(shape) for shape in representation.input_shapes().values())
