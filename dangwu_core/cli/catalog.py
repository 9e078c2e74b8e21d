"""``dangwu catalog``: the upstream body's tool for catalog packages, and the unit's installer.

The upstream body: ``keygen`` (once), ``init`` or ``build`` (from its Excel table), ``sign``,
``export``. The unit: ``verify``, ``install``, ``diff``, ``upgrade``, ``candidates``. Each is a
thin wrapper around :mod:`dangwu_core.catalogs`; a refusal prints one ``Error:`` line.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from .. import organizations, people
from ..catalogs import candidates as candidates_
from ..catalogs import install as installer
from ..catalogs import package as packages
from ..catalogs import signing, spreadsheet
from ..catalogs.diff import catalog_manifest, diff
from ..errors import ValidationError
from ..models import Catalog, CatalogStatus
from ..publication import draft_publication
from . import pass_context


def _channels(unit) -> dict[str, str]:
    return {c.name: c.label for c in unit.registry.channels}


def _person(username: str | None):
    return people.get_by_username(username) if username else None


def _installed_manifest(code: str) -> dict:
    catalog = installer.installed(code)
    if catalog is None:
        raise ValidationError(f"catalog {code!r} is not installed", "code")
    return catalog_manifest(catalog)


@click.group("catalog")
def command():
    """Build, sign, verify, install, diff, upgrade and export catalog packages (党务公开目录)."""


@command.command("keygen")
@click.argument("issuer")
@click.option("--out", "out", required=True, type=click.Path(), help="Private key file to write.")
@click.option("--passphrase", is_flag=True, help="Encrypt the private key (asks for it).")
def keygen(issuer, out, passphrase):
    """Make an Ed25519 key pair for the issuing organization ISSUER (its code)."""
    secret = (
        click.prompt("Passphrase", hide_input=True, confirmation_prompt=True)
        if passphrase
        else None
    )
    key = signing.write_key_pair(issuer, out, passphrase=secret.encode() if secret else None)
    click.echo(f"Wrote the private key {out} (keep it offline) and {out}.pub.")
    click.echo(f"Key id {key.key_id}. Units that trust it add to trusted_catalog_keys:")
    click.echo(f"  {key.line()}")


@command.command("init")
@click.argument("out", type=click.Path())
@click.option("--code", required=True, help="The catalog's code (stable across versions).")
@click.option("--title", required=True)
@click.option("--issuer-code", required=True)
@click.option("--issuer-name", required=True)
@click.option("--applies-to", default="", help="Organization types, comma-separated.")
@click.option(
    "--organizations",
    default="",
    help="Codes of named organizations it applies to, comma-separated (its own: the issuer).",
)
@click.option("--table", type=click.Path(), help="Also write the items as an .xlsx/.csv table.")
@pass_context
def init(ctx, out, code, title, issuer_code, issuer_name, applies_to, organizations, table):
    """Write a new package OUT (version 0.1.0, one example item) to edit or build upon."""
    manifest = {
        "issuer": {"code": issuer_code, "name": issuer_name},
        "code": code,
        "title": title,
        "version": "0.1.0",
        "effective_date": dt.date.today().isoformat(),
        "applies_to": [t for t in applies_to.split(",") if t],
        "applies_to_organizations": [o for o in organizations.split(",") if o],
        "categories": [{"code": "decisions", "name": "党组织决议、决定和执行情况"}],
        "items": [
            {
                "code": "JY-01",
                "title": "执行上级党组织决议、决定情况",
                "category": "decisions",
                "scope": "party",
                "channels": ["party_portal"],
                "time_limit": "periodic",
                "cadence": "monthly",
                "proposing_department": "党组织办公室",
            }
        ],
    }
    if Path(out).exists():
        raise ValidationError(f"{out} exists already", "out")
    packages.write(out, manifest)
    click.echo(f"Wrote {out}.")
    if table:
        spreadsheet.export(packages.load(out).manifest, table, _channels(ctx.unit()))
        click.echo(f"Wrote {table}: fill in the items, then `dangwu catalog build`.")


@command.command("build")
@click.argument("table", type=click.Path())
@click.option("--out", "-o", "out", required=True, type=click.Path(), help="Package to write.")
@click.option("--base", type=click.Path(), help="A package giving metadata and categories.")
@click.option("--version", "version_")
@click.option("--effective-date")
@click.option("--explanation", help="变更说明 of this version.")
@click.option("--applies-to", help="Organization types, comma-separated (overrides the base).")
@click.option("--organizations", help="Named organizations' codes, comma-separated.")
@pass_context
def build(ctx, table, out, base, version_, effective_date, explanation, applies_to, organizations):
    """Build a package from a catalog table (xlsx or csv with Chinese headers)."""
    base_manifest = packages.load(base).raw if base else None
    overrides = {
        k: v
        for k, v in (
            ("version", version_),
            ("effective_date", effective_date),
            ("explanation", explanation),
        )
        if v
    }
    for key, value in (("applies_to", applies_to), ("applies_to_organizations", organizations)):
        if value is not None:
            overrides[key] = [v for v in value.split(",") if v]
    manifest = spreadsheet.build(table, _channels(ctx.unit()), base=base_manifest, **overrides)
    packages.write(out, manifest)
    click.echo(
        f"Built {out}: {manifest['code']} {manifest['version']}, "
        f"{len(manifest['items'])} items (unsigned)."
    )


@command.command("sign")
@click.argument("package", type=click.Path())
@click.option("--key", required=True, type=click.Path(), help="The issuer's private key.")
@click.option("--out", "-o", "out", type=click.Path(), help="Default: sign PACKAGE in place.")
def sign(package, key, out):
    """Sign PACKAGE with the issuer's Ed25519 key."""
    loaded = packages.load(package)
    try:
        private = signing.load_private_key(key)
    except signing.PassphraseNeeded:
        secret = click.prompt("Passphrase", hide_input=True)
        private = signing.load_private_key(key, secret.encode())
    signature = signing.sign(loaded, private)
    packages.write(out or package, loaded.raw, signature)
    click.echo(f"Signed {out or package} with {signature['key_id']} (sha256 {loaded.sha256}).")


