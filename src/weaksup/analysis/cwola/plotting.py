"""Figures: one function per figure, data in, matplotlib figure out; ``save`` writes PDF and PNG.

A consistent style for every figure of the workflow: labelled axes with units, colour bars with
units, no hidden file I/O (the rule scripts read the inputs and call ``save``).
"""

import itertools
from pathlib import Path

import awkward as ak
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.colors import LogNorm  # noqa: E402

from weaksup.analysis.evaluation import threshold_at_efficiency  # noqa: E402
from weaksup.inputs import images  # noqa: E402
from weaksup.inputs.constituents import flatten_jets  # noqa: E402
from weaksup.inputs.pipeline import make_inputs  # noqa: E402
from weaksup.io import atomic_path  # noqa: E402

plt.rcParams.update({"font.size": 10, "axes.titlesize": 10, "figure.dpi": 100, "savefig.bbox": "tight"})

METHOD_LABELS = {
    "none": "no augmentation",
    "pt_smear": r"$p_T$ smearing",
    "rotation": "jet rotation",
    "pt_rot": r"$p_T$ smearing + rotation",
    "eta_phi_smear": r"$(\eta, \phi)$ smearing",
    "noise": "pixel noise",
}


def percent(fraction: float) -> str:
    """0.01 -> '1%' (working points and systematics in labels)."""
    return f"{100 * fraction:g}%"


SUPERVISION_LABELS = {
    "cwola": "CWoLa (SR = 1, SB = 0)",
    "full": "fully supervised",
    "llp": "label proportions, injected fractions",
    "llp_wrong": "label proportions, scaled fractions",
}


#: methods of the four panels of figure 4's first row
FIG4_METHODS = (
    ("none", "(a) preprocessed"),
    ("pt_smear", "(b) $p_T$ smearing"),
    ("rotation", "(c) rotation"),
    ("pt_rot", "(d) $p_T$ smearing + rotation"),
)


def save(fig, *paths) -> None:
    """Write ``fig`` to each path (format from the suffix), atomically; close it."""
    for path in paths:
        with atomic_path(path) as tmp:
            fig.savefig(tmp, format=Path(path).suffix.lstrip("."), dpi=150)
    plt.close(fig)


def _show_image(ax, image, norm, half_width=1.0):
    """Draw one jet image (axis 0 = eta', axis 1 = phi') with eta' horizontal."""
    extent = (-half_width, half_width, -half_width, half_width)
    artist = ax.imshow(np.ma.masked_less_equal(image.T, 0), origin="lower", extent=extent, norm=norm, cmap="viridis")
    ax.set_xlabel(r"$\eta'$")
    ax.set_ylabel(r"$\phi'$")
    return artist


def fig4_jet_images(pools: dict, augmentations: dict, n_pixels: int, flip_rule: str, seed: int, max_events: int = 5000):
    """Figure 4: one jet without and with each augmentation; average jet images per sample.

    ``pools`` maps a sample name to its selected events (the pool's ``jets`` field is used), the
    signal sample first: the single jet is the leading jet of its first event with at least 40
    constituents; its augmented versions (``augmentations``: method -> ``augment.Augmentation``)
    are copy 1 of that event, exactly as training sees it. Images in GeV.
    """
    empty = [name for name, pool in pools.items() if len(pool) == 0]
    if empty:
        raise ValueError(f"figure 4 needs selected events; empty pools: {', '.join(empty)}")
    signal = next(iter(pools))
    jets = pools[signal].jets
    n_const = ak.to_numpy(ak.num(jets.constituents[:, 0]))
    event = int(np.argmax(n_const >= 40))
    pool = flatten_jets(jets[: event + 1])
    raw = images.ImageSettings(n_pixels, "raw", flip_rule)
    row1 = []
    for method, _ in FIG4_METHODS:
        copy = 0 if method == "none" else 1
        row1.append(make_inputs(pool, [event], [copy], augmentations[method], seed, raw)["images"][0, 0])
    averages = {
        name: images.jet_images(pool.jets[:max_events], n_pixels, "raw", flip_rule).mean(axis=(0, 1))
        for name, pool in pools.items()
    }

    fig, axes = plt.subplots(2, 4, figsize=(15, 7), constrained_layout=True)
    top = max(image.max() for image in row1)
    norm = LogNorm(vmin=max(top * 1e-4, 1e-3), vmax=top)
    for ax, image, (_, title) in zip(axes[0], row1, FIG4_METHODS):
        artist = _show_image(ax, image, norm)
        ax.set_title(f"{title}\n{signal}, event {event}, leading jet")
    fig.colorbar(artist, ax=axes[0], label=r"pixel $p_T$ [GeV]")

    top = max(image.max() for image in averages.values())
    norm = LogNorm(vmin=top * 1e-5, vmax=top)
    for ax, (name, image) in zip(axes[1], averages.items()):
        artist = _show_image(ax, image, norm)
        n = min(len(pools[name]), max_events)
        ax.set_title(f"average jet image, {name}\n({n} events, both jets)")
    for ax in axes[1, len(averages) :]:
        ax.axis("off")
    fig.colorbar(artist, ax=axes[1], label=r"mean pixel $p_T$ [GeV]")
    return fig


