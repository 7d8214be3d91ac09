"""What every network family shares: the jets' input names and the seeding of its layers."""

JET_INPUTS = ("leading_jet", "subleading_jet")


class Seeds:
    """Successive integer seeds from a network's seed, one per initializer and dropout layer, so a
    network's initial weights and dropout masks depend on its seed alone (not on what else the
    process built)."""

    def __init__(self, seed: int):
        self.next = int(seed)

    def __call__(self) -> int:
        self.next += 1
        return self.next
