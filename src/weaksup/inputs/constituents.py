"""Jet constituents and their preprocessing (section 3.3 of the first paper), for every representation.

All functions work on the flat constituents of many jets at once (``Constituents``): numpy
bincounts over the jet index replace per-jet loops. Coordinates are (eta, phi) in radians, pT in
GeV. The preprocessing chain is

    translate (pT-weighted centroid to the origin, phi wrap-around handled)
    -> orient (principal axis of the pT-weighted distribution along eta)
    -> flip (hardest constituent into the first quadrant; the authors' code instead moves the
       quadrant with the largest summed pT there: ``flip_rule="quadrant"``)

after which a jet's constituents sit in its own frame (eta', phi'), where the augmentations
rotate them (eq. 5.2) and a representation (jet images, particle arrays) reads them.
"""

from dataclasses import dataclass
from functools import cached_property

import awkward as ak
import numpy as np

from weaksup.sim.resolution import resolution

#: the two leading jets of every event, leading first
JETS_PER_EVENT = 2
FLIP_RULES = ("hardest", "quadrant")


@dataclass(frozen=True)
class Constituents:
    """Flat constituent arrays of ``n_jets`` jets; ``jet`` gives each constituent's jet (sorted).

    Jets come in events of ``JETS_PER_EVENT`` (jet 2e is the leading, 2e + 1 the subleading jet
    of event e).
    """

    pt: np.ndarray
    eta: np.ndarray
    phi: np.ndarray
    jet: np.ndarray
    n_jets: int

    def with_pt(self, pt: np.ndarray) -> "Constituents":
        """The same constituents with new transverse momenta (GeV)."""
        return self._same_jets(pt, self.eta, self.phi)

    def in_frame(self, x: np.ndarray, y: np.ndarray) -> "Constituents":
        """The same constituents at the coordinates (x, y) = (eta', phi') of their jet's frame (radians)."""
        return self._same_jets(self.pt, x, y)

    def _same_jets(self, pt, eta, phi) -> "Constituents":
        new = Constituents(pt, eta, phi, self.jet, self.n_jets)
        new.__dict__.update(starts=self.starts, filled=self.filled)  # same jets: reuse the cached segments
        return new

    @cached_property
    def starts(self) -> np.ndarray:
        """Index of the first constituent of every jet (that of the next jet for an empty one), then n."""
        return np.searchsorted(self.jet, np.arange(self.n_jets + 1))

    @cached_property
    def filled(self) -> np.ndarray:
        """Mask of the jets with at least one constituent."""
        return self.starts[1:] > self.starts[:-1]

    def reduce_per_jet(self, ufunc, values) -> np.ndarray:
        """``ufunc`` (e.g. ``np.add``, ``np.maximum``) of ``values`` over each jet (0 for an empty jet)."""
        out = np.zeros(self.n_jets)
        if self.filled.any():
            out[self.filled] = ufunc.reduceat(values, self.starts[:-1][self.filled])
        return out

    def sum_per_jet(self, values) -> np.ndarray:
        """Sum of per-constituent ``values`` over each jet (0 for an empty jet)."""
        return self.reduce_per_jet(np.add, values)

    def take_events(self, events) -> "Constituents":
        """The constituents of the given events (in that order, repeats allowed), renumbered."""
        jets = (JETS_PER_EVENT * np.asarray(events, np.int64)[:, None] + np.arange(JETS_PER_EVENT)).ravel()
        starts = self.starts
        counts = starts[jets + 1] - starts[jets]
        first = np.repeat(starts[jets] - np.cumsum(counts) + counts, counts)
        index = first + np.arange(counts.sum())
        new_jet = np.repeat(np.arange(len(jets)), counts)
        return Constituents(self.pt[index], self.eta[index], self.phi[index], new_jet, len(jets))


def flatten_jets(jets: ak.Array) -> Constituents:
    """Constituents of the two leading jets of every event: jet index = 2 event + position.

    ``jets`` is (event, jet) with a ``constituents`` list (pt, eta, phi) per jet, as written by the
    jets stage. Raises ``ValueError`` on a NaN, infinite or negative pT, or on an event with
    fewer jets.
    """
    leading = jets[:, :JETS_PER_EVENT]
    if len(leading) and ak.min(ak.num(leading, axis=1)) < JETS_PER_EVENT:
        raise ValueError(f"every event needs {JETS_PER_EVENT} jets")
    per_jet = ak.flatten(leading.constituents, axis=1)
    counts = ak.to_numpy(ak.num(per_jet))
    flat = {f: ak.to_numpy(ak.flatten(per_jet[f])).astype(np.float64) for f in ("pt", "eta", "phi")}
    bad = ~np.isfinite(flat["pt"]) | (flat["pt"] < 0)
    if bad.any():
        raise ValueError(f"{bad.sum()} constituents have a NaN, infinite or negative pT")
    jet = np.repeat(np.arange(len(counts)), counts)
    return Constituents(flat["pt"], flat["eta"], flat["phi"], jet, len(counts))


