"""Find every form a browser would post, from the application's own routes.

:func:`pages` builds one URL per GET route of the url_map (path arguments filled from the
demo unit, ``?id=`` for Flask-Admin's model views), :func:`forms` reads the forms of a page
as a browser sees them (action, method, every named input with its current value and
choices), and :func:`unposted` lists the POST routes no form on any page targets, so they are
posted too (every POST route is fuzzed, found on a page or not).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

from dangwu_core.models import Disclosure, Organization, Scope

#: Routes no browser form leads to or that would end the session being fuzzed.
SKIPPED_ENDPOINTS = {"static", "admin.static", "party.logout"}


@dataclass
class Field:
    name: str
    kind: str  # input type, "textarea" or "select"
    value: str = ""
    choices: list[str] = field(default_factory=list)


@dataclass
class Form:
    page: str
    action: str
    method: str
    fields: dict[str, Field] = field(default_factory=dict)

    @property
    def path(self) -> str:
        return urlparse(self.action).path

    def key(self) -> tuple:
        return (self.path, self.method, tuple(sorted(self.fields)))


class _FormParser(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page, self.forms = page, []
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            action = urljoin(self.page, a.get("action") or self.page)
            self._form = Form(self.page, action, (a.get("method") or "get").lower())
            self.forms.append(self._form)
        elif self._form is None or (not a.get("name") and tag != "option"):
            return
        elif tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            old = self._form.fields.get(a["name"])
            if kind in ("radio", "checkbox") and old is not None:
                old.choices.append(a.get("value", "on"))
                return
            value = a.get("value", "on" if kind in ("radio", "checkbox") else "")
            self._form.fields[a["name"]] = Field(a["name"], kind, value, [value])
        elif tag == "textarea":
            self._textarea = self._form.fields[a["name"]] = Field(a["name"], "textarea")
        elif tag == "select":
            self._select = self._form.fields[a["name"]] = Field(a["name"], "select")
        elif tag == "option" and self._select is not None:
            self._select.choices.append(a.get("value", ""))
            if "selected" in a or not self._select.value:
                self._select.value = a.get("value", "")

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def forms(page_url: str, html: str) -> list[Form]:
    parser = _FormParser(page_url)
    parser.feed(html)
    return parser.forms


def _arguments(rule) -> dict | None:
    """Values for a rule's path arguments from the demo unit; None when it takes others."""
    org = Organization.select().where(Organization.parent.is_null(False)).order_by(Organization.id)
    public = (
        Disclosure.select().where(Disclosure.scope == Scope.PUBLIC.value).order_by(Disclosure.id)
    )
    known = {
        "code": lambda: org.first().code,
        "disclosure_id": lambda: public.first().id,
        "export_type": lambda: "csv",
    }
    if not set(rule.arguments) <= set(known):
        return None
    return {name: known[name]() for name in rule.arguments}


def _model_ids(app) -> dict[str, int]:
    """The id of one row of each Flask-Admin model view, by the view's endpoint: the newest
    (not the first person, the administrator who is fuzzing)."""
    found = {}
    for admin in app.extensions.get("admin", []):
        for view in admin._views:
            model = getattr(view, "model", None)
            row = model.select().order_by(model._meta.primary_key.desc()).first() if model else None
            if row is not None:
                found[view.endpoint] = row._pk
    return found


def pages(app) -> list[str]:
    """One URL per GET route (and, for a model view's routes, the same with ``?id=``)."""
    ids = _model_ids(app)
    urls = []
    with app.test_request_context():
        from flask import url_for

        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or rule.endpoint in SKIPPED_ENDPOINTS:
                continue
            if rule.rule.startswith("/api/") or rule.rule.endswith(".atom"):
                continue  # the API has its own fuzz test; feeds hold no form
            if "/export/" in rule.rule or "/ajax/" in rule.rule or "download" in rule.endpoint:
                continue  # files and JSON, no form
            arguments = _arguments(rule)
            if arguments is None:
                continue
            url = url_for(rule.endpoint, **arguments)
            urls.append(url)
            view = rule.endpoint.split(".", 1)[0]
            if view in ids and rule.endpoint.split(".")[-1] != "index_view":
                urls.append(f"{url}?id={ids[view]}")
    return sorted(set(urls))


def unposted(app, found: list[Form]) -> list[Form]:
    """A bare form for each POST route no discovered form targets (its CSRF field only)."""
    targeted = {form.path for form in found if form.method == "post"}
    extra = []
    with app.test_request_context():
        from flask import url_for

        for rule in app.url_map.iter_rules():
            if "POST" not in rule.methods or rule.endpoint in SKIPPED_ENDPOINTS:
                continue
            if rule.rule.startswith("/api/"):
                continue
            arguments = _arguments(rule)
            if arguments is None:
                continue
            url = url_for(rule.endpoint, **arguments)
            if url not in targeted:
                form = Form(url, url, "post")
                form.fields["csrf_token"] = Field("csrf_token", "hidden")
                form.fields["id"] = Field("id", "hidden")
                extra.append(form)
    return extra
