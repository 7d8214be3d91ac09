"""Physics-inspired data augmentation (section 5.1) of jet constituents, on the fly and deterministically.

"+k augmentation" is the training set made of the originals plus k augmented copies of each event,
(k + 1) N examples in all, as in the paper. Copies are never stored: a batch of (event, copy)
pairs is augmented when it is needed, and the randomness of copy j of event i comes from a
counter-based generator keyed by (seed, i, j, ...) — a hash, not a stream — so an example is the
same whatever batch, order or process produces it, and +50 costs compute, not disk.

Augmentations take constituents and return constituents, in their jet's frame: a representation
(``weaksup.inputs.representations``) then turns them into a network's inputs. Methods: ``none``,
``pt_smear`` (constituent pT resampled with the resolution function, before preprocessing),
``rotation`` (each jet rotated by its own angle in [-a, a] after flipping), ``pt_rot`` (both), and
the footnote's ``eta_phi_smear`` and ``noise`` (Gaussian pixel noise: an augmentation of jet
images only, applied by their representation with the keys of ``Examples``).
"""

from dataclasses import dataclass

import numpy as np

from weaksup.inputs import constituents
from weaksup.inputs.constituents import Constituents
from weaksup.sim.resolution import preset

METHODS = ("none", "pt_smear", "rotation", "pt_rot", "eta_phi_smear", "noise")
#: the ``augmentation`` config keys each method depends on
METHOD_PARAMETERS = {
    "none": (),
    "pt_smear": ("resolution",),
    "rotation": ("max_angle_over_pi",),
    "pt_rot": ("resolution", "max_angle_over_pi"),
    "eta_phi_smear": ("eta_phi_lambda_gev",),
    "noise": ("noise_sigma",),
}

#: methods that act on images, not on constituents (representations without images reject them)
IMAGE_ONLY_METHODS = ("noise",)
# independent random streams of one (event, copy)
_STREAM_PT, _STREAM_ANGLE, _STREAM_ETA, _STREAM_PHI, STREAM_NOISE = range(5)
_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)
#: copies per event are keyed in 20 bits: +k up to ~10^6
MAX_COPIES = 2**20


@dataclass(frozen=True)
class Augmentation:
    """One augmentation method and its parameters.

    ``resolution``: preset of f(pT) for ``pt_smear`` (``paper_eq51`` by default, eq. 5.1 as
    printed and as in the authors' code); ``max_angle``: rotation range a (radians; pi by
    default, the paper's best); ``eta_phi_lambda``: scale (GeV) of the (eta, phi) smearing
    sigma = lambda / pT; ``noise_sigma``: Gaussian pixel noise in units of the normalized image.
    """

    method: str = "none"
    resolution: str = "paper_eq51"
    max_angle: float = np.pi
    eta_phi_lambda: float = 0.1
    noise_sigma: float = 0.1

    @classmethod
    def from_config(cls, method: str, config: dict) -> "Augmentation":
        """The augmentation ``method`` with its own parameters from the config's ``augmentation``
        block; the others keep their defaults, so a job's settings change only with its method's."""
        if method not in METHOD_PARAMETERS:
            raise ValueError(f"unknown augmentation {method!r}; choose one of {METHODS}")
        used = {key: config[key] for key in METHOD_PARAMETERS[method]}
        fields = {
            "resolution": used.get("resolution"),
            "max_angle": used["max_angle_over_pi"] * np.pi if "max_angle_over_pi" in used else None,
            "eta_phi_lambda": used.get("eta_phi_lambda_gev"),
            "noise_sigma": used.get("noise_sigma"),
        }
        return cls(method=method, **{key: value for key, value in fields.items() if value is not None})

    def __post_init__(self):
        if self.method not in METHODS:
            raise ValueError(f"unknown augmentation {self.method!r}; choose one of {METHODS}")
        preset(self.resolution)  # raises on an unknown preset


def _splitmix64(x):
    """The SplitMix64 finalizer: a bijective 64-bit mix (vectorized, wraps modulo 2^64)."""
    with np.errstate(over="ignore"):
        x = (x + np.uint64(0x9E3779B97F4A7C15)) & _MASK64
        x = ((x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)) & _MASK64
        x = ((x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)) & _MASK64
        return x ^ (x >> np.uint64(31))


def _keyed_hash(seed: int, keys) -> np.ndarray:
    """A 64-bit hash of (seed, *keys), one per broadcast element of the integer ``keys``."""
    h = _splitmix64(np.uint64(seed % 2**64))
    for key in keys:
        h = _splitmix64(h ^ np.asarray(key).astype(np.uint64))
    return h


