"""Scores of trained networks: a stack's or one network's outputs for named inputs, in chunks."""

import keras
import numpy as np

from weaksup.inputs import pipeline
from weaksup.ml import networks

#: events per call when scoring (inference only)
SCORE_BATCH = 4096


def predict(model: keras.Model, inputs: dict, settings=None) -> np.ndarray:
    """``model``'s outputs for named ``inputs`` (a stack's; with ``settings``, one network's, whose
    family maps the representation's inputs to the model's), ``SCORE_BATCH`` events per call of its
    compiled prediction (``predict_on_batch``: ``predict`` costs ~40 ms per call more, as much as
    an epoch's steps at the default sizes)."""
    adapt = networks.member_inputs(settings)
    n = pipeline.size(inputs)
    outputs = [
        model.predict_on_batch(adapt(pipeline.take(inputs, slice(start, start + SCORE_BATCH))))
        for start in range(0, n, SCORE_BATCH)
    ]
    return np.concatenate([keras.ops.convert_to_numpy(o) for o in outputs])


def score(net: keras.Model, settings, maker: pipeline.InputMaker, member: int, rows) -> np.ndarray:
    """A network's scores in [0, 1] for the unaugmented events ``rows`` of member ``member``."""
    if not len(rows):
        return np.empty(0, np.float32)
    return np.ravel(predict(net, maker.inputs(member, rows, np.zeros_like(rows)), settings))
