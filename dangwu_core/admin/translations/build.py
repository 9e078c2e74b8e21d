"""Rebuild the admin's English catalog: ``python -m dangwu_core.admin.translations.build``.

Extracts the admin's messages (Python and templates), adds the texts of
:mod:`dangwu_core.supervision` and :mod:`dangwu_core.ledgers` the pages translate, writes
``en/LC_MESSAGES/messages.po`` with :mod:`.en` and compiles ``messages.mo``. Prints the
message ids still untranslated.
"""

from __future__ import annotations

import subprocess  # nosec B404  # runs this interpreter's babel, never a shell
import sys
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from .en import EN

ADMIN = Path(__file__).resolve().parent.parent
OUT = ADMIN / "translations" / "en" / "LC_MESSAGES"
#: The web layer's catalog: its translations win for the ids both use (the portal's English
#: must not change because the admin is installed), so they are left out here.
WEB_PO = ADMIN.parent / "web" / "translations" / "en" / "LC_MESSAGES" / "messages.po"


def dynamic_texts() -> list[str]:
    from ...ledgers import LEDGERS
    from ...supervision import CASE_KINDS, FIGURES

    return [*FIGURES.values(), *CASE_KINDS.values(), *(label for label, _ in LEDGERS.values())]


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        config, pot = Path(tmp) / "babel.cfg", Path(tmp) / "admin.pot"
        config.write_text("[python: **.py]\n[jinja2: templates/**.html]\n", encoding="utf-8")
        subprocess.run(  # nosec B603  # a fixed argv list (sys.executable -m babel), no shell
            [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", str(config),
             "-k", "_l", "-k", "lazy_gettext", "--no-location", "--omit-header", "-o", str(pot),
             "."],
            cwd=ADMIN, check=True, capture_output=True,
        )  # fmt: skip
        with pot.open("rb") as f:
            extracted = read_po(f, locale="en")
    with WEB_PO.open("rb") as f:
        web = {m.id for m in read_po(f, locale="en") if m.id and m.string}
    catalog = Catalog(locale="en", project="dangwu-admin")
    ids = [i for i in [m.id for m in extracted if m.id] + dynamic_texts() if i not in web]
    missing = []
    for message_id in dict.fromkeys(ids):
        text = EN.get(message_id, "")
        if not text:
            missing.append(message_id)
        catalog.add(message_id, text)
    with (OUT / "messages.po").open("wb") as f:
        write_po(f, catalog, omit_header=True, sort_output=True)
    with (OUT / "messages.mo").open("wb") as f:
        write_mo(f, catalog)
    for message_id in missing:
        print(f"untranslated: {message_id}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