def fig2_sculpting(scores: dict, working_points, regions: dict, n_bins: int = 20):
    """Figure 2: background m_jj without and with NN cuts, and the cut efficiency versus m_jj.

    ``scores[normalization]`` is a list (one per trained replica) of tables of unseen background
    events (``mjj`` in GeV, ``region``, ``score``). Each cut keeps the fraction eps_SB of that
    replica's SB events; counts after a cut are scaled by 0.5 / eps_SB (x5, x50, x500 as in the
    paper). A flat efficiency means no sculpting; a rise into the SR means the network learned m_jj.
    """
    windows = [w for region in regions.values() for w in region]
    edges = np.linspace(min(w[0] for w in windows), max(w[1] for w in windows), n_bins + 1)
    centres, width = 0.5 * (edges[1:] + edges[:-1]), edges[1] - edges[0]
    fig, axes = plt.subplots(
        2,
        len(working_points),
        figsize=(4.2 * len(working_points), 6),
        sharex=True,
        squeeze=False,
        gridspec_kw={"height_ratios": [2, 1]},
        layout="constrained",
    )
    all_mjj = np.concatenate([table.mjj.to_numpy() for table in next(iter(scores.values()))])
    n_replicas = len(next(iter(scores.values())))
    total, _ = np.histogram(all_mjj, edges)
    for column, eps in enumerate(working_points):
        top, bottom = axes[0, column], axes[1, column]
        top.stairs(total / n_replicas, edges, color="black", label="No cut")
        for normalization, tables in scores.items():
            passing, seen = np.zeros(n_bins), np.zeros(n_bins)
            for table in tables:
                keep = table.score.to_numpy() > threshold_at_efficiency(table.score[table.region == "SB"], eps)
                passing += np.histogram(table.mjj[keep], edges)[0]
                seen += np.histogram(table.mjj, edges)[0]
            label = {"raw": "Raw", "jn": "JN", "en": "EN"}.get(normalization, normalization)
            scale = 0.5 / eps
            line = top.stairs(scale * passing / len(tables), edges, label=f"{label} (x{scale:g})")
            efficiency = np.divide(passing, seen, out=np.zeros(n_bins), where=seen > 0)
            error = np.sqrt(np.divide(efficiency * (1 - efficiency), seen, out=np.zeros(n_bins), where=seen > 0))
            bottom.errorbar(centres, efficiency, yerr=error, xerr=width / 2, fmt="o", ms=3, color=line.get_edgecolor())
        bottom.axhline(eps, color="grey", ls="--", lw=1)
        for low, high in regions["SR"]:
            for ax in (top, bottom):
                ax.axvspan(low, high, color="grey", alpha=0.1, lw=0)
        top.set_title(rf"$\varepsilon_{{SB}}$ = {percent(eps)}")
        top.set_ylabel(f"Background events / {width:g} GeV")
        bottom.set_ylabel(r"NN cut efficiency $\varepsilon$")
        bottom.set_xlabel(r"$m_{jj}$ [GeV]")
        top.legend(fontsize=8)
    return fig


_AXIS_LABELS = {
    "sigma0": r"Sensitivity before NN cut, $\sigma_{\rm before}$ [$\sigma$]",
    "k": r"Augmented copies per event, $+k$",
}
_PANEL_TITLES = {
    "eps_b": lambda v: rf"$\varepsilon_b$ = {percent(v)}",
    "sigma0": lambda v: rf"$\sigma_{{\rm before}}$ = {v:g}",
    "background_systematic": lambda v: rf"$\sigma_b / b$ = {percent(v)}",
}


