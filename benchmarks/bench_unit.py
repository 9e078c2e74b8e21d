"""The generated unit of ``make bench``: N disclosures over ~1,000 organizations, written in bulk.

A committee, general branches and branches (the neutral test sector's organization types, with
the closure table), one catalog of the eight categories of 003 §5 and its items, and N
disclosures with realistic Chinese titles and bodies (a few hundred characters from the seeds'
vocabulary: 党费收缴, 换届选举, 发展党员, 民主评议党员, 三会一课, 公示...) in every scope and
several workflow states: mostly published and public, some for members only (``party``,
``unit``), some drafts. The committee itself publishes a twentieth of them (its organization
page is the busiest). Each disclosure has its first version and its events (created, then
published), hash-chained as :mod:`dangwu_core.audit` writes them, the newest event being the
validator of every cached page.

The schema comes from ``dangwu db upgrade`` (the real migrations); the rows are written with
``executemany`` in big transactions. A unit is cached as
``$BENCH_CACHE/dangwu-bench-<size>-o<organizations>-s<seed>-<schema>.db``, the schema key naming the
migrations and this generator's version, so a second ``make bench`` starts at once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from soak_server import dangwu

from dangwu_core.audit import GENESIS, HEAD_KEY, compute_hash
from dangwu_core.models import Event

#: Bump when the generated rows change: it is part of the cache key.
GENERATOR_VERSION = 1
MIGRATIONS = Path(__file__).resolve().parent.parent / "dangwu_core" / "migrations"
SECTOR = "testsector"
WORKFLOW = "dangwu.default"
BATCH = 20_000
START = dt.datetime(2024, 1, 2, 1, 0)
END = dt.datetime(2026, 11, 27, 9, 0)

#: The eight categories of 003 §5 and a few catalog items of each (their titles).
CATEGORIES = {
    "decisions": (
        "党组织决议决定及执行情况",
        ["重要决策及执行情况", "任期工作目标", "阶段性工作部署"],
    ),
    "ideology": ("思想建设情况", ["理论学习计划及落实", "党员干部教育培训", "三会一课落实情况"]),
    "organization": (
        "组织建设情况",
        ["换届选举", "发展党员", "民主评议党员", "党费收缴管理和使用", "党组织设置调整"],
    ),
    "leadership": ("领导班子建设情况", ["领导班子职责分工", "民主生活会", "年度考核评价"]),
    "cadres": ("干部选任和管理情况", ["干部选拔任用", "任前公示", "干部考核奖惩"]),
    "service": ("联系和服务党员群众情况", ["联系服务群众三项制度", "党员群众意见建议办理"]),
    "integrity": (
        "党风廉政建设情况",
        ["党风廉政建设责任制", "廉洁自律规定执行", "任期经济责任审计"],
    ),
    "other": ("其他应当公开的事项", ["党务公开日工作安排", "党建经费管理使用"]),
}
TOPICS = [
    "党费收缴",
    "换届选举",
    "发展党员",
    "民主评议党员",
    "三会一课",
    "任前公示",
    "党务公开日",
    "主题党日",
    "党员积分管理",
    "困难党员帮扶",
    "党建经费使用",
    "民主生活会",
    "组织生活会",
    "党员教育培训",
    "预备党员转正",
    "入党积极分子培养",
    "党风廉政建设",
    "村级重大事项决策",
]
KINDS_OF_TITLE = ["情况公示", "工作安排", "结果公开", "有关事项的通知", "执行情况报告", "公告"]
SENTENCES = [
    "根据《中国共产党党务公开条例（试行）》和本单位实施意见，现将{t}有关情况公开如下。",
    "本次{t}工作严格按照规定程序进行，经支部委员会研究、党员大会讨论通过。",
    "{t}的内容、程序和结果在党务公开栏、党建网站和电子屏同步公开，接受党员和群众监督。",
    "党员按月足额交纳党费，党费收缴、管理和使用情况每季度向党员公开一次。",
    "支部坚持三会一课制度，按时召开支部党员大会、支委会和党小组会，按时上好党课。",
    "换届选举工作坚持民主集中制，实行差额选举，候选人名单经上级党组织审查同意。",
    "发展党员工作坚持标准、保证质量、改善结构、慎重发展，发展对象经公示无异议。",
    "民主评议党员采取个人自评、党员互评、民主测评和组织评定相结合的方式进行。",
    "公示期间，党员和群众如有意见，可以来信、来电或当面向党组织反映。",
    "对党员和群众提出的意见和建议，党组织及时研究办理，并将办理结果予以反馈。",
    "上级党组织对本次工作进行了指导和监督，确保公开内容全面、真实、具体。",
    "涉及党和国家秘密以及依照规定不宜公开的事项，经审核后不予公开。",
    "本次公开的时限为长期公开，公开期满后归档保存，以备查阅。",
    "党组织负责人对公开内容的真实性负责，纪检委员对公开工作进行监督。",
    "各党小组要认真组织学习，结合实际抓好贯彻落实，确保各项工作落到实处。",
    "困难党员帮扶资金的发放标准和名单经支委会研究确定，并在本支部范围内公示。",
]
#: (state, scope) and their weights: mostly public publications, some for members, drafts.
STATES = [
    (("published", "public"), 85),
    (("published", "party"), 6),
    (("published", "unit"), 4),
    (("draft", "public"), 3),
    (("submitted", "party"), 2),
]


def schema_key() -> str:
    """The migrations present and the generator's version, as a short hash."""
    names = sorted(p.name for p in MIGRATIONS.glob("[0-9][0-9][0-9][0-9]_*.py"))
    raw = "|".join([*names, f"generator-{GENERATOR_VERSION}"])
    return hashlib.sha256(raw.encode()).hexdigest()[:12]


