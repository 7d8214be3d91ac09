"""The second paper: weak supervision from label proportions; the toy model, the LHC example
(gluinos against Z + jet), their training, figure registry and plots."""
