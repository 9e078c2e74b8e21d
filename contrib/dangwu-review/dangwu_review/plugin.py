"""Hooks of dangwu-review: its setting, its review checks and its command."""

from dangwu_core.toolkit import Setting, hookimpl

from .checks import CHECKS
from .command import review
from .redact import redacted_copy
from .words import DEFAULT_WORDS, SETTING


@hookimpl
def dangwu_settings_defaults():
    return [
        Setting(
            SETTING,
            list(DEFAULT_WORDS),
            "The unit's sensitive words (敏感词): each occurrence is flagged for the reviewer.",
            type=list,
        )
    ]


@hookimpl
def dangwu_register_review_checks():
    return list(CHECKS)


@hookimpl
def dangwu_register_commands(cli):
    cli.add_command(review)


@hookimpl
def dangwu_redacted_file(filename, data, spans):
    return redacted_copy(filename, data, spans)