def cached_path(cache_dir: Path, size: int, seed: int, orgs: int) -> Path:
    return Path(cache_dir) / f"dangwu-bench-{size}-o{orgs}-s{seed}-{schema_key()}.db"


def unit(cache_dir: Path, size: int, *, seed: int = 15, orgs: int = 1000) -> tuple[Path, dict]:
    """The cached unit of ``size`` disclosures (built when missing) and its description."""
    path = cached_path(cache_dir, size, seed, orgs)
    meta_path = path.with_suffix(".json")
    if path.exists() and meta_path.exists():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        meta["cached"] = True
        return path, meta
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial.db")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    started = time.perf_counter()
    dangwu(f"sqlite:///{partial}", "db", "upgrade")
    meta = generate(partial, size, seed=seed, orgs=orgs)
    meta["build_seconds"] = round(time.perf_counter() - started, 2)
    os.replace(partial, path)
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    meta["cached"] = False
    return path, meta


def _weighted(rng: random.Random, choices: list) -> object:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def _body(rng: random.Random, topic: str) -> str:
    picked = rng.sample(SENTENCES, rng.randint(5, 9))
    return "\n\n".join(s.format(t=topic) for s in picked)


def _stamp(moment: dt.datetime) -> str:
    return moment.isoformat(sep=" ", timespec="microseconds")


