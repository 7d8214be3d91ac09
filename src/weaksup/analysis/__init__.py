"""Analysis of trained networks: ROC curves and sensitivities shared by both papers, then each
paper's studies, figure registry and plots (``cwola``: data augmentation; ``lp``: label proportions)."""
