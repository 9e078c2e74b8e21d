"""Done when (issue 9): a new user following only the integrator guide, in a fresh
environment, gets a running unit — for each sector plugin the framework ships."""

from __future__ import annotations

import pytest
from unit_template.helpers import shipped_sectors

from .pages import DOCS, walk_script
from .walk import reader_home, walk

GUIDE = DOCS / "integrator.md"

pytestmark = pytest.mark.slow


def test_the_guide_has_steps_to_walk():
    script = walk_script(GUIDE)
    assert "cookiecutter --no-input" in script and "make demo" in script
    assert "sector=villages" in script


@pytest.mark.parametrize("sector", shipped_sectors())
def test_following_the_integrator_guide_gives_a_running_unit(tmp_path, wheelhouse, sector):
    script = walk_script(GUIDE).replace("sector=villages", f"sector={sector}")
    home = reader_home(tmp_path)
    result, out = walk(script, home, wheelhouse)
    assert " passed" in result.stdout  # make test: the unit's own tests
    assert "walk: the home page answered" in result.stdout
    assert "仙女镇党委" in (out / "home.html").read_text(encoding="utf-8")
    project = home / "units" / "xiannv"
    assert "Created administrator" in result.stdout  # make init, on the unit's own database
    assert list((project / "backups").glob("*.backup"))  # make backup
