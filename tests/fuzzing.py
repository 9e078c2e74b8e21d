"""The fuzz tests' budget and figures (tests/fuzz/, tests/catalogs/test_fuzz.py).

``DANGWU_FUZZ_EXAMPLES`` sets how many inputs each target tries (small in ``make test``,
large in ``make fuzz``). When ``DANGWU_FUZZ_REPORT`` names a file, each target appends one
JSON line (target, inputs tried, failures) to it; ``python tests/fuzzing.py FILE`` prints the
table ``make fuzz`` ends with and exits non-zero on any failure.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass

from hypothesis import HealthCheck, settings

#: Inputs per target (hypothesis examples; for a state machine, scenarios).
EXAMPLES = int(os.environ.get("DANGWU_FUZZ_EXAMPLES", "4"))


def budget(scale: float = 1.0, **options) -> settings:
    """Hypothesis settings for a fuzz target: ``scale`` times the budget, no deadline, no
    example database (a run is reproducible from its seed, not from a local cache)."""
    return settings(
        max_examples=max(1, int(EXAMPLES * scale)),
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        **options,
    )


@dataclass
class Tally:
    target: str
    tried: int = 0
    failures: int = 0

    def tick(self) -> None:
        self.tried += 1


@contextlib.contextmanager
def target(name: str) -> Iterator[Tally]:
    """Count the inputs a target tries (``tally.tick()`` per input) and whether it failed;
    written to ``DANGWU_FUZZ_REPORT`` at the end."""
    tally = Tally(name)
    try:
        yield tally
    except BaseException:
        tally.failures += 1
        raise
    finally:
        path = os.environ.get("DANGWU_FUZZ_REPORT")
        if path:
            with open(path, "a", encoding="utf-8") as out:
                out.write(json.dumps(tally.__dict__, ensure_ascii=False) + "\n")


def report(path: str) -> int:
    """Print the figures of a run; 1 when a target failed or none ran."""
    rows: dict[str, Tally] = {}
    with contextlib.suppress(FileNotFoundError), open(path, encoding="utf-8") as lines:
        for line in lines:
            data = json.loads(line)
            row = rows.setdefault(data["target"], Tally(data["target"]))
            row.tried += data["tried"]
            row.failures += data["failures"]
    width = max([len(name) for name in rows] + [6])
    print(f"\n{'target':<{width}}  {'inputs':>8}  {'failures':>8}")
    for name in sorted(rows):
        print(f"{name:<{width}}  {rows[name].tried:>8}  {rows[name].failures:>8}")
    tried = sum(r.tried for r in rows.values())
    failures = sum(r.failures for r in rows.values())
    print(f"{'total':<{width}}  {tried:>8}  {failures:>8}  ({len(rows)} targets)")
    return 1 if failures or not rows else 0


if __name__ == "__main__":
    raise SystemExit(report(sys.argv[1]))
