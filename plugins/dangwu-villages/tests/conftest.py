"""Fixtures of the villages tests; the helpers live in ``villages_town.py``."""

import pytest
from villages_town import build_town

from dangwu_core.testing import create_app
from dangwu_core.toolkit import build_demo


@pytest.fixture
def town(unit):
    return build_town(unit)


@pytest.fixture
def app(unit):
    """The villages demo unit's web application, in testing mode."""
    build_demo(unit, "villages")
    application = create_app(unit=unit)
    application.config["TESTING"] = True
    return application
