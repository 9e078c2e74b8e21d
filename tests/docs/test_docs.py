"""The documentation builds clean, its examples run, and its hook reference is complete."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dangwu_core import hookspecs

from .pages import CHECKOUT, DOCS, blocks, docs_hook, pages

MKDOCS = Path(sys.executable).with_name("mkdocs")


def test_the_site_builds_with_strict(tmp_path):
    if not MKDOCS.exists() and shutil.which("mkdocs") is None:
        pytest.skip("mkdocs is not installed (pip install -e '.[docs]'; make test installs it)")
    result = subprocess.run(
        [str(MKDOCS if MKDOCS.exists() else "mkdocs"), "build", "--strict", "-d", str(tmp_path)],
        cwd=CHECKOUT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    reference = (tmp_path / "plugins" / "hooks" / "index.html").read_text(encoding="utf-8")
    assert "dangwu_due_date" in reference
    walkthrough = (tmp_path / "plugins" / "walkthrough" / "index.html").read_text()
    assert "school_committee" in walkthrough  # the included files are on the page
    assert "<!-- include" not in walkthrough


def test_every_page_is_in_the_navigation():
    yaml = pytest.importorskip("yaml")

    config = yaml.safe_load((CHECKOUT / "mkdocs.yml").read_text(encoding="utf-8"))

    def leaves(nav):
        for entry in nav:
            value = next(iter(entry.values())) if isinstance(entry, dict) else entry
            if isinstance(value, list):
                yield from leaves(value)
            else:
                yield value

    listed = set(leaves(config["nav"]))
    assert {str(page.relative_to(DOCS)) for page in pages()} == listed


def hookspec_names() -> list[str]:
    return [name for name in dir(hookspecs) if name.startswith("dangwu_")]


def test_the_hook_reference_has_a_section_for_every_hookspec():
    reference = docs_hook().hook_reference()
    for name in hookspec_names():
        assert f"### `{name}`" in reference, name
    grouped = [name for _, names in docs_hook().hookspec_groups() for name in names]
    assert sorted(grouped) == sorted(hookspec_names())


def test_first_answer_hooks_say_so_in_the_reference():
    reference = docs_hook().hook_reference()
    section = reference.split("### `dangwu_due_date`")[1].split("### ")[0]
    assert "The first answer wins" in section
    assert "- **`period`**:" in section  # :param period: as a list item
    assert ":class:" not in reference and not re.search(r"(?<!`)``[^`]", reference)


@pytest.mark.parametrize(
    "page", [p for p in pages() if blocks(p, "python")], ids=lambda p: str(p.relative_to(DOCS))
)
def test_python_examples_run(page, tmp_path, monkeypatch):
    """Every ```python block of a page runs, in order, in one namespace (like a session)."""
    code_of_page = "\n".join(code for _, code in blocks(page, "python"))
    if "town_committee" in code_of_page and importlib.util.find_spec("dangwu_villages") is None:
        # `make test-core` runs without sector plugins; the full run executes these examples.
        pytest.skip(f"{page.relative_to(DOCS)}'s examples use the villages sector (not installed)")
    for name in list(os.environ):
        if name.startswith("DANGWU_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    namespace: dict = {"__name__": f"docs_{page.stem}"}
    for line, code in blocks(page, "python"):
        try:
            exec(compile(code, f"{page.relative_to(DOCS)}:{line}", "exec"), namespace)
        except Exception as exc:
            raise AssertionError(
                f"the example at {page.relative_to(DOCS)} line {line} fails: {exc!r}"
            ) from exc
    unit = namespace.get("unit")
    if unit is not None and unit.db is not None:
        unit.db.close()
