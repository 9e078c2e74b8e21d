"""Core's own behaviour, registered as plugins like any other (see ``dangwu_core.plugins``).

One concern per module; each module holds only ``@hookimpl`` functions.
"""
