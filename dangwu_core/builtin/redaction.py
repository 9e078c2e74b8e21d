"""Stores the review checks' findings with the version (:mod:`dangwu_core.findings`) after
every transition that submits, approves or re-publishes it, and keeps the disclosure's masked
title that of its current version. Runs before the search index is written
(``tryfirst``), so the index holds the masked text."""

from __future__ import annotations

from dangwu_core import hookimpl


@hookimpl(tryfirst=True)
def dangwu_on_transition(unit, disclosure, transition, event):
    from dangwu_core import findings, redaction

    definition = unit.registry.workflows.get(disclosure.workflow)
    fired = definition.transitions.get(transition)
    if fired is not None and fired.kind in findings.STORING_KINDS:
        findings.store(unit, disclosure, findings.current_of(disclosure), fired.kind)
    else:
        redaction.sync_disclosure_title(disclosure.id)
