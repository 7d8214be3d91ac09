"""Sphinx extension of the weaksup docs: pages generated from the repository's own sources.

- ``reference/config``: every config key, from ``workflow/schemas/config.schema.yaml`` (one source:
  a key added to the schema appears here without anyone typing it), with its embedded default
  from ``config/config.yaml``. A key without a description is a warning naming the key.
- ``{rule-graph}``: the workflow's rule graph (``snakemake --rulegraph`` of the default config): a
  table of each rule, its rule file and the rules it reads from, and the graph itself where
  Graphviz's ``dot`` is installed.
- ``{reruns}``: what each config change reruns, the cases ``tests/test_workflow.py`` asserts.
- ``{record}``, ``{record-table}`` and ``{ledger}``: a recorded run (``docs/records/<name>/``), a
  table of one of its CSV files, and its reproduction ledger, so that no measured number is typed
  into a page by hand. A missing record file is a warning naming the page and the file.

``make docs`` turns every warning into an error, so each of these fails the build.
"""

import json
import math
import re
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import yaml
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "workflow/schemas/config.schema.yaml"
DEFAULTS = ROOT / "config/config.yaml"
RECORDS = ROOT / "docs/records"
CONFIG_PAGE, CONFIG_MARKER = "reference/config", "<!-- config-reference -->"


# --- the config reference, from the schema


def _resolve(node: dict, defs: dict) -> dict:
    """``node`` with its ``$ref`` and ``allOf`` references merged in (its own keys win)."""
    merged = {}
    refs = [node] + [part for part in node.get("allOf", []) if "$ref" in part]
    for part in reversed(refs):
        if "$ref" in part:
            merged.update(_resolve(defs[part["$ref"].rsplit("/", 1)[1]], defs))
    merged.update({key: value for key, value in node.items() if key not in ("$ref", "allOf")})
    return merged


def _type(node: dict, defs: dict) -> str:
    """A short type: an enum's values, a const, an array's item type, a map's value type."""
    node = _resolve(node, defs)
    if "enum" in node:
        return "one of " + ", ".join(f"`{value}`" for value in node["enum"])
    if "const" in node:
        return f"`{node['const']}`"
    kind = node.get("type", "object" if "properties" in node or "additionalProperties" in node else "any")
    if isinstance(kind, list):
        return " or ".join(kind)
    if kind == "array" and "items" in node:
        return f"list of {_type(node['items'], defs)}"
    if kind == "object" and isinstance(node.get("additionalProperties"), dict) and "properties" not in node:
        return "map: name -> " + _type(node["additionalProperties"], defs)
    return kind


def _children(node: dict, defs: dict):
    """(segment, child schema, qualifier) of an object's keys: its properties, ``<name>`` of a map,
    and the branches of ``if kind == X then ...`` (the networks block)."""
    node = _resolve(node, defs)
    for key, child in node.get("properties", {}).items():
        yield key, child, ""
    extra = node.get("additionalProperties")
    if isinstance(extra, dict):
        extra_resolved = _resolve(extra, defs)
        if "properties" in extra_resolved or isinstance(extra_resolved.get("additionalProperties"), dict):
            yield "<name>", extra, ""
        for branch in extra.get("allOf", []):
            if "then" in branch:
                kind = branch["if"]["properties"]["kind"]["const"]
                for key, child, _ in _children(branch["then"], defs):
                    yield f"<name>.{key}", child, f"kind `{kind}`"


def config_keys(schema: dict) -> list[dict]:
    """Every key of the schema in its order: ``path`` (dotted, ``<name>`` for a map's entries),
    ``type``, ``description`` and ``qualifier``; ValueError naming the first key without a description."""
    defs, keys = schema.get("$defs", {}), []

    def walk(node, path, qualifier):
        description = node.get("description") or _resolve(node, defs).get("description")
        if not description:
            raise ValueError(f"config key '{path}' in {SCHEMA.relative_to(ROOT)} has no description")
        keys.append({"path": path, "type": _type(node, defs), "description": description, "qualifier": qualifier})
        for segment, child, child_qualifier in _children(node, defs):
            if segment != "<name>":
                walk(child, f"{path}.{segment}", child_qualifier or qualifier)
            else:
                for inner, grandchild, inner_qualifier in _children(child, defs):
                    walk(grandchild, f"{path}.<name>.{inner}", inner_qualifier or qualifier)

    for key, node in schema["properties"].items():
        walk(node, key, "")
    return keys


