"""Refuse answers the generated project could not run with, in one line each (exit 1)."""

import re
import sys
from pathlib import Path

ANSWERS = {
    "unit_name": """{{ cookiecutter.unit_name }}""",
    "organization_code": """{{ cookiecutter.organization_code }}""",
    "unit_slug": """{{ cookiecutter.unit_slug }}""",
    "sector": """{{ cookiecutter.sector }}""",
    "channels": """{{ cookiecutter.channels }}""",
    "database_url": """{{ cookiecutter.database_url }}""",
    "trusted_catalog_keys": """{{ cookiecutter.trusted_catalog_keys }}""",
    "timezone": """{{ cookiecutter.timezone }}""",
    "dangwu_source": """{{ cookiecutter.dangwu_source }}""",
}


def problems():
    if not ANSWERS["unit_name"].strip() or re.search(r'["\\\n]', ANSWERS["unit_name"]):
        yield "unit_name must be a name without quotes or backslashes"
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", ANSWERS["organization_code"]):
        yield "organization_code: letters, digits, '.', '_' or '-' (e.g. XNZ)"
    if not re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", ANSWERS["unit_slug"]):
        yield "unit_slug: lowercase letters and digits joined by '-', starting with a letter"
    for channel in filter(None, (c.strip() for c in ANSWERS["channels"].split(","))):
        if not re.fullmatch(r"dangwu-[a-z0-9-]+", channel):
            yield f"channels: {channel!r} is not a contrib plugin name like dangwu-channels"
    if not re.match(r"(sqlite:///.+|postgres(ql)?://.+)", ANSWERS["database_url"]):
        yield "database_url: sqlite:///file.db or postgresql://user:password@host/dbname"
    for key in filter(None, (k.strip() for k in ANSWERS["trusted_catalog_keys"].split(","))):
        if '"' in key or "\\" in key:
            yield f"trusted_catalog_keys: {key!r} has quotes or backslashes"
    if not re.fullmatch(r"[A-Za-z_]+(/[A-Za-z0-9_+-]+)*", ANSWERS["timezone"]):
        yield f"timezone: {ANSWERS['timezone']!r} is not a time zone name like Asia/Shanghai"
    source = Path(ANSWERS["dangwu_source"]).expanduser()
    if not (source / "dangwu_core").is_dir():
        yield (
            f"dangwu_source: {source} is not a dangwu checkout (no dangwu_core/ in it); "
            "give the path of the framework's source tree"
        )
        return
    if not (source / "plugins" / f"dangwu-{ANSWERS['sector']}").is_dir():
        yield f"sector: {source} ships no plugins/dangwu-{ANSWERS['sector']}"
    for channel in filter(None, (c.strip() for c in ANSWERS["channels"].split(","))):
        if not (source / "contrib" / channel).is_dir():
            yield f"channels: {source} ships no contrib/{channel}"


found = list(problems())
for problem in found:
    print(f"Error: {problem}", file=sys.stderr)
sys.exit(1 if found else 0)
