"""The plugin manager: core's defaults, installed entry points, disabling by settings.

Built-in behaviour is registered exactly like third-party plugins (as pytest and Datasette
do). *Essential* plugins cannot be disabled; *default* plugins can, by naming them in the
``disabled_plugins`` setting, like any installed plugin.

Hooks are called through :func:`collect` and :func:`first`, which name the plugin behind any
exception or wrong-shaped answer in a :class:`~dangwu_core.errors.PluginError`.
"""

from __future__ import annotations

import importlib
import importlib.metadata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pluggy

from . import hookspecs
from .errors import PluginError, SettingsError

PROJECT = "dangwu"
ENTRY_POINT_GROUP = "dangwu"

#: Core plugins the framework cannot run without.
ESSENTIAL_PLUGINS: dict[str, str] = {
    "core.channels": "dangwu_core.builtin.channels",
    "core.due_dates": "dangwu_core.builtin.due_dates",
    "core.workflow": "dangwu_core.builtin.workflow",
    "core.actions": "dangwu_core.builtin.actions",
    "core.outbox": "dangwu_core.builtin.outbox",
    "core.redaction": "dangwu_core.builtin.redaction",
    "core.schema": "dangwu_core.builtin.schema",
}
#: Core plugins a unit may switch off in its settings.
DEFAULT_PLUGINS: dict[str, str] = {
    "core.portal": "dangwu_core.builtin.portal",
    "core.api": "dangwu_core.builtin.api",
    "core.search_index": "dangwu_core.builtin.search_index",
    "core.catalog_obligations": "dangwu_core.builtin.catalog_obligations",
}


class PluginManager(pluggy.PluginManager):
    """pluggy's manager, remembering which distribution installed each entry-point plugin."""

    def __init__(self) -> None:
        super().__init__(PROJECT)
        self.distributions: dict[str, importlib.metadata.Distribution] = {}


def make_plugin_manager(
    disabled: Iterable[str] = (),
    *,
    load_entry_points: bool = True,
    extra: Iterable[tuple[str, object]] = (),
) -> PluginManager:
    """Build a plugin manager with core's defaults, installed plugins and ``extra`` ones.

    :param disabled: plugin names not to load (the ``disabled_plugins`` setting).
    :param load_entry_points: load the ``dangwu`` entry-point group of installed packages.
    :param extra: ``(name, plugin)`` pairs registered last (tests, a unit's own module).
    :raises SettingsError: an essential plugin is named in ``disabled``.
    """
    disabled = set(disabled)
    essential = disabled & set(ESSENTIAL_PLUGINS)
    if essential:
        raise SettingsError(
            f"plugin {sorted(essential)[0]!r} is essential to dangwu and cannot be disabled"
        )
    pm = PluginManager()
    pm.add_hookspecs(hookspecs)
    for name in disabled:
        pm.set_blocked(name)
    for name, module in {**ESSENTIAL_PLUGINS, **DEFAULT_PLUGINS}.items():
        if not pm.is_blocked(name):
            pm.register(importlib.import_module(module), name=name)
    if load_entry_points:
        _load_entry_points(pm)
    for name, plugin in extra:
        if not pm.is_blocked(name):
            pm.register(plugin, name=name)
    pm.check_pending()
    return pm


def installed_plugin_names() -> set[str]:
    """Names of every plugin that could load: core's and the installed entry points'."""
    names = set(ESSENTIAL_PLUGINS) | set(DEFAULT_PLUGINS)
    for dist in importlib.metadata.distributions():
        names.update(ep.name for ep in dist.entry_points if ep.group == ENTRY_POINT_GROUP)
    return names


def _load_entry_points(pm: PluginManager) -> None:
    for dist in importlib.metadata.distributions():
        for ep in dist.entry_points:
            if ep.group != ENTRY_POINT_GROUP or pm.is_blocked(ep.name):
                continue
            if pm.get_plugin(ep.name) is not None:
                continue
            try:
                plugin = ep.load()
            except Exception as exc:
                raise PluginError(ep.name, "import", f"{type(exc).__name__}: {exc}") from exc
            pm.register(plugin, name=ep.name)
            pm.distributions[ep.name] = dist


@dataclass(frozen=True)
class PluginInfo:
    """What ``dangwu plugins`` shows for one loaded plugin."""

    name: str
    version: str
    distribution: str
    hooks: tuple[str, ...]
    essential: bool


