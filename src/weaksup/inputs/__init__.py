"""Network inputs: jet constituents, their preprocessing and augmentations, and the representations
(jet images, particle arrays) that turn them into a network's named inputs."""
