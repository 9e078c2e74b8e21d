"""Settings: the one place where every setting is declared, documented and read.

Sources, lowest to highest precedence:

1. the defaults declared below (and those plugins declare through ``dangwu_settings_defaults``);
2. a TOML file: ``--settings FILE``, else ``$DANGWU_SETTINGS``, else ``./dangwu.toml`` if present;
3. ``DANGWU_<NAME>`` environment variables (``DANGWU_DATABASE_URL``...). A dotted plugin
   setting ``myplugin.catalog`` is ``DANGWU_MYPLUGIN__CATALOG``.
4. explicit overrides (``--database`` on the CLI, keyword arguments in tests).

Values from the environment are strings and are converted to the declared type: ``bool``
accepts 1/0, true/false, yes/no, on/off; ``list`` is comma-separated.
"""

from __future__ import annotations

import os
import tomllib
import zoneinfo
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import SettingsError

ENV_PREFIX = "DANGWU_"
DEFAULT_FILE = "dangwu.toml"
#: ``DANGWU_*`` variables that are not settings: the settings file itself, and values that a
#: command reads directly (``dangwu init``'s first password).
NOT_SETTINGS = frozenset({"DANGWU_SETTINGS", "DANGWU_ADMIN_PASSWORD"})


@dataclass(frozen=True)
class Setting:
    """One declared setting: its name, default, type and a sentence of help."""

    name: str
    default: Any
    help: str
    type: type = str
    #: Called with the converted value; returns what is wrong with it (None when it is fine).
    check: Callable[[Any], str | None] | None = None

    @property
    def env(self) -> str:
        return ENV_PREFIX + self.name.upper().replace(".", "__")

    def convert(self, value: Any, source: str) -> Any:
        """Return ``value`` as this setting's type, or raise SettingsError naming ``source``."""
        if value is None:
            return None
        try:
            if self.type is bool:
                converted = _to_bool(value)
            elif self.type is list:
                if isinstance(value, str):
                    converted = [part.strip() for part in value.split(",") if part.strip()]
                elif isinstance(value, list | tuple):
                    converted = [str(part) for part in value]
                else:
                    raise ValueError("expected a list")
            elif self.type is int:
                if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                    raise ValueError("expected an integer")
                converted = int(value)
            elif self.type is str:
                if not isinstance(value, str | int | float):
                    raise ValueError("expected a string")
                converted = str(value)
            else:
                converted = self.type(value)
        except (TypeError, ValueError) as exc:
            raise SettingsError(
                f"setting {self.name!r} from {source}: {value!r} is not a valid "
                f"{self.type.__name__} ({exc})"
            ) from None
        return self.checked(converted, source)

    def checked(self, value: Any, source: str) -> Any:
        """``value``, unless this setting's ``check`` finds it wrong (SettingsError)."""
        problem = self.check(value) if self.check is not None and value is not None else None
        if problem:
            raise SettingsError(f"setting {self.name!r} from {source}: {value!r} {problem}")
        return value


def _known_timezone(name: str) -> str | None:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return "is not a known time zone (an IANA name such as Asia/Shanghai)"
    return None


def _between(minimum: int, maximum: int) -> Callable[[int], str | None]:
    def check(value: int) -> str | None:
        if value < minimum:
            return f"is less than {minimum}"
        if value > maximum:
            return f"is more than {maximum}"
        return None

    return check


#: A ``secret_key`` shorter than this is refused by ``dangwu check`` and ``dangwu serve``.
MIN_SECRET_KEY_LENGTH = 32


def secret_key_problem(settings: Mapping[str, Any]) -> str | None:
    """What is wrong with ``settings``' secret key for production (None when it is fine).

    An empty key is not wrong (a random key per process; sessions end with a restart); a set
    one must be long enough not to be guessed: a forged session is a forged login.
    """
    key = settings.get("secret_key") or ""
    if key and len(key) < MIN_SECRET_KEY_LENGTH:
        return (
            f"secret_key is {len(key)} characters long: use at least {MIN_SECRET_KEY_LENGTH} "
            "random characters (python3 -c 'import secrets; print(secrets.token_hex(32))')"
        )
    return None


def _to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"1", "true", "yes", "on"}:
        return True
    if text in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError("expected true or false")


