"""dangwu.toml: every value it sets is one dangwu or an installed plugin declares."""

from pathlib import Path

from dangwu_core.settings import load_settings
from dangwu_core.unit import Unit

SETTINGS = Path(__file__).resolve().parents[1] / "dangwu.toml"


def test_the_settings_file_names_the_unit():
    settings = load_settings(SETTINGS, environ={})
    assert settings.unit_name == "{{ cookiecutter.unit_name }}"
    assert settings.unit_code == "{{ cookiecutter.organization_code }}"
    assert settings.sector == "{{ cookiecutter.sector }}"
    assert settings.timezone == "{{ cookiecutter.timezone }}"
    assert settings.language == "{{ cookiecutter.language }}"


def test_every_setting_in_the_file_is_declared():
    settings = load_settings(SETTINGS, environ={})
    Unit.start(settings)  # declares the plugins' settings (and checks their types)
    assert settings.unknown() == []
