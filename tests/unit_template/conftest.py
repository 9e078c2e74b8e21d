"""Fixtures of the cookiecutter-unit tests (the wheelhouse lives in helpers.py)."""

from .helpers import wheelhouse  # noqa: F401  (a session fixture)
