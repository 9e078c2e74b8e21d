"""The settings of dangwu-villages (``[villages]`` in ``dangwu.toml``, ``DANGWU_VILLAGES__*``)."""

from dangwu_core.toolkit import Setting

#: 003 §8(二)'s rule, or core's (the last working day of the period).
DISCLOSURE_DAY, PERIOD_END = "disclosure_day", "period_end"
#: A station branch follows the town's branch procedure, or its upper authority's.
BRANCH, UPPER = "branch", "upper"

SETTINGS = [
    Setting(
        "villages.due_date_policy",
        DISCLOSURE_DAY,
        "When monthly periodic items (定期公开) fall due: 'disclosure_day' — the county's "
        "党务公开日, the first Friday of each month (003 §8(二), see dangwu_villages.due_dates) "
        "— or 'period_end', core's last working day of the month.",
    ),
    Setting(
        "villages.disclosure_day_catalogs",
        ["county-grassroots-standard"],
        "Codes of the installed catalogs whose monthly items follow the due-date policy; the "
        "county standard by default. Add the town catalog's code (xiannv-town) to put it on the "
        "county's disclosure day too; other catalogs keep core's rule.",
        list,
    ),
    Setting(
        "villages.station_workflow",
        BRANCH,
        "The procedure of station branches (站所党支部): 'branch' — the town's branch procedure "
        "of 000 四(一)2 — or 'upper' when their vertically managing authority has its own rules "
        "(000 四(一)2's exception): the plugin then leaves them to the next plugin that answers "
        "(the authority's, the unit's own hooks) or core's national procedure.",
    ),
]
