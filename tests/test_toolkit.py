"""The toolkit is the door (issue 12): what plugins import, documented, and nothing else.

``lint-imports`` holds the plugin packages to ``dangwu_core.toolkit`` (setup.cfg,
``toolkit-is-the-door``); their tests are no packages, so this scan holds them (and, once
more, the packages) to the toolkit and ``dangwu_core.testing``.
"""

from __future__ import annotations

import ast
import datetime as dt
import inspect
import re
from pathlib import Path

import pytest

import dangwu_core
from dangwu_core import toolkit
from dangwu_core.toolkit import (
    CollectiveDecision,
    ReviewFinding,
    create_person,
    event_record,
    events_of,
    record_event,
)

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "docs" / "plugins" / "toolkit.md"
#: What ``from dangwu_core import …`` may name (not a module).
ROOT_NAMES = {"hookimpl", "__version__"}


def _distributions() -> list[Path]:
    found = [*ROOT.glob("plugins/*/setup.cfg"), *ROOT.glob("contrib/*/setup.cfg")]
    return sorted(p.parent for p in found)


def _core_imports(path: Path):
    """(line, module, names) of every import of dangwu_core in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "dangwu_core":
                    yield node.lineno, alias.name, ()
        elif (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and (node.module or "").split(".")[0] == "dangwu_core"
        ):
            yield node.lineno, node.module, tuple(a.name for a in node.names)


def _violations(path: Path, allowed: set[str], root: Path = ROOT) -> list[str]:
    found = []
    for line, module, names in _core_imports(path):
        if module == "dangwu_core":
            bad = [n for n in names if n not in ROOT_NAMES] or ([] if names else ["(module)"])
            if bad:
                found.append(f"{path.relative_to(root)}:{line} imports {bad} from dangwu_core")
        elif module not in allowed:
            found.append(f"{path.relative_to(root)}:{line} imports {module}")
    return found


def test_the_tree_has_plugin_distributions_to_check():
    names = {d.name for d in _distributions()}
    assert {"dangwu-villages", "dangwu-channels"} <= names


def test_plugins_and_their_tests_import_only_the_toolkit_and_testing():
    problems = []
    for distribution in _distributions():
        for path in sorted(distribution.rglob("*.py")):
            if "build" in path.relative_to(distribution).parts:
                continue
            in_tests = "tests" in path.relative_to(distribution).parts
            allowed = {"dangwu_core.toolkit"} | ({"dangwu_core.testing"} if in_tests else set())
            problems += _violations(path, allowed)
    assert problems == [], "import only dangwu_core.toolkit (tests: and .testing):\n" + "\n".join(
        problems
    )


def test_the_scan_catches_an_import_of_core_internals(tmp_path):
    plugin = tmp_path / "plugin.py"
    plugin.write_text(
        "from dangwu_core import hookimpl\n"
        "from dangwu_core import people\n"
        "from dangwu_core.toolkit import Scope\n"
        "import dangwu_core.db\n",
        encoding="utf-8",
    )
    problems = [p.split(":", 1)[1] for p in _violations(plugin, {"dangwu_core.toolkit"}, tmp_path)]
    assert problems == ["2 imports ['people'] from dangwu_core", "4 imports dangwu_core.db"]


def _reference_names() -> set[str]:
    """The names the reference describes: each table row starts with the name in backticks."""
    text = REFERENCE.read_text(encoding="utf-8")
    return set(re.findall(r"^\| `([A-Za-z_][A-Za-z0-9_]*)` \|", text, flags=re.M))


def test_every_toolkit_name_is_importable_and_in_the_reference():
    listed = _reference_names()
    for name in toolkit.__all__:
        assert hasattr(toolkit, name), f"toolkit.__all__ names {name!r}, which it lacks"
    assert sorted(set(toolkit.__all__) - listed) == [], "add these to docs/plugins/toolkit.md"
    assert sorted(listed - set(toolkit.__all__)) == [], "the reference lists names not exported"


def test_every_name_in_the_reference_says_what_it_is():
    rows = re.findall(
        r"^\| `([A-Za-z_][A-Za-z0-9_]*)` \| (.*) \|$", REFERENCE.read_text("utf-8"), re.M
    )
    assert len(rows) == len(toolkit.__all__)
    assert [name for name, what in rows if len(what.strip()) < 10] == []


def test_the_toolkit_s_own_audit_types_have_docstrings():
    for value in (toolkit.EventRecord, toolkit.ReviewFinding, toolkit.CollectiveDecision):
        assert (inspect.getdoc(value) or "").strip()
    for value in (toolkit.event_record, toolkit.events_of, toolkit.record_event):
        assert (inspect.getdoc(value) or "").strip()


def test_the_module_docstring_names_the_groups_and_the_reference():
    doc = toolkit.__doc__ or ""
    for group in ("Hooks", "Transactions", "Models", "Services", "Audit", "Schemas", "Admin"):
        assert f"**{group}" in doc
    assert "docs/plugins/toolkit.md" in doc


def test_hookimpl_is_the_same_marker_from_core_and_the_toolkit():
    assert toolkit.hookimpl is dangwu_core.hookimpl


# --- event_record: the documented shape of an event ----------------------------------------


def test_event_record_reads_a_transition_with_findings_and_a_decision(unit):
    reviewer = create_person("审核人")
    event = record_event(
        "disclosure.approve",
        "disclosure",
        7,
        actor=reviewer,
        from_state="in_review",
        to_state="approved",
        reason="同意",
        payload={
            "transition": "approve",
            "workflow": "dangwu.default",
            "findings": {
                "necessity": {"passed": True, "opinion": "有必要"},
                "secrecy": {"passed": False, "opinion": "涉及个人信息"},
            },
            "collective_decision": {"meeting": "支委会", "date": "2026-03-02", "decision": "通过"},
        },
    )
    record = event_record(event)
    assert record.is_transition
    assert (record.transition, record.workflow, record.system) == ("approve", "dangwu.default", "")
    assert (record.from_state, record.to_state, record.reason) == ("in_review", "approved", "同意")
    assert record.actor_id == reviewer.id and record.actor_name == "审核人"
    assert record.findings == {
        "necessity": ReviewFinding("necessity", True, "有必要"),
        "secrecy": ReviewFinding("secrecy", False, "涉及个人信息"),
    }
    assert record.collective_decision == CollectiveDecision("支委会", "2026-03-02", "通过")
    assert record.at.tzinfo is dt.UTC
    with pytest.raises(TypeError):
        record.payload["transition"] = "changed"  # read-only


def test_event_record_of_a_plugin_event_keeps_its_payload_and_no_transition(unit):
    event = record_event(
        "myplugin.noticed", "organization", 3, payload={"board": "公开栏", "findings": "x"}
    )
    record = event_record(event)
    assert not record.is_transition
    assert record.actor_id is None and record.actor_name == ""
    assert record.findings == {} and record.collective_decision is None
    assert record.payload["board"] == "公开栏"


def test_events_of_lists_one_subject_oldest_first(unit):
    actor = create_person("经办人")
    first = record_event("disclosure.propose", "disclosure", 11, actor=actor)
    record_event("disclosure.propose", "disclosure", 12, actor=actor)
    second = record_event("disclosure.submit", "disclosure", 11)
    records = events_of("disclosure", 11)
    assert [r.id for r in records] == [first.id, second.id]
    assert [r.actor_name for r in records] == ["经办人", ""]
