"""Chinese search (dangwu_core.search): a CJK-bigram index that works the same on SQLite and
PostgreSQL, for one-, two-, three- and many-character words and mixed Chinese/ASCII; ranked,
highlighted, paginated, indexed; the reader's scope applied inside the query."""

from __future__ import annotations

import pytest

from dangwu_core import people, search
from dangwu_core.models import Disclosure, Person

TEXTS = {
    "dues": ("测试第一支部党费收缴情况", "本月收缴党费1,330.00元，全额上缴。"),
    "members": ("党员名册", "本支部党员费用报销另行公开。入党积极分子2名。"),
    "election": ("换届选举结果", "经党员大会选举，产生新一届支部委员会。"),
    "scrambled": ("届选人名单", "换届工作安排；选举办法另行通知。"),
    "village": ("关于实施农村人居环境整治的决定", "改厕和污水治理，附件为PDF文件。"),
    "year": ("2026年党费收缴计划", "全年计划收缴。"),
    "old": ("2025年党费", "往年情况。"),
    "markup": ("<b>公示</b>结果", "<script>alert(1)</script>干部任前公示。"),
}


@pytest.fixture
def docs(any_unit):
    unit = any_unit
    org = unit.create_organization(code="T", name="测试镇党委", type="testsector_committee")
    writer = people.create_person("撰稿人")
    people.assign_role(writer, org, "proposer")
    made = {}
    for key, (title, body) in TEXTS.items():
        made[key] = unit.create_draft(org, writer, title, body, "public", ["website"])
        search.index(made[key])
    return made


def _found(docs, query, **kwargs):
    results = search.search(query, Disclosure.select(), **kwargs)
    by_id = {d.id: k for k, d in docs.items()}
    return [by_id[h.disclosure.id] for h in results.hits]


def test_one_character_finds_it_anywhere_in_a_run(docs):
    assert set(_found(docs, "党")) >= {"dues", "members", "election", "year", "old"}
    assert "village" not in _found(docs, "党")
    assert _found(docs, "厕") == ["village"]  # alone inside 改厕和


def test_two_characters_need_the_pair_not_just_both_characters(docs):
    found = _found(docs, "党费")
    assert {"dues", "year", "old"} <= set(found)
    assert "members" not in found  # 党员费用 has 党 and 费, not 党费
    assert _found(docs, "公示") == ["markup"]


def test_three_characters_are_a_phrase_of_their_pairs(docs):
    assert set(_found(docs, "党费收")) == {"dues", "year"}
    assert _found(docs, "费收党") == []


def test_a_word_is_found_as_a_phrase_not_as_scattered_pairs(docs):
    # “届选人…换届…选举” holds the pairs 换届, 届选 and 选举 but not the word 换届选举
    assert _found(docs, "换届选举") == ["election"]


def test_many_characters(docs):
    assert _found(docs, "农村人居环境整治") == ["village"]
    assert _found(docs, "农村人居环境治理") == []


def test_mixed_chinese_and_ascii_and_full_width(docs):
    assert _found(docs, "2026年党费") == ["year"]
    assert _found(docs, "2025 党费") == ["old"]
    assert _found(docs, "pdf") == _found(docs, "PDF") == _found(docs, "ＰＤＦ") == ["village"]
    assert _found(docs, "污水 pdf") == ["village"]
    assert _found(docs, "污水 docx") == []


def test_nothing_to_search_finds_nothing(docs):
    assert _found(docs, "") == _found(docs, "，。！") == _found(docs, "   ") == []


def test_title_matches_rank_first_and_pages_follow(docs):
    found = _found(docs, "党费")
    assert found.index("dues") < found.index("old") or found[0] in {"dues", "year", "old"}
    title_hits = {"dues", "year", "old"}
    assert set(found[:3]) == title_hits
    page_two = _found(docs, "党费", page=2, per_page=2)
    assert page_two == found[2:4]
    assert search.search("党费", Disclosure.select(), per_page=2).pages == 2


