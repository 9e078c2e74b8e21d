"""``make audit`` (tools/audit_report.py): an advisory report that tells a finding, a package
it could not audit and a database it could not reach apart, and never fails (issue 13)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def load():
    spec = importlib.util.spec_from_file_location("audit_report", ROOT / "tools/audit_report.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["audit_report"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def fake_pip_audit(tmp_path, dependencies) -> list[str]:
    """A stand-in for pip-audit that writes ``dependencies`` as its JSON report."""
    script = tmp_path / "fake_pip_audit.py"
    script.write_text(
        "import json, sys\n"
        "out = sys.argv[sys.argv.index('--output') + 1]\n"
        f"json.dump({{'dependencies': {dependencies!r}, 'fixes': []}}, open(out, 'w'))\n"
        "sys.exit(1)\n",
        encoding="utf-8",
    )
    return [sys.executable, str(script)]


def test_a_known_vulnerability_is_named_with_its_fix(tmp_path):
    report = load()
    command = fake_pip_audit(
        tmp_path,
        [
            {"name": "flask", "version": "0.1", "vulns": [
                {"id": "PYSEC-1", "aliases": ["CVE-1"], "fix_versions": ["3.1"]}
            ]},
            {"name": "click", "version": "8.1", "vulns": []},
            {"name": "mine", "version": "1", "skip_reason": "not on the index"},
        ],
    )  # fmt: skip
    audit = report.run("test", command, timeout=60)
    assert audit.audited == ["flask", "click"]
    assert audit.vulnerable == [("flask", "0.1", "PYSEC-1, CVE-1", "3.1")]
    text = "\n".join(audit.lines())
    assert "2 packages audited, 1 skipped, 1 known vulnerabilities" in text
    assert "flask 0.1: PYSEC-1, CVE-1 (fixed in: 3.1)" in text


def test_every_package_skipped_reads_as_not_audited_not_as_clean(tmp_path):
    report = load()
    skipped = [
        {"name": n, "version": "1", "skip_reason": f"Dependency not found on PyPI: {n}"}
        for n in ("flask", "click")
    ]
    audit = report.run("test", fake_pip_audit(tmp_path, skipped), timeout=60)
    text = "\n".join(audit.lines())
    assert "not audited: no vulnerability database answered" in text
    assert "No known" not in text


def test_the_report_exits_0_even_when_pip_audit_cannot_run(tmp_path, monkeypatch, capsys):
    report = load()
    monkeypatch.setattr(report, "pip_audit", lambda: [sys.executable, "-c", "raise SystemExit(2)"])
    assert report.main([]) == 0
    out = capsys.readouterr().out
    assert out.count("not audited: pip-audit failed") == 2
    assert "Nothing could be audited here" in out
    monkeypatch.setattr(report, "pip_audit", lambda: None)
    assert report.main([]) == 0
    assert "pip-audit is not installed" in capsys.readouterr().out
