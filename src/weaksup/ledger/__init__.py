"""The reproduction ledger: every claim of both papers as data, the measures that test it and the
verdict rule, plus recorded runs of the paper's chain."""
