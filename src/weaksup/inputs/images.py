"""Jet images (section 3.3 of the first paper): the CNN's representation of constituents.

Constituents in their jet frame (``weaksup.inputs.constituents.preprocess``, then augmented) are
pixelated (summed pT per pixel over [-1, 1]^2; 25 x 25 by default) and normalized. An image is
indexed ``image[i_eta, i_phi]``: axis 0 runs along eta', axis 1 along phi'.
"""

from dataclasses import dataclass

import awkward as ak
import numpy as np

from weaksup.inputs.augment import STREAM_NOISE, Augmentation, Examples, keyed_normal
from weaksup.inputs.constituents import FLIP_RULES, JETS_PER_EVENT, Constituents, flatten_jets, preprocess

NORMALIZATIONS = ("raw", "jn", "en")
#: a standard deviation below this (an empty image) is not divided by: the image stays zero
STD_FLOOR = 1e-8


@dataclass(frozen=True)
class ImageSettings:
    """The jet-image representation, from the ``images`` block of the config (a training job's own
    normalization replaces the block's)."""

    n_pixels: int = 25
    normalization: str = "en"
    flip_rule: str = "hardest"

    def __post_init__(self):
        if self.normalization not in NORMALIZATIONS:
            raise ValueError(f"unknown normalization {self.normalization!r}; choose one of {NORMALIZATIONS}")
        if self.flip_rule not in FLIP_RULES:
            raise ValueError(f"unknown flip rule {self.flip_rule!r}; choose one of {FLIP_RULES}")

    KIND = "images"

    @classmethod
    def from_config(cls, images: dict, normalization: str | None = None) -> "ImageSettings":
        return cls(images["n_pixels"], normalization or images["normalization"], images["flip_rule"])

    def input_shapes(self) -> dict[str, tuple[int, ...]]:
        """Per event: the two jets' images, leading first."""
        return {"images": (JETS_PER_EVENT, self.n_pixels, self.n_pixels)}

    def check(self, pool: Constituents) -> None:
        """Every jet fits an image: nothing to check."""

    def make(self, jets: Constituents, examples: Examples, augmentation: Augmentation, seed: int) -> dict:
        """``images`` (n_events, 2, n, n), float32, from augmented constituents in their jet frame
        (``augment.augment``), with pixel noise for the ``noise`` augmentation."""
        out = event_images(jets, self.n_pixels, self.normalization)
        if augmentation.method == "noise":
            out = add_pixel_noise(out, examples, augmentation.noise_sigma, seed)
        return {"images": out}


def pixelate(x, y, c: Constituents, n_pixels: int = 25, half_width: float = 1.0) -> np.ndarray:
    """(n_jets, n_pixels, n_pixels) images of summed pT (GeV) over [-half_width, half_width]^2.

    Constituents outside the window are dropped.
    """
    scale = n_pixels / (2 * half_width)
    i_x = np.floor((x + half_width) * scale).astype(np.int64)
    i_y = np.floor((y + half_width) * scale).astype(np.int64)
    inside = (i_x >= 0) & (i_x < n_pixels) & (i_y >= 0) & (i_y < n_pixels)
    flat_index = (c.jet[inside] * n_pixels + i_x[inside]) * n_pixels + i_y[inside]
    images = np.bincount(flat_index, weights=c.pt[inside], minlength=c.n_jets * n_pixels * n_pixels)
    return images.reshape(c.n_jets, n_pixels, n_pixels).astype(np.float32)


def event_images(c: Constituents, n_pixels: int, normalization: str) -> np.ndarray:
    """Pixelated and normalized (n_events, 2, n_pixels, n_pixels) images of constituents in their jet frame."""
    images = pixelate(c.eta, c.phi, c, n_pixels).reshape(-1, JETS_PER_EVENT, n_pixels, n_pixels)
    return normalize(images, normalization)


def add_pixel_noise(images: np.ndarray, examples: Examples, sigma: float, seed: int) -> np.ndarray:
    """The ``noise`` augmentation (the first paper's footnote): Gaussian noise of width ``sigma`` (in
    units of the normalized image) on every pixel of the augmented examples, keyed by example and pixel."""
    pixel = np.arange(images[0].size).reshape(images.shape[1:])
    noise = keyed_normal(seed, examples.keys[:, None, None, None], (pixel << 3) + STREAM_NOISE)
    return (images + sigma * noise * examples.augmented[:, None, None, None]).astype(np.float32)


def normalize(images: np.ndarray, mode: str = "en") -> np.ndarray:
    """Standardize (n_events, n_jets, n, n) images: ``raw`` (none), ``jn`` (each jet image by its
    own mean and std) or ``en`` (the images of an event by their common mean and std)."""
    if mode not in NORMALIZATIONS:
        raise ValueError(f"unknown normalization {mode!r}; choose one of {NORMALIZATIONS}")
    if mode == "raw":
        return images
    axes = (2, 3) if mode == "jn" else (1, 2, 3)
    mean = images.mean(axis=axes, keepdims=True)
    std = images.std(axis=axes, keepdims=True)
    return ((images - mean) / np.where(std > STD_FLOOR, std, 1.0)).astype(np.float32)


def jet_images(
    jets: ak.Array,
    n_pixels: int = 25,
    normalization: str = "en",
    flip_rule: str = "hardest",
) -> np.ndarray:
    """(n_events, 2, n_pixels, n_pixels) images of the two leading jets, leading jet first (no
    augmentation: ``pipeline.make_inputs`` with ``ImageSettings`` makes augmented ones)."""
    c = flatten_jets(jets)
    return event_images(c.in_frame(*preprocess(c, flip_rule)), n_pixels, normalization)
