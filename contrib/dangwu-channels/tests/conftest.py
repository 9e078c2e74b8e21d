"""Fixtures of the channels' tests: the far ends on loopback and a small unit delivering to
them (settings as overrides, and as DANGWU_* variables for the commands run in-process); the
test sector's demo with a branch's month of public items (:mod:`channels_town`), built once per
worker and copied per test. The directory is put on the path for the helpers."""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from channels_town import BRANCH, SECTOR, publish_branch_items, sheet_month, start
from stand_ins import http_receiver, smtp_server
from town import SECRET, build

from dangwu_core.testing import create_app
from dangwu_core.toolkit import Organization, build_demo


def env_name(setting: str) -> str:
    return "DANGWU_" + setting.upper().replace(".", "__")


@pytest.fixture
def far_ends():
    with (
        smtp_server() as (smtp_port, mailbox),
        http_receiver(SECRET) as (
            sms_url,
            provider,
        ),
        http_receiver(SECRET) as (hook_url, platform),
    ):
        yield {
            "smtp_port": smtp_port,
            "mailbox": mailbox,
            "sms_url": sms_url,
            "provider": provider,
            "hook_url": hook_url,
            "platform": platform,
        }


def channel_settings(far_ends, **more) -> dict:
    return {
        "channels.public_url": "https://dw.example.org",
        "channels.email.enabled": True,
        "channels.email.host": "127.0.0.1",
        "channels.email.port": far_ends["smtp_port"],
        "channels.email.security": "none",
        "channels.email.sender": "党务公开 <dwgk@example.org>",
        "channels.sms.enabled": True,
        "channels.sms.url": far_ends["sms_url"],
        "channels.sms.account": "unit-1",
        "channels.sms.secret": SECRET,
        "channels.sms.template_id": "SMS_0001",
        "channels.sms.signature": "【测试党委】",
        "channels.linked.enabled": True,
        "outbox.backoff_seconds": 60,
        **more,
    }


@pytest.fixture
def delivering(far_ends, sqlite_url, monkeypatch):
    """``delivering(**settings)``: the small unit with every channel on, pointed at the far
    ends; the same settings in the environment for ``dangwu`` commands."""
    made = []

    def make(url=None, **more):
        settings = channel_settings(far_ends, **more)
        for name, value in settings.items():
            monkeypatch.setenv(env_name(name), str(value))
        ns = build(url or sqlite_url, **settings)
        ns.url = url or sqlite_url
        ns.far = far_ends
        made.append(ns)
        return ns

    yield make
    for ns in made:
        ns.unit.db.close()


@pytest.fixture(scope="session")
def town_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("channels-town") / "town.db"
    unit = start(f"sqlite:///{path}")
    build_demo(unit, SECTOR)
    publish_branch_items(unit, sheet_month() + dt.timedelta(days=9))
    unit.db.close()
    return path


@pytest.fixture
def town(town_template, tmp_path):
    path = tmp_path / "town.db"
    shutil.copy(town_template, path)
    unit = start(f"sqlite:///{path}")
    yield unit
    unit.db.close()


@pytest.fixture
def town_app(town):
    app = create_app(unit=town)
    app.config["TESTING"] = True
    return app


@pytest.fixture
def branch(town):
    return Organization.get(Organization.code == BRANCH)
