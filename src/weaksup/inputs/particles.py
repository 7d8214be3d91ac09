"""Particle arrays: the representation of particle-cloud networks (Deep Sets / Energy Flow Networks).

Each jet becomes a padded array of its constituents, hardest first, with a mask that is 1 for a
real constituent and 0 for padding. The features of a constituent are those of the jet frame the
CNN's images are made in (after translation, orientation, flipping and the augmentations), so both
networks see the same physics and every augmentation acts on both alike:

    eta', phi'           its coordinates in the jet frame (radians)
    delta_r              its distance from the jet axis, sqrt(eta'^2 + phi'^2)
    log_pt_fraction      log(pT / pT_jet), pT_jet the scalar sum of the jet's constituents

No absolute momentum: a jet's pT scale follows m_jj, which CWoLa must not learn (the SR from the
SB on background alone: mass sculpting). The images drop the scale the same way (EN normalization,
figure 2). The multiplicity follows it too, and a plain sum over particles counts it: that is the
pooling's business (weaksup.ml.networks.pfn).

A constituent with pT = 0 (a pT-smeared one clipped at zero, which adds nothing to an image) is
masked. The features are left unscaled: all are O(1-10).
"""

from dataclasses import dataclass

import numpy as np

from weaksup.inputs.augment import IMAGE_ONLY_METHODS, Augmentation, Examples
from weaksup.inputs.constituents import FLIP_RULES, JETS_PER_EVENT, Constituents

FEATURES = ("eta", "phi", "delta_r", "log_pt_fraction")


@dataclass(frozen=True)
class ParticleSettings:
    """The ``particles`` block of the config: ``max_particles`` per jet (the padding length),
    ``truncate`` (allow jets with more constituents: their softest ones beyond ``max_particles``
    are dropped) and the ``flip_rule`` of the preprocessing."""

    max_particles: int = 128
    truncate: bool = False
    flip_rule: str = "hardest"

    KIND = "particles"

    def __post_init__(self):
        if self.max_particles < 1:
            raise ValueError(f"particles.max_particles must be at least 1, got {self.max_particles}")
        if self.flip_rule not in FLIP_RULES:
            raise ValueError(f"unknown flip rule {self.flip_rule!r}; choose one of {FLIP_RULES}")

    @classmethod
    def from_config(cls, block: dict, normalization: str | None = None) -> "ParticleSettings":
        """The representation of the config's ``particles`` block (``normalization`` is the images'
        and does not apply)."""
        return cls(block["max_particles"], block["truncate"], block["flip_rule"])

    def input_shapes(self) -> dict[str, tuple[int, ...]]:
        """Per event: the two jets' particle features and masks."""
        n = self.max_particles
        return {"particles": (JETS_PER_EVENT, n, len(FEATURES)), "mask": (JETS_PER_EVENT, n)}

    def check(self, pool: Constituents) -> None:
        """Raise ``ValueError`` naming ``particles.max_particles`` when a jet of the pool has more
        constituents than the padding holds and truncation is not allowed."""
        counts = np.diff(pool.starts)
        longest = int(counts.max()) if len(counts) else 0
        if longest > self.max_particles and not self.truncate:
            raise ValueError(
                f"config key 'particles.max_particles' = {self.max_particles} is smaller than the "
                f"{longest} constituents of the largest jet ({(counts > self.max_particles).sum()} of "
                f"{len(counts)} jets have more): raise it, or set 'particles.truncate: true' to drop "
                "each jet's softest constituents beyond it"
            )

    def make(self, jets: Constituents, examples: Examples, augmentation: Augmentation, seed: int) -> dict:
        """``particles`` (n_events, 2, max_particles, 4) and ``mask`` (n_events, 2, max_particles),
        float32, from augmented constituents in their jet frame (``augment.augment``)."""
        if augmentation.method in IMAGE_ONLY_METHODS:
            raise ValueError(f"augmentation {augmentation.method!r} acts on jet images, not on particles")
        self.check(jets)
        n = self.max_particles
        order = np.lexsort((-jets.pt, jets.jet))  # by jet, hardest first (ties: the input order)
        rank = np.arange(len(order)) - jets.starts[jets.jet[order]]
        keep = order[rank < n]
        slot = jets.jet[keep] * n + rank[rank < n]
        pt = jets.pt[keep]
        real = pt > 0
        jet_pt = jets.sum_per_jet(jets.pt)[jets.jet[keep]]
        x, y = jets.eta[keep], jets.phi[keep]
        safe_pt = np.where(real, pt, 1.0)
        values = np.stack([x, y, np.hypot(x, y), np.log(safe_pt / np.where(real, jet_pt, 1.0))], axis=1)
        features = np.zeros((jets.n_jets * n, len(FEATURES)), np.float32)
        mask = np.zeros(jets.n_jets * n, np.float32)
        features[slot[real]] = values[real]
        mask[slot[real]] = 1.0
        n_events = jets.n_jets // JETS_PER_EVENT
        return {
            "particles": features.reshape(n_events, JETS_PER_EVENT, n, len(FEATURES)),
            "mask": mask.reshape(n_events, JETS_PER_EVENT, n),
        }
