"""The unit's tests import wsgi.py from the project directory; dangwu's fixtures (``unit``,
``any_unit``, ``database_url``) come from dangwu-core's pytest plugin."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
