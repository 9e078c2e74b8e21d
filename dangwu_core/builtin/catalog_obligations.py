"""A new organization takes on the obligations of the catalogs that bind it: those of its type
issued above it (or outside the deployment), and those naming it (``Catalog.bound``)."""

from dangwu_core import hookimpl
from dangwu_core.clock import today
from dangwu_core.obligations import open_obligations


@hookimpl
def dangwu_on_organization_created(unit, organization):
    """Open the current year's obligations for it, from today on (inside the creation)."""
    day = today()
    open_obligations(unit, day.year, [organization], since=day)
