"""Core's JSON API (/api/v1/), registered through the same hook as any plugin's blueprints."""

from dangwu_core import hookimpl


@hookimpl
def dangwu_register_blueprints(app):
    from dangwu_core.web.api import blueprint

    return [blueprint()]
