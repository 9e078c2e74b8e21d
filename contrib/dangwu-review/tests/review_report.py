"""Precision and recall of dangwu-review's checks per kind on the generated corpus
(``corpus.py``), against the bounds of issue 16. ``make review-report`` runs it on a large
corpus; ``test_quality.py`` on a small one.

    python contrib/dangwu-review/tests/review_report.py [--documents N] [--seed S]

Exit status 1 when a kind misses its bound.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import corpus
from dangwu_review.hits import KINDS
from dangwu_review.scan import scan

#: kind: (least recall, least precision), issue 16's "Quality, measured".
BOUNDS = {
    "id_card": (0.99, 0.97),
    "bank_card": (0.99, 0.97),
    "uscc": (0.99, 0.97),
    "mobile": (0.95, 0.90),
    "classification": (0.95, 0.90),
}


def measure(documents) -> dict[str, dict[str, float]]:
    """Per kind: true and false positives, misses, precision, recall; and wrong actions."""
    tp, fp, fn, wrong_action = Counter(), Counter(), Counter(), Counter()
    for doc in documents:
        expected = {(k, s, e): a for k, s, e, a in doc.labels}
        found = {(h.kind, h.start, h.end): h.action for h in scan(doc.text, words=())}
        for key, action in found.items():
            if key in expected:
                tp[key[0]] += 1
                wrong_action[key[0]] += action != expected[key]
            else:
                fp[key[0]] += 1
        for key in expected.keys() - found.keys():
            fn[key[0]] += 1
    figures = {}
    for kind in KINDS:
        found, relevant = tp[kind] + fp[kind], tp[kind] + fn[kind]
        figures[kind] = {
            "tp": tp[kind],
            "fp": fp[kind],
            "fn": fn[kind],
            "wrong_action": wrong_action[kind],
            "precision": tp[kind] / found if found else 1.0,
            "recall": tp[kind] / relevant if relevant else 1.0,
        }
    return figures


def failures(figures) -> list[str]:
    out = []
    for kind, (recall, precision) in BOUNDS.items():
        f = figures[kind]
        if f["tp"] + f["fn"] == 0:
            out.append(f"{kind}: the corpus has no {kind} to find")
        if f["recall"] < recall:
            out.append(f"{kind}: recall {f['recall']:.4f} < {recall}")
        if f["precision"] < precision:
            out.append(f"{kind}: precision {f['precision']:.4f} < {precision}")
        if f["wrong_action"]:
            out.append(f"{kind}: {f['wrong_action']} found with the wrong action")
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args(argv)
    figures = measure(corpus(args.documents, args.seed))
    print(f"dangwu-review on {args.documents} generated documents (seed {args.seed})")
    print(f"{'kind':<18}{'found':>7}{'false':>7}{'missed':>7}{'precision':>11}{'recall':>9}  bound")
    for kind, f in figures.items():
        if f["tp"] + f["fp"] + f["fn"] == 0:
            continue
        bound = BOUNDS.get(kind)
        shown = f"R≥{bound[0]} P≥{bound[1]}" if bound else "(not bounded)"
        print(
            f"{kind:<18}{f['tp']:>7}{f['fp']:>7}{f['fn']:>7}"
            f"{f['precision']:>11.4f}{f['recall']:>9.4f}  {shown}"
        )
    problems = failures(figures)
    for problem in problems:
        print(f"BELOW BOUND: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
