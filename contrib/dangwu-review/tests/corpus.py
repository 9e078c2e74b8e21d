"""A labelled corpus of Chinese disclosure texts for measuring the checks (precision, recall).

Written from the standards, independently of the detector (which uses python-stdnum and
phonenumbers): GB 11643 (resident identity numbers: area code, birth date, sequence, the ISO
7064 MOD 11-2 check digit; the 15-digit legacy form), the Luhn algorithm (bank cards, UnionPay
62...), GB 32100 (unified social credit codes: department and type, division, the GB 11714
organization code with its check digit, the MOD 31 check character), the Chinese numbering plan
(mobile 1[3-9]x, landlines with area codes), and the markings of 《中华人民共和国保守国家秘密法》.

Every document is a realistic text (公示, 通报, 通知) with and without each kind, and with the
near-misses a real text carries: 18-digit order numbers that fail the ID check, card-like
numbers failing Luhn, USCC-like codes failing GB 32100, 秘密 in running text, internal words
in running text. A label is (kind, start, end, action); everything not labelled must not be
found.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

#: County codes (区县) of the national list, in force since before 1950 or since long ago.
AREAS = (
    "110101", "110102", "110105", "110108", "310101", "310104", "320102", "320106",
    "321002", "321084", "330106", "370102", "420102", "510104", "610113", "440103",
    "120101", "130102", "210102", "230102", "350102", "410102", "430102", "530102",
)  # fmt: skip
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
USCC_TYPES = ("91", "92", "93", "12", "11", "51", "52", "53", "Y1")
MOBILE_PREFIXES = tuple(
    ["13" + d for d in "0123456789"] + ["15" + d for d in "012356789"]
    + ["18" + d for d in "0123456789"] + ["176", "177", "178", "198", "199", "166"]
)  # fmt: skip
LANDLINE_AREAS = ("010", "021", "022", "023", "020", "025", "027", "028", "0514", "0512", "0571")
SURNAMES = "张王李赵刘陈杨黄吴周徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"


def id_check(body17: str) -> str:
    return ID_CHECK[sum(int(d) * w for d, w in zip(body17, ID_WEIGHTS, strict=True)) % 11]


def luhn_digit(body: str) -> str:
    total = 0
    for i, d in enumerate(reversed(body)):
        n = int(d) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return str((10 - total % 10) % 10)


def org_code_check(body8: str) -> str:
    values = [USCC_ALPHABET.index(c) if c.isdigit() else ord(c) - 55 for c in body8]
    c = 11 - sum(v * w for v, w in zip(values, ORG_WEIGHTS, strict=True)) % 11
    return {10: "X", 11: "0"}.get(c, str(c))


def uscc_check(body17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


@dataclass
class Document:
    """One text and what a perfect review would find in it."""

    text: str = ""
    labels: list[tuple[str, int, int, str]] = field(default_factory=list)

    def add(self, part: str) -> None:
        self.text += part

    def plant(self, kind: str, value: str, action: str) -> None:
        self.labels.append((kind, len(self.text), len(self.text) + len(value), action))
        self.text += value


class Generator:
    def __init__(self, seed: int):
        self.r = random.Random(seed)

    def digits(self, n: int) -> str:
        return "".join(self.r.choice("0123456789") for _ in range(n))

    def name(self) -> str:
        return self.r.choice(SURNAMES) + "".join(self.r.choices(GIVEN, k=self.r.randint(1, 2)))

    def birth(self, low: int = 1950, high: int = 2005) -> str:
        return f"{self.r.randint(low, high)}{self.r.randint(1, 12):02d}{self.r.randint(1, 28):02d}"

    # --- positives -------------------------------------------------------------------------
    def id18(self) -> str:
        body = self.r.choice(AREAS) + self.birth() + self.digits(3)
        return body + id_check(body)

    def id15(self) -> str:
        return self.r.choice(AREAS) + self.birth(1950, 1984)[2:] + self.digits(3)

    def card(self) -> str:
        # UnionPay debit (19 digits) and credit (16) cards, Visa and Mastercard credit cards (16)
        prefix, length = self.r.choice(
            (("622202", 19), ("621700", 19), ("622848", 19), ("623058", 16), ("625800", 16),
             ("436742", 16), ("524094", 16))
        )  # fmt: skip
        body = prefix + self.digits(length - len(prefix) - 1)
        number = body + luhn_digit(body)
        if self.r.random() < 0.3:  # written in groups of four
            number = " ".join(number[i : i + 4] for i in range(0, len(number), 4))
        return number

    def uscc(self) -> str:
        org = "".join(self.r.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
        body = self.r.choice(USCC_TYPES) + self.r.choice(AREAS) + org + org_code_check(org)
        return body + uscc_check(body)

    def mobile(self) -> str:
        number = self.r.choice(MOBILE_PREFIXES) + self.digits(8)
        if self.r.random() < 0.2:
            return f"{number[:3]}-{number[3:7]}-{number[7:]}"
        return number

    def landline(self) -> str:
        area = self.r.choice(LANDLINE_AREAS)
        local = self.r.choice("2345678") + self.digits(7)
        return f"{area}-{local}" if self.r.random() < 0.7 else f"（{area}）{local}"

    def passport(self) -> str:
        return "E" + self.digits(8)

    def email(self) -> str:
        local = self.r.choice(("zhang", "li.ming", "wangfang88", "dzb_office", "liu.j"))
        return f"{local}@{self.r.choice(('example.com', 'mail.example.cn', 'test.org.cn'))}"

    def marking(self) -> tuple[str, str]:
        level = self.r.choice(("绝密", "机密", "秘密"))
        limit = {"绝密": 30, "机密": 20, "秘密": 10}[level]
        choice = self.r.random()
        if choice < 0.55:
            return f"{level}★{self.r.randint(1, limit)}年", "block"
        if choice < 0.65:
            return f"{level}★{self.r.randint(1, 11)}个月", "block"
        if choice < 0.72:
            return "绝密★长期", "block"
        if choice < 0.85:
            return f"{level}★", "escalate"  # no period: unclear
        if choice < 0.93:
            return f"{level}★{limit + self.r.randint(5, 30)}年", "escalate"  # over the limit
        return f"密级：{level}", "escalate"

    # --- near-misses (none may be found) ----------------------------------------------------
    def bad_id(self) -> str:
        body = self.r.choice(AREAS) + self.birth() + self.digits(3)
        good = id_check(body)
        return body + self.r.choice([c for c in "0123456789X" if c != good])

    def order_number(self) -> str:
        return (
            "20" + self.r.choice(("23", "24", "25")) + self.birth(2000, 2000)[4:] + self.digits(10)
        )

    def bad_card(self) -> str:
        body = self.r.choice(("622202", "621700", "436742")) + self.digits(12)
        good = luhn_digit(body)
        return body + self.r.choice([d for d in "0123456789" if d != good])

    def bad_uscc(self) -> str:
        code = self.uscc()
        wrong = self.r.choice([c for c in USCC_ALPHABET if c != code[-1] and not c.isdigit()])
        return code[:-1] + wrong

    def embedded_mobile(self) -> str:
        """A mobile number inside a longer serial (a bank's transaction number)."""
        return self.digits(4) + self.r.choice(MOBILE_PREFIXES) + self.digits(8) + self.digits(3)

    def not_a_mobile(self) -> str:
        """Eleven digits the numbering plan gives no mobile (12x, 10x): a file number."""
        return "1" + self.r.choice("0122") + self.digits(9)

    # --- documents --------------------------------------------------------------------------
    def document(self, index: int) -> Document:
        d = Document()
        org = self.r.choice(
            ("东方村党支部", "仙女镇党委", "机关第二党支部", "社区党总支", "园区党工委")
        )
        kind = self.r.choice(
            ("发展党员公示", "党费收缴情况公示", "困难党员帮扶名单公示", "主题党日活动通报")
        )
        if self.r.random() < 0.15:
            value, action = self.marking()
            d.plant("classification", value, action)
            d.add("\n")
        d.add(f"{org}关于{kind}（第{index}号）\n")
        d.add(self.r.choice((
            "根据《中国共产党党务公开条例（试行）》和本单位实施意见，现将有关情况公示如下。\n",
            "经支部委员会研究，现予公开，接受党员和群众监督。\n",
            "全体党员要严守党的纪律，保守党和国家秘密，不得泄露工作秘密。\n",
            "本次会议强调，要增强保密意识，严防失泄密，机密事项按规定管理。\n",
        )))  # fmt: skip
        planters = [
            ("id_card", lambda: self.id18() if self.r.random() < 0.85 else self.id15(),
             ("公民身份号码：", "身份证号", "证号", "（", "")),
            ("mobile", self.mobile, ("联系电话：", "手机", "联系人电话", "")),
            ("landline", self.landline, ("监督电话：", "办公电话", "")),
            ("bank_card", self.card, ("开户账号：", "银行卡号", "补助发放至", "")),
            ("uscc", self.uscc, ("统一社会信用代码：", "信用代码", "企业代码", "")),
            ("passport", self.passport, ("护照号码：", "")),
            ("email", self.email, ("电子邮箱：", "邮箱", "")),
        ]  # fmt: skip
        for _ in range(self.r.randint(1, 4)):
            kind_, make, contexts = self.r.choice(planters)
            d.add(f"{self.r.randint(1, 30)}. {self.name()}，")
            if self.r.random() < 0.6:
                d.add(self.r.choice(contexts))
                d.plant(kind_, make(), "redact")
            else:
                d.add(self.r.choice(("编号", "单号", "凭证号", "序号", "")))
                d.add(
                    self.r.choice(
                        (
                            self.bad_id,
                            self.order_number,
                            self.bad_card,
                            self.bad_uscc,
                            self.embedded_mobile,
                            self.not_a_mobile,
                        )
                    )()
                )
            d.add(self.r.choice(("；", "。", "，情况属实。", " ")) + "\n")
        if self.r.random() < 0.1:
            d.add(self.r.choice(("请各支部妥善保管内部文件。\n", "内部资料不得外传，注意保存。\n")))
        if self.r.random() < 0.08:
            d.add("内部资料\n")
            d.labels.append(("internal_marking", len(d.text) - 5, len(d.text) - 1, "block"))
        d.add(f"公示期间如有意见，请向{org}反映。\n")
        return d


def corpus(documents: int, seed: int = 16) -> list[Document]:
    generator = Generator(seed)
    return [generator.document(i + 1) for i in range(documents)]