def sensitivity_figure(table, spec, scenario: str):
    """A sensitivity figure (3, 5, 6, 7 or 8): sigma_after (mean, std over replicas) per curve.

    ``table`` comes from ``figures.figure_table``; ``spec`` is its ``figures.SensitivityFigure``.
    The grey dotted line is the sensitivity before the NN cut (the diagonal against sigma_before,
    a horizontal line against +k).
    """
    row_values = sorted(table[spec.rows].unique()) if spec.rows else [None]
    column_values = list(dict.fromkeys(table[spec.columns])) if spec.columns else [None]
    fig, axes = plt.subplots(
        len(row_values),
        len(column_values),
        figsize=(4.2 * len(column_values), 3.8 * len(row_values)),
        squeeze=False,
        layout="constrained",
    )
    for (i, row_value), (j, column_value) in itertools.product(enumerate(row_values), enumerate(column_values)):
        ax, panel = axes[i, j], table
        if spec.rows:
            panel = panel[panel[spec.rows] == row_value]
        if spec.columns:
            panel = panel[panel[spec.columns] == column_value]
        for label, curve in panel.groupby("series", sort=False):
            x = curve.sigma_before if spec.x == "sigma0" else curve[spec.x]
            ax.errorbar(x, curve.sigma_after_mean, yerr=curve.sigma_after_std, marker="o", ms=4, capsize=3, label=label)
        if spec.x == "sigma0":
            limit = max(panel.sigma_before.max(), 1.0)
            ax.plot([0, limit], [0, limit], color="grey", ls=":", label="before NN cut")
        else:
            ax.axhline(panel.sigma_before.mean(), color="grey", ls=":", label="before NN cut")
        titles = [
            _PANEL_TITLES[key](value) for key, value in ((spec.rows, row_value), (spec.columns, column_value)) if key
        ]
        ax.set_title(", ".join([f"{scenario}"] + titles))
        ax.set_xlabel(_AXIS_LABELS[spec.x])
        ax.set_ylabel(r"Sensitivity after NN cut, $\sigma_{\rm after}$ [$\sigma$]")
        ax.set_xlim(0, None)
        ax.set_ylim(0, None)
        ax.legend(fontsize=7)
    fig.suptitle(f"{spec.title} ({scenario} scenario); error bars: std over replicas", fontsize=10)
    return fig


def network_gain(table, scenario: str):
    """Beyond the paper: does augmentation help each network as it helps the CNN? From
    ``figures.network_gain_table``: (a) the learning threshold of each network without and with
    each augmentation, (b) the gain in sigma_after over the same network's +0 and (c) the ratio of
    the replica spreads, both at each sigma0's best working point."""
    networks = list(dict.fromkeys(table.network))
    augmentations = sorted(dict.fromkeys(zip(table.method, table.k)), key=lambda a: a[1] > 0)  # +0 first
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.2), layout="constrained")
    width = 0.8 / len(augmentations)
    for i, (method, k) in enumerate(augmentations):
        label = METHOD_LABELS["none"] if k == 0 else f"{METHOD_LABELS[method]} +{k}"
        curves = table[(table.method == method) & (table.k == k)]
        points = curves.groupby("network", sort=False)[["threshold", "threshold_error"]].first().reindex(networks)
        x = np.arange(len(networks)) + (i - (len(augmentations) - 1) / 2) * width
        color = f"C{i}"  # one colour per augmentation, one line style per network
        axes[0].errorbar(x, points.threshold, yerr=points.threshold_error, fmt="o", capsize=3, label=label, color=color)
        if k == 0:
            continue
        for network, curve in curves.groupby("network", sort=False):
            style = {"ls": ("-", "--", ":", "-.")[networks.index(network) % 4], "marker": "o", "ms": 4, "color": color}
            name = f"{network}: {label}"
            axes[1].errorbar(curve.sigma_before, curve.gain, yerr=curve["sem"], capsize=3, label=name, **style)
            axes[2].plot(curve.sigma_before, curve.spread_ratio, label=name, **style)
    axes[0].set(
        xticks=range(len(networks)),
        xticklabels=networks,
        xlabel="network",
        ylabel=r"learning threshold, $\sigma_{\rm before}$ [$\sigma$]",
        title=f"(a) where the NN cut starts to help ({scenario})",
    )
    axes[1].axhline(0, color="grey", ls=":")
    axes[1].set(
        xlabel=r"Sensitivity before NN cut, $\sigma_{\rm before}$ [$\sigma$]",
        ylabel=r"$\sigma_{\rm after}(+k) - \sigma_{\rm after}(+0)$ [$\sigma$]",
        title="(b) gain over the same network without augmentation",
    )
    axes[2].axhline(1, color="grey", ls=":")
    axes[2].set(
        xlabel=r"Sensitivity before NN cut, $\sigma_{\rm before}$ [$\sigma$]",
        ylabel=r"replica std of $\sigma_{\rm after}$: $+k$ / $+0$",
        title="(c) replica spread with augmentation",
    )
    for ax in axes:
        ax.legend(fontsize=7)
    fig.suptitle(f"Augmentation gain by network ({scenario} scenario; best working point per point)", fontsize=10)
    return fig


