"""What each config change reruns: the cases tests/test_workflow.py asserts on the smoke config,
kept as plain data (no test machinery) so that the docs render them as they are (docs/howto/reruns.md)."""

# A key changed on top of the smoke config -> the jobs a dry run schedules after a complete run.
# Counts for config/ci.yaml: 11 CNN points (sculpting raw/jn/en on ID sigma0; cwola ID/DD sigma0/5;
# pt_rot +1 shared by augmentation, sizes and asymptotic; pt_smear +1; full; llp; llp_wrong) and 5
# EFN points (cwola ID/DD sigma0/5; pt_rot +1 of augmentation),
# 5 toy points (weak bce at labels 0.2 and 0.7, full, weak mae and llp), 6 LHC trainings.
# the reproduction ledger reads yields.csv, the pools, the cwola, augmentation and asymptotic tables,
# the toy's label scan and full supervision, and the LHC example's tables
LEDGER = {"reproduction": 1}
AUGMENTED = LEDGER | {"study_sensitivity": 3, "sensitivity": 1, **dict.fromkeys(("fig5_augmentation", "fig6_sizes"), 1)}
AUGMENTED |= {"fig7_asymptotic": 1, "fig8_systematics": 1, "fig4_jet_images": 1, "network_gain": 1}
STUDY = {"study_sensitivity": 1, "sensitivity": 1}
AUGMENTATION_STUDY = STUDY | LEDGER | {"fig5_augmentation": 1, "fig8_systematics": 1, "network_gain": 1}
TOY_FIGURES = ("lp_toy_roc", "lp_label_scan_auc", "lp_label_scan_eps", "lp_outputs", "lp_losses", "lp_breakdown")
TOY_ALL = LEDGER | {"lp_toy_data": 1, "lp_toy_train": 5, "lp_toy_features": 1, **dict.fromkeys(TOY_FIGURES, 1)}
LHC_OUTPUTS = dict.fromkeys(("lp_gluino_met", "lp_gluino_table", "lp_mismodelling", "lp_combination"), 1)
LHC_TRAIN = LEDGER | {"lp_lhc_train": 6, **LHC_OUTPUTS}
SENSITIVITY_FIGURES = {"fig3_cwola": 2, "lp_dijet_vs_cwola": 1}
SENSITIVITY_FIGURES |= dict.fromkeys(("fig5_augmentation", "fig6_sizes", "fig7_asymptotic", "fig8_systematics"), 1)
SENSITIVITY_FIGURES |= {"network_gain": 1}
EVALUATION = LEDGER | {"study_sensitivity": 6, "sensitivity": 1, **SENSITIVITY_FIGURES}
# background_only reads the cwola study's sigma0 = 0 points (both networks)
CNN_ALL = {"train": 11, "fig2_sculpting": 1, "background_only": 1, **EVALUATION}
# the EFN is in the cwola and augmentation studies; the PFN is defined, trained by none
EFN_ALL = LEDGER | {"train": 5, "study_sensitivity": 2, "sensitivity": 1, "fig3_cwola": 2, "network_gain": 1}
EFN_ALL |= {"background_only": 1}
EFN_ALL |= dict.fromkeys(("fig5_augmentation", "fig8_systematics"), 1)
ALL_TRAIN = CNN_ALL | {"train": 16}
LHC_CHUNKS = {"generate": 4, "fastsim": 4}
HV_DD_CHUNK = {"generate": 1, "fastsim": 1, "jets": 1, "pool": 1, "yields": 1, "cutflow": 1, "fig4_jet_images": 1}


# a point's replicas train in one job: a new replica retrains its point (the old replicas give the
# same scores, tests/test_training.py), and every study reading the point reruns its table; the
# unaugmented ID point at sigma0 = 5 is read by every study but sculpting
SHARED_POINT = LEDGER | {"study_sensitivity": 5, "sensitivity": 1, "fig3_cwola": 2, "lp_dijet_vs_cwola": 1}
SHARED_POINT |= dict.fromkeys(("fig5_augmentation", "fig6_sizes", "fig7_asymptotic", "fig8_systematics"), 1)
SHARED_POINT |= {"network_gain": 1}


def study(name, **keys):
    return {"studies": {name: keys}}


def toy(**keys):
    return {"label_proportions": {"toy": keys}}


def lhc(**keys):
    return {"label_proportions": {"lhc": keys}}


