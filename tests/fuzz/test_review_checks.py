"""Every review check registered through ``dangwu_register_review_checks`` (the secrecy and
privacy checks of a review plugin, a sector's own), under generated titles and bodies: each
answers a :class:`~dangwu_core.review.Finding` whose outcome is one of the three and whose
spans lie inside the text, never an exception; and the admin's highlighting of any findings
escapes the text and keeps it whole. Whatever is registered is fuzzed: a check added later is
covered without a change here."""

from __future__ import annotations

import re

from fuzzing import budget, target
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup, escape

from dangwu_core.admin.disclosures import highlight
from dangwu_core.models import Disclosure, DisclosureVersion
from dangwu_core.review import Finding, Outcome, ReviewCheck, Span

MARKS = re.compile(r'<mark class="dw-finding" title="[^"<>]*">|</mark>')
SENSITIVE = [
    "绝密", "机密★", "秘密★10年", "110101199003071234", "13800138000", "6222020200112233445",
    "<b>", "&amp;", "\u200b", "身份证号：", "",
]  # fmt: skip
texts = st.text(max_size=200) | st.lists(
    st.sampled_from(SENSITIVE) | st.text(max_size=10), max_size=8
).map("".join)


def test_every_registered_check_under_generated_text(demo):
    checks = list(demo.registry.review_checks.values())
    assert all(isinstance(c, ReviewCheck) for c in checks)
    with target(f"review checks ({len(checks)} registered)") as tally:

        @given(title=texts, body=texts)
        @budget(5)
        def run(title, body):
            tally.tick()
            item = Disclosure(title=title, scope="public", state="draft")
            version = DisclosureVersion(number=1, title=title, body=body)
            for check in checks:
                finding = check.run(item, version)
                assert isinstance(finding, Finding), check.name
                assert finding.outcome in set(Outcome), check.name
                for span in finding.spans:
                    assert 0 <= span.start <= span.end <= max(len(body), len(title)), check.name

        run()


def test_highlighting_any_findings_escapes_and_keeps_the_text():
    check = ReviewCheck("fuzz.any", "任意", "secrecy", lambda d, v: None)
    spans = st.builds(Span, st.integers(-5, 250), st.integers(-5, 250))
    with target("review findings: highlighting") as tally:

        @given(text=texts, found=st.lists(st.lists(spans, max_size=4), max_size=3))
        @budget(5)
        def run(text, found):
            tally.tick()
            findings = [
                {"check": check, "finding": Finding(check.name, Outcome.REDACT, "", tuple(s))}
                for s in found
            ]
            marked = highlight(text, findings)
            assert isinstance(marked, Markup)
            unmarked = MARKS.sub("", str(marked)).replace("<br>", "\n")
            assert unmarked == str(escape(text))  # the text whole, escaped; only marks added

        run()
