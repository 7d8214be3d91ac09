"""The first paper: CWoLa with data augmentation; its studies (which networks to train), figure
registry and plots."""
