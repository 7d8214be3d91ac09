# Delphes 3.4.2 card of the paper's chain (detector = delphes): the stock CMS card, as in the paper,
# with the paper's anti-kt R = 0.8 for Delphes' own jet collections.
#
# The workflow does not use Delphes jets: weaksup.sim.delphes reads the particle-flow branches
# (EFlowTrack, EFlowPhoton, EFlowNeutralHadron; written by the stock card's TreeWriter) and the
# jets stage clusters them with FastJet, exactly as for the fast simulation. The override below
# only makes the Jet/FatJet branches of the ROOT file match the analysis for anyone inspecting it.
#
# $env(DELPHES_CARDS) is the stock cards' folder of the Delphes that runs (weaksup.sim.delphes finds it;
# the generation image sets it). Module parameters live
# in Tcl namespaces named after the module, so they can be changed after sourcing the stock card.
# Run by config/paper_chain.yaml and make test-generation: docs/explanation/generation-chain.md.

source $env(DELPHES_CARDS)/delphes_card_CMS.tcl

namespace eval FastJetFinder {
  set ParameterR 0.8
  set JetPTMin 20.0
}
namespace eval FatJetFinder {
  set ParameterR 0.8
}
