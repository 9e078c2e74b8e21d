"""The exceptions dangwu raises on purpose.

Every refusal in the framework is a :class:`DangwuError` whose message names the cause in one
sentence. Surfaces (CLI, web, admin) show that message as it is; the CLI exits with status 1.
Anything else escaping is a bug.
"""


class DangwuError(Exception):
    """Base class: a refusal with one clear message naming its cause."""


class SettingsError(DangwuError):
    """The settings file or a ``DANGWU_*`` variable cannot be used."""


class DatabaseError(DangwuError):
    """The database URL is wrong, unreachable, or the schema is not current."""


class ValidationError(DangwuError):
    """Input that breaks a rule of the domain (unknown type, duplicate code, cycle...)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class NotFound(DangwuError):
    """An object named by code or id does not exist."""


class PluginError(DangwuError):
    """A plugin raised inside a hook or answered with the wrong shape.

    The message names the plugin and the hook; the original exception is chained.
    """

    def __init__(self, plugin: str, hook: str, problem: str):
        super().__init__(f"plugin {plugin!r} failed in hook {hook}: {problem}")
        self.plugin = plugin
        self.hook = hook
        self.problem = problem


class PermissionDenied(DangwuError):
    """The actor does not hold the role an action needs on the organization it concerns."""


class InvalidTransition(DangwuError):
    """A workflow transition that does not exist, or cannot be fired from the current state."""


class GuardRefused(DangwuError):
    """A workflow guard refused a transition; ``guard`` names it, the message says why."""

    def __init__(self, guard: str, message: str):
        super().__init__(message)
        self.guard = guard


class ConflictError(DangwuError):
    """Someone else changed the object since it was read (optimistic concurrency)."""
