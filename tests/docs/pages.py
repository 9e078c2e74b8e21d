"""Reading the documentation's Markdown: fenced blocks, walk-through blocks, the build hook."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[2]
DOCS = CHECKOUT / "docs"
FENCE = re.compile(r"^```(?P<info>[^\n`]*)\n(?P<body>.*?)^```\s*$", re.MULTILINE | re.DOTALL)
WALK = "<!-- walk -->"


def pages() -> list[Path]:
    """Every Markdown page of the site (the example plugin's files are not pages)."""
    return sorted(
        path
        for path in DOCS.rglob("*.md")
        if not path.relative_to(DOCS).parts[0].startswith("_")
        and "dangwu-schools" not in path.parts
    )


def blocks(path: Path, language: str) -> list[tuple[int, str]]:
    """The fenced blocks of ``language`` in ``path``: (line number, code)."""
    text = path.read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(text):
        if match.group("info").strip().split(" ")[0] == language:
            line = text.count("\n", 0, match.start()) + 1
            found.append((line, match.group("body")))
    return found


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