def generate(path: Path, size: int, *, seed: int = 15, orgs: int = 1000) -> dict:
    """Write the unit's rows into the migrated, empty SQLite database at ``path``."""
    rng = random.Random(seed)
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=MEMORY")
    connection.execute("PRAGMA synchronous=OFF")
    connection.execute("PRAGMA cache_size=-200000")
    connection.execute("BEGIN")
    now = _stamp(START)
    org_ids, root = _organizations(connection, max(orgs, 3), now)
    person = connection.execute(
        "INSERT INTO person (created_at, name, phone, email, is_party_member, contact_note)"
        " VALUES (?, '测试经办人', '', '', 1, '')",
        (now,),
    ).lastrowid
    items = _catalog(connection, now)
    span = (END - START).total_seconds()
    disclosures, versions, events = [], [], []
    prev_hash, event_id = GENESIS, 0
    counts: dict[str, int] = {}
    busiest, detail = 0, 0
    for number in range(1, size + 1):
        state, scope = _weighted(rng, STATES)
        organization = root if rng.random() < 0.05 else rng.choice(org_ids)
        busiest += organization == root
        item = rng.choice(items)[0] if rng.random() < 0.9 else None
        topic = rng.choice(TOPICS)
        # Publication dates grow with the id (the newest disclosures have the largest ids).
        created = START + dt.timedelta(seconds=span * (number - rng.random()) / size)
        published = created + dt.timedelta(hours=2) if state == "published" else None
        quarter = rng.choice(["第一", "第二", "第三", "第四"])
        title = f"{created.year}年{quarter}季度{topic}{rng.choice(KINDS_OF_TITLE)}"
        body = _body(rng, topic)
        channels = '["website"]' if scope == "public" else '["party_portal"]'
        disclosures.append(
            (number, _stamp(created), organization, item, title, scope, channels, WORKFLOW, state,
             person, "", 0, str(created.year), 1, 1,
             _stamp(published) if published else None, None, None, None)
        )  # fmt: skip
        versions.append(
            (number, _stamp(created), number, 1, title, body, "", person,
             _stamp(published) if published else None)
        )  # fmt: skip
        counts[f"{state}/{scope}"] = counts.get(f"{state}/{scope}", 0) + 1
        if not detail and number >= size // 2 and published and scope == "public":
            detail = number  # the detail pages' disclosure: public, in the middle of the table
        trail = [("disclosure.create", created, "", "draft", {"title": title, "scope": scope})]
        if state != "draft":
            trail.append(("disclosure.propose", created, "draft", "submitted", {}))
        if published:
            trail.append(("disclosure.publish", published, "approved", "published", {}))
        for action, at, source, target, payload in trail:
            event_id += 1
            if action != "disclosure.create":
                payload = {"transition": action.split(".")[1], "workflow": WORKFLOW}
            event = Event(
                at=at, actor=person, organization=organization, subject_type="disclosure",
                subject_id=number, action=action, from_state=source, to_state=target,
                reason="", payload=payload, prev_hash=prev_hash,
            )  # fmt: skip
            prev_hash = compute_hash(event, prev_hash)
            events.append(
                (event_id, _stamp(at), person, organization, "disclosure", number, action, source,
                 target, "", json.dumps(payload, ensure_ascii=False, sort_keys=True,
                                        separators=(",", ":")), event.prev_hash, prev_hash)
            )  # fmt: skip
        if len(disclosures) >= BATCH:
            _flush(connection, disclosures, versions, events)
    _flush(connection, disclosures, versions, events)
    connection.execute(
        "INSERT INTO unit_state (key, value) VALUES (?, ?)",
        (HEAD_KEY, json.dumps({"id": event_id, "hash": prev_hash})),
    )
    connection.execute("COMMIT")
    connection.execute("PRAGMA journal_mode=WAL")
    connection.close()
    return {
        "size": size,
        "seed": seed,
        "schema": schema_key(),
        "organizations": len(org_ids) + 1,
        "events": event_id,
        "states": counts,
        "public": counts.get("published/public", 0),
        "root_code": "BENCH",
        "root_disclosures": busiest,
        "detail_id": detail,
    }


def _flush(connection, disclosures: list, versions: list, events: list) -> None:
    connection.executemany(
        "INSERT INTO disclosure (id, created_at, organization_id, catalog_item_id, title, scope,"
        " channels, workflow, state, proposer_id, department, important, period_label,"
        " lock_version, current_version, published_at, display_from, display_until, updated_at)"
        " VALUES (" + ", ".join("?" * 19) + ")",
        disclosures,
    )
    connection.executemany(
        "INSERT INTO disclosure_version (id, created_at, disclosure_id, number, title, body,"
        " reason, author_id, published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        versions,
    )
    connection.executemany(
        "INSERT INTO event (id, at, actor_id, organization_id, subject_type, subject_id, action,"
        " from_state, to_state, reason, payload, prev_hash, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        events,
    )
    disclosures.clear()
    versions.clear()
    events.clear()


