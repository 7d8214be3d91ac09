"""weaksup: weak-supervision dijet searches with physics-inspired data augmentation.

One module per workflow stage (``generation``, ``detector``, ``delphes``, ``hepmc``, ``jets``, ``pools``,
``closure``), plus small shared helpers (``config``, ``seeds``, ``io``, ``resolution``, ``hidden_valley``,
``records``).
Physics code is pure: arrays in, arrays out, randomness through explicit generators.
"""

__version__ = "0.1.0"
