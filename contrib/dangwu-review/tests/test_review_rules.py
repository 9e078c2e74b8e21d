"""The rules of the secrecy and privacy review, one test each, on plain text (004 七(三): a
secrecy review before publication, de-sensitizing of secret and sensitive content, protection
of members' privacy, escalation when the classification is unclear)."""

from __future__ import annotations

import pytest
from corpus import Generator, luhn_digit
from dangwu_review.markings import classification, internal_markings
from dangwu_review.personal import personal_data
from dangwu_review.scan import scan
from dangwu_review.words import sensitive_words


def kinds(text):
    return [(h.kind, h.text, h.action) for h in scan(text, words=())]


@pytest.mark.parametrize(
    "marking", ["机密★5年", "秘密★6个月", "绝密★长期", "秘密 ★ 十年", "机密★20年"]
)
def test_a_classification_marking_blocks_004_7_3(marking):
    """004 七(三): what bears a classification marking (密级标志) is not published."""
    assert kinds(f"{marking}\n关于某项工作的通知") == [("classification", marking, "block")]


@pytest.mark.parametrize(
    "text",
    [
        "全体党员要保守党和国家秘密。",
        "不得泄露工作秘密，严守机密。",
        "会议通报了绝密级文件管理规定的学习情况。",
        "秘密投票选举产生新一届支部委员会。",
    ],
)
def test_the_words_in_running_text_are_no_marking_004_7_3(text):
    """004 七(三): 保守党和国家秘密 and 秘密 in running text are ordinary words, not markings."""
    assert kinds(text) == []


@pytest.mark.parametrize("marking", ["秘密★", "机密★30年", "秘密★11年", "机密★长期", "密级：秘密"])
def test_a_marking_without_a_valid_period_escalates_004_7_3(marking):
    """004 七(三): where the classification is unclear (no period, or one the level may not
    have), the item goes to the organization above and the secrecy administration."""
    (hit,) = classification(f"{marking} 工作方案")
    assert (hit.kind, hit.text, hit.action) == ("classification", marking, "escalate")
    assert "保密行政管理部门" in hit.suggestion


def test_internal_markings_block_where_they_mark_the_document_004_7_3():
    """内部资料, 注意保存, 内部文件 mark a document as not for publication; the same words in
    running text do not."""
    marked = [
        "内部资料\n正文",
        "内部资料 注意保存\n正文",
        "关于调整分工的通知（内部文件）",
        "注意保存",
    ]
    for text in marked:
        assert internal_markings(text), text
        assert {h.action for h in internal_markings(text)} == {"block"}
    assert internal_markings("请各支部妥善保管内部文件，内部资料不得外传。") == []


def test_id_numbers_are_validated_by_gb_11643_and_masked_004_7_3():
    """Resident identity numbers (GB 11643: area code, birth date, check digit; the 15-digit
    legacy form) ask for redaction with a masked suggestion; a number failing its check digit
    (an order number) is no finding."""
    valid, legacy = "11010519491231002X", "110105491231002"
    wrong = valid[:-1] + "1"
    hits = personal_data(f"申请人{valid}，原证号{legacy}，订单号{wrong}，流水号202405061234567890")
    assert [(h.kind, h.text, h.action, h.suggestion) for h in hits] == [
        ("id_card", valid, "redact", "110105********002X"),
        ("id_card", legacy, "redact", "110105*****1002"),
    ]


def test_numbers_beside_chinese_characters_are_found_and_digit_runs_are_not_split():
    """Python's ``\\b`` fails beside Chinese characters: the checks bound numbers by digits."""
    assert kinds("电话13800138000联系") == [("mobile", "13800138000", "redact")]
    assert kinds("交易流水号2024138001380001234") == []


def test_phone_numbers_by_the_numbering_plan_004_7_3():
    """Mobile and landline numbers (phonenumbers) are personal data; an 11-digit file number
    the plan gives no mobile is not."""
    found = kinds("手机138-0013-8000，座机010-62345678，（0514）87654321，文号12345678901")
    assert found == [
        ("mobile", "138-0013-8000", "redact"),
        ("landline", "010-62345678", "redact"),
        ("landline", "（0514）87654321", "redact"),
    ]
    (mobile,) = personal_data("13800138000")
    assert mobile.suggestion == "138****8000"


def test_bank_cards_by_luhn_and_issuer_004_7_3():
    """Bank cards: 16 to 19 digits, UnionPay 62..., the Luhn check (``stdnum.luhn``); a
    Luhn-failing card-like number is no finding."""
    body = "622202020011223344"
    card = body + luhn_digit(body)
    wrong = body + str((int(luhn_digit(body)) + 1) % 10)
    grouped = " ".join(card[i : i + 4] for i in range(0, 19, 4))
    found = personal_data(f"补助发放至{card}；{grouped}；{wrong}")
    assert [(h.kind, h.text) for h in found] == [("bank_card", card), ("bank_card", grouped)]
    assert found[0].suggestion == "6222***********" + card[-4:]


def test_unified_social_credit_codes_by_gb_32100_004_7_3():
    """USCC: GB 32100's department and type codes and check character; a code failing it is
    no finding."""
    code = Generator(1).uscc()
    wrong = code[:-1] + ("Y" if code[-1] != "Y" else "X")
    found = personal_data(f"统一社会信用代码：{code}，另{wrong}")
    assert [(h.kind, h.text, h.suggestion[:4]) for h in found] == [("uscc", code, code[:4])]


def test_passports_and_email_addresses_004_7_3():
    found = kinds("护照号码E12345678，邮箱zhang.san@example.com。")
    assert found == [
        ("passport", "E12345678", "redact"),
        ("email", "zhang.san@example.com", "redact"),
    ]
    assert personal_data("zhang.san@example.com")[0].suggestion == "z***@example.com"


def test_context_words_only_raise_confidence_never_find():
    """A context word (身份证号) raises a hit's confidence; it neither finds a number that
    fails its check nor is needed to find one that passes."""
    with_context, without = (
        personal_data("身份证号11010519491231002X")[0],
        personal_data("某某11010519491231002X")[0],
    )
    assert with_context.confidence > without.confidence
    assert personal_data("身份证号110105194912310021") == []


def test_the_units_sensitive_words_are_flagged():
    hits = sensitive_words("个别群众反映群体性事件苗头。", ["群体性事件", " ", ""])
    assert [(h.kind, h.text, h.action) for h in hits] == [("sensitive_word", "群体性事件", "flag")]
    assert sensitive_words("群体性事件", []) == []
