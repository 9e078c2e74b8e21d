"""The intra-party portal (党员之家): login, what a member may read beyond the public, their
requests and feedback, and their rating of the organization's disclosure work."""

from . import account, member  # noqa: F401  (they register their routes)
from .blueprint import blueprint

__all__ = ["blueprint"]
