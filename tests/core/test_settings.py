"""Settings: defaults < TOML file < DANGWU_* environment < explicit overrides.

Rules: ``dangwu_core.settings`` (sources and precedence, type conversion of environment
strings, ``DANGWU_VILLAGES__CATALOG`` for dotted plugin settings) and ``dangwu_core.errors``
("Every refusal ... names the cause in one sentence"); unknown keys are reported by
``dangwu check`` (a warning: a typo must not go unnoticed).
"""

from __future__ import annotations

import pytest

from dangwu_core import settings as settings_module
from dangwu_core.errors import SettingsError
from dangwu_core.settings import CORE_SETTINGS, load_settings
from dangwu_core.unit import Unit

from .conftest import assert_ok


def write(path, text: str):
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_when_nothing_is_given(clean_env):
    settings = load_settings(environ={})
    for setting in CORE_SETTINGS:
        assert settings[setting.name] == setting.default
        assert settings.source(setting.name) == "defaults"
    assert settings.database_url == "sqlite:///dangwu.db"
    assert settings.path is None


def test_file_then_environment_then_overrides(tmp_path):
    path = write(
        tmp_path / "unit.toml",
        'unit_name = "中共某镇委员会"\nsector = "testsector"\nsqlite_busy_timeout_ms = 100\n'
        'database_url = "sqlite:///file.db"\n',
    )
    environ = {"DANGWU_SECTOR": "enterprises", "DANGWU_DATABASE_URL": "sqlite:///env.db"}
    settings = load_settings(path, environ=environ, database_url="sqlite:///cli.db")
    assert settings.unit_name == "中共某镇委员会"
    assert settings.source("unit_name") == f"settings file {path}"
    assert settings.sector == "enterprises"
    assert settings.source("sector") == "environment variable DANGWU_SECTOR"
    assert settings.sqlite_busy_timeout_ms == 100
    assert settings.database_url == "sqlite:///cli.db"
    assert settings.source("database_url") == "overrides"
    # an override of None means "not given"
    assert load_settings(path, environ={}, database_url=None).database_url == "sqlite:///file.db"


def test_the_file_comes_from_dangwu_settings_or_the_working_directory(clean_env, tmp_path):
    named = write(tmp_path / "named.toml", 'unit_name = "named"\n')
    write(clean_env / "dangwu.toml", 'unit_name = "local"\n')
    assert load_settings(environ={}).unit_name == "local"
    assert load_settings(environ={"DANGWU_SETTINGS": str(named)}).unit_name == "named"
    assert load_settings(named, environ={}).path == named


def test_environment_strings_are_converted_to_the_declared_type():
    settings = load_settings(
        environ={
            "DANGWU_ALLOW_PUBLIC_REQUESTS": "yes",
            "DANGWU_SQLITE_BUSY_TIMEOUT_MS": " 250 ",
            "DANGWU_DISABLED_PLUGINS": "testsector, ,testplugin,",
        }
    )
    assert settings.allow_public_requests is True
    assert settings.sqlite_busy_timeout_ms == 250
    assert settings.disabled_plugins == ["testsector", "testplugin"]
    assert (
        load_settings(environ={"DANGWU_ALLOW_PUBLIC_REQUESTS": "off"}).allow_public_requests
        is False
    )


@pytest.mark.parametrize(
    ("variable", "value", "fragment"),
    [
        ("DANGWU_SQLITE_BUSY_TIMEOUT_MS", "soon", "'sqlite_busy_timeout_ms'"),
        ("DANGWU_ALLOW_PUBLIC_REQUESTS", "maybe", "'allow_public_requests'"),
    ],
)
def test_a_value_of_the_wrong_type_names_setting_and_source(variable, value, fragment):
    with pytest.raises(SettingsError) as caught:
        load_settings(environ={variable: value})
    message = str(caught.value)
    assert fragment in message and f"environment variable {variable}" in message
    assert repr(value) in message


