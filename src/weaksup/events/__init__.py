"""Events: jets (anti-kt), the selection and its regions, missing energy, merged pools with their
cross sections, and the CWoLa datasets mixed from them."""
