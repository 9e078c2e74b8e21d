"""The crash tests reuse the backup tests' second database (``other_url``)."""

from tests.backup.conftest import other_url  # noqa: F401