def _proxy_count(value: Any) -> int:
    """The ``trusted_proxies`` setting: a whole number of proxy hops from 0 to 5."""
    text = str(value).strip()
    if (
        isinstance(value, bool)
        or not isinstance(value, int | str)
        or not (text.isascii() and text.isdigit())
    ):
        raise ValueError("give the number of proxies in front of the application: 0, 1, 2...")
    if not 0 <= int(text) <= 5:
        raise ValueError("more than 5 trusted proxies is surely a mistake")
    return int(text)


_proxy_count.__name__ = "number of proxies"


#: Core's settings. Plugins add theirs through the ``dangwu_settings_defaults`` hook.
CORE_SETTINGS: tuple[Setting, ...] = (
    Setting(
        "database_url",
        "sqlite:///dangwu.db",
        "Where the data lives: sqlite:///path/to/file.db (embedded default) or "
        "postgresql://user:password@host:port/dbname.",
    ),
    Setting(
        "secret_key",
        "",
        "Signs sessions and CSRF tokens. Set a long random value in production; when empty, "
        "a random key is made per process and sessions do not survive a restart.",
    ),
    Setting(
        "secure_cookies",
        False,
        "Send session cookies over HTTPS only. Set true wherever the portal is served over HTTPS.",
        bool,
    ),
    Setting(
        "trusted_proxies",
        0,
        "How many reverse proxies stand in front of the application (the unit's nginx: 1). "
        "Their X-Forwarded-For and X-Forwarded-Proto then name the real client and scheme "
        "(rate limits, lockouts, HTTPS); with 0 those headers are ignored, so that a client "
        "cannot choose its own address. Never more than the proxies really there.",
        _proxy_count,
    ),
    Setting("unit_name", "", "The unit's name as shown on every page, e.g. a town committee."),
    Setting("unit_code", "", "The code of the unit's top organization."),
    Setting(
        "supervision_phone",
        "",
        "监督电话 printed at the foot of the printable 公开栏 sheet (the number where members "
        "and the public give opinions on what is disclosed); blank: a line to write it on.",
    ),
    Setting(
        "sector",
        "",
        "The sector plugin that builds the demo when several are installed (its sector name).",
    ),
    Setting(
        "disabled_plugins",
        [],
        "Names of installed plugins (as `dangwu plugins` lists them) not to load.",
        list,
    ),
    Setting(
        "timezone",
        "Asia/Shanghai",
        "The unit's time zone: dates and deadlines are local.",
        check=_known_timezone,
    ),
    Setting("language", "zh_CN", "Default language of the user interface (zh_CN or en)."),
    Setting(
        "allow_public_requests",
        False,
        "Whether people outside the party may apply for disclosure (000 四(二)).",
        bool,
    ),
    Setting(
        "sqlite_busy_timeout_ms",
        5000,
        "How long SQLite waits for a lock, in ms.",
        int,
        check=_between(0, 2**31 - 1),
    ),
    Setting(
        "request_deadline_days",
        20,
        "Working days an organization has to answer a request for disclosure (依申请公开). "
        "Local rules differ (3, 15, 20); the default follows the 20 of the government-"
        "information regulation.",
        int,
        check=_between(1, 366),
    ),
    Setting(
        "request_extension_days",
        20,
        "Working days one extension of a request's deadline adds (granted once, with a reason).",
        int,
        check=_between(1, 366),
    ),
    Setting(
        "feedback_response_days",
        15,
        "Working days within which feedback (意见反馈) should be answered.",
        int,
        check=_between(1, 366),
    ),
    Setting(
        "attachment_max_bytes",
        20 * 1024 * 1024,
        "The largest attachment (附件) a disclosure may carry, in bytes (default 20 MiB). Files "
        "are kept in the database, so backups hold them too (at most 10^9, SQLite's limit).",
        int,
        check=_between(1, 1_000_000_000),
    ),
    Setting(
        "trusted_catalog_keys",
        [],
        "Public keys of the issuers whose catalog packages (党务公开目录) this unit trusts: "
        "entries ISSUER:BASE64KEY, or paths of key files holding such lines (what `dangwu "
        "catalog keygen` writes as *.pub). A package file that no key pinned for its issuer "
        "signed is refused unless installed with --allow-unsigned (recorded). See "
        "docs/catalog-package.md.",
        list,
    ),
    Setting(
        "catalog_upper_bodies",
        [],
        "Codes of the bodies outside this deployment that stand above it (e.g. the county "
        "committee above a town). A catalog whose issuer is not an organization of the "
        "deployment installs only when its issuer is listed here; empty: any such issuer "
        "whose package is trusted (pinned key, installed distribution) counts as the upper "
        "body. See docs/catalog-package.md.",
        list,
    ),
)