def _organizations(connection, count: int, now: str) -> tuple[list[int], int]:
    """A committee (id 1), ``count // 33`` general branches under it, branches under those."""
    generals = max(1, count // 33)
    rows = [(1, now, "BENCH", "测试县委", "testsector_committee", "committee", None, 0, 0)]
    closure = [(1, 1, 0)]
    for g in range(generals):
        oid = 2 + g
        rows.append((oid, now, f"BENCH-G{g:03d}", f"第{g + 1}党总支",
                     "testsector_general_branch", "general_branch", 1, 1, g))  # fmt: skip
        closure += [(oid, oid, 0), (1, oid, 1)]
    for b in range(count - 1 - generals):
        oid = 2 + generals + b
        parent = 2 + b % generals
        rows.append((oid, now, f"BENCH-B{b:04d}", f"第{b + 1}党支部", "testsector_branch",
                     "branch", parent, 2, b))  # fmt: skip
        closure += [(oid, oid, 0), (parent, oid, 1), (1, oid, 2)]
    connection.executemany(
        "INSERT INTO organization (id, created_at, code, name, short_name, type, sector, kind,"
        f" parent_id, depth, sort_order, is_active) VALUES (?, ?, ?, ?, '', ?, '{SECTOR}', ?,"
        " ?, ?, ?, 1)",
        rows,
    )
    connection.executemany(
        "INSERT INTO organization_closure (ancestor_id, descendant_id, depth) VALUES (?, ?, ?)",
        closure,
    )
    return [r[0] for r in rows[1:]], 1


def _catalog(connection, now: str) -> list[tuple[int, int]]:
    """One catalog with the eight categories of 003 §5; its (item id, category id) pairs."""
    catalog = connection.execute(
        "INSERT INTO catalog (created_at, code, title, version, version_key, issuer_code,"
        " issuer_name, issuer_id, effective_date, applies_to, status, source, sha256, signed_by,"
        " applies_to_organizations) VALUES (?, 'BENCH-catalog', '测试党务公开目录', '1.0.0',"
        " 1000000, 'BENCH', '测试县委', 1, '2024-01-01', ?, 'active', '', '', '', '[]')",
        (now, json.dumps(["testsector_branch"])),
    ).lastrowid
    items = []
    for order, (code, (name, titles)) in enumerate(CATEGORIES.items()):
        category = connection.execute(
            "INSERT INTO category (created_at, catalog_id, code, name, sort_order)"
            " VALUES (?, ?, ?, ?, ?)",
            (now, catalog, code, name, order),
        ).lastrowid
        for n, title in enumerate(titles):
            item = connection.execute(
                "INSERT INTO catalog_item (created_at, catalog_id, code, title, category_id,"
                " scope, channels, time_limit, cadence, phases, proposing_department,"
                " needs_upper_approval, important, legal_basis, notes, sort_order, status,"
                " status_reason, spans_years, risk_assessment) VALUES (?, ?, ?, ?, ?, 'public',"
                " ?, 'long_term', NULL, '[]', '', 0, 0, '', '', ?, 'active', '', 0, '')",
                (now, catalog, f"{code}-{n + 1}", title, category,
                 json.dumps(["website"]), order * 10 + n),
            ).lastrowid  # fmt: skip
            items.append((item, category))
    return items


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="+", type=int)
    parser.add_argument("--cache-dir", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")))
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args(argv)
    for size in args.sizes:
        path, meta = unit(args.cache_dir, size, seed=args.seed)
        print(f"{path}: {meta}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
