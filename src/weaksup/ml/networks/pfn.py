"""Particle-flow and energy-flow networks (Deep Sets; Komiske, Metodiev and Thaler,
arXiv:1810.05165) reading particle arrays, beside the CNN under the same trainings.

A jet's score is F(latent), with one per-particle network Phi (dense layers acting on every
constituent alike) pooled over the jet's real constituents (padding is masked out, so the pooling
is permutation invariant and blind to the padding):

    pooling "sum"          latent = sum_i Phi(eta'_i, phi'_i, delta_r_i, log z_i)   PFN, eq. (1.2)
    pooling "pt_weighted"  latent = sum_i z_i Phi(eta'_i, phi'_i, delta_r_i)        EFN, eq. (1.1)

with z_i = pT_i / pT_jet. The PFN's sum counts the particles. Trained on background alone
(sigma0 = 0), it separates the dark showers, which have about twice QCD's multiplicity, from QCD
all the same (measured: docs/explanation/beyond.md): a selection no injected signal taught it. The EFN's latent is
IRC safe, a z-weighted average of angular functions: the information of an energy-normalized jet
image, blind to the multiplicity. It is the default particle network. The latent is standardized
(BatchNormalization, as the CNN's images are) before F, which ends in a sigmoid. As in the CNN
of figure 1, ONE subnetwork is shared by both jets and the event score is the product of the two
jet scores: the event is signal-like only if both jets are.
"""

from dataclasses import dataclass

from weaksup.inputs.particles import FEATURES
from weaksup.ml.networks.common import JET_INPUTS, Seeds

POOLINGS = ("sum", "pt_weighted")
#: the features Phi reads with pt_weighted pooling: the angular ones (z weights the sum instead)
ANGULAR = tuple(FEATURES.index(name) for name in ("eta", "phi", "delta_r"))
LOG_Z = FEATURES.index("log_pt_fraction")


@dataclass(frozen=True)
class PFNSettings:
    """A ``networks`` entry of kind ``pfn``: the widths of Phi (per particle; the last is the
    latent dimension) and of F (on the latent), the dropout after each layer of F and the
    ``pooling`` over particles (``POOLINGS``: "sum", a PFN; "pt_weighted", an EFN). The widths
    default to the Energy Flow Networks paper's (Phi 100-100-128, F 100-100-100), the dropout to
    the CNN's."""

    phi_units: tuple = (100, 100, 128)
    f_units: tuple = (100, 100, 100)
    dropout: float = 0.5
    pooling: str = "sum"

    KIND = "pfn"
    REPRESENTATION = "particles"

    def __post_init__(self):
        if not self.phi_units:
            raise ValueError("phi_units needs at least one layer (the latent space)")
        if not 0 <= self.dropout < 1:
            raise ValueError(f"dropout must lie in [0, 1), got {self.dropout}")
        if self.pooling not in POOLINGS:
            raise ValueError(f"unknown pooling {self.pooling!r}; choose one of {POOLINGS}")

    def phi_features(self, n_features: int) -> int:
        """How many features of a particle Phi reads."""
        return len(ANGULAR) if self.pooling == "pt_weighted" else n_features


SETTINGS = PFNSettings


def subnetwork(n_particles: int, n_features: int, settings: PFNSettings, seeds: Seeds):
    """A jet's particles (P, features) and mask (P,) -> probability that the jet comes from the
    signal-enriched class."""
    import keras

    def init():
        return {"kernel_initializer": keras.initializers.GlorotUniform(seeds())}

    particles = keras.Input((n_particles, n_features), name="jet_particles")
    mask = keras.Input((n_particles,), name="jet_mask")
    if settings.pooling == "pt_weighted":  # eq. (1.1): z_i weights Phi of the angles
        x = keras.ops.take(particles, ANGULAR, axis=-1)
        weights = keras.ops.exp(particles[..., LOG_Z] * mask) * mask  # the padding's junk masked before exp
    else:  # eq. (1.2): every particle counts once
        x, weights = particles, mask
    for i, units in enumerate(settings.phi_units):  # a Dense layer on (P, features) acts per particle
        x = keras.layers.Dense(units, activation="relu", name=f"phi{i + 1}", **init())(x)
    latent = keras.ops.sum(x * keras.ops.expand_dims(weights, -1), axis=1)
    x = keras.layers.BatchNormalization(name="latent_norm")(latent)  # standardized, as the CNN's images are
    for i, units in enumerate(settings.f_units):
        x = keras.layers.Dense(units, activation="relu", name=f"f{i + 1}", **init())(x)
        x = keras.layers.Dropout(settings.dropout, seed=seeds(), name=f"dropout{i + 1}")(x)
    output = keras.layers.Dense(1, activation="sigmoid", name="jet_score", **init())(x)
    return keras.Model([particles, mask], output, name="jet_subnetwork")


def build(shapes: dict, settings: PFNSettings, seed: int = 0, name: str = "pfn"):
    """The two-jet network for inputs of ``shapes`` (the particles representation's), from ``seed``."""
    import keras

    _, n_particles, n_features = shapes["particles"]
    shared = subnetwork(n_particles, n_features, settings, Seeds(seed))
    inputs = {}
    for jet in JET_INPUTS:
        inputs[jet] = keras.Input((n_particles, n_features), name=jet)
        inputs[f"{jet}_mask"] = keras.Input((n_particles,), name=f"{jet}_mask")
    jet_scores = [shared([inputs[jet], inputs[f"{jet}_mask"]]) for jet in JET_INPUTS]
    return keras.Model(inputs, keras.layers.Multiply(name="event_score")(jet_scores), name=name)


def member_inputs(inputs: dict) -> dict:
    """The network's per-jet inputs from (N, 2, P, features) particles and (N, 2, P) masks."""
    out = {}
    for j, jet in enumerate(JET_INPUTS):
        out[jet], out[f"{jet}_mask"] = inputs["particles"][:, j], inputs["mask"][:, j]
    return out


def flops_per_sample(shapes: dict, settings: PFNSettings) -> int:
    """Multiply-adds x 2 of one forward pass (both jets), per event: Phi on every padded slot, F once."""
    _, n_particles, n_features = shapes["particles"]
    width, flops = settings.phi_features(n_features), 0
    for units in settings.phi_units:
        flops += 2 * n_particles * width * units
        width = units
    for units in (*settings.f_units, 1):
        flops += 2 * width * units
        width = units
    return 2 * flops  # two jets per event
