"""``dangwu serve`` caps glibc's malloc arenas before waitress starts its threads (issue 15:
the server's peak memory after the load at most twice the bare app's)."""

from __future__ import annotations

import platform

import pytest
from click.testing import CliRunner

from dangwu_core.cli import cli
from dangwu_core.cli.serve import ARENAS, limit_malloc_arenas


def test_serve_offers_the_cap_with_its_default():
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0, result.output
    assert "--malloc-arenas" in result.output and f"default: {ARENAS}" in result.output


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="mallopt's M_ARENA_MAX is glibc's")
def test_the_cap_is_set_unless_zero_or_given_to_the_process(monkeypatch):
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    assert limit_malloc_arenas(0) is False
    assert limit_malloc_arenas(ARENAS) is True
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")  # glibc read it when the process started
    assert limit_malloc_arenas(ARENAS) is False