class Settings(Mapping[str, Any]):
    """Resolved settings: a read-only mapping, also readable as attributes.

    Build one with :func:`load_settings`. :meth:`declare` adds plugin settings later (the
    plugin manager needs ``disabled_plugins`` before plugins can declare theirs).
    """

    def __init__(
        self,
        raw: Mapping[str, tuple[Any, str]],
        declared: Iterable[Setting] = CORE_SETTINGS,
        path: Path | None = None,
    ):
        self._raw = dict(raw)  # name -> (value, source)
        self._declared: dict[str, Setting] = {}
        self._values: dict[str, Any] = {}
        self.path = path
        self.declare(declared)

    def declare(self, settings: Iterable[Setting]) -> None:
        """Declare more settings and resolve their values (file, environment, overrides)."""
        for setting in settings:
            if not isinstance(setting, Setting):
                raise SettingsError(f"{setting!r} is not a dangwu Setting")
            self._declared[setting.name] = setting
            value, source = self._raw.get(setting.name, (setting.default, "defaults"))
            self._values[setting.name] = setting.convert(value, source)

    @property
    def declared(self) -> dict[str, Setting]:
        return dict(self._declared)

    def unknown(self) -> list[tuple[str, str]]:
        """Names given in the file or environment that no core or plugin setting declares."""
        return sorted(
            (name, source)
            for name, (_, source) in self._raw.items()
            if name not in self._declared and source != "overrides"
        )

    def source(self, name: str) -> str:
        return self._raw.get(name, (None, "defaults"))[1]

    def __getitem__(self, name: str) -> Any:
        return self._values[name]

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __iter__(self):
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def replace(self, **overrides: Any) -> Settings:
        """A copy with some values overridden."""
        raw = dict(self._raw)
        raw.update({k: (v, "overrides") for k, v in overrides.items()})
        return Settings(raw, self._declared.values(), self.path)


def _flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = value
    return flat


def read_settings_file(path: Path) -> dict[str, Any]:
    """Read a TOML settings file; raise SettingsError naming the file and the problem."""
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise SettingsError(f"settings file {path} does not exist") from None
    except PermissionError:
        raise SettingsError(f"settings file {path} is not readable (permission denied)") from None
    except IsADirectoryError:
        raise SettingsError(f"settings file {path} is a directory") from None
    except UnicodeDecodeError as exc:
        raise SettingsError(f"settings file {path} is not UTF-8 text: {exc.reason}") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"settings file {path} is not valid TOML: {exc}") from None
    return _flatten(data)


def load_settings(
    path: str | os.PathLike | None = None,
    environ: Mapping[str, str] | None = None,
    **overrides: Any,
) -> Settings:
    """Read settings from a file, the environment and explicit overrides.

    :param path: a TOML file; when None, ``$DANGWU_SETTINGS`` or ``./dangwu.toml`` if present.
    :param environ: the environment to read (``os.environ`` by default).
    :param overrides: values that win over everything else; None values are ignored.
    :raises SettingsError: the file is missing, unreadable or not TOML, or a value has the
        wrong type.
    """
    environ = os.environ if environ is None else environ
    raw: dict[str, tuple[Any, str]] = {}
    file_path: Path | None = None
    if path is not None:
        file_path = Path(path)
    elif environ.get(ENV_PREFIX + "SETTINGS"):
        file_path = Path(environ[ENV_PREFIX + "SETTINGS"])
    elif Path(DEFAULT_FILE).is_file():
        file_path = Path(DEFAULT_FILE)
    if file_path is not None:
        for name, value in read_settings_file(file_path).items():
            raw[name] = (value, f"settings file {file_path}")
    for key, value in environ.items():
        if key.startswith(ENV_PREFIX) and key not in NOT_SETTINGS:
            name = key[len(ENV_PREFIX) :].lower().replace("__", ".")
            raw[name] = (value, f"environment variable {key}")
    for name, value in overrides.items():
        if value is not None:
            raw[name] = (value, "overrides")
    return Settings(raw, CORE_SETTINGS, file_path)