def wrap_phi(phi):
    """Angles within 3 pi of zero mapped into [-pi, pi] (differences of two angles qualify)."""
    phi = np.asarray(phi, dtype=np.float64)
    return phi - 2 * np.pi * ((phi > np.pi).astype(np.float64) - (phi < -np.pi))


def translate(c: Constituents) -> tuple[np.ndarray, np.ndarray]:
    """(eta, phi) relative to each jet's pT-weighted centroid, which moves to the origin.

    phi is first measured from the jet's first constituent (all constituents of a jet lie within
    2R of each other), so a jet across phi = +-pi stays in one piece. An empty or zero-pT jet
    keeps its coordinates.
    """
    reference = np.zeros(c.n_jets)
    reference[c.filled] = c.phi[c.starts[:-1][c.filled]]
    dphi = wrap_phi(c.phi - reference[c.jet])
    total = c.sum_per_jet(c.pt)
    safe = np.where(total > 0, total, 1.0)
    eta_c, phi_c = c.sum_per_jet(c.pt * c.eta) / safe, c.sum_per_jet(c.pt * dphi) / safe
    return c.eta - eta_c[c.jet], dphi - phi_c[c.jet]


def _turn(x, y, cos, sin):
    """Eq. (5.2) with the cosine and sine of the angle given."""
    return x * cos - y * sin, x * sin + y * cos


def principal_angle(x, y, c: Constituents) -> np.ndarray:
    """Angle (radians) of each jet's principal axis: the major axis of the pT-weighted second moments."""
    sxx, syy, sxy = (c.sum_per_jet(c.pt * u * v) for u, v in ((x, x), (y, y), (x, y)))
    return 0.5 * np.arctan2(2 * sxy, sxx - syy)


def rotate_jets(x, y, angles, c: Constituents):
    """Rotate every jet about the origin by its own angle (radians, one per jet), eq. (5.2)."""
    return _turn(x, y, np.cos(angles)[c.jet], np.sin(angles)[c.jet])


def orient(x, y, c: Constituents):
    """Rotate every jet so that its principal axis lies along eta (x)."""
    return rotate_jets(x, y, -principal_angle(x, y, c), c)


def flip(x, y, c: Constituents, rule: str = "hardest"):
    """Reflect every jet in x and/or y so that its reference lies in the first quadrant (x, y >= 0).

    ``hardest`` (the paper): the highest-pT constituent; ``quadrant`` (the authors' code): the
    quadrant with the largest summed pT.
    """
    if rule == "hardest":
        hardest_pt = c.reduce_per_jet(np.maximum, c.pt)
        candidates = np.flatnonzero(c.pt == hardest_pt[c.jet])  # sorted by jet; ties: the first
        first = candidates[np.diff(c.jet[candidates], prepend=-1) > 0]
        ref_x, ref_y = np.ones(c.n_jets), np.ones(c.n_jets)
        ref_x[c.jet[first]], ref_y[c.jet[first]] = x[first], y[first]
    elif rule == "quadrant":
        quadrants = [(sx, sy) for sx in (1, -1) for sy in (1, -1)]
        sums = np.stack([c.sum_per_jet(c.pt * ((sx * x > 0) & (sy * y > 0))) for sx, sy in quadrants])
        ref_x, ref_y = np.array(quadrants, dtype=float)[np.argmax(sums, axis=0)].T
    else:
        raise ValueError(f"unknown flip rule {rule!r}; choose one of {FLIP_RULES}")
    sign_x, sign_y = np.where(ref_x < 0, -1.0, 1.0), np.where(ref_y < 0, -1.0, 1.0)
    return x * sign_x[c.jet], y * sign_y[c.jet]


def preprocess(c: Constituents, flip_rule: str = "hardest"):
    """Translation, orientation and flipping: the (eta', phi') of every constituent."""
    x, y = translate(c)
    x, y = orient(x, y, c)
    return flip(x, y, c, flip_rule)


def smear_pt(pt, z, a: float, b: float):
    """pT' = pT + f(pT) z for standard-normal draws ``z``, f(pT) = sqrt(a pT^2 + b pT) (eq. 5.1), clipped at 0.

    Negative values are set to 0 (as in the authors' code): the constituent stays in the jet with
    no pT, so it drops out of every pT-weighted step and adds nothing to its pixel.
    """
    return np.maximum(pt + resolution(pt, a, b) * z, 0.0)
