"""Receipt numbers (回执编号) with which people follow their feedback and requests."""

from __future__ import annotations

import secrets

from .clock import today

#: Digits only after the prefix and date, so it can be read out over the phone.
RANDOM_DIGITS = 6


def new_receipt_number(prefix: str, exists) -> str:
    """``PREFIX-YYYYMMDD-NNNNNN``, unique according to ``exists(number) -> bool``."""
    day = today().strftime("%Y%m%d")
    for _ in range(20):
        number = f"{prefix}-{day}-{secrets.randbelow(10**RANDOM_DIGITS):0{RANDOM_DIGITS}d}"
        if not exists(number):
            return number
    raise RuntimeError("could not draw a free receipt number")  # 20 collisions in 10^6: a bug
