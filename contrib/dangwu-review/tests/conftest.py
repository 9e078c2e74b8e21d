"""The corpus generator (``corpus.py``) and the report (``review_report.py``) sit beside the
tests; their directory is put on the path for them."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
