"""A generated unit installs into a fresh virtual environment, passes its own tests, and
serves its portal (issue 9: "its own tests, which pass out of the box").

Slow (a virtual environment per sector; pip installs from the session's wheelhouse, offline),
so marked ``slow``; `make test` runs them all the same.
"""

from __future__ import annotations

import pytest

from .helpers import (
    CHECKOUT,
    PYTHON,
    fetch,
    free_port,
    generate,
    offline_environ,
    run,
    serving,
    shipped_sectors,
)

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("sector", shipped_sectors())
def test_generated_unit_installs_passes_its_tests_and_serves(tmp_path, wheelhouse, sector):
    project = generate(tmp_path, unit_name="仙女镇党委", sector=sector, dangwu_source=str(CHECKOUT))
    env = offline_environ(wheelhouse)
    make = ["make", f"PYTHON={PYTHON}"]

    tests = run([*make, "test"], project, env)
    assert " passed" in tests.stdout and "failed" not in tests.stdout, tests.stdout

    plugins = run([".venv/bin/dangwu", "plugins"], project, env)
    assert "xnz-dangwu" in plugins.stdout and sector in plugins.stdout

    port = free_port()
    with serving([*make, "demo", f"PORT={port}"], project, env, port):
        status, home = fetch(f"http://127.0.0.1:{port}/")
        assert status == 200
        assert "仙女镇党委" in home
        status, about = fetch(f"http://127.0.0.1:{port}/about")
        assert status == 200
        assert "关于本单位" in about and "季度公开事项" in about
    assert (project / "demo.db").is_file()
