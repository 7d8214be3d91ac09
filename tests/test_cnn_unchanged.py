"""The paper's CNN sees and scores exactly what it did before the inputs were split into
augmentations on constituents and representations (issue 22): the digests below were taken at
commit 4fbf42d, before the redesign, with the same seeds.

Images are numpy only, so their bytes hold on any machine; the trained scores hold on the
machine and TensorFlow build that recorded them (this repository's CI machine).
"""

import hashlib

import numpy as np
import pytest
from test_constituents import random_jets

keras = pytest.importorskip("keras")

from test_training import small_dataset, train

from weaksup.inputs import augment
from weaksup.inputs.constituents import flatten_jets
from weaksup.inputs.images import ImageSettings
from weaksup.inputs.pipeline import make_inputs

#: sha256 of the float32 images of copies 0-3 of events 0-39 per method (n_pixels 25, EN, hardest)
IMAGE_DIGESTS = {
    "none": "0ebe3af6cadd66b25f1f123d722f0dd0c17d31a5b8e2e7e0a189a1a42e10157a",
    "pt_smear": "43e6ddb9a7a3e9c918db7025b9f31d38c07a2ecb08afa9f3fc2a7908e339d92f",
    "rotation": "6f4f4c8ce736135232f51d2bca925c757b20ef35b0770b43722618cc716b3163",
    "pt_rot": "0663afda32d7fc2d8484957d0573f1697e5be0da8c539557c9ddfdf499eb1ff5",
    "eta_phi_smear": "5ee3c9ee0a92e7028f06e6ef6232c07523690b37825422f71865d76b425fb909",
    "noise": "bf46ec0033f0cea6410866ad2bc1950a00795c9bef5d6dea4cdd5f2120f25494",
}
#: sha256 of the test scores of a tiny CNN trained with +1 pt_rot (test_training.train)
SCORE_DIGEST = "a7267abacd18051263c8f193eb2fce4a1e499398d0f9036bafebf942c1484f9c"


def digest(array) -> str:
    return hashlib.sha256(np.ascontiguousarray(array).tobytes()).hexdigest()


def cnn_images(method: str) -> np.ndarray:
    pool = flatten_jets(random_jets(40, seed=5))
    ids, copies = np.repeat(np.arange(40), 4), np.tile(np.arange(4), 40)
    return make_inputs(pool, ids, copies, augment.Augmentation(method), 17, ImageSettings())["images"]


@pytest.mark.parametrize("method", augment.METHODS)
def test_the_cnn_images_are_unchanged(method):
    assert digest(cnn_images(method)) == IMAGE_DIGESTS[method]


def test_the_trained_cnn_scores_are_unchanged():
    table, pools = small_dataset()
    _, _, scores = train(table, pools)
    assert digest(scores.score.to_numpy()) == SCORE_DIGEST
