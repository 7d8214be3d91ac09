"""Sphinx configuration of the weaksup docs (``make docs``: warnings are errors, links checked)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "weaksup"
author = "the weaksup developers"
copyright = "2026, the weaksup developers"
extensions = ["myst_parser", "sphinx.ext.graphviz", "weaksup_docs"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "records/README.md"]
# every heading gets an anchor, so [text](page.md#heading) links are checked like page links
myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence", "deflist"]
nitpicky = True
html_theme = "furo"
html_title = "weaksup"
graphviz_output_format = "svg"
