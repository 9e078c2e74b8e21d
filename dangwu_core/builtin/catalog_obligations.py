"""A new organization takes on the obligations of the catalogs that apply to its type.

Unlike core's other built-ins this plugin is an object bound to its unit: opening
obligations asks the ``dangwu_due_date`` hook, and ``dangwu_on_organization_created`` passes
only the organization. :meth:`dangwu_core.unit.Unit.start` registers one per unit as
``core.catalog_obligations`` (see ``UNIT_PLUGINS`` in :mod:`dangwu_core.plugins`); a unit may
disable it in its settings like any default plugin.
"""

from dangwu_core import hookimpl
from dangwu_core.clock import today
from dangwu_core.obligations import open_obligations


class CatalogObligations:
    def __init__(self, unit):
        self.unit = unit

    @hookimpl
    def dangwu_on_organization_created(self, organization):
        """Open the current year's obligations for it, from today on (inside the creation)."""
        day = today()
        open_obligations(self.unit, day.year, [organization], since=day)
