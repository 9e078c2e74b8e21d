"""Fixtures of the villages tests; the helpers live in ``villages_town.py``."""

import pytest
from villages_town import build_town


@pytest.fixture
def town(unit):
    return build_town(unit)
