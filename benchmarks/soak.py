"""Soak: a bounded mixed read/write load against a real ``dangwu serve`` (issue 13).

``make soak`` runs it for 10 minutes on each database (SQLite, then PostgreSQL when
``TEST_POSTGRESQL_URL`` names a server; skipped, saying so, when it does not); ``make test``
runs the same code for 30 s (tests/soak/test_soak.py). One run, on one backend:

1. a throwaway database and the demo unit on it, built by ``dangwu demo --sector SECTOR``
   (the neutral test sector by default; ``--sector villages`` for the shipped town);
2. API tokens for the office's reviewer/publisher and approver;
3. ``dangwu serve`` (waitress) on 127.0.0.1 and a free port, and beside it the background
   commands of :func:`soak_server.background_commands` (``dangwu tick`` every so often; the
   delivery worker of issue 17 joins there by one line when it lands);
4. the load until the time is up (:mod:`soak_load`): anonymous readers of the portal and the
   API; office workers drafting and editing in the admin (forms with CSRF) and taking each draft
   through review, approval and publication over the API and the admin in turn (some returned
   for revision and proposed again); the public's opinions within the feedback rate limit;
5. the server's memory (VmRSS of /proc/PID/status) every second, then ``dangwu audit verify``.

It prints requests served per kind, errors (any 5xx, connection error or unexpected status),
the background runs, peak and per-minute RSS, and passes when there were 0 errors, the memory
stayed flat (the last minute's peak RSS at most 10 % above the second minute's; for a run
shorter than 3 minutes the last third against the second third) and the audit trail verifies.

    python -m benchmarks.soak [--seconds N] [--backend sqlite|postgresql|all] [--sector NAME]

``SOAK_SECONDS`` sets the default duration (per backend).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import soak_load
import soak_server

DEFAULT_SECONDS = 600
SECTOR = "testsector"
PASSWORD = "dangwu-demo"
#: The demo's office (both the test sector's and the shipped town's demo have these logins).
PROPOSER, REVIEWER, APPROVER = "zhangw", "lixy", "wangjg"
#: The feedback rate limit is 5 a client per 600 s (dangwu_core.web.ratelimit): the soak, one
#: client, stays below it.
FEEDBACK_PER_WINDOW, FEEDBACK_WINDOW = 4, 600
GROWTH_ALLOWED = 0.10


@dataclass
class Result:
    backend: str
    seconds: float
    stats: soak_load.Stats
    background: dict[str, soak_server.BackgroundRuns]
    rss: list[tuple[float, int]]
    audit: str = ""
    audit_ok: bool = False
    problems: list[str] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return self.stats.error_count + sum(len(b.failures) for b in self.background.values())

    def windows(self) -> tuple[str, list[tuple[str, int, int]]]:
        """(label, [(window, median RSS, peak RSS)]): by minute, or by third for a run under
        three minutes (a last partial minute counts with the minute before it)."""
        if self.seconds >= 180:
            label, count = "minute", int(self.seconds // 60)
        else:
            label, count = "third", 3
        size = self.seconds / count
        windows: dict[int, list[int]] = {}
        for at, rss in self.rss:
            windows.setdefault(min(int(at // size), count - 1), []).append(rss)
        return label, [
            (f"{label} {i + 1}", int(statistics.median(windows[i])), max(windows[i]))
            for i in sorted(windows)
        ]

    def memory_flat(self) -> tuple[bool, str]:
        """Whether the last window's median RSS is at most 10 % above the second window's.

        Medians, not peaks: a page that allocates for a moment and frees it is no leak, and
        a leak moves the median.
        """
        label, windows = self.windows()
        if len(windows) < 3:
            return False, f"too few RSS samples to compare ({len(windows)} {label}s)"
        second, last = windows[1][1], windows[-1][1]
        growth = (last - second) / second
        verdict = growth <= GROWTH_ALLOWED
        return verdict, (
            f"median RSS of the last {label} {mib(last)}, of the second {mib(second)}: "
            f"{growth:+.1%} ({'flat' if verdict else 'GROWING'}; at most {GROWTH_ALLOWED:+.0%})"
        )

    @property
    def passed(self) -> bool:
        return self.errors == 0 and self.memory_flat()[0] and self.audit_ok and not self.problems

    def report(self) -> str:
        stats = self.stats
        lines = [f"== soak on {self.backend}: {self.seconds:.0f} s of load"]
        lines.append(f"  requests served: {stats.total} ({stats.total / self.seconds:.1f}/s)")
        for kind in sorted(set(stats.served) | set(stats.failed)):
            lines.append(
                f"    {kind:<24} {stats.served[kind]:>7}  errors {stats.failed[kind]:>3}  "
                f"slowest {stats.slowest[kind] * 1000:>6.0f} ms"
            )
        lines.append(
            "  office and public: " + ", ".join(f"{n} {e}" for e, n in stats.events.items())
        )
        for name, runs in self.background.items():
            lines.append(f"  background {name}: {runs.runs} runs, {len(runs.failures)} failed")
            lines += [f"    {failure}" for failure in runs.failures[:5]]
        lines.append(f"  errors: {self.errors}")
        lines += [f"    {error}" for error in stats.errors]
        label, windows = self.windows()
        peak = max((rss for _, rss in self.rss), default=0)
        lines.append(f"  server RSS: peak {mib(peak)}; by {label}, median (peak):")
        lines += [f"    {w:<10} {mib(median):>10} ({mib(top)})" for w, median, top in windows]
        lines.append(f"  memory: {self.memory_flat()[1]}")
        lines.append(f"  audit verify: {self.audit}")
        lines += [f"  problem: {problem}" for problem in self.problems]
        lines.append(f"  {'PASS' if self.passed else 'FAIL'}")
        return "\n".join(lines)


def mib(size: int) -> str:
    return f"{size / 2**20:.1f} MiB"


def prepare(url: str, sector: str) -> soak_load.Plan:
    """Build the demo unit with ``dangwu demo`` and issue the office's tokens; read what the
    load needs (the proposer's organization and a catalog item it may draft for)."""
    soak_server.dangwu(url, "demo", "--sector", sector)
    from dangwu_core.models import (
        Account,
        CatalogItem,
        Obligation,
        Organization,
        RoleAssignment,
    )
    from dangwu_core.settings import load_settings
    from dangwu_core.tokens import issue as issue_token
    from dangwu_core.unit import Unit

    unit = Unit.start(load_settings(environ={}, database_url=url))
    try:
        unit.connect()
        proposer = Account.get(Account.username == PROPOSER).person
        organization = (
            Organization.select()
            .join(RoleAssignment, on=(RoleAssignment.organization == Organization.id))
            .where((RoleAssignment.person == proposer) & (RoleAssignment.role == "proposer"))
            .get()
        )
        items = (
            CatalogItem.select()
            .join(Obligation, on=(Obligation.catalog_item == CatalogItem.id))
            .where(
                (Obligation.organization == organization)
                & ~CatalogItem.important
                & ~CatalogItem.needs_upper_approval
                & (CatalogItem.status == "active")
            )
            .order_by(CatalogItem.id)
            .distinct()
        )
        item = next((i for i in items if i.scope == "public"), None) or items.first()
        if item is None:
            raise RuntimeError(f"the {sector} demo has no catalog item {PROPOSER} may draft for")
        codes = [o.code for o in Organization.select().order_by(Organization.code)]
        plan = {
            "organization_code": organization.code,
            "organization_id": organization.id,
            "catalog_item_id": item.id,
            "scope": item.scope,
            "channels": list(item.channels),
            "organizations": codes,
        }
        tokens = {}
        for username in (REVIEWER, APPROVER):
            person = Account.get(Account.username == username).person
            _, secret = issue_token(person, organization, f"耐久测试 {username}", can_write=True)
            tokens[username] = secret
    finally:
        unit.db.close()
    return soak_load.Plan(
        **plan,
        proposer=PROPOSER,
        reviewer=REVIEWER,
        approver=APPROVER,
        publisher=REVIEWER,
        password=PASSWORD,
        tokens=tokens,
    )


def public_ids(base: str) -> list[int]:
    client = soak_load.Client(base, soak_load.Stats())
    answer = client.call("setup", "GET", "/api/v1/disclosures?per_page=100")
    return [item["id"] for item in answer.json()["items"]] if answer else []


def run_soak(
    backend: str, seconds: float, *, sector: str = SECTOR, readers: int = 3, offices: int = 1
) -> Result:
    """One soak run on ``backend`` for ``seconds`` of load; the Result says if it passed."""
    database = soak_server.Database(backend)
    server = None
    try:
        plan = prepare(database.url, sector)
        server = soak_server.Server(database.url, database.directory)
        server.wait_ready()
        base = server.base
        stats = soak_load.Stats()
        public = soak_load.PublicIds(public_ids(base))
        commands = soak_server.background_commands(seconds)
        result = Result(
            backend, seconds, stats, {c.name: soak_server.BackgroundRuns() for c in commands}, []
        )
        stop = threading.Event()
        started = time.monotonic()
        until = started + seconds
        every = min(seconds, FEEDBACK_WINDOW) / FEEDBACK_PER_WINDOW
        threads = [
            threading.Thread(
                target=soak_server.sample_rss, args=(server.pid, started, stop, result.rss)
            ),
            *(
                threading.Thread(
                    target=soak_server.run_background,
                    args=(database.url, c, stop, result.background[c.name]),
                )
                for c in commands
            ),
        ]
        load = [
            *(
                threading.Thread(
                    target=soak_load.reader, args=(base, stats, plan, public, until, n)
                )
                for n in range(readers)
            ),
            *(
                threading.Thread(
                    target=soak_load.Office(base, stats, plan, public, f"o{n}").run, args=(until,)
                )
                for n in range(offices)
            ),
            threading.Thread(
                target=soak_load.public_voice, args=(base, stats, plan, until, every, 7)
            ),
        ]
        for thread in threads + load:
            thread.daemon = True
            thread.start()
        for thread in load:
            thread.join(timeout=seconds + 120)
            if thread.is_alive():
                result.problems.append(f"a load thread ({thread.name}) did not stop in time")
        result.seconds = time.monotonic() - started
        stop.set()
        for thread in threads:
            thread.join(timeout=330)
        if server.process.poll() is not None:
            result.problems.append(f"the server exited {server.process.returncode}: {server.log()}")
        logged = server.log(tail=None)
        if "Traceback" in logged:
            start = logged.index("Traceback")
            result.problems.append(f"the server logged a traceback: {logged[start : start + 3000]}")
        server.stop()
        server = None
        try:
            verified = soak_server.dangwu(database.url, "audit", "verify")
            result.audit, result.audit_ok = verified.stdout.strip(), True
        except RuntimeError as exc:
            result.audit = f"FAILED: {exc}"
        return result
    finally:
        if server is not None:
            server.stop()
        database.drop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="dangwu soak: a bounded mixed load")
    parser.add_argument(
        "--seconds", type=float, default=float(os.environ.get("SOAK_SECONDS", DEFAULT_SECONDS))
    )
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "all"], default="all")
    parser.add_argument("--sector", default=SECTOR, help="whose demo unit (dangwu demo --sector)")
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--offices", type=int, default=2)
    args = parser.parse_args(argv)
    backends = ["sqlite", "postgresql"] if args.backend == "all" else [args.backend]
    failed = False
    for backend in backends:
        if backend == "postgresql" and not os.environ.get(soak_server.POSTGRES_URL_VARIABLE):
            print(
                f"== soak on postgresql: SKIPPED, {soak_server.POSTGRES_URL_VARIABLE} is not set "
                "(export it to name a server the soak may create a throwaway database on)"
            )
            failed = failed or args.backend == "postgresql"
            continue
        result = run_soak(
            backend, args.seconds, sector=args.sector, readers=args.readers, offices=args.offices
        )
        print(result.report(), flush=True)
        failed = failed or not result.passed
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