@command.command("verify")
@click.argument("package", type=click.Path())
@click.option(
    "--key",
    "keys",
    multiple=True,
    help="A public key file or ISSUER:BASE64 (default: trusted_catalog_keys).",
)
@pass_context
def verify(ctx, package, keys):
    """Check PACKAGE's format, deployment fit and signature; exit 1 unless it is trusted."""
    loaded = packages.load(package)
    unit = ctx.unit()
    installer.check(unit, loaded)
    trusted = signing.trusted_keys(keys or unit.settings.trusted_catalog_keys)
    verdict = signing.verify(loaded, trusted)
    if not verdict.ok:
        raise ValidationError(verdict.message, "signature")
    click.echo(f"OK: {verdict.message} (sha256 {loaded.sha256}).")


def _apply(ctx, package, template, *, people_of: dict[str, str | None], **options):
    """Install PACKAGE or TEMPLATE; ``people_of`` names the usernames of person options.

    The usernames are looked up once the unit's database is connected (a person lives there).
    """
    if bool(package) == bool(template):
        raise ValidationError("name a PACKAGE file or --template NAME (one of them)", "package")
    unit = ctx.connected()
    options.update({option: _person(username) for option, username in people_of.items()})
    if template:
        return installer.install_template(unit, template, **options)
    return installer.apply(unit, package, **options)


def _report(applied) -> None:
    catalog = applied.catalog
    trust = applied.signed_by or f"UNSIGNED, installed by override ({applied.override})"
    click.echo(f"Installed {catalog.code} {catalog.version} ({trust}).")
    if applied.diff is not None:
        for line in applied.diff.lines():
            click.echo(line)
    if applied.filing is not None:
        upper = applied.filing.upper_organization
        click.echo(
            f"Filed (备案) #{applied.filing.id} by {applied.filing.organization.name} with "
            f"{upper.name if upper else 'the upper body (outside this deployment)'}."
        )
    elif catalog.issuer_id is None:
        click.echo(f"Made by {catalog.issuer_name} outside this deployment: it files it there.")
    if applied.notice is not None:
        click.echo(
            f"Drafted the explanation “{applied.notice.title}” (disclosure #{applied.notice.id})."
        )
    elif applied.diff is not None and not applied.diff.is_empty:
        click.echo("No explanation drafted for members: pass --notice-by USER to draft one.")


_common = [
    click.argument("package", required=False, type=click.Path()),
    click.option("--template", help="A catalog template a plugin offers (see `catalog list`)."),
    click.option(
        "--allow-unsigned", is_flag=True, help="Install without a trusted signature (recorded)."
    ),
    click.option("--actor", help="The username acting (recorded)."),
]


def _options(func):
    for decorator in reversed(_common):
        func = decorator(func)
    return func