@pytest.mark.parametrize(
    ("toml", "fragment"),
    [
        ("sqlite_busy_timeout_ms = true\n", "not a valid int"),
        ("sqlite_busy_timeout_ms = 1.5\n", "not a valid int"),
        ("disabled_plugins = 3\n", "not a valid list"),
        ('unit_name = ["a"]\n', "not a valid str"),
    ],
)
def test_a_file_value_of_the_wrong_type_names_the_file(tmp_path, toml, fragment):
    path = write(tmp_path / "bad.toml", toml)
    with pytest.raises(SettingsError) as caught:
        load_settings(path, environ={})
    assert fragment in str(caught.value) and f"settings file {path}" in str(caught.value)


def test_a_missing_file_is_an_error(tmp_path):
    with pytest.raises(SettingsError, match="does not exist"):
        load_settings(tmp_path / "nope.toml", environ={})
    with pytest.raises(SettingsError, match="does not exist"):
        load_settings(environ={"DANGWU_SETTINGS": str(tmp_path / "gone.toml")})


def test_a_directory_is_an_error(tmp_path):
    with pytest.raises(SettingsError, match="is a directory"):
        load_settings(tmp_path, environ={})


def test_an_unreadable_file_is_an_error(tmp_path, monkeypatch):
    path = write(tmp_path / "secret.toml", 'unit_name = "x"\n')

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    # chmod 000 does not stop root (CI runs as root), so the refusal is simulated
    monkeypatch.setattr(settings_module, "open", denied, raising=False)
    with pytest.raises(SettingsError, match=r"is not readable \(permission denied\)"):
        load_settings(path, environ={})


def test_invalid_toml_and_non_utf8_files_are_errors(tmp_path):
    bad = write(tmp_path / "bad.toml", 'unit_name = "unterminated\n')
    with pytest.raises(SettingsError, match=r"is not valid TOML: .*line 1"):
        load_settings(bad, environ={})
    latin = tmp_path / "latin.toml"
    latin.write_bytes('unit_name = "党务"\n'.encode("gb18030"))
    with pytest.raises(SettingsError, match="is not UTF-8 text"):
        load_settings(latin, environ={})


def test_plugin_settings_from_a_table_and_a_double_underscore_variable(tmp_path):
    path = write(tmp_path / "unit.toml", '[testplugin]\ngreeting = "同志们好"\n')
    unit = Unit.start(load_settings(path, environ={}))
    assert unit.settings["testplugin.greeting"] == "同志们好"
    assert unit.settings.unknown() == []
    environ = {"DANGWU_TESTPLUGIN__GREETING": "大家好"}
    assert (
        Unit.start(load_settings(path, environ=environ)).settings["testplugin.greeting"] == "大家好"
    )


def test_the_same_settings_start_two_units():
    """create_app(settings) and the CLI may start a unit twice from one Settings object."""
    settings = load_settings(environ={}, database_url="sqlite:///:memory:")
    first = Unit.start(settings)
    second = Unit.start(settings)
    assert second.settings["testplugin.greeting"] == first.settings["testplugin.greeting"]


def test_unknown_keys_are_reported_by_check(run, tmp_path, monkeypatch):
    path = write(
        tmp_path / "unit.toml",
        'unit_nmae = "typo"\n[testplugin]\ngreeting = "ok"\ncolour = "red"\n',
    )
    monkeypatch.setenv("DANGWU_SECTRO", "testsector")
    assert_ok(run("db", "upgrade"))
    result = run("--settings", str(path), "check")
    assert_ok(result)
    assert f"Warning: unknown setting 'unit_nmae' (from settings file {path})" in result.stderr
    assert "Warning: unknown setting 'testplugin.colour'" in result.stderr
    assert (
        "Warning: unknown setting 'sectro' (from environment variable DANGWU_SECTRO)"
        in result.stderr
    )
    assert "greeting" not in result.stderr
    assert result.output.rstrip().endswith("OK")


def test_replace_returns_a_copy_with_overrides():
    settings = load_settings(environ={}, unit_name="a")
    other = settings.replace(unit_name="b")
    assert (settings.unit_name, other.unit_name, other.source("unit_name")) == (
        "a",
        "b",
        "overrides",
    )
