"""Core's web pages (the public portal and the intra-party portal), registered through the
same hook as any plugin's blueprints."""

from dangwu_core import hookimpl


@hookimpl
def dangwu_register_blueprints(app):
    from dangwu_core.web.party import blueprint as party
    from dangwu_core.web.portal import blueprint as portal

    return [portal, party]
