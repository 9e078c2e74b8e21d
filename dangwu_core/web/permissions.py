"""The permission registry on the web: bound per request, a view decorator, ``can(...)``.

* Around each request the unit's :class:`~dangwu_core.permissions.Permissions` are bound
  (:func:`dangwu_core.permissions.active`), so every service a view calls decides on the
  unit's registry, plugins' actions and grants included.
* :func:`requires` guards a portal, party or API view with one action; it refuses with 403
  (a JSON error where JSON is wanted) and marks the view, so the endpoint meta-test
  (``tests/access/test_endpoints.py``) sees that the view declares what it needs.
* :func:`public` marks a view anyone may open (what it shows is still filtered by scope).
* ``can(action, organization=None)`` in every Jinja template (portal, party, admin): may the
  person asking take ``action`` there (or, without an organization, anywhere)?
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, g, request

from .. import access
from ..permissions import Permissions, bind, unbind
from .auth import current_person

#: The attribute a guarded view carries: the name of the action it needs.
ACTION_ATTRIBUTE = "dangwu_action"
#: The attribute of a view anyone may open.
PUBLIC_ATTRIBUTE = "dangwu_public"


def unit_permissions() -> Permissions:
    """The permissions of the current application's unit."""
    return current_app.extensions["dangwu"].registry.permissions


def can(action: str, organization: Any = None) -> bool:
    """True when the person asking may take ``action`` on ``organization`` (or anywhere)."""
    person = current_person()
    permissions = unit_permissions()
    if organization is None:
        return access.may_anywhere(person, action, permissions=permissions)
    return access.allowed(person, action, organization, permissions=permissions)


def requires(
    action: str,
    *,
    organization_from: str | Callable[..., Any] | None = None,
    message: Any = None,
) -> Callable[[Callable], Callable]:
    """Guard a view with ``action``.

    :param organization_from: where the organization acted on comes from: the name of a
        URL variable or request argument (an id), or a function of the view's keyword
        arguments returning an organization (or its id). None: the person may take the
        action on some organization.
    :param message: what a refused person reads (by default the action's name).

    The action must be declared (an unknown one raises at the first request, naming it).
    """

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            organization = _organization(organization_from, kwargs)
            if organization_from is not None and organization is None:
                allowed = False
            else:
                allowed = can(action, organization)
            if not allowed:
                from .errors import error_response

                refusal = message or f"this needs the permission {action!r}"
                return error_response(403, str(refusal))
            return view(*args, **kwargs)

        setattr(guarded, ACTION_ATTRIBUTE, action)
        return guarded

    return decorate


def _organization(source, kwargs: dict) -> Any:
    if source is None:
        return None
    if callable(source):
        return source(**kwargs)
    raw = kwargs.get(source, request.values.get(source))
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


def public(view: Callable) -> Callable:
    """Mark ``view`` as open to anyone (its content is still filtered by scope)."""
    setattr(view, PUBLIC_ATTRIBUTE, True)
    return view


def declared_action(view: Callable) -> str | None:
    """The action a view function declares, or None: through :func:`requires`, or, for an
    admin view (a bound method of a Flask-Admin view), its class's ``enter_action`` (see
    ``dangwu_core.admin.base.AccessMixin``)."""
    action = getattr(view, ACTION_ATTRIBUTE, None)
    if action is None:
        action = getattr(getattr(view, "__self__", None), "enter_action", None)
    return action


def init_app(app: Flask, unit) -> None:
    @app.before_request
    def _bind_permissions():
        g.dangwu_permissions_token = bind(unit.registry.permissions)

    @app.teardown_request
    def _unbind_permissions(_exc=None):
        token = g.pop("dangwu_permissions_token", None)
        if token is not None:
            unbind(token)

    @app.context_processor
    def _can():
        return {"can": can}
