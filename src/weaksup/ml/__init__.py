"""Machine learning: the networks, their losses and settings, labels, early stopping, stacking R
networks side by side, training and scoring."""
