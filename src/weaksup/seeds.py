"""Deterministic seeds derived from the global config seed.

Every random draw of the workflow comes from a generator seeded by ``derive_seed(seed, *keys)``,
so any job (e.g. one generation chunk) can be rerun on its own and reproduces bit for bit,
independently of how many other jobs exist or in which order they run.
"""

import hashlib

import numpy as np

#: Pythia 8 accepts ``Random:seed`` in [1, 900_000_000].
PYTHIA_SEED_MAX = 900_000_000


def derive_seed(seed: int, *keys: object) -> int:
    """A 63-bit seed that depends only on the global ``seed`` and the ordered ``keys``."""
    text = "/".join(str(part) for part in (seed, *keys))
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little") >> 1


def pythia_seed(seed: int, *keys: object) -> int:
    """``derive_seed`` folded into Pythia's allowed range [1, 900_000_000]."""
    return derive_seed(seed, *keys) % PYTHIA_SEED_MAX + 1


def training_seed(seed: int, *keys: object) -> int:
    """``derive_seed`` of a training job in [0, 2^31): Keras initialization, shuffling, augmentation keys."""
    return derive_seed(seed, "training", *keys) % 2**31


def rng(seed: int, *keys: object) -> np.random.Generator:
    """A numpy generator for the job identified by ``keys``."""
    return np.random.default_rng(derive_seed(seed, *keys))
