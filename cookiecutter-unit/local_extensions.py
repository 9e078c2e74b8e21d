"""Jinja extension of the cookiecutter-unit template (loaded through ``_extensions``).

``dangwu_checkout()`` is the framework checkout this template lives in: the default of the
``dangwu_source`` question, so a project generated from a checkout installs dangwu from it.
"""

from pathlib import Path

from jinja2.ext import Extension

CHECKOUT = Path(__file__).resolve().parent.parent


class DangwuExtension(Extension):
    def __init__(self, environment):
        super().__init__(environment)
        environment.globals["dangwu_checkout"] = lambda: str(CHECKOUT)
