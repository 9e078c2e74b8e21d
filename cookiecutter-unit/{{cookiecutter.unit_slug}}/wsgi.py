"""The unit's WSGI application, for waitress or gunicorn behind nginx (see deploy/).

    waitress-serve --listen=127.0.0.1:8000 wsgi:app
    gunicorn --bind 127.0.0.1:8000 --workers 3 wsgi:app

Settings come from $DANGWU_SETTINGS, else the dangwu.toml beside this file, then DANGWU_*
environment variables (the secret key and the database password belong there).
"""

import os
from pathlib import Path

os.environ.setdefault("DANGWU_SETTINGS", str(Path(__file__).with_name("dangwu.toml")))

from dangwu_core.app import create_app  # noqa: E402  (after the settings path is known)

app = create_app()