def plugin_infos(pm: PluginManager) -> list[PluginInfo]:
    """Every loaded plugin with its distribution, version and the hooks it implements."""
    from . import __version__

    infos = []
    for name, plugin in pm.list_name_plugin():
        if plugin is None:
            continue  # blocked: named in disabled_plugins
        dist = pm.distributions.get(name)
        hooks = tuple(sorted(h.name for h in pm.get_hookcallers(plugin) or ()))
        infos.append(
            PluginInfo(
                name=name,
                version=dist.version if dist else __version__,
                distribution=dist.metadata["Name"] if dist else "dangwu-core",
                hooks=hooks,
                essential=name in ESSENTIAL_PLUGINS,
            )
        )
    return sorted(infos, key=lambda info: (not info.name.startswith("core."), info.name))


def _impls(pm: PluginManager, hook_name: str):
    hook = getattr(pm.hook, hook_name)
    impls = hook.get_hookimpls()
    if any(impl.hookwrapper or impl.wrapper for impl in impls):
        raise PluginError(
            next(i.plugin_name for i in impls if i.hookwrapper or i.wrapper),
            hook_name,
            "hook wrappers are not supported on dangwu hooks",
        )
    # pluggy calls the most recently registered (and tryfirst) implementations first.
    return list(reversed(impls))


def _call(impl, hook_name: str, kwargs: dict[str, Any]):
    try:
        return impl.function(*(kwargs[arg] for arg in impl.argnames))
    except PluginError:
        raise
    except Exception as exc:
        raise PluginError(impl.plugin_name, hook_name, f"{type(exc).__name__}: {exc}") from exc


def extend(
    pm: PluginManager,
    hook_name: str,
    argument: str,
    thing: Any,
    check: Callable[[Any], bool],
    expected: str,
) -> Any:
    """Apply a ``dangwu_extend_*`` hook: each plugin's answer replaces ``thing`` in turn
    (None leaves it); an answer that fails ``check`` is a PluginError naming the plugin."""
    for impl in _impls(pm, hook_name):
        answer = _call(impl, hook_name, {argument: thing})
        if answer is None:
            continue
        if not check(answer):
            raise PluginError(impl.plugin_name, hook_name, f"must return {expected} (or None)")
        thing = answer
    return thing


def collect(
    pm: PluginManager,
    hook_name: str,
    check: Callable[[Any], bool] | None = None,
    expected: str = "",
    **kwargs: Any,
) -> list[tuple[str, Any]]:
    """Call every implementation of a ``dangwu_register_*`` hook; return ``(plugin, item)``.

    Each implementation must answer None or a list; with ``check``, every item of the list
    must pass it, otherwise the plugin is named as answering with the wrong shape.
    """
    results: list[tuple[str, Any]] = []
    for impl in _impls(pm, hook_name):
        answer = _call(impl, hook_name, kwargs)
        if answer is None:
            continue
        if not isinstance(answer, list | tuple):
            raise PluginError(
                impl.plugin_name, hook_name, f"returned {type(answer).__name__}, not a list"
            )
        for item in answer:
            if check is not None and not check(item):
                raise PluginError(
                    impl.plugin_name,
                    hook_name,
                    f"returned {item!r}, which is not {expected or 'the expected shape'}",
                )
            results.append((impl.plugin_name, item))
    return results


def first(
    pm: PluginManager,
    hook_name: str,
    check: Callable[[Any], bool] | None = None,
    expected: str = "",
    **kwargs: Any,
) -> tuple[str, Any]:
    """Call a ``firstresult`` hook; return ``(plugin, answer)`` of the first non-None answer."""
    for impl in _impls(pm, hook_name):
        answer = _call(impl, hook_name, kwargs)
        if answer is None:
            continue
        if check is not None and not check(answer):
            raise PluginError(
                impl.plugin_name,
                hook_name,
                f"returned {answer!r}, which is not {expected or 'the expected shape'}",
            )
        return impl.plugin_name, answer
    raise PluginError("(none)", hook_name, "no plugin answered")


def notify(pm: PluginManager, hook_name: str, **kwargs: Any) -> None:
    """Call every implementation of a ``dangwu_on_*`` hook, naming any that raises."""
    for impl in _impls(pm, hook_name):
        _call(impl, hook_name, kwargs)
