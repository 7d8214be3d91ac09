"""One registry style for the figures and tables of both papers: an ``Output`` per name.

Each paper's registry (``weaksup.analysis.cwola.figures``, ``weaksup.analysis.lp.figures``) maps
a name to an ``Output``: its report category, the files it is made from (by role, from the
config), the config values it depends on (the rule's params, so it reruns exactly when one
changes), the function that makes it, and whether it is drawn once or once per scenario. The
rules (one per output, workflow/rules/figures.smk), ``rule all``, the report and the tests are
built from the registries; one script (workflow/scripts/figure.py) loads the inputs, calls
``make`` and writes.
"""

from collections.abc import Callable
from dataclasses import dataclass

from weaksup import io


def _nothing(config: dict) -> dict:
    return {}


def _always(config: dict) -> bool:
    return True


@dataclass(frozen=True)
class Output:
    """One figure (PDF + PNG) and/or table (CSV).

    ``inputs``: config -> role -> files;
    ``settings``: config -> the values it depends on (builtins); ``make``: (loaded inputs by role,
    settings, scenario or None) -> (figure or None, table or None); ``scenarios``: config -> the
    scenarios it is drawn for (None: drawn once); ``wanted``: config -> whether ``rule all`` makes
    it; ``study``: the study it needs (None: none); ``load``: path -> what ``make`` receives (by
    default ``io.read``: a pandas table or a JSON document).
    """

    category: str
    inputs: Callable[[dict], dict[str, list[str]]]
    make: Callable
    settings: Callable[[dict], dict] = _nothing
    figure: bool = True
    table: bool = False
    scenarios: Callable[[dict], list[str]] | None = None
    wanted: Callable[[dict], bool] = _always
    study: str | None = None
    load: Callable = io.read

    @property
    def suffix(self) -> str:
        """What follows the name in its files: the scenario wildcard for a per-scenario output."""
        return "_{scenario}" if self.scenarios else ""

    def files(self, name: str, config: dict) -> list[str]:
        """The PDF and/or CSV of every instance the config asks for (none if not ``wanted``)."""
        if not self.wanted(config):
            return []
        suffixes = [f"_{s}" for s in self.scenarios(config)] if self.scenarios else [""]
        files = []
        for suffix in suffixes:
            files += [f"results/figures/{name}{suffix}.pdf"] * self.figure
            files += [f"results/tables/{name}{suffix}.csv"] * self.table
        return files


def figures() -> dict[str, Output]:
    """Both papers' registries in one (imported here: each imports this module's ``Output``)."""
    from weaksup.analysis.cwola.figures import FIGURES as CWOLA
    from weaksup.analysis.lp.figures import FIGURES as LABEL_PROPORTIONS

    return {**CWOLA, **LABEL_PROPORTIONS}


def output_files(config: dict) -> list[str]:
    """Every figure and table of both papers the config asks for."""
    return [file for name, output in figures().items() for file in output.files(name, config)]
