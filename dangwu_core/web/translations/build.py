"""Rebuild the English catalog: ``python -m dangwu_core.web.translations.build``.

Extracts the messages (pybabel), writes ``en/LC_MESSAGES/messages.po`` with the translations
of :mod:`.en` and compiles ``messages.mo``; both are committed, so installing and testing need
neither network nor pybabel. Prints the message ids still untranslated.
"""

from __future__ import annotations

import subprocess  # nosec B404  # runs this interpreter's babel, never a shell
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from .en import EN

WEB = Path(__file__).resolve().parent.parent
OUT = WEB / "translations" / "en" / "LC_MESSAGES"


def main() -> int:
    pot = OUT / "messages.pot"
    OUT.mkdir(parents=True, exist_ok=True)
    subprocess.run(  # nosec B603  # a fixed argv list (sys.executable -m babel), no shell
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "_l",
         "-k", "N_", "-k", "lazy_gettext", "--no-location", "--omit-header", "-o", str(pot), "."],
        cwd=WEB, check=True, capture_output=True,
    )  # fmt: skip
    with pot.open("rb") as f:
        catalog = read_po(f, locale="en")
    pot.unlink()
    missing = []
    for message in catalog:
        if message.id:
            message.string = EN.get(message.id, "")
            if not message.string:
                missing.append(message.id)
    with (OUT / "messages.po").open("wb") as f:
        write_po(f, catalog, width=0, omit_header=False)
    with (OUT / "messages.mo").open("wb") as f:
        write_mo(f, catalog)
    for message_id in missing:
        print("untranslated:", message_id)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
