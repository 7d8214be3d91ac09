"""The trainings' input pipeline: a network's named inputs for its training examples, made from
constituents (augmented, then represented) in worker processes (config key ``training.workers``).

An input depends only on its key (the member's seed, event id, copy: ``augment.augment``), never
on which process made it or in which piece, so the inputs, and every network trained on them, are
the same whatever the number of workers (tests/test_training.py). Keras-free: worker processes
import numpy and awkward only.
"""

import collections
import multiprocessing

import numpy as np

from weaksup.inputs import augment
from weaksup.inputs.constituents import Constituents

#: the state of a worker process: ``InputMaker.state``
_WORKER: dict = {}


def _start_worker(*state):
    _WORKER["state"] = state


def make_inputs(pool: Constituents, ids, copies, augmentation, seed: int, representation) -> dict[str, np.ndarray]:
    """The named inputs of ``representation`` (name -> (len(ids), ...)) of copy ``copies[i]`` of
    event ``ids[i]`` of ``pool``: its constituents augmented (``augment.augment``), then represented."""
    jets, examples = augment.augment(pool, ids, copies, augmentation, seed, representation.flip_rule)
    return representation.make(jets, examples, augmentation, seed)


def _make(member: int, ids, copies, state=None) -> dict[str, np.ndarray]:
    """``make_inputs`` of member ``member``'s examples, from ``state`` (by default the worker's)."""
    events, seeds, augmentation, representation = state or _WORKER["state"]
    return make_inputs(events[member], ids, copies, augmentation, seeds[member], representation)


def concatenate(parts: list[dict]) -> dict[str, np.ndarray]:
    """Named inputs of several batches, in order, as one."""
    return {name: np.concatenate([part[name] for part in parts]) for name in parts[0]}


def take(inputs: dict, index) -> dict[str, np.ndarray]:
    """The rows ``index`` (an index array or a slice) of every named input."""
    return {name: array[index] for name, array in inputs.items()}


def stacked(members: list[dict]) -> dict[str, np.ndarray]:
    """Members' named inputs (n, ...) side by side: (n, R, ...)."""
    return {name: np.stack([m[name] for m in members], axis=1) for name in members[0]}


def size(inputs: dict) -> int:
    """The number of rows of named inputs."""
    return len(next(iter(inputs.values())))


class InputMaker:
    """Makes several networks' inputs for their examples, in this process (``workers`` = 1) or in
    ``workers`` processes started once (spawned: the training process may hold Keras threads).

    ``events[m]`` and ``seeds[m]`` are member m's constituents (``constituents.flatten_jets``) and
    seed; ``representation`` (``weaksup.inputs.representations``) turns augmented constituents
    into inputs. Use as a context manager, so the workers end with the job.
    """

    def __init__(self, events: list[Constituents], seeds, augmentation, representation, workers: int = 1):
        if workers < 1:
            raise ValueError(f"training.workers must be at least 1, got {workers}")
        for pool in events:
            representation.check(pool)
        self.workers, self.state = workers, (list(events), list(seeds), augmentation, representation)
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

    def inputs(self, member: int, ids, copies) -> dict[str, np.ndarray]:
        """Inputs of member ``member``'s examples (ids, copies), split evenly over the workers."""
        if self.pool is None:
            return _make(member, ids, copies, self.state)
        pieces = np.array_split(np.arange(len(ids)), self.workers)
        return concatenate(self.pool.starmap(_make, [(member, ids[p], copies[p]) for p in pieces]))

    def stream(self, requests):
        """The inputs of each (member, ids, copies) of the iterable ``requests``, in order; with
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
