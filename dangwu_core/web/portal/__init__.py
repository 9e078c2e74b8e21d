"""The public portal (党务公开网): what the public, and members logged in, read.

One blueprint, one module per page family: ``home`` (the unit and its tree), ``organizations``
(an organization's catalog and disclosures, what was due and what was disclosed),
``disclosures`` (one disclosure and its versions), ``submissions`` (feedback and application
forms, the receipt check), ``search``, ``feeds`` (Atom).
"""

from . import disclosures, feeds, home, organizations, search, submissions  # noqa: F401  (they register their routes)
from .blueprint import blueprint

__all__ = ["blueprint"]
