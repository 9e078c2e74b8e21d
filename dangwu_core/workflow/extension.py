"""Workflows that extend: a definition that states only its differences from another.

A definition may say ``extends = "<workflow name>"``; it then holds only what it adds,
changes or removes. :func:`resolve` merges it onto its base (itself resolved first, so chains
work) and returns plain, complete definition data, which the schema and the meaning checks of
:func:`~dangwu_core.workflow.definition.load_definition` then validate as if it had been
written out in full. The merge rules::

    workflow = "myplugin.branch"       # its own name: required
    extends = "dangwu.default"         # the base, by workflow name
    label = "…"                        # optional: top-level keys given replace the base's

    [states.handed_over]               # a state the base lacks: complete (label, kind, readers)
    label = "已报送上级党务公开办公室"
    kind = "ready"
    readers = ["proposer", "liaison"]

    [states.draft]                     # a state the base has: the keys given replace the
    label = "联络员填写申报表"            # base's, key by key; the others are inherited (kind too)

    [states.superseded]
    remove = true                      # removes the state (nothing may still reference it)

    [every_state]                      # edits applied to every state of the result
    readers = { add = ["publisher@parent"] }

    [transitions.publish]              # the same rules for transitions
    from = ["handed_over"]             # a list given as a list replaces the base's list
    on = "ancestor"
    guards = { remove = ["change_approved_by_issuer"], add = ["my_guard"] }

A list-valued key (``readers``, ``from``, ``role``, ``guards``, ``effects``) given as a table
``{add = [...], remove = [...]}`` edits the inherited list instead: ``remove`` takes the named
entries out (each must be there), then ``add`` appends the ones not already present, keeping
the base's order. ``[every_state]`` accepts ``readers`` (list or table) and applies after the
states' own edits, to inherited and added states alike.

An unknown base, a cycle of extensions, an edit of something the base does not have, or a
removed state that the result still references (a transition's ``from``/``to``, ``initial``)
is one :class:`~dangwu_core.errors.ValidationError` naming the definition and every cause.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any

from ..errors import ValidationError

#: Looks a base up by workflow name: its data (possibly an extension itself), or None.
Lookup = Callable[[str], Mapping[str, Any] | None]

LIST_KEYS = frozenset({"readers", "from", "role", "guards", "effects"})
EDIT_KEYS = frozenset({"add", "remove"})
REMOVE = "remove"
EVERY_STATE = "every_state"


def resolve(data: Mapping[str, Any], lookup: Lookup) -> dict[str, Any]:
    """``data`` with every ``extends`` merged in: complete definition data, not yet validated.

    :param lookup: answers a base's data by workflow name (None when there is none).
    :raises ValidationError: unknown base, cycle, or an edit that does not apply; one error
        naming the definition and listing every problem.
    """
    return _resolve(data, lookup, ())


def _resolve(data: Mapping[str, Any], lookup: Lookup, chain: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(data, Mapping):
        return data  # the schema says what is wrong with it
    name = str(data.get("workflow", "?"))
    base_name = data.get("extends")
    if base_name is None:
        if EVERY_STATE in data:
            raise _invalid(name, [f"{EVERY_STATE}: only an extension (extends = …) may use it"])
        return copy.deepcopy(dict(data))
    if not isinstance(base_name, str):
        raise _invalid(name, ["extends: must be a workflow name"])
    if base_name == name or base_name in chain:
        cycle = " → ".join([*chain, name, base_name])
        raise _invalid(
            chain[0] if chain else name, [f"extends: the extensions form a cycle ({cycle})"]
        )
    base_data = lookup(base_name)
    if base_data is None:
        raise _invalid(name, [f"extends: unknown workflow {base_name!r}"])
    base = _resolve(base_data, lookup, (*chain, name))
    problems: list[str] = []
    merged = merge(base, data, problems)
    if problems:
        raise _invalid(name, problems)
    return merged


def merge(
    base: dict[str, Any], extension: Mapping[str, Any], problems: list[str]
) -> dict[str, Any]:
    """The complete data of ``extension`` applied to the resolved ``base`` (see the module
    docstring); every problem found is appended to ``problems``."""
    result = copy.deepcopy(base)
    for key, value in extension.items():
        if key in ("extends", "states", "transitions", EVERY_STATE):
            continue
        result[key] = copy.deepcopy(value)
    removed: set[str] = set()
    for section in ("states", "transitions"):
        edits = extension.get(section, {})
        if not isinstance(edits, Mapping):
            problems.append(f"{section}: must be a table of tables")
            continue
        entries = result.setdefault(section, {})
        for entry, edit in edits.items():
            where = f"{section}.{entry}"
            if not isinstance(edit, Mapping):
                problems.append(f"{where}: must be a table")
                continue
            if edit.get(REMOVE) is True:
                if entry not in entries:
                    problems.append(f"{where}: cannot remove it, the base has no such entry")
                elif len(edit) > 1:
                    problems.append(f"{where}: remove = true takes no other keys")
                else:
                    del entries[entry]
                    if section == "states":
                        removed.add(entry)
                continue
            if REMOVE in edit:
                problems.append(f"{where}.remove: must be true (or left out)")
                continue
            entries[entry] = _edit(entries.get(entry), edit, where, problems)
    every = extension.get(EVERY_STATE)
    if every is not None:
        if not isinstance(every, Mapping) or set(every) - {"readers"}:
            problems.append(f"{EVERY_STATE}: only readers may be edited on every state")
        else:
            for state, value in result.get("states", {}).items():
                value.update(_edit(value, every, f"{EVERY_STATE} (states.{state})", problems))
    problems.extend(_still_referenced(result, removed))
    return result


def _edit(current: dict | None, edit: Mapping[str, Any], where: str, problems: list[str]) -> dict:
    out = copy.deepcopy(current) if current is not None else {}
    for key, value in edit.items():
        if isinstance(value, Mapping) and key in LIST_KEYS:
            out[key] = _edit_list(out.get(key), value, f"{where}.{key}", problems)
        elif isinstance(value, Mapping):
            problems.append(f"{where}.{key}: only a list ({', '.join(sorted(LIST_KEYS))}) "
                            "may be edited with add/remove")  # fmt: skip
        else:
            out[key] = copy.deepcopy(value)
    return out


def _edit_list(current: Any, edit: Mapping[str, Any], where: str, problems: list[str]) -> list:
    if set(edit) - EDIT_KEYS or not edit:
        problems.append(f"{where}: an edit is a table of add and/or remove lists")
        return current
    if current is None:
        problems.append(f"{where}: there is no inherited list to edit; give the list itself")
        return []
    items = [current] if isinstance(current, str) else list(current)
    for name in _strings(edit.get("remove", []), f"{where}.remove", problems):
        if name in items:
            items.remove(name)
        else:
            problems.append(f"{where}.remove: {name!r} is not in the inherited list {items}")
    for name in _strings(edit.get("add", []), f"{where}.add", problems):
        if name not in items:
            items.append(name)
    return items


def _strings(value: Any, where: str, problems: list[str]) -> list[str]:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    problems.append(f"{where}: must be a list of names")
    return []


def _still_referenced(result: dict[str, Any], removed: set[str]) -> list[str]:
    problems = []
    if result.get("initial") in removed:
        problems.append(f"initial: the state {result['initial']!r} is removed")
    for name, transition in result.get("transitions", {}).items():
        if not isinstance(transition, Mapping):
            continue
        sources = transition.get("from", [])
        sources = sources if isinstance(sources, list) else [sources]
        used = sorted(removed & {*sources, transition.get("to")})
        for state in used:
            problems.append(
                f"states.{state}: removed, but transitions.{name} still references it "
                "(remove or change that transition too)"
            )
    return problems


def _invalid(name: str, problems: list[str]) -> ValidationError:
    return ValidationError(
        f"workflow definition {name!r} is invalid: " + "; ".join(problems), "workflow"
    )
