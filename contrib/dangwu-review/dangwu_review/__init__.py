"""dangwu-review: the secrecy and privacy review (保密审查, 脱密脱敏) before publication.

Sector-neutral: every shipped sector's demo installs it."""

__version__ = "0.1.0"
