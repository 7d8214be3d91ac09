"""The CNN trainings' input pipeline: jet images of training examples, made from constituents in
worker processes (config key ``training.workers``).

An image depends only on its key (the member's seed, event id, copy: ``augment.batch_images``),
never on which process made it or in which piece, so the images, and every network trained on
them, are the same whatever the number of workers (tests/test_training.py). Keras-free: worker
processes import numpy and awkward only.
"""

import collections
import multiprocessing

import numpy as np

from weaksup.inputs import augment, images
from weaksup.inputs.images import ImageSettings

#: the state of a worker process: ``ImageMaker.state``
_WORKER: dict = {}


def _start_worker(*state):
    _WORKER["state"] = state


def _make(member: int, ids, copies, state=None) -> np.ndarray:
    """(len(ids), 2, n, n) images of copy ``copies[i]`` of event ``ids[i]`` of ``member``
    (``augment.batch_images``), from ``state`` (by default the worker's)."""
    events, seeds, augmentation, image = state or _WORKER["state"]
    return augment.batch_images(
        events[member], ids, copies, augmentation, seeds[member], image.n_pixels, image.normalization, image.flip_rule
    )


class ImageMaker:
    """Makes the images of several networks' examples, in this process (``workers`` = 1) or in
    ``workers`` processes started once (spawned: the training process may hold Keras threads).

    ``events[m]`` and ``seeds[m]`` are member m's constituents (``images.flatten_jets``) and seed.
    Use as a context manager, so the workers end with the job.
    """

    def __init__(self, events: list[images.Constituents], seeds, augmentation, image: ImageSettings, workers: int = 1):
        if workers < 1:
            raise ValueError(f"training.workers must be at least 1, got {workers}")
        self.workers, self.state = workers, (list(events), list(seeds), augmentation, image)
        self.pool = None
        if workers > 1:
            context = multiprocessing.get_context("spawn")
            self.pool = context.Pool(workers, initializer=_start_worker, initargs=self.state)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()

    def images(self, member: int, ids, copies) -> np.ndarray:
        """Images of member ``member``'s examples (ids, copies), split evenly over the workers."""
        if self.pool is None:
            return _make(member, ids, copies, self.state)
        pieces = np.array_split(np.arange(len(ids)), self.workers)
        parts = self.pool.starmap(_make, [(member, ids[p], copies[p]) for p in pieces])
        return np.concatenate(parts)

    def stream(self, requests):
        """The images of each (member, ids, copies) of the iterable ``requests``, in order; with
        workers, up to 2 x workers requests are made ahead while the caller trains."""
        if self.pool is None:
            yield from (_make(*request, self.state) for request in requests)
            return
        pending = collections.deque()
        for request in requests:
            pending.append(self.pool.apply_async(_make, request))
            if len(pending) >= 2 * self.workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
