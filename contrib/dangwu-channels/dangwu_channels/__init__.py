"""dangwu-channels: the channels (公开形式) that disclosures are published on, sector-neutral."""

__version__ = "0.1.0"
