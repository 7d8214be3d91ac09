"""weaksup: weak-supervision dijet searches with physics-inspired data augmentation.

One subpackage per layer, in the order data flows through them:

- ``sim``: generation (Pythia 8, MG5_aMC), detector simulation (fast or Delphes), their closure;
- ``events``: jets, selection and regions, pools with cross sections, the CWoLa datasets;
- ``inputs``: constituents, augmentations on them, and representations (images, particle arrays);
- ``ml``: networks, losses, labels, stacking, training and scoring;
- ``analysis``: evaluation and sensitivities, then each paper's studies and figures;
- ``ledger``: the reproduction ledger (claims, measures, verdicts) and recorded runs.

``config``, ``seeds`` and ``io`` serve every layer. Physics code is pure: arrays in, arrays out,
randomness through explicit generators.
"""

__version__ = "0.1.0"
