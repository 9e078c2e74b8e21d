"""The README's first command, `make demo`, builds the demo in the venv `make` installs, where
every distribution of the tree sits side by side (sector plugins, contrib and the test
fixtures, whose neutral test sector offers a demo too): the Makefile's own `dangwu demo`
arguments must choose one demo, or the newcomer's first command fails."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from dangwu_core.cli import cli

MAKEFILE = Path(__file__).parents[2] / "Makefile"


def _demo_arguments() -> list[str]:
    text = MAKEFILE.read_text(encoding="utf-8")
    variables = dict(re.findall(r"^(\w+) \?= (.*)$", text, flags=re.M))
    recipe = re.search(r"^demo:.*\n\t(.*)$", text, flags=re.M).group(1)
    words = shlex.split(re.sub(r"\$\((\w+)\)", lambda m: variables.get(m.group(1), ""), recipe))
    return words[words.index("demo") :]


def test_make_demo_builds_a_demo_with_every_distribution_installed(tmp_path):
    arguments = _demo_arguments()
    sector = arguments[arguments.index("--sector") + 1] if "--sector" in arguments else None
    if sector:
        pytest.importorskip(f"dangwu_{sector}", reason=f"the {sector} plugin is not installed")
    result = CliRunner().invoke(
        cli, ["--database", f"sqlite:///{tmp_path / 'demo.db'}", *arguments]
    )
    assert result.exit_code == 0, result.output
