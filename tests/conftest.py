"""Shared fixtures: the repository root and the validated default configuration."""

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
SCHEMA = ROOT / "workflow/schemas/config.schema.yaml"


@pytest.fixture
def config(monkeypatch):
    """config/config.yaml as a dict, with the working directory at the repository root."""
    monkeypatch.chdir(ROOT)
    return yaml.safe_load((ROOT / "config/config.yaml").read_text())


def shared_file(name: str) -> Path:
    """A real file of ../shared/data, or skip the test when the checkout has no shared/ beside it."""
    path = SHARED_DATA / name
    if not path.is_file():
        pytest.skip(f"{path} not available")
    return path
