"""Done when (issues 9 and 12): a developer following only the plugin walk-through gets a
working sector plugin — organization types, a catalog, a workflow extending core's, a demo —
that imports nothing of dangwu but the toolkit.

The page holds the plugin's files itself, each a fenced block after a ``<!-- file: PATH -->``
marker; the "reader" writes exactly those blocks, then runs the page's commands."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .pages import CHECKOUT, DOCS, docs_hook, fenced_blocks, files, walk_script
from .walk import reader_home, walk

GUIDE = DOCS / "plugins" / "walkthrough.md"
PLUGIN = "dangwu-schools"
#: What a plugin may import of dangwu (issue 12: the toolkit is the door; tests add testing).
ALLOWED = {"dangwu_core.toolkit", "dangwu_core.testing"}


def write_files(work: Path) -> dict[str, Path]:
    """Write the page's files under ``work`` as the reader does; return them by page path."""
    written = {}
    for name, text in files(GUIDE).items():
        path = work / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written[name] = path
    return written


def test_the_page_holds_a_whole_sector_plugin():
    shown = files(GUIDE)
    package = f"{PLUGIN}/dangwu_schools"
    for expected in (
        f"{PLUGIN}/setup.cfg",
        f"{package}/plugin.py",
        f"{package}/organization_types.py",
        f"{package}/catalogs/branch.dwcat.json",
        f"{package}/workflows/branch.toml",
        f"{package}/demo.py",
        f"{PLUGIN}/tests/test_schools.py",
    ):
        assert expected in shown, expected
    assert 'extends = "dangwu.default"' in shown[f"{package}/workflows/branch.toml"]
    assert "DemoBuilder" in shown[f"{package}/demo.py"]
    for hook in (
        "dangwu_register_organization_types",
        "dangwu_register_catalog_templates",
        "dangwu_workflow_definition",
        "dangwu_register_demos",
    ):
        assert f"def {hook}(" in shown[f"{package}/plugin.py"], hook


def test_every_code_block_of_the_page_is_a_file_or_a_walked_command():
    for line, info, before in fenced_blocks(GUIDE):
        last = before.rpartition("\n")[2].strip()
        assert last == "<!-- walk -->" or last.startswith("<!-- file: "), (
            f"walkthrough.md line {line}: a ```{info} block that the test neither writes nor runs"
        )


def test_the_site_shows_each_files_path_above_its_code():
    page = docs_hook().expand(GUIDE.read_text(encoding="utf-8"))
    assert "<!-- file:" not in page
    for name, text in files(GUIDE).items():
        assert f"`{name}`:\n\n```" in page, name
        assert text in page


def test_the_plugin_imports_only_the_toolkit():
    for name, text in files(GUIDE).items():
        if not name.endswith(".py"):
            continue
        for node in ast.walk(ast.parse(text, name)):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                modules = [node.module]
            else:
                continue
            for module in modules:
                if module == "dangwu_core" or module.startswith("dangwu_core."):
                    assert module in ALLOWED, f"{name} imports {module}"
                    if module == "dangwu_core.testing":
                        assert "/tests/" in name, f"{name}: only tests use dangwu_core.testing"


def test_the_plugin_is_ruff_clean(tmp_path):
    ruff = Path(sys.executable).with_name("ruff")
    if not ruff.exists() and shutil.which("ruff") is None:
        pytest.skip("ruff is not installed (pip install -e '.[dev]'; make install installs it)")
    command = str(ruff if ruff.exists() else "ruff")
    written = [p for p in write_files(tmp_path).values() if p.suffix == ".py"]
    config = str(CHECKOUT / "pyproject.toml")
    for args in (["check"], ["format", "--check", "--diff"]):
        result = subprocess.run(
            [command, *args, "--no-cache", "--config", config, *map(str, written)],
            cwd=tmp_path,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_following_the_walkthrough_gives_a_working_sector_plugin(tmp_path, wheelhouse):
    home = reader_home(tmp_path)
    write_files(home / "work")
    result, _ = walk(walk_script(GUIDE), home, wheelhouse)
    out = result.stdout
    assert "9 passed" in out  # the plugin's own tests, through its entry point
    assert "schools  dangwu-schools 0.1.0" in out  # `dangwu plugins`
    assert "Built the demo unit: 某中学党委（学校党务公开演示单位）." in out  # `dangwu demo`
    # `dangwu workflow show schools.branch`: core's procedure, resolved, with the added step
    assert "schools.branch — 学校党支部党务公开程序" in out
    assert "  hand_over [hand_over] 报党委办公室发布\n      approved -> handed_over" in out
    assert "  publish [publish] 党委办公室发布\n      handed_over -> published" in out
    assert "  start_review [review]" in out  # a step the extension does not mention
    # `dangwu catalog list`: the catalog the demo installed, and the template
    assert "school-branch 1.0.0  某中学党支部党务公开目录" in out
    assert "applies to school_branch" in out
    assert "template schools.branch  学校党支部目录" in out
