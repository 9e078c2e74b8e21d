"""A crash point: stop the real ``dangwu`` command at a chosen call, so a test can kill it.

Imported by the boot code :mod:`tests.crash.harness` runs in the child process (never by
dangwu itself). ``CRASHPOINT`` (JSON) names a function by its dotted path; the n-th call of
it whose arguments' ``repr`` contains ``match`` prints :data:`MARKER` on stderr and sleeps,
inside whatever transaction the caller holds, until the test kills the process with SIGKILL.
"""

from __future__ import annotations

import functools
import importlib
import json
import os
import sys
import time

ENV = "CRASHPOINT"
MARKER = "CRASHPOINT REACHED"


def arm() -> None:
    spec = json.loads(os.environ.get(ENV) or "null")
    if not spec:
        return
    module_name, _, attribute = spec["target"].rpartition(".")
    owner = importlib.import_module(module_name)
    original = getattr(owner, attribute)
    nth, match, after = spec.get("nth", 1), spec.get("match"), spec.get("after", False)
    calls = 0

    def stop() -> None:
        sys.stderr.write(f"{MARKER} {spec['target']}\n")
        sys.stderr.flush()
        time.sleep(3600)  # the test kills us long before this ends

    @functools.wraps(original)
    def wrapper(*args, **kwargs):
        nonlocal calls
        if match is None or match in repr((args, kwargs)):
            calls += 1
            if calls == nth:
                if not after:
                    stop()
                result = original(*args, **kwargs)
                stop()
                return result
        return original(*args, **kwargs)

    setattr(owner, attribute, wrapper)


def register_test_commands() -> None:
    """Commands only crash tests need: ``crashtest-fire ID TRANSITION USERNAME`` fires one
    workflow transition through the unit's services, as the admin and the API do."""
    import click

    from dangwu_core.cli import cli, pass_context
    from dangwu_core.models import Account, Disclosure

    @cli.command("crashtest-fire")
    @click.argument("disclosure_id", type=int)
    @click.argument("transition")
    @click.argument("username")
    @pass_context
    def fire(ctx, disclosure_id, transition, username):
        unit = ctx.connected()
        actor = Account.get(Account.username == username).person
        unit.fire(Disclosure.get_by_id(disclosure_id), transition, actor)
        click.echo(f"fired {transition}")