RERUNS = [
    # augmentation: only the networks whose method uses the key (+0 copies use none)
    (dict(augmentation=dict(noise_sigma=0.2)), {}),
    # where a training runs is no param; what it computes with is
    (dict(training=dict(threads=2, workers=2, gpus=1)), {}),
    (dict(training=dict(batch_size=32)), ALL_TRAIN),
    # a network's settings and representation: its own trainings only
    (dict(networks=dict(cnn=dict(dropout=0.3))), CNN_ALL),
    (dict(networks=dict(efn=dict(dropout=0.3))), EFN_ALL),
    (dict(networks=dict(pfn=dict(pooling="pt_weighted"))), {}),
    (dict(particles=dict(max_particles=400)), EFN_ALL),
    (dict(images=dict(flip_rule="quadrant")), {**CNN_ALL, "fig4_jet_images": 1}),
    (dict(datasets=dict(test_signal=30)), {"dataset": 4, **ALL_TRAIN}),
    (dict(luminosity_fb=0.2), {"yields": 1, "dataset": 4, **ALL_TRAIN}),
    (dict(samples=dict(qcd=dict(k_factor=0.5))), {"yields": 1, "dataset": 4, **ALL_TRAIN}),
    (
        dict(training=dict(backend="jax")),
        {**ALL_TRAIN, "lp_toy_train": 5, **dict.fromkeys(TOY_FIGURES, 1), **LHC_TRAIN},
    ),
    (dict(augmentation=dict(eta_phi_lambda_gev=0.2)), {}),
    (dict(augmentation=dict(resolution="delphes_cms")), {"train": 3, **AUGMENTED}),
    (dict(augmentation=dict(max_angle_over_pi=0.5)), {"train": 2, **AUGMENTED}),
    # studies: the networks a study adds, its table, sensitivity.csv and its figures
    (study("sculpting", scenario="DD"), {"train": 2, **STUDY, "fig2_sculpting": 1}),
    (study("sculpting", normalizations=["raw", "en"]), {**STUDY, "fig2_sculpting": 1}),
    (
        study("sculpting", replicas=2),
        {
            "dataset": 1,
            "train": 3,
            "study_sensitivity": 2,
            "sensitivity": 1,
            "fig2_sculpting": 1,
            "fig3_cwola": 2,
            "background_only": 1,
            **LEDGER,
        },
    ),  # fmt: skip
    (study("cwola", scenarios=["ID"]), {**STUDY, **LEDGER, "fig3_cwola": 1, "background_only": 1}),
    (study("cwola", sigma0=[0, 5, 8]), {"dataset": 2, "train": 4, **STUDY, **LEDGER, "fig3_cwola": 2}),
    (
        study("cwola", replicas=2),
        {"dataset": 4, "train": 8, **SHARED_POINT, "study_sensitivity": 6, "fig2_sculpting": 1, "background_only": 1},
    ),
    (study("cwola", networks=["cnn"]), {**STUDY, **LEDGER, "fig3_cwola": 2, "background_only": 1}),  # EFN rows leave
    (
        study("augmentation", scenarios=["ID", "DD"]),
        {"train": 2, **STUDY, **LEDGER, "fig5_augmentation": 2, "fig8_systematics": 2, "network_gain": 2},
    ),
    (study("augmentation", sigma0=[5, 8]), {"dataset": 1, "train": 4, **AUGMENTATION_STUDY}),
    (study("augmentation", methods=["pt_rot", "rotation"]), {"train": 2, **AUGMENTATION_STUDY}),
    (study("augmentation", k=2), {"train": 2, **AUGMENTATION_STUDY}),
    (study("augmentation", replicas=2), {"dataset": 1, "train": 4, **SHARED_POINT}),
    (study("augmentation", networks=["cnn"]), AUGMENTATION_STUDY),
    (study("sizes", scenarios=["DD"]), {"train": 2, **STUDY, "fig6_sizes": 1}),
    (study("sizes", sigma0=[0, 5]), {"train": 2, **STUDY, "fig6_sizes": 1}),
    (study("sizes", method="rotation"), {"train": 1, **STUDY, "fig6_sizes": 1}),
    (study("sizes", k=[0, 1, 2]), {"train": 1, **STUDY, "fig6_sizes": 1}),
    (study("sizes", fully_supervised=False), {**STUDY, "fig6_sizes": 1}),
    (study("sizes", replicas=2), {"dataset": 1, "train": 3, **SHARED_POINT}),
    (study("sizes", networks=["cnn", "efn"]), {"train": 1, **STUDY, "fig6_sizes": 1}),  # EFN: its full point
    (study("asymptotic", scenarios=["ID", "DD"]), {"train": 2, **STUDY, **LEDGER, "fig7_asymptotic": 2}),
    (study("asymptotic", sigma0=[5, 8]), {"dataset": 1, "train": 3, **STUDY, **LEDGER, "fig7_asymptotic": 1}),
    (
        study("asymptotic", methods=["pt_smear", "pt_rot", "rotation"]),
        {"train": 1, **STUDY, **LEDGER, "fig7_asymptotic": 1},
    ),
    (study("asymptotic", k=[0, 1, 2]), {"train": 2, **STUDY, **LEDGER, "fig7_asymptotic": 1}),
    (study("asymptotic", replicas=2), {"dataset": 1, "train": 3, **SHARED_POINT}),
    (study("llp", scenarios=["ID", "DD"]), {"train": 2, **STUDY, "lp_dijet_vs_cwola": 2}),
    (study("llp", sigma0=[5, 8]), {"dataset": 1, "train": 3, **STUDY, "lp_dijet_vs_cwola": 1}),
    (study("llp", wrong_label_factor=2), {"train": 1, **STUDY, "lp_dijet_vs_cwola": 1}),
    (study("llp", replicas=2), {"dataset": 1, "train": 3, **SHARED_POINT}),
    # evaluation: every sensitivity table and figure, no network
    (dict(evaluation=dict(working_points=[0.1, 0.01])), {**EVALUATION, "fig2_sculpting": 1}),
    (dict(evaluation=dict(background_systematics=[0.0, 0.05])), EVALUATION),
    # the label-proportion toy
    (toy(events_per_set=600), TOY_ALL),
    (toy(fractions=[0.3, 0.7]), TOY_ALL),
    (toy(test_fraction=0.5), TOY_ALL),
    (toy(validation_fraction=0.3), TOY_ALL),
    (
        toy(label_scan=[0.2, 0.5, 0.7]),
        {"lp_toy_train": 1, "lp_label_scan_auc": 1, "lp_label_scan_eps": 1, "lp_breakdown": 1, **LEDGER},
    ),
    (toy(trainings=3), {"lp_toy_train": 5, **dict.fromkeys(TOY_FIGURES, 1), **LEDGER}),
    (toy(losses=["bce", "mae"]), {"lp_losses": 1}),
    (toy(output_trainings=1), {"lp_outputs": 1}),
    (toy(network=dict(epochs=3)), {"lp_toy_train": 5, **dict.fromkeys(TOY_FIGURES, 1), **LEDGER}),
    # the label-proportion LHC example
    (lhc(tails=["znunu_pthat500"]), {"lp_lhc_events": 1, **LHC_TRAIN}),
    # the detector output is temporary: a new selection regenerates it (bit for bit)
    (lhc(selection=dict(met_min_gev=250.0)), {**LHC_CHUNKS, "met_events": 4, "lp_lhc_events": 1, **LHC_TRAIN}),
    (lhc(test_fraction=0.2), {"lp_lhc_events": 1, **LHC_TRAIN}),
    (lhc(validation_fraction=0.3), {"lp_lhc_events": 1, **LHC_TRAIN}),
    (lhc(background_shares=[0.7, 0.3]), LHC_TRAIN),
    (lhc(signal_shares=[0.3, 0.7]), LHC_TRAIN),
    (lhc(trainings=3), LHC_TRAIN),
    (lhc(network=dict(epochs=4)), LHC_TRAIN),
    (lhc(mismodelling=dict(random_signal_share=0.2)), {"lp_lhc_train": 2, "lp_mismodelling": 1, **LEDGER}),
    (lhc(mismodelling=dict(swap_background_share=0.2)), {"lp_lhc_train": 2, "lp_mismodelling": 1, **LEDGER}),
    (lhc(mismodelling=dict(swap_signal_share=0.2)), {"lp_lhc_train": 2, "lp_mismodelling": 1, **LEDGER}),
    # figure-only keys: the figures and tables that draw with them
    (lhc(background_acceptance=0.02), {"lp_gluino_table": 1, "lp_combination": 1, **LEDGER}),
    (lhc(cut_signal_efficiency=0.3), {"lp_gluino_met": 1, "lp_combination": 1, **LEDGER}),
]
