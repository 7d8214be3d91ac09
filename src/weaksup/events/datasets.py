"""CWoLa datasets: background at the expected yields, injected signal, and disjoint splits.

Section 3.2 of the data-augmentation paper. A dataset is a table of event references into the
pools (no event data is copied): one row per event with

    sample   "background" | "signal"
    index    the event's position in its pool
    region   "SR" | "SB"
    truth    1 for signal, 0 for background
    split    "train" | "validation" | "test" | "holdout"

The test set (pure: signal and background in the SR) is drawn first; the mixed training data
(background at the expected SR and SB yields plus the injected signal) come from what is left and
are split into training and validation before any augmentation; the background nobody drew is
kept as ``holdout`` for the sculpting check (section 4.2). No pool event appears twice.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from weaksup.analysis.significance import INJECTION_RULES, signal_for_significance

BACKGROUND_YIELDS = ("expected", "poisson")
SPLITS = ("train", "validation", "test", "holdout")


class PoolTooSmallError(ValueError):
    """A dataset asks for more events than a pool holds (events are never repeated)."""


@dataclass(frozen=True)
class DatasetSettings:
    """The ``datasets`` block of the config (see the schema for each key)."""

    test_signal: int
    test_background: int
    validation_fraction: float = 0.2
    background_yields: str = "expected"
    injection: str = "asimov"

    def __post_init__(self):
        if self.background_yields not in BACKGROUND_YIELDS:
            raise ValueError(f"unknown background_yields {self.background_yields!r}; choose {BACKGROUND_YIELDS}")
        if self.injection not in INJECTION_RULES:
            raise ValueError(f"unknown injection {self.injection!r}; choose one of {INJECTION_RULES}")
        if not 0 < self.validation_fraction < 1:
            raise ValueError(f"validation_fraction must lie in (0, 1), got {self.validation_fraction}")

    @classmethod
    def from_config(cls, datasets: dict) -> "DatasetSettings":
        return cls(**datasets)


@dataclass(frozen=True)
class Counts:
    """Events of one dataset before the NN: background b and signal s in SR and SB."""

    b_sr: int
    b_sb: int
    s_sr: int
    s_sb: int


def injected_signal(sigma0: float, b0: float, signal_sr: int, signal_sb: int, rule: str = "asimov") -> tuple[int, int]:
    """(s0 in SR, s in SB): the signal that gives sensitivity ``sigma0`` before the NN, eq. (4.1).

    The SB receives the SR number scaled by the signal pool's own SB/SR ratio, so the injected
    signal has the m_jj shape the generator predicts.
    """
    if signal_sr == 0:
        raise PoolTooSmallError("the signal pool has no SR events: no signal can be injected")
    s_sr = int(round(signal_for_significance(sigma0, b0, rule)))
    return s_sr, int(round(s_sr * signal_sb / signal_sr))


def dataset_counts(
    sigma0: float, expected_background: dict, signal_pool_regions: dict, settings: DatasetSettings, rng
) -> Counts:
    """Counts of a dataset: background at the expected yields (or Poisson around them), signal by eq. (4.1).

    ``expected_background`` maps region -> expected events at the luminosity; ``signal_pool_regions``
    maps region -> number of signal pool events there. The injection uses the expected SR yield.
    """
    if settings.background_yields == "poisson":
        b_sr, b_sb = (int(rng.poisson(expected_background[r])) for r in ("SR", "SB"))
    else:
        b_sr, b_sb = (int(round(expected_background[r])) for r in ("SR", "SB"))
    s_sr, s_sb = injected_signal(
        sigma0, expected_background["SR"], signal_pool_regions["SR"], signal_pool_regions["SB"], settings.injection
    )
    return Counts(b_sr=b_sr, b_sb=b_sb, s_sr=s_sr, s_sb=s_sb)


def _draw(pool: np.ndarray, needs: list[tuple[str, int]], pool_name: str, region: str) -> list[np.ndarray]:
    """Split a shuffled index array into consecutive draws of the requested sizes (plus the rest)."""
    total = sum(n for _, n in needs)
    if total > len(pool):
        wanted = " + ".join(f"{n} {what}" for what, n in needs)
        raise PoolTooSmallError(
            f"the {pool_name} pool holds {len(pool)} {region} events but this dataset needs {total} "
            f"({wanted}); generate more events or lower the request"
        )
    edges = np.cumsum([0] + [n for _, n in needs])
    return [pool[a:b] for a, b in zip(edges[:-1], edges[1:])] + [pool[total:]]


def build(
    background_regions: np.ndarray,
    signal_regions: np.ndarray,
    counts: Counts,
    settings: DatasetSettings,
    rng: np.random.Generator,
    pool_names: tuple[str, str] = ("background", "signal"),
) -> pd.DataFrame:
    """The dataset table (see the module docstring) drawn at random from the two pools.

    ``background_regions`` and ``signal_regions`` hold each pool event's region ("SR"/"SB").
    """
    background_regions, signal_regions = np.asarray(background_regions), np.asarray(signal_regions)
    shuffled = {
        (sample, region): rng.permutation(np.flatnonzero(regions == region))
        for sample, regions in (("background", background_regions), ("signal", signal_regions))
        for region in ("SR", "SB")
    }
    name = dict(zip(("background", "signal"), pool_names))
    b_test, b_sr, b_sr_rest = _draw(
        shuffled["background", "SR"],
        [("test", settings.test_background), ("training at the expected yield", counts.b_sr)],
        name["background"],
        "SR",
    )
    b_sb, b_sb_rest = _draw(
        shuffled["background", "SB"], [("training at the expected yield", counts.b_sb)], name["background"], "SB"
    )
    s_test, s_sr, _ = _draw(
        shuffled["signal", "SR"], [("test", settings.test_signal), ("injected", counts.s_sr)], name["signal"], "SR"
    )
    s_sb, _ = _draw(shuffled["signal", "SB"], [("injected", counts.s_sb)], name["signal"], "SB")

    def rows(sample, indices, region, split):
        return pd.DataFrame(
            {"sample": sample, "index": indices, "region": region, "truth": int(sample == "signal"), "split": split}
        )

    mixed = pd.concat(
        [rows("background", b_sr, "SR", ""), rows("background", b_sb, "SB", ""), rows("signal", s_sr, "SR", "")]
        + [rows("signal", s_sb, "SB", "")],
        ignore_index=True,
    )
    # 80/20 split of the mixed data, before any augmentation (so no copy of a training event validates)
    n_validation = int(round(settings.validation_fraction * len(mixed)))
    order = rng.permutation(len(mixed))
    mixed.loc[order[:n_validation], "split"] = "validation"
    mixed.loc[order[n_validation:], "split"] = "train"
    table = pd.concat(
        [mixed, rows("background", b_test, "SR", "test"), rows("signal", s_test, "SR", "test")]
        + [rows("background", b_sr_rest, "SR", "holdout"), rows("background", b_sb_rest, "SB", "holdout")],
        ignore_index=True,
    )
    table["index"] = table["index"].astype(np.int64)
    table["truth"] = table["truth"].astype(np.int8)
    return table


def summary(table: pd.DataFrame) -> dict:
    """Event counts per split, sample and region, for the log and the dataset's JSON."""
    counts = table.groupby(["split", "sample", "region"]).size()
    return {"/".join(key): int(n) for key, n in counts.items()}
