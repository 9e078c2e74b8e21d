"""Fixtures of core's own tests.

The unit and database fixtures (``unit``, ``any_unit``, ``database_url``, ``sqlite_url``) come
from :mod:`dangwu_core.testing`, the pytest plugin every dangwu distribution's tests get;
``TEST_POSTGRESQL_URL`` (exported by ``.ci/run``) makes them run on PostgreSQL as well.
"""

from __future__ import annotations

import shutil

import pytest

from dangwu_core.app import create_app
from dangwu_core.demo import build_demo
from dangwu_core.testing import start_unit

#: The neutral sector core's tests run on (tests/fixtures/dangwu-testsector): core's tests never
#: build or import a shipped sector plugin (tests/core/test_sector_neutral.py checks it).
SECTOR = "testsector"


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """A SQLite file holding the test sector's demo unit, built once per test worker."""
    path = tmp_path_factory.mktemp("demo-template") / "demo.db"
    unit = start_unit(f"sqlite:///{path}")
    build_demo(unit, SECTOR)
    unit.db.close()
    return path


@pytest.fixture
def demo(demo_template, tmp_path):
    """A started unit on a private copy of the demo unit."""
    path = tmp_path / "demo.db"
    shutil.copy(demo_template, path)
    unit = start_unit(f"sqlite:///{path}")
    yield unit
    unit.db.close()


@pytest.fixture
def app(demo):
    """The demo unit's web application, in testing mode."""
    application = create_app(unit=demo)
    application.config["TESTING"] = True
    return application
