"""Simulation: event generation (Pythia 8, MG5_aMC), the Hidden Valley model, HepMC streaming, the
fast CMS-like detector, Delphes, and the detector closure between the two."""
