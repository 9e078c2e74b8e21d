"""{{ cookiecutter.unit_name }}: the unit's own dangwu plugin (see unit_plugin.py)."""
