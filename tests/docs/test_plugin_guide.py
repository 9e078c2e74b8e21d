"""Done when (issue 9): a developer following only the plugin walk-through gets a working,
installable plugin whose hook is called. The walk-through shows the files of
docs/plugins/dangwu-schools/; the "reader" writes exactly those files, then runs the page's
commands."""

from __future__ import annotations

import shutil

import pytest

from .pages import DOCS, walk_script
from .walk import reader_home, walk

GUIDE = DOCS / "plugins" / "walkthrough.md"
EXAMPLE = DOCS / "plugins" / "dangwu-schools"

pytestmark = pytest.mark.slow


def test_the_walkthrough_shows_every_file_of_the_example():
    page = GUIDE.read_text(encoding="utf-8")
    files = [
        path.relative_to(DOCS).as_posix()
        for path in EXAMPLE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and ".egg-info" not in str(path)
    ]
    assert files
    for relative in files:
        assert f"<!-- include: {relative} -->" in page, relative


def test_following_the_walkthrough_gives_an_installed_plugin_whose_hook_is_called(
    tmp_path, wheelhouse
):
    home = reader_home(tmp_path)
    shutil.copytree(
        EXAMPLE,
        home / "work" / "dangwu-schools",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"),
    )
    result, _ = walk(walk_script(GUIDE), home, wheelhouse)
    assert "5 passed" in result.stdout  # the plugin's own tests, through its entry point
    assert "schools  dangwu-schools 0.1.0" in result.stdout  # `dangwu plugins`
    assert "Created S 某中学党委" in result.stdout  # a type only the plugin's hook registers