def _default(config: dict, path: str):
    value = config
    for segment in path.split("."):
        if not isinstance(value, dict) or segment not in value:
            return None
        value = value[segment]
    return value


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _short(value) -> str:
    text = json.dumps(value)
    return f"`{text}`" if len(text) <= 40 else f"`{text[:37]}...`"


def config_reference(schema: dict, defaults: dict) -> str:
    """The reference as Markdown: a section per top-level key, its keys below it as a definition
    list (term: the key, its type and embedded default; definition: its description)."""
    keys, out = config_keys(schema), []
    for key in keys:
        default = _default(defaults, key["path"])
        shown_default = f"default {_short(default)}" if default is not None and not isinstance(default, dict) else ""
        facts = "; ".join(filter(None, (key["type"], key["qualifier"], shown_default)))
        if "." not in key["path"]:
            out += [f"## `{key['path']}`", "", key["description"], "", facts[:1].upper() + facts[1:] + ".", ""]
        else:
            out += [f"`{key['path']}` ({facts})", f": {key['description']}", ""]
    return "\n".join(out)


def _inject_config_reference(app, docname, source):
    if docname != CONFIG_PAGE:
        return
    if CONFIG_MARKER not in source[0]:
        logger.warning(f"no {CONFIG_MARKER} line to put the config reference at", location=docname)
        return
    try:
        text = config_reference(yaml.safe_load(SCHEMA.read_text()), yaml.safe_load(DEFAULTS.read_text()))
    except ValueError as error:
        logger.warning(str(error), location=docname)
        text = ""
    source[0] = source[0].replace(CONFIG_MARKER, text)


# --- tables from the repository: rule graph, records


