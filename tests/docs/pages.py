"""Reading the documentation's Markdown: fenced blocks, walk-through blocks, the build hook."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[2]
DOCS = CHECKOUT / "docs"
FENCE = re.compile(r"^```(?P<info>[^\n`]*)\n(?P<body>.*?)^```\s*$", re.MULTILINE | re.DOTALL)
WALK = "<!-- walk -->"
#: ``<!-- file: PATH -->`` just before a fenced block: the block is the whole file at ``PATH``
#: (relative to the reader's ``~/work``), as the plugin walk-through shows a plugin's files.
FILE = re.compile(r"<!-- file: (?P<path>\S+) -->")


def pages() -> list[Path]:
    """Every Markdown page of the site."""
    return sorted(
        path for path in DOCS.rglob("*.md") if not path.relative_to(DOCS).parts[0].startswith("_")
    )


def _file_marker(text: str, match: re.Match) -> str | None:
    """The path of the ``<!-- file: PATH -->`` marker just before ``match``, if any."""
    last_line = text[: match.start()].rstrip().rpartition("\n")[2]
    marker = FILE.fullmatch(last_line.strip())
    return marker.group("path") if marker else None


def blocks(path: Path, language: str) -> list[tuple[int, str]]:
    """The fenced blocks of ``language`` in ``path``: (line number, code).

    Blocks that are files (a ``<!-- file: PATH -->`` marker before them) are not examples to
    run in a session: :func:`files` returns those.
    """
    text = path.read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(text):
        if _file_marker(text, match) is not None:
            continue
        if match.group("info").strip().split(" ")[0] == language:
            line = text.count("\n", 0, match.start()) + 1
            found.append((line, match.group("body")))
    return found


def files(path: Path) -> dict[str, str]:
    """The files ``path`` shows whole: {PATH of its ``<!-- file: PATH -->`` marker: text}."""
    text = path.read_text(encoding="utf-8")
    found: dict[str, str] = {}
    for match in FENCE.finditer(text):
        name = _file_marker(text, match)
        if name is None:
            continue
        if name in found:
            raise ValueError(f"{path.name} shows {name} twice")
        found[name] = match.group("body")
    return found


def fenced_blocks(path: Path) -> list[tuple[int, str, str]]:
    """Every fenced block of ``path``: (line number, info string, text before it)."""
    text = path.read_text(encoding="utf-8")
    return [
        (text.count("\n", 0, m.start()) + 1, m.group("info").strip(), text[: m.start()].rstrip())
        for m in FENCE.finditer(text)
    ]


def walk_script(path: Path) -> str:
    """The shell blocks of ``path`` marked ``<!-- walk -->``, in order, as one script."""
    text = path.read_text(encoding="utf-8")
    parts = []
    for match in FENCE.finditer(text):
        before = text[: match.start()].rstrip()
        if before.endswith(WALK) and match.group("info").strip() == "sh":
            parts.append(match.group("body"))
    return "\n".join(parts)


def docs_hook():
    """The MkDocs hook module (docs/_hooks/dangwu_docs.py), imported from its file."""
    path = DOCS / "_hooks" / "dangwu_docs.py"
    spec = importlib.util.spec_from_file_location("dangwu_docs", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