def test_highlights_are_escaped_and_marked(docs):
    hit = search.search("公示", Disclosure.select()).hits[0]
    assert str(hit.title_html) == "&lt;b&gt;<mark>公示</mark>&lt;/b&gt;结果"
    assert "<script>" not in str(hit.snippet_html) and "<mark>公示</mark>" in str(hit.snippet_html)


def test_republication_reindexes(docs, any_unit):
    doc = docs["old"]
    from dangwu_core.models import DisclosureVersion

    DisclosureVersion.update(body="补充说明：组织生活会").where(
        DisclosureVersion.disclosure == doc.id
    ).execute()
    search.index(doc)
    assert _found(docs, "组织生活会") == ["old"]
    assert _found(docs, "往年") == []


def test_a_text_indexed_already_is_not_written_again_unless_forced(docs):
    """Most transitions move a state and leave the text: the index is not rewritten then
    (issue 14: a demo year's thousand transitions), and a rebuild still rewrites it."""
    import datetime as dt

    from dangwu_core.clock import FixedClock, use_clock
    from dangwu_core.models import SearchDocument

    doc = docs["dues"]

    def indexed_at():
        return SearchDocument.get(SearchDocument.disclosure == doc.id).indexed_at

    before = indexed_at()
    with use_clock(FixedClock(dt.datetime(2030, 1, 1, 9))):
        search.index(doc)
        assert indexed_at() == before  # nothing deleted, nothing written
        search.index(doc, force=True)
        assert indexed_at() != before  # rewritten
    assert sorted(_found(docs, "党费收缴")) == ["dues", "year"]  # bm25 orders them


def test_lookups_use_the_full_text_index(any_unit, docs):
    """The match is the engine's own index: FTS5's virtual table on SQLite (no scan of the
    disclosures), a GIN-indexed tsvector on PostgreSQL."""
    db = any_unit.db
    if not hasattr(db, "pragma"):
        [(kind,)] = db.execute_sql(
            "SELECT am.amname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_am am ON am.oid = c.relam WHERE i.indrelid = 'search_vector'::regclass "
            "AND am.amname = 'gin'"
        ).fetchall()
        assert kind == "gin"
        return
    sql = (
        "SELECT d.id FROM search_index JOIN disclosure d ON d.id = search_index.rowid "
        "WHERE search_index MATCH ? ORDER BY search_index.rowid DESC LIMIT 10"
    )
    plan = " ".join(
        str(row) for row in db.execute_sql("EXPLAIN QUERY PLAN " + sql, ['"党费 费收"'])
    )
    assert "VIRTUAL TABLE INDEX" in plan and "SCAN d" not in plan, plan


# --- the reader's scope, on the demo town -------------------------------------------------


def test_the_public_does_not_find_party_items_a_member_does(client, demo):
    anonymous = client.get("/api/v1/search?q=党费").get_json()
    assert anonymous["total"] == 0
    from .conftest import login

    login(client, "qianyf")
    member = client.get("/api/v1/search?q=党费&per_page=5").get_json()
    assert member["total"] >= 9 and len(member["items"]) == 5
    assert "<mark>党费</mark>" in member["items"][0]["title_html"]


def test_search_page_for_a_two_character_word(client):
    page = client.get("/search?q=换届").get_data(as_text=True)
    assert "<mark>换届</mark>" in page and "找到 1 条结果" in page
    assert client.get("/search").status_code == 200
    assert client.get("/search?q=%3Cscript%3E").status_code == 200


def test_publication_puts_an_item_into_the_index(client, demo):
    from .conftest import login

    office = Person.get(Person.name == "李秀英")
    approved = Disclosure.get(Disclosure.state == "approved")
    word = approved.title[:4]
    login(client, "lixy")
    before = client.get(f"/api/v1/search?q={word}").get_json()["total"]
    demo.fire(approved, "publish", office)
    after = client.get(f"/api/v1/search?q={word}").get_json()
    assert after["total"] == before + 1


def test_api_search_refuses_a_missing_or_huge_query(client):
    assert client.get("/api/v1/search").status_code == 422
    assert client.get("/api/v1/search?q=" + "党" * 101).status_code == 422
