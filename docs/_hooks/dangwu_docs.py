"""MkDocs hooks of dangwu's documentation (``hooks:`` in mkdocs.yml).

Pages hold markers that are replaced at build time, so what they show cannot drift from code:

``<!-- hookspecs -->``
    the reference of every hook, generated from ``dangwu_core/hookspecs.py``: grouped under
    its banner comments, with its signature, whether the first answer wins, and its docstring.
``<!-- file: PATH -->``
    just before a fenced block that holds the whole file at ``PATH``: shown as the block's
    caption. The plugin walk-through holds its plugin's files this way, in the Markdown
    itself; the test suite writes them out from the page, installs and runs them.
``<!-- openapi -->``
    the endpoints of the JSON API, read from the OpenAPI document the application serves.

Importable on its own (the tests call :func:`hook_reference` and :func:`expand`).
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

FILE = re.compile(r"^<!-- file: (?P<path>\S+) -->$", re.MULTILINE)


# --- the hook reference ------------------------------------------------------------------------


def _inline(text: str) -> str:
    """reST inline markup of the docstrings as Markdown."""
    text = re.sub(r":(?:class|func|meth|mod|attr|data):`~[\w.]*?(\w+)`", r"`\1`", text)
    text = re.sub(r":(?:class|func|meth|mod|attr|data):`([^`]+)`", r"`\1`", text)
    return re.sub(r"``([^`]+)``", r"`\1`", text)


def docstring_markdown(doc: str) -> str:
    """A hookspec docstring (summary, paragraphs, ``:param x:``, ``:returns:``) as Markdown."""
    lines = inspect.cleandoc(doc).splitlines()
    out: list[str] = []
    field: list[str] | None = None
    for line in [*lines, ""]:
        match = re.match(r":(param (\w+)|returns?):\s*(.*)", line)
        if match:
            if field is not None:
                out.append(" ".join(field))
            if match.group(2):
                field = [f"- **`{match.group(2)}`**: {match.group(3)}"]
            else:
                field = [f"- **returns**: {match.group(3)}"]
            continue
        if field is not None and line.startswith("    "):
            field.append(line.strip())
            continue
        if field is not None:
            out.append(" ".join(field))
            field = None
            if line.strip():
                out.append("")
        if re.match(r"\* ", line) and out and out[-1].strip() and not out[-1].startswith("* "):
            out.append("")  # Markdown needs a blank line before a list
        out.append(line)
    return _inline("\n".join(out).strip()) + "\n"


def hookspec_groups() -> list[tuple[str, list[str]]]:
    """The hookspecs in source order, under the banner comments that group them."""
    from dangwu_core import hookspecs

    source = Path(hookspecs.__file__).read_text(encoding="utf-8")
    groups: list[tuple[str, list[str]]] = []
    for line in source.splitlines():
        banner = re.match(r"# --- (.+?) -+$", line)
        if banner:
            groups.append((banner.group(1), []))
        hook = re.match(r"def (dangwu_\w+)\(", line)
        if hook:
            if not groups:
                groups.append(("Hooks", []))
            groups[-1][1].append(hook.group(1))
    return groups


def hook_reference() -> str:
    """The Markdown reference of every hook in ``dangwu_core.hookspecs``."""
    from dangwu_core import hookspecs

    parts = []
    for title, names in hookspec_groups():
        parts.append(f"## {title}\n")
        for name in names:
            function = getattr(hookspecs, name)
            options = getattr(function, "dangwu_spec", {}) or {}
            # Annotations are strings (postponed evaluation): show them without quotes.
            signature = f"{name}{inspect.signature(function)}".replace("'", "")
            parts.append(f"### `{name}`\n")
            parts.append(f"```python\n@hookimpl\ndef {signature}:\n    ...\n```\n")
            if options.get("firstresult"):
                parts.append(
                    "**The first answer wins**: plugins are asked in turn until one answers "
                    "something other than `None`.\n"
                )
            else:
                parts.append("**Every plugin's implementation is called.**\n")
            parts.append(docstring_markdown(function.__doc__ or ""))
    return "\n".join(parts)


# --- the API reference -------------------------------------------------------------------------


def openapi_document() -> dict | None:
    """The OpenAPI document of a unit's application (None when the API is not built in)."""
    import tempfile

    from dangwu_core.app import create_app
    from dangwu_core.testing import start_unit

    with tempfile.TemporaryDirectory() as directory:
        unit = start_unit(f"sqlite:///{directory}/docs.db")
        try:
            response = create_app(unit=unit).test_client().get("/api/v1/openapi.json")
        finally:
            unit.db.close()
    return response.get_json() if response.status_code == 200 else None


def openapi_markdown() -> str:
    document = openapi_document()
    if document is None:
        return "*This build of dangwu serves no JSON API.*\n"
    info = document.get("info", {})
    lines = [
        f"`{info.get('title', 'API')}` version `{info.get('version', '')}`, "
        f"OpenAPI {document.get('openapi', '')}.\n",
        "| method | path | what |",
        "| --- | --- | --- |",
    ]
    for path, operations in sorted(document.get("paths", {}).items()):
        for method, operation in operations.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                summary = " ".join((operation.get("summary") or "").split())
                lines.append(f"| {method.upper()} | `{path}` | {summary.replace('|', '/')} |")
    return "\n".join(lines) + "\n"


# --- markers -----------------------------------------------------------------------------------


def caption(path: str) -> str:
    """What a reader sees of a ``<!-- file: PATH -->`` marker: the path, above its block."""
    return f"`{path}`:\n"


def expand(markdown: str) -> str:
    """Replace every marker of a page by what it stands for."""
    if "<!-- hookspecs -->" in markdown:
        markdown = markdown.replace("<!-- hookspecs -->", hook_reference())
    if "<!-- openapi -->" in markdown:
        markdown = markdown.replace("<!-- openapi -->", openapi_markdown())
    return FILE.sub(lambda match: caption(match.group("path")), markdown)


def on_page_markdown(markdown, page, config, files):  # the MkDocs hook
    return expand(markdown)
