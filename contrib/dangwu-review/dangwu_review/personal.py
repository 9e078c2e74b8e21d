"""Personal data (个人信息) → redact, with a masked suggestion (004 七(三): protect members'
privacy, de-sensitize before publication).

Candidates are found by patterns bounded by look-arounds on digits and Latin letters (Python's
``\\b`` does not separate a number from the Chinese character beside it), then confirmed by
their standard: GB 11643 for resident identity numbers (``stdnum.cn.ric``, and the 15-digit
legacy form through the same birth-date and area-code checks), GB 32100 for unified social
credit codes (``stdnum.cn.uscc``), Luhn for bank cards (``stdnum.luhn``), the numbering plan
for telephone numbers (``phonenumbers``). A number that fails its check (an order number, a
serial) is not a finding.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import phonenumbers
from stdnum import luhn
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumError

from .hits import Claimed, Hit, confidence, mask

REDACT = "redact"

_ID18 = re.compile(r"(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])")
_ID15 = re.compile(r"(?<![0-9A-Za-z])\d{15}(?![0-9A-Za-z])")
_USCC = re.compile(
    r"(?<![0-9A-Za-z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Za-z])"
)
_CARD = re.compile(r"(?<![0-9A-Za-z])\d{4}(?:[ -]?\d{4}){3}(?:[ -]?\d{1,3})?(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9+])(?:(?:\+|00)86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?![0-9])")
_LANDLINE = re.compile(
    r"(?<![0-9])(?:[(（]0\d{2,3}[)）]|0\d{2,3})[ -]?[2-9]\d{6,7}(?:(?:转|-)\d{1,5})?(?![0-9])"
)
_PASSPORT = re.compile(r"(?<![0-9A-Za-z])(?:E[A-HJ-NP-Z]\d{7}|[EGDSP]\d{8})(?![0-9A-Za-z])")
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@"
    r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
    r"\.[A-Za-z]{2,}(?![A-Za-z0-9-])"
)

#: GB 32100's registration-department codes (first character) with their organization-type
#: codes (second character).
USCC_TYPES = {
    "1": "1239", "2": "19", "3": "1234589", "4": "19", "5": "1239", "6": "129",
    "7": "129", "8": "19", "9": "123", "A": "19", "N": "1239", "Y": "1",
}  # fmt: skip

#: The lengths cards have by their issuer's first digits (ISO/IEC 7812 ranges): UnionPay (62)
#: 16 to 19, JCB (35) 16 to 19, Visa (4) 16 or 19, Mastercard (5) 16, China's older domestic
#: cards (9) 19. Another serial of that length is no card however its Luhn digit falls.
CARD_LENGTHS = {"62": range(16, 20), "35": range(16, 20), "4": (16, 19), "5": (16,), "9": (19,)}


def card_length_fits(digits: str) -> bool:
    lengths = CARD_LENGTHS.get(digits[:2], CARD_LENGTHS.get(digits[:1], ()))
    return len(digits) in lengths


def _area_known(number: str) -> bool:
    """The first six digits are a county (区县) code of the national list, at any time: the
    number was given when the code was in force, which may be long after the birth year."""
    from stdnum import numdb

    info = {k: v for _part, props in numdb.get("cn/loc").info(number[:6]) for k, v in props.items()}
    return "county" in info


def _body_valid(body: str) -> bool:
    """Area code and birth date of the 17 first digits of a GB 11643 number."""
    try:
        born = ric.get_birth_date(body + "0")
    except (StdnumError, ValueError):
        return False
    return born.year >= 1890 and born <= dt.date.today() and _area_known(body)


def valid_id18(number: str) -> bool:
    """GB 11643: area code, birth date and the check digit (``stdnum.cn.ric``'s)."""
    number = number.upper()
    return number[-1] == ric.calc_check_digit(number) and _body_valid(number[:17])


def id_like(digits: str) -> bool:
    """Whether the first 17 of 18 digits are the body of a GB 11643 number (an area code and
    a birth date): a mistyped ID number is no bank card nor credit code."""
    return len(digits) == 18 and digits[:17].isdigit() and _body_valid(digits[:17])


def valid_id15(number: str) -> bool:
    """A 15-digit legacy number (GB 11643-1989): area code and birth date ``YYMMDD`` (19YY)."""
    return _body_valid(number[:6] + "19" + number[6:])


def valid_uscc(code: str) -> bool:
    """GB 32100: department and type codes, a numeric division code, the check character.

    ``stdnum.cn.uscc.validate`` wants the first eight characters numeric, but the standard's
    departments A (中央军委改革和编制办公室), N (农业) and Y (其他) are letters: the check
    character is computed by stdnum's own ``calc_check_digit`` either way."""
    if code[1] not in USCC_TYPES.get(code[0], "") or not code[2:8].isdigit():
        return False
    return org_code_valid(code[8:17]) and uscc.calc_check_digit(code[:17]) == code[17]


ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def org_code_valid(code: str) -> bool:
    """GB 11714: the organization code (主体标识码, characters 9 to 17 of a USCC) ends with its
    own check character (MOD 11; 10 is X). python-stdnum has no module for it."""
    values = [int(c) if c.isdigit() else ord(c) - 55 for c in code[:8]]
    check = 11 - sum(v * w for v, w in zip(values, ORG_WEIGHTS, strict=True)) % 11
    return code[8] == {10: "X", 11: "0"}.get(check, str(check))


def _id_cards(text: str, claimed: Claimed) -> Iterator[Hit]:
    for m in _ID18.finditer(text):
        if valid_id18(m.group()):
            claimed.take(m.start(), m.end())
            yield _hit("id_card", text, m, mask(m.group(), 6, 4))
    for m in _ID15.finditer(text):
        if valid_id15(m.group()):
            claimed.take(m.start(), m.end())
            yield _hit("id_card", text, m, mask(m.group(), 6, 4))


def _usccs(text: str, claimed: Claimed) -> Iterator[Hit]:
    for m in _USCC.finditer(text):
        code = m.group().upper()
        if not claimed.free(m.start(), m.end()):
            continue
        if id_like(code) or not valid_uscc(code):
            continue
        claimed.take(m.start(), m.end())
        yield _hit("uscc", text, m, mask(m.group(), 4, 4))


def _bank_cards(text: str, claimed: Claimed) -> Iterator[Hit]:
    for m in _CARD.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if not claimed.free(m.start(), m.end()) or not card_length_fits(digits):
            continue
        if id_like(digits) or not luhn.is_valid(digits):
            continue
        claimed.take(m.start(), m.end())
        yield _hit("bank_card", text, m, mask(m.group(), 4, 4))


def _phone_type(candidate: str) -> int | None:
    try:
        number = phonenumbers.parse(candidate, "CN")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.number_type(number)


def _phones(text: str, claimed: Claimed) -> Iterator[Hit]:
    mobile = {phonenumbers.PhoneNumberType.MOBILE}
    fixed = {
        phonenumbers.PhoneNumberType.FIXED_LINE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    }
    for m in _MOBILE.finditer(text):
        if (
            claimed.free(m.start(), m.end())
            and _phone_type(re.sub(r"[ -]", "", m.group())) in mobile
        ):
            claimed.take(m.start(), m.end())
            yield _hit("mobile", text, m, mask(m.group(), len(re.sub(r"\D", "", m.group())) - 8, 4))
    for m in _LANDLINE.finditer(text):
        number = re.split(r"转|-(?=\d{1,5}$)", m.group().translate(_PARENS))[0]
        if claimed.free(m.start(), m.end()) and _phone_type(number.replace(" ", "")) in fixed:
            claimed.take(m.start(), m.end())
            area = re.match(r"[(（]?0\d{2,3}[)）]?", m.group()).group()
            digits = len(re.sub(r"\D", "", m.group())) - len(re.sub(r"\D", "", area))
            yield _hit(
                "landline", text, m, area + mask(m.group()[len(area) :], 0, 2 if digits else 0)
            )


_PARENS = str.maketrans({"(": "", ")": "", "（": "", "）": ""})


def _passports(text: str, claimed: Claimed) -> Iterator[Hit]:
    for m in _PASSPORT.finditer(text):
        if claimed.free(m.start(), m.end()):
            claimed.take(m.start(), m.end())
            yield _hit("passport", text, m, mask(m.group(), 1, 3))


def _emails(text: str, claimed: Claimed) -> Iterator[Hit]:
    for m in _EMAIL.finditer(text):
        if claimed.free(m.start(), m.end()):
            claimed.take(m.start(), m.end())
            local, domain = m.group().split("@", 1)
            yield _hit("email", text, m, f"{local[0]}***@{domain}")


def _hit(kind: str, text: str, m: re.Match, suggestion: str) -> Hit:
    return Hit(
        kind, m.start(), m.end(), m.group(), REDACT, suggestion, confidence(kind, text, m.start())
    )


#: In order: the most specific first, each claims its spans from the ones after it.
FINDERS = (_id_cards, _usccs, _bank_cards, _phones, _passports, _emails)


def personal_data(text: str) -> list[Hit]:
    """Every piece of personal data in ``text``, in the order of the text."""
    claimed = Claimed()
    found = [hit for finder in FINDERS for hit in finder(text, claimed)]
    return sorted(found, key=lambda h: (h.start, h.end))
