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

from . import augment, images
from .images import ImageSettings

#: the state of a worker process: every member's constituents, seed and the image recipe
_WORKER: dict = {}


def _start_worker(events, seeds, augmentation, image):
    _WORKER.update(events=events, seeds=seeds, augmentation=augmentation, image=image)


def _make(member: int, ids, copies) -> np.ndarray:
    return make_images(
        _WORKER["events"][member], ids, copies, _WORKER["seeds"][member], _WORKER["augmentation"], _WORKER["image"]
    )


def make_images(events, ids, copies, seed, augmentation, image: ImageSettings) -> np.ndarray:
    """(len(ids), 2, n, n) images of copy ``copies[i]`` of event ``ids[i]`` (``augment.batch_images``)."""
    return augment.batch_images(
        events, ids, copies, augmentation, seed, image.n_pixels, image.normalization, image.flip_rule
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

    def _local(self, member, ids, copies):
        events, seeds, augmentation, image = self.state
        return make_images(events[member], ids, copies, seeds[member], augmentation, image)

    def images(self, member: int, ids, copies) -> np.ndarray:
        """Images of member ``member``'s examples (ids, copies), split evenly over the workers."""
        if self.pool is None:
            return self._local(member, ids, copies)
        pieces = np.array_split(np.arange(len(ids)), self.workers)
        parts = self.pool.starmap(_make, [(member, ids[p], copies[p]) for p in pieces])
        return np.concatenate(parts)

    def stream(self, requests):
        """The images of each (member, ids, copies) of the iterable ``requests``, in order; with
        workers, up to 2 x workers requests are made ahead while the caller trains."""
        if self.pool is None:
            yield from (self._local(*request) for request in requests)
            return
        pending = collections.deque()
        for request in requests:
            pending.append(self.pool.apply_async(_make, request))
            if len(pending) >= 2 * self.workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
