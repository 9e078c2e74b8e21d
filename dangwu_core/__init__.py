"""dangwu: a framework for Party-affairs disclosure (党务公开).

Plugins import :data:`hookimpl` from here (or from :mod:`dangwu_core.toolkit`) to mark
their hook implementations::

    from dangwu_core import hookimpl

    @hookimpl
    def dangwu_register_organization_types():
        ...
"""

import pluggy

__version__ = "0.1.0"

#: Marker for hook implementations of the ``dangwu`` project.
hookimpl = pluggy.HookimplMarker("dangwu")

__all__ = ["__version__", "hookimpl"]
