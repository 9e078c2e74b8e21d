"""``make audit``: an ADVISORY report of known vulnerabilities (pip-audit), never a failure.

Audits two sets of packages: the exact versions a generated unit pins
(``cookiecutter-unit/{{cookiecutter.unit_slug}}/constraints.txt``) and what is installed in
this virtualenv (editable checkouts of dangwu itself skipped). pip-audit asks a vulnerability
database over the network; where none answers (no network, or an index that serves packages
but not the vulnerability API) pip-audit marks every package "skipped", which it would still
summarise as "No known vulnerabilities found": this report says instead that nothing could be
audited. The exit status is 0 in every case: findings are for a person to read and act on.

    python tools/audit_report.py [--timeout SECONDS]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONSTRAINTS = ROOT / "cookiecutter-unit" / "{{cookiecutter.unit_slug}}" / "constraints.txt"


@dataclass
class Audit:
    """What pip-audit said about one set of packages."""

    what: str
    audited: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    vulnerable: list[tuple[str, str, str, str]] = field(default_factory=list)
    failure: str = ""

    def lines(self) -> list[str]:
        out = [f"== {self.what}"]
        if self.failure:
            return [*out, f"   not audited: {self.failure}"]
        if not self.audited and self.skipped:
            reason = self.skipped[0][1]
            return [
                *out,
                f"   not audited: no vulnerability database answered for any of its "
                f"{len(self.skipped)} packages (network unavailable?); pip-audit said: {reason}",
            ]
        out.append(
            f"   {len(self.audited)} packages audited, {len(self.skipped)} skipped, "
            f"{len(self.vulnerable)} known vulnerabilities"
        )
        for name, version, vuln, fixes in self.vulnerable:
            out.append(f"   {name} {version}: {vuln} (fixed in: {fixes or 'no release yet'})")
        for name, reason in self.skipped:
            out.append(f"   skipped {name}: {reason}")
        return out


def pip_audit() -> list[str] | None:
    """How to run pip-audit from this interpreter, or None when it is not installed."""
    if shutil.which("pip-audit", path=str(Path(sys.executable).parent)):
        return [str(Path(sys.executable).parent / "pip-audit")]
    try:
        import pip_audit  # noqa: F401
    except ImportError:
        return None
    return [sys.executable, "-m", "pip_audit"]


def run(what: str, command: list[str], timeout: float) -> Audit:
    """Run pip-audit with JSON output; read what it audited, skipped and found."""
    audit = Audit(what)
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        try:
            result = subprocess.run(
                [*command, "--format", "json", "--output", str(report), "--progress-spinner=off"],
                capture_output=True,
                text=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            audit.failure = f"pip-audit did not finish in {timeout:.0f} s (network unavailable?)"
            return audit
        if not report.exists():
            lines = [line for line in result.stderr.splitlines() if line.strip()]
            said = lines[-1] if lines else f"exit {result.returncode}"
            audit.failure = f"pip-audit failed: {said}"
            return audit
        data = json.loads(report.read_text(encoding="utf-8"))
    for dependency in data.get("dependencies", []):
        name, version = dependency.get("name", "?"), dependency.get("version", "?")
        if "skip_reason" in dependency:
            audit.skipped.append((name, dependency["skip_reason"]))
            continue
        audit.audited.append(name)
        for vuln in dependency.get("vulns", []):
            ids = ", ".join([vuln.get("id", "?"), *vuln.get("aliases", [])])
            fixes = ", ".join(vuln.get("fix_versions", []))
            audit.vulnerable.append((name, version, ids, fixes))
    return audit


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=300, help="seconds per pip-audit run")
    args = parser.parse_args(argv)
    print("Vulnerability report (advisory: it never fails the build)")
    command = pip_audit()
    if command is None:
        print("pip-audit is not installed (it is in the `test` extra: make install): no report.")
        return 0
    audits = [
        run(
            f"pinned constraints ({CONSTRAINTS.relative_to(ROOT)})",
            [*command, "--requirement", str(CONSTRAINTS), "--no-deps", "--disable-pip"],
            args.timeout,
        ),
        run(
            f"installed environment ({sys.prefix})",
            [*command, "--local", "--skip-editable"],
            args.timeout,
        ),
    ]
    for audit in audits:
        print("\n".join(audit.lines()))
    found = sum(len(a.vulnerable) for a in audits)
    if all(a.failure or not a.audited for a in audits):
        print("Nothing could be audited here: run `make audit` where the network reaches one.")
    elif found:
        print(f"{found} known vulnerabilities: upgrade the packages named above (advisory).")
    else:
        print("No known vulnerabilities in what was audited.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