def background_only(table):
    """Beyond the paper: networks trained on background alone (sigma0 = 0), from
    ``figures.background_only_table``: per network and scenario, each replica's AUC (a) for signal
    against background in the SR test set and (b) for the SR against the SB on held-out background.
    0.5 (dotted) is a network that selects nothing of either."""
    groups = list(dict.fromkeys(zip(table.network, table.scenario)))
    fig, axes = plt.subplots(1, 2, figsize=(11, 4), layout="constrained")
    for ax, column, title in (
        (axes[0], "auc_signal", "(a) signal vs background, SR test set"),
        (axes[1], "auc_sr_vs_sb", "(b) SR vs SB, held-out background"),
    ):
        for i, (network, scenario) in enumerate(groups):
            values = table[(table.network == network) & (table.scenario == scenario)][column].dropna()
            ax.plot(np.full(len(values), i), values, "o", color=f"C{i}", alpha=0.6)
            if len(values):
                ax.errorbar(i + 0.15, values.mean(), yerr=values.std(ddof=0), fmt="_", ms=14, capsize=4, color="black")
        ax.axhline(0.5, color="grey", ls=":")
        ax.set(
            xticks=range(len(groups)),
            xticklabels=[f"{network}\n{scenario}" for network, scenario in groups],
            ylim=(0, 1),
            xlabel="network, scenario",
            ylabel="AUC",
            title=title,
        )
    fig.suptitle(r"Trained on background only ($\sigma_0$ = 0): dots replicas, bars mean $\pm$ std", fontsize=10)
    return fig


def detector_closure(table, sums: dict):
    """The detector closure (weaksup.sim.closure): per sample (rows), the fast simulation against
    Delphes in jet pT response, m_jj response, candidates per selected jet by kind, and the radial
    pT profile of the mean leading-jet image of the selected events."""
    from weaksup.sim.closure import KINDS, radial_profile, tracker_responses

    samples = list(dict.fromkeys(table["sample"]))
    fig, axes = plt.subplots(len(samples), 4, figsize=(16, 3.4 * len(samples)), squeeze=False)
    style = {
        "fastsim": {"color": "C0", "label": "fast simulation"},
        "delphes": {"color": "C3", "label": "Delphes 3.4.2"},
    }
    for row, sample in zip(axes, samples):
        for detector, group in table[table["sample"] == sample].groupby("detector", sort=False):
            response = tracker_responses(group)
            row[0].hist(response, bins=np.linspace(0.7, 1.3, 61), histtype="step", density=True, **style[detector])
            row[1].hist(
                group["mjj"] / group["gen_mjj"],
                bins=np.linspace(0.7, 1.3, 61),
                histtype="step",
                density=True,
                **style[detector],
            )
            info = sums[(sample, detector)]
            per_jet = [info[f"jet_n_{kind}"] / max(info["jets"], 1) for kind in KINDS]
            offset = -0.2 if detector == "fastsim" else 0.2
            row[2].bar(np.arange(len(KINDS)) + offset, per_jet, width=0.4, **style[detector])
            edges, profile = radial_profile(np.asarray(info["image"])[0])
            row[3].stairs(profile, edges, **style[detector])
        row[0].set(
            xlabel=r"$p_T^{\rm reco} / p_T^{\rm truth}$ (truth jets $p_T > 500$ GeV, $|\eta| < 2$)",
            ylabel=f"{sample}: jets (normalized)",
        )
        row[1].set(xlabel=r"$m_{jj}^{\rm reco} / m_{jj}^{\rm truth}$", ylabel="events (normalized)")
        row[2].set(
            xticks=range(len(KINDS)),
            xticklabels=[k.replace("_", " ") + "s" for k in KINDS],
            ylabel="candidates per selected jet",
        )
        row[3].set(xlabel=r"distance $r$ from the jet axis in the image", ylabel=r"share of the leading jet's $p_T$")
        row[0].legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    return fig
