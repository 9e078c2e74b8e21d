"""Core's web pages, registered through the same hook as any plugin's blueprints."""

from dangwu_core import hookimpl


@hookimpl
def dangwu_register_blueprints(app):
    from dangwu_core.web.portal import blueprint

    return [blueprint]