def _markdown_table(frame: pd.DataFrame) -> str:
    lines = ["| " + " | ".join(_cell(column) for column in frame.columns) + " |", "|" + "---|" * frame.shape[1]]
    lines += ["| " + " | ".join(_cell(value) for value in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join(lines)


def without_target_rule(dot: str, rule: str = "all") -> str:
    """``dot`` without ``rule`` (the target rule asks for every output: edges from all of them),
    laid out left to right so that the graph fits a page's width."""
    node = re.search(rf'^\s*(\d+)\[label = "{rule}"', dot, flags=re.M)
    if node:
        dot = re.sub(rf"^\s*({node.group(1)}\[.*|\d+ -> {node.group(1)})\n", "", dot, flags=re.M)
    return dot.replace("{", "{\n    rankdir=LR;", 1)


def rule_graph(dot: str, rule_files: dict) -> pd.DataFrame:
    """The rules of a ``snakemake --rulegraph`` graph in order: rule, its rule file, the rules it reads from."""
    labels = dict(re.findall(r'^\s*(\d+)\[label = "([^"]+)"', dot, flags=re.M))
    upstream = {node: [] for node in labels}
    for source, target in re.findall(r"^\s*(\d+) -> (\d+)", dot, flags=re.M):
        upstream[target].append(labels[source])
    rows = [
        (f"`{labels[node]}`", f"`{rule_files[labels[node]]}`", ", ".join(sorted(upstream[node]))) for node in labels
    ]
    return pd.DataFrame(rows, columns=["rule", "rule file", "reads the outputs of"])


class RuleGraph(SphinxDirective):
    """The rule graph of the default workflow, generated by Snakemake when the docs are built."""

    def run(self):
        command = [sys.executable, "-m", "snakemake", "--rulegraph", "--cores", "1", "--quiet", "all"]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        if done.returncode != 0 or "digraph" not in done.stdout:
            logger.warning(f"`{' '.join(command[1:])}` failed:\n{done.stderr[-2000:]}", location=self.get_location())
            return []
        dot = without_target_rule(done.stdout[done.stdout.index("digraph") :])
        rule_files = {}
        for path in sorted((ROOT / "workflow/rules").glob("*.smk")):
            for name in re.findall(r"^\s*rule (\w+):", path.read_text(), flags=re.M):
                rule_files[name] = str(path.relative_to(ROOT))
        from weaksup.analysis.registry import figures  # one rule per registry entry, named by it

        rule_files.update(dict.fromkeys(figures(), "workflow/rules/figures.smk"))
        nodes = []
        if shutil.which("dot"):
            from sphinx.ext.graphviz import graphviz

            graph = graphviz()
            graph["code"], graph["options"] = dot, {}
            nodes.append(graph)
        return nodes + self.parse_text_to_nodes(_markdown_table(rule_graph(dot, rule_files)))


def _flow(overlay: dict) -> str:
    """A config overlay on one line: ``studies: {cwola: {replicas: 2}}``."""
    return yaml.safe_dump(overlay, default_flow_style=True, width=1000).strip()[1:-1]


def reruns_table(cases) -> pd.DataFrame:
    """``tests/reruns.py``'s ``RERUNS`` (overlay, rule -> jobs a dry run schedules) as a table."""
    rows = [
        (f"`{_flow(overlay)}`", ", ".join(f"{rule} {jobs}" for rule, jobs in sorted(expected.items())) or "none")
        for overlay, expected in cases
    ]
    return pd.DataFrame(rows, columns=["change (an overlay on config/ci.yaml)", "jobs rerun (rule and count)"])


class Reruns(SphinxDirective):
    """What each config change reruns: the cases ``tests/test_workflow.py`` asserts (``tests/reruns.py``),
    so the table is exactly what CI checks."""

    def run(self):
        path = ROOT / "tests/reruns.py"
        self.env.note_dependency(str(path))
        return self.parse_text_to_nodes(_markdown_table(reruns_table(runpy.run_path(str(path))["RERUNS"])))


def _record_file(directive: SphinxDirective, relative: str) -> Path | None:
    """The path of a record's file, noted as a dependency of the page; None (and a warning) if missing."""
    path = RECORDS / relative
    if not path.is_file():
        logger.warning(f"record file docs/records/{relative} does not exist", location=directive.get_location())
        return None
    directive.env.note_dependency(str(path))
    return path


def _record_frame(directive: SphinxDirective, relative: str, **read_options) -> pd.DataFrame | None:
    """A record's CSV file, only the rows of the directive's ``:query:`` if it has one; None if missing."""
    path = _record_file(directive, relative)
    if path is None:
        return None
    frame = pd.read_csv(path, **read_options)
    return frame.query(directive.options["query"], engine="python") if "query" in directive.options else frame


def _format(value) -> str:
    if isinstance(value, float):
        return "" if pd.isna(value) else _number(value)
    return "" if value is None else str(value)


class RecordTable(SphinxDirective):
    """A table of a record's CSV file: ``{record-table} NAME/FILE.csv`` with optional ``:columns:``
    (comma-separated, ``column=Heading`` renames) and ``:query:`` (a pandas query selecting rows)."""

    required_arguments = 1
    option_spec = {"columns": directives.unchanged, "query": directives.unchanged}

    def run(self):
        frame = _record_frame(self, self.arguments[0])
        if frame is None:
            return []
        if "columns" in self.options:
            pairs = [item.strip().split("=", 1) for item in self.options["columns"].split(",")]
            unknown = [pair[0] for pair in pairs if pair[0] not in frame.columns]
            if unknown:
                logger.warning(f"{self.arguments[0]} has no column {', '.join(unknown)}", location=self.get_location())
                return []
            frame = frame[[pair[0] for pair in pairs]].rename(columns={p[0]: p[-1] for p in pairs})
        return self.parse_text_to_nodes(_markdown_table(frame.map(_format)))


def _number(value: float, significant: int = 4) -> str:
    """``value`` to ``significant`` digits without an exponent (whole numbers keep all theirs)."""
    if not math.isfinite(value) or value == 0:
        return f"{value:g}"
    return f"{value:.{max(significant - 1 - math.floor(math.log10(abs(value))), 0)}f}"


def _with_error(value, error, unit) -> str:
    """``value ± error unit`` (4 significant digits), or "" when there is no value."""
    if isinstance(value, str):  # a paper value as the ledger prints it: "136.1", ">5"
        text = value
    elif pd.isna(value):
        return ""
    else:
        text = _number(value)
    if not pd.isna(error):
        text += f" ± {_number(error, 2)}"
    return f"{text} {unit}" if isinstance(unit, str) else text


#: the ledger's ``paper`` column, short
PAPERS = {"augmentation": "1", "label_proportions": "2", "beyond the paper": "beyond"}


def ledger_rows(table: pd.DataFrame) -> pd.DataFrame:
    """A ledger (``results/tables/reproduction.csv``) as a page shows it: paper (1, 2 or beyond
    the paper) and section in one column, each value with its uncertainty and unit, and the run a
    row was measured on."""
    run = table.note.fillna("").str.extract(r"recorded run docs/records/(\w+)")[0].fillna("this run")
    return pd.DataFrame(
        {
            "paper, section": [f"{PAPERS.get(p, p)}, {section}" for p, section in zip(table.paper, table.section)],
            "quantity": table.quantity,
            "paper's": [_with_error(*row) for row in zip(table.paper_value, table.paper_uncertainty, table.unit)],
            "ours": [_with_error(*row) for row in zip(table.ours, table.ours_uncertainty, table.unit)],
            "run": run,
            "verdict": table.verdict,
        }
    )


class Ledger(SphinxDirective):
    """A recorded ledger: ``{ledger} NAME`` renders ``docs/records/NAME/ledger.csv``, optionally
    only the rows of a ``:query:``."""

    required_arguments = 1
    option_spec = {"query": directives.unchanged}

    def run(self):
        table = _record_frame(self, f"{self.arguments[0]}/ledger.csv", dtype={"paper_value": str})
        return [] if table is None else self.parse_text_to_nodes(_markdown_table(ledger_rows(table)))


def _duration(seconds) -> str:
    minutes, seconds = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min {seconds:02d} s" if hours else f"{minutes} min {seconds:02d} s"


class Record(SphinxDirective):
    """How a recorded run was made (its ``record.json``): command, commit, date, machine, times."""

    required_arguments = 1

    def run(self):
        path = _record_file(self, f"{self.arguments[0]}/record.json")
        if path is None:
            return []
        made = json.loads(path.read_text())
        rows = [("record", f"`docs/records/{self.arguments[0]}/`")]
        keys = ("what", "chain", "commit", "date", "machine", "python")
        rows += [(key, made[key]) for key in keys if key in made]
        rows.append(("command", f"`{made['command']}`"))
        if "wall_seconds" in made:
            rows.append(("wall time", _duration(made["wall_seconds"])))
        if "cpu_seconds" in made:
            rows.append(("CPU time", _duration(made["cpu_seconds"])))
        files = sorted(p.name + "/" * p.is_dir() for p in path.parent.iterdir() if p.name != "record.json")
        rows.append(("files", ", ".join(f"`{name}`" for name in files)))
        return self.parse_text_to_nodes(_markdown_table(pd.DataFrame(rows, columns=["field", "value"])))


def setup(app):
    app.connect("source-read", _inject_config_reference)
    app.add_directive("rule-graph", RuleGraph)
    app.add_directive("record-table", RecordTable)
    app.add_directive("record", Record)
    app.add_directive("ledger", Ledger)
    app.add_directive("reruns", Reruns)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
