"""Issue 16, "Quality, measured": on a generated, labelled corpus (``corpus.py``, written from
GB 11643, Luhn and GB 32100 independently of the detector), recall ≥ 0.99 and precision ≥ 0.97
for id_card, bank_card, uscc, and ≥ 0.95 / ≥ 0.90 for mobile and classification.
``make review-report`` prints the same figures for a large corpus."""

from __future__ import annotations

from corpus import corpus, id_check, luhn_digit, uscc_check
from review_report import BOUNDS, failures, measure


def test_the_generator_writes_numbers_by_their_standards():
    """The generator's own check digits agree with the standards' published examples."""
    assert id_check("11010519491231002") == "X"  # GB 11643's example
    assert luhn_digit("7992739871") == "3"  # the Luhn algorithm's textbook example
    assert uscc_check("91110108MA01C1234") in "0123456789ABCDEFGHJKLMNPQRTUWXY"


def test_precision_and_recall_meet_the_bounds_004_7_3():
    """004 七(三): personal data and markings are found before publication, reliably."""
    figures = measure(corpus(600, seed=16))
    for kind in BOUNDS:
        assert figures[kind]["tp"] > 50, kind  # the corpus has enough of each kind
    assert failures(figures) == []
