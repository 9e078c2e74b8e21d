"""``dangwu review check FILE…``: every check of this plugin on each file, one JSON line per
finding (file, kind, start, end, text, action, suggestion, confidence).

The exit status is 1 when anything blocks (a classification or internal marking), escalates
(an unclear classification) or could not be read (a file that was not checked cannot pass),
0 otherwise. An unreadable file is one ``Error:`` line on standard error naming it; the other
files are still checked.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from .extract import Unreadable
from .scan import scan_file
from .words import SETTING

STOPPING = {"block", "escalate"}


def _words(ctx: click.Context) -> list[str]:
    unit = ctx.find_root().obj.unit()
    return list(unit.settings.get(SETTING) or [])


@click.group("review")
def review():
    """The secrecy and privacy review (保密审查、脱密脱敏) of files before publication."""


@review.command("check")
@click.argument("files", nargs=-1, required=True, metavar="FILE…")
@click.pass_context
def check(ctx: click.Context, files: tuple[str, ...]):
    """Check FILE… (.txt, .docx, .xlsx, text-layer .pdf): one JSON object per finding."""
    words = _words(ctx)
    stop = False
    for name in files:
        try:
            data = Path(name).read_bytes()
            _text, hits = scan_file(name, data, words)
        except OSError as exc:
            click.echo(f"Error: {name}: 无法打开（{exc.strerror or exc}）", err=True)
            stop = True
            continue
        except Unreadable as exc:
            click.echo(f"Error: {exc}", err=True)
            stop = True
            continue
        for hit in hits:
            click.echo(json.dumps({"file": name, **hit.as_dict()}, ensure_ascii=False))
            stop = stop or hit.action in STOPPING
    ctx.exit(1 if stop else 0)