def keyed_uniform(seed: int, *keys) -> np.ndarray:
    """Uniform numbers in (0, 1) fixed by (seed, keys): 53 random bits each."""
    return ((_keyed_hash(seed, keys) >> np.uint64(11)).astype(np.float64) + 0.5) * 2.0**-53


def keyed_normal(seed: int, *keys) -> np.ndarray:
    """Standard-normal numbers fixed by (seed, keys): Box-Muller on the two 32-bit halves of one hash."""
    h = _keyed_hash(seed, keys)
    u1 = ((h >> np.uint64(32)).astype(np.float64) + 0.5) * 2.0**-32
    u2 = ((h & np.uint64(0xFFFFFFFF)).astype(np.float64) + 0.5) * 2.0**-32
    return np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * np.pi * u2)


@dataclass(frozen=True)
class Examples:
    """The examples of a batch: one 64-bit key per (event id, copy), the root of its random
    numbers, and whether it is an augmented copy (copy >= 1)."""

    keys: np.ndarray
    augmented: np.ndarray


def augment(
    pool: Constituents,
    event_ids,
    copies,
    augmentation: Augmentation,
    seed: int,
    flip_rule: str = "hardest",
) -> tuple[Constituents, Examples]:
    """The constituents of copy ``copies[r]`` of event ``event_ids[r]`` of the pool, preprocessed
    (translated, oriented, flipped) and augmented: ``Constituents`` at (eta', phi') in their
    jet's frame (radians), pT in GeV, two jets per example, and the batch's ``Examples``.

    ``pool`` holds the constituents of all events (``constituents.flatten_jets`` of a pool's
    jets, made once). Copy 0 is the original; copy j >= 1 is augmented with randomness keyed by
    (seed, event id, j), so ``event_ids`` must identify events stably (pool indices).
    """
    event_ids, copies = np.asarray(event_ids, np.int64), np.asarray(copies, np.int64)
    if copies.size and not (0 <= copies.min() and copies.max() < MAX_COPIES):
        raise ValueError(f"copies must lie in [0, {MAX_COPIES})")
    c = pool.take_events(event_ids)
    method, augmented = augmentation.method, copies > 0
    # random keys: one per example (event id, copy), and per draw the position of the constituent
    # in its event (or the jet, or the pixel) with the stream: two hash rounds per number
    example = (event_ids.astype(np.uint64) << np.uint64(20)) | copies.astype(np.uint64)
    per_event = constituents.JETS_PER_EVENT
    jet_example, jet_augmented = np.repeat(example, per_event), np.repeat(augmented, per_event)
    position = np.arange(len(c.pt)) - c.starts[0 : c.n_jets : per_event][c.jet // per_event]

    def constituent_normal(stream):
        return keyed_normal(seed, jet_example[c.jet], (position << 3) + stream)

    smeared = jet_augmented[c.jet]
    if method in ("pt_smear", "pt_rot"):
        a, b = preset(augmentation.resolution)
        c = c.with_pt(np.where(smeared, constituents.smear_pt(c.pt, constituent_normal(_STREAM_PT), a, b), c.pt))
    x, y = constituents.preprocess(c, flip_rule)
    if method in ("rotation", "pt_rot"):
        jet_position = np.tile(np.arange(per_event), len(event_ids))
        u = keyed_uniform(seed, jet_example, (jet_position << 3) + _STREAM_ANGLE)
        x, y = constituents.rotate_jets(x, y, np.where(jet_augmented, (2 * u - 1) * augmentation.max_angle, 0.0), c)
    if method == "eta_phi_smear":
        sigma = np.where(smeared, augmentation.eta_phi_lambda / np.maximum(c.pt, 1e-3), 0.0)
        x, y = x + sigma * constituent_normal(_STREAM_ETA), y + sigma * constituent_normal(_STREAM_PHI)
    return c.in_frame(x, y), Examples(example, augmented)


def training_examples(train_events, k: int, epoch: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(event ids, copies) of the +k training set: every training event with copies 0 .. k, (k+1) N rows.

    By default (the paper's fixed +k set) the same k copies serve every epoch. With ``epoch``
    given, the augmented copies of that epoch are fresh ones, numbered 1 + epoch k .. k + epoch k:
    still (k+1) N rows, still deterministic, new randomness each epoch.
    """
    train_events = np.asarray(train_events, np.int64)
    if k < 0:
        raise ValueError(f"+k augmentation needs k >= 0, got {k}")
    copies = np.arange(k + 1)
    if epoch is not None and k > 0:
        copies[1:] += epoch * k
    return np.repeat(train_events, k + 1), np.tile(copies, len(train_events))