@command.command("install")
@_options
@pass_context
def install(ctx, package, template, allow_unsigned, actor):
    """Install a package (or upgrade to it) and open its obligations."""
    _report(
        _apply(ctx, package, template, allow_unsigned=allow_unsigned, people_of={"actor": actor})
    )


@command.command("upgrade")
@_options
@click.option("--explanation", default="", help="变更说明 (default: the package's explanation).")
@click.option("--notice-by", help="Username of the issuer's proposer who drafts the explanation.")
@click.option("--notice-scope", type=click.Choice(["party", "public"]), default="party")
@pass_context
def upgrade(ctx, package, template, allow_unsigned, actor, explanation, notice_by, notice_scope):
    """Apply a newer version of an installed catalog (revoked items close their obligations)."""
    applied = _apply(
        ctx,
        package,
        template,
        allow_unsigned=allow_unsigned,
        people_of={"actor": actor, "notice_by": notice_by},
        explanation=explanation,
        notice_scope=notice_scope,
        require_installed=True,
    )
    _report(applied)


@command.command("diff")
@click.argument("old")
@click.argument("new", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@pass_context
def diff_(ctx, old, new, as_json):
    """Compare two package files, or a package file with the installed version of its catalog."""
    if new is None:
        new_manifest = packages.load(old).manifest
        ctx.connected()
        old_manifest = _installed_manifest(new_manifest["code"])
    else:
        old_manifest, new_manifest = packages.load(old).manifest, packages.load(new).manifest
    result = diff(old_manifest, new_manifest)
    if as_json:
        click.echo(json.dumps(result.summary(), ensure_ascii=False, indent=2))
    else:
        for line in result.lines():
            click.echo(line)


@command.command("export")
@click.argument("source")
@click.argument("out", type=click.Path())
@click.option("--installed", is_flag=True, help="SOURCE is the code of an installed catalog.")
@pass_context
def export(ctx, source, out, installed):
    """Write a package (or an installed catalog) as an xlsx or csv table."""
    unit = ctx.connected() if installed else ctx.unit()
    manifest = _installed_manifest(source) if installed else packages.load(source).manifest
    spreadsheet.export(manifest, out, _channels(unit))
    click.echo(f"Wrote {out}: {len(manifest['items'])} items.")


@command.command("list")
@pass_context
def list_(ctx):
    """Installed catalogs and the templates plugins offer."""
    unit = ctx.connected()
    for catalog in Catalog.select().order_by(Catalog.code, Catalog.version_key):
        status = CatalogStatus(catalog.status).label
        click.echo(
            f"{catalog.code} {catalog.version}  {catalog.title}  [{status}] "
            f"{catalog.signed_by or 'unsigned'}  issuer {catalog.issuer_code}  "
            f"applies to {catalog.targets or 'nothing'}"
        )
    for name, template in sorted(unit.registry.catalog_templates.items()):
        click.echo(f"template {name}  {template.title}")


list_.name = "list"


@command.command("candidates")
@click.option("--min", "min_count", default=2, show_default=True, help="Times seen at least.")
@pass_context
def candidates(ctx, min_count):
    """Out-of-catalog disclosures that recur: candidates for the next catalog version."""
    ctx.connected()
    found = candidates_.recurring_out_of_catalog(min_count=min_count)
    if not found:
        click.echo("No out-of-catalog disclosure recurs.")
    for candidate in found:
        click.echo(
            f"{candidate.count}x in {len(candidate.organizations)} organization(s): "
            f"{candidate.subject}  e.g. “{candidate.titles[0]}”"
        )


@command.command("publish")
@click.argument("code")
@click.option("--by", "author", required=True, help="Username of the proposer who drafts it.")
@click.option("--org", "organization", help="Publishing organization (default: the issuer).")
@click.option("--scope", type=click.Choice(["party", "public"]), default="party", show_default=True)
@pass_context
def publish(ctx, code, author, organization, scope):
    """Draft the publication of installed catalog CODE (004 七(二)); it then goes through review,
    approval and publication like any disclosure."""
    unit = ctx.connected()
    catalog = installer.installed(code)
    if catalog is None:
        raise ValidationError(f"catalog {code!r} is not installed", "code")
    draft = draft_publication(
        unit,
        catalog,
        people.get_by_username(author),
        organization=organizations.get(organization) if organization else None,
        scope=scope,
    )
    click.echo(f"Drafted “{draft.title}” (disclosure {draft.id}) at {draft.organization.code}.")
