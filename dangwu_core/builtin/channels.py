"""Core's channels: the two websites dangwu itself serves."""

from dangwu_core import hookimpl
from dangwu_core.channels import Channel
from dangwu_core.models import Scope


@hookimpl
def dangwu_register_channels():
    return [
        Channel(
            "website",
            "党务公开网",
            frozenset({Scope.PUBLIC}),
            "The unit's public disclosure portal, served by dangwu.",
        ),
        Channel(
            "party_portal",
            "党内网站",
            frozenset({Scope.PARTY, Scope.UNIT, Scope.SPECIFIC}),
            "The intra-party portal where members log in, served by dangwu (局域网).",
        ),
    ]
