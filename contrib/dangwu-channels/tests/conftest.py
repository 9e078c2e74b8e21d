"""Fixtures of the channels' tests: the test sector's demo with a branch's month of public
items (:mod:`channels_town`), built once per worker and copied per test. The directory is put
on the path for the helpers."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import datetime as dt

from channels_town import BRANCH, SECTOR, publish_branch_items, sheet_month, start

from dangwu_core.testing import create_app
from dangwu_core.toolkit import Organization, build_demo


@pytest.fixture(scope="session")
def town_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("channels-town") / "town.db"
    unit = start(f"sqlite:///{path}")
    build_demo(unit, SECTOR)
    publish_branch_items(unit, sheet_month() + dt.timedelta(days=9))
    unit.db.close()
    return path


@pytest.fixture
def town(town_template, tmp_path):
    path = tmp_path / "town.db"
    shutil.copy(town_template, path)
    unit = start(f"sqlite:///{path}")
    yield unit
    unit.db.close()


@pytest.fixture
def town_app(town):
    app = create_app(unit=town)
    app.config["TESTING"] = True
    return app


@pytest.fixture
def branch(town):
    return Organization.get(Organization.code == BRANCH)
