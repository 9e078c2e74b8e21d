"""党务公开目录 packages: the format, templates offered by plugins, and installation."""

from .template import CatalogTemplate

__all__ = ["CatalogTemplate"]
