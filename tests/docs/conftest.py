"""Fixtures of the documentation tests (the wheelhouse is shared with tests/unit_template)."""

from unit_template.helpers import wheelhouse  # noqa: F401  (a session fixture)
