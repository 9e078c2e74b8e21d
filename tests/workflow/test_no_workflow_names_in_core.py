"""Kinds, not names (issue 12): core's Python never uses a state or transition name of the
default workflow as a literal, so a sector whose procedure names its steps otherwise loses
nothing. Core asks for kinds (dangwu_core/workflow/kinds.py); the names live in default.toml.

A string that equals a workflow name but belongs to another vocabulary is listed below, with
the file and the reason; keep the list short.
"""

from __future__ import annotations

import ast
from pathlib import Path

import dangwu_core
from dangwu_core.models.kinds import StateKind, TransitionKind
from dangwu_core.workflow import default_definition_data

CORE = Path(dangwu_core.__file__).parent
KINDS = {k.value for k in TransitionKind} | {k.value for k in StateKind}
#: (file under dangwu_core, string): why it is not a workflow name.
ALLOWED = {
    ("models/choices.py", "submitted"): "a request status (依申请公开), not a workflow state",
    ("models/choices.py", "withdrawn"): "a request and a catalog status",
    ("models/choices.py", "superseded"): "a catalog version status",
    ("models/choices.py", "refused"): "a request status",
    ("models/choices.py", "not_suitable"): "an obligation and a request status (003 §9(二))",
    ("disclosure_requests.py", "refuse"): "a request step",
    ("admin/views.py", "refuse"): "a request step's button",
    ("admin/dashboard.py", "not_suitable"): "an obligation status column",
    ("admin/reports.py", "not_suitable"): "an obligation status column",
    ("admin/charts.py", "not_suitable"): "an obligation status colour",
    ("supervision.py", "not_suitable"): "an obligation status",
    ("catalogs/install.py", "superseded"): "a catalog package field",
    ("publication.py", "approved"): "a filing payload key",
    ("filings.py", "approved"): "a filing payload key",
    ("changes.py", "approved"): "a filing payload key",
    ("workflow/guards.py", "approved"): "a filing payload key",
    ("workflow/guards.py", "escalate"): "a review finding's field (004 七(三))",
    ("review.py", "escalate"): "a review finding span's action (004 七(三)), not a transition",
    ("web/portal/feeds.py", "published"): "an Atom/JSON feed field",
    ("cli/catalog.py", "publish"): "the CLI command that publishes a catalog package",
}
#: The vocabulary of kinds is named after the meanings the default's steps carry.
KIND_MODULES = {"models/kinds.py", "workflow/kinds.py"}


def _names() -> set[str]:
    data = default_definition_data()
    return set(data["states"]) | set(data["transitions"])


def _uses():
    names = _names()
    for path in sorted(CORE.rglob("*.py")):
        where = path.relative_to(CORE).as_posix()
        if where.startswith("migrations/"):
            continue  # past schemas, frozen as they were
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and node.value in names
                and id(node) not in docstrings
            ):
                yield where, node.value, node.lineno


def test_core_names_no_state_or_transition_of_the_default_workflow():
    found = []
    for where, value, line in _uses():
        if (where, value) in ALLOWED:
            continue
        if where in KIND_MODULES and value in KINDS:
            continue
        found.append(f"dangwu_core/{where}:{line}: {value!r}")
    assert not found, "ask for a kind (dangwu_core/workflow/kinds.py) instead:\n" + "\n".join(found)


def test_the_allow_list_has_no_stale_entry():
    used = {(where, value) for where, value, _ in _uses()}
    assert not set(ALLOWED) - used
