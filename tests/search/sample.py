"""A generated sample of disclosures for the search tests: realistic Chinese sentences made
of Party-affairs words and a few ASCII words, fixed by a seed, written in bulk (published,
mostly public, some for members only) and indexed by ``search.reindex``."""

from __future__ import annotations

import datetime as dt
import random

from dangwu_core import people, search
from dangwu_core.db import atomic
from dangwu_core.models import Disclosure, DisclosureVersion

#: Party-affairs words, one string a line, split at spaces.
_VOCABULARY = """
党费 换届 公示 发展党员 民主评议党员 支部 委员会 党员大会 组织生活会 三会一课 主题党日
收缴 上缴 选举 结果 情况 工作 安排 会议 纪要 决定 关于 实施 农村 人居 环境 整治 干部
任前 学习 教育 廉政 建设 监督 检查 考核 评价 意见 反馈 群众 基层 组织 书记 述职 报告
年度 计划 总结 经费 使用 公开 目录 事项 审核 审批 程序 的 了 和 在 是 对 按 要求 进行
开展 推进 落实 厕 积极分子 预备党员 转正 谈话 培训
"""
WORDS = tuple(_VOCABULARY.split())
#: ASCII words no one of which is a part of another (a word matches as a word).
ASCII = ("pdf", "docx", "2026", "wifi", "ppt")
PUNCTUATION = "，。；、：！ "


def text(rng: random.Random, words: int) -> str:
    out = []
    for _ in range(words):
        roll = rng.random()
        if roll < 0.04:
            out.append(f" {rng.choice(ASCII)} ")
        elif roll < 0.15:
            out.append(rng.choice(PUNCTUATION))
        else:
            out.append(rng.choice(WORDS))
    return "".join(out).strip()


def write_sample(unit, count: int, *, seed: int = 15, catalog_item=None) -> list[int]:
    """Write ``count`` published disclosures (one in eight for members only; every other one
    of ``catalog_item``, when given) and index them; return their ids."""
    rng = random.Random(seed)
    org = unit.create_organization(code="S", name="样本党委", type="testsector_committee")
    writer = people.create_person("样本撰稿人")
    people.assign_role(writer, org, "proposer")
    model = unit.create_draft(org, writer, "样本", "样本", "public", ["website"])
    start = dt.datetime(2026, 1, 1, 9)
    with atomic():
        rows = []
        for n in range(count):
            rows.append(
                {
                    "created_at": start,
                    "organization": org.id,
                    "title": text(rng, rng.randint(2, 6))[:300] or "标题",
                    "scope": "party" if n % 8 == 7 else "public",
                    "channels": ["website"],
                    "workflow": model.workflow,
                    "state": "published",
                    "proposer": writer.id,
                    "published_at": start + dt.timedelta(minutes=n),
                    "catalog_item": catalog_item.id if catalog_item and n % 2 else None,
                }
            )
        for chunk in range(0, count, 500):
            Disclosure.insert_many(rows[chunk : chunk + 500]).execute()
        ids = [
            d
            for (d,) in Disclosure.select(Disclosure.id)
            .where((Disclosure.organization == org.id) & (Disclosure.id != model.id))
            .order_by(Disclosure.id)
            .tuples()
        ]
        versions = [
            {
                "created_at": start,
                "disclosure": d,
                "number": 1,
                "title": title,
                "body": text(rng, rng.randint(20, 120)),
                "author": writer.id,
            }
            for d, title in Disclosure.select(Disclosure.id, Disclosure.title)
            .where(Disclosure.id.in_(ids))
            .tuples()
        ]
        for chunk in range(0, len(versions), 500):
            DisclosureVersion.insert_many(versions[chunk : chunk + 500]).execute()
    search.reindex()
    return ids
