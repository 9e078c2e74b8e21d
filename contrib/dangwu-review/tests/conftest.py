"""The corpus generator (``corpus.py``) and the report (``review_report.py``) sit beside the
tests; their directory is put on the path for them. ``demo`` is the test sector's demo unit."""

import shutil
import sys
from pathlib import Path

import pytest

from dangwu_core.testing import sqlite_url_in, start_unit
from dangwu_core.toolkit import build_demo

sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    """The neutral test sector's demo, built once for the module (it takes a while)."""
    directory = tmp_path_factory.mktemp("review-demo")
    unit = start_unit(sqlite_url_in(directory))
    build_demo(unit, "testsector")
    unit.db.close()
    return directory / "unit.db"


@pytest.fixture
def demo(demo_file, tmp_path):
    """A started unit on a private copy of the demo."""
    shutil.copy(demo_file, tmp_path / "unit.db")
    unit = start_unit(sqlite_url_in(tmp_path))
    yield unit
    unit.db.close()
