"""Catalog tables (xlsx or csv) with Chinese column headers, to and from catalog manifests.

:func:`build` reads the table an upstream body keeps (序号, 公开事项, 类别, 公开范围, 公开形式,
公开时限, 责任部门…) and maps every cell through :mod:`.vocabulary`; every cell it cannot map
is reported with its row number, column and value, all at once, and nothing is built.
:func:`export` writes a manifest back as the same table; ``build(export(m)) == m``.

An xlsx workbook holds the items on its first sheet (or one named 目录), and may hold a
``目录信息`` sheet (issuer, code, title, version, effective date, types, explanation) and a
``类别`` sheet (category codes and names). A csv file holds the items only; the rest comes
from a ``base`` manifest (the previous version, or what ``dangwu catalog init`` wrote) and
explicit overrides.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import ValidationError
from ..models import Cadence, ItemStatus, Scope, TimeLimit
from . import vocabulary as vocab
from .schema import validate_manifest

ITEMS_SHEET, META_SHEET, CATEGORY_SHEET = "目录", "目录信息", "类别"

#: (header written by export, manifest field, headers accepted by build)
COLUMNS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("序号", "number", ("序号",)),
    ("事项编号", "code", ("事项编号", "编号", "代码", "事项代码")),
    ("公开事项", "title", ("公开事项", "公开内容", "事项名称", "事项", "内容")),
    ("类别", "category", ("类别", "公开类别", "内容类别", "分类")),
    ("公开范围", "scope", ("公开范围", "范围")),
    ("公开形式", "channels", ("公开形式", "公开方式", "公开渠道", "形式", "方式")),
    ("公开时限", "time_limit", ("公开时限", "时限")),
    ("责任部门", "proposing_department", ("责任部门", "承办部门", "牵头部门", "提出部门")),
    ("办理时限（工作日）", "due_within_days", ("办理时限（工作日）", "办理时限")),
    ("公示期（工作日）", "display_days", ("公示期（工作日）", "公示期", "公示天数")),
    ("公开期（月）", "display_months", ("公开期（月）", "公开时长（月）")),
    ("报上级审批", "needs_upper_approval", ("报上级审批", "需上级审批", "上级审批")),
    ("重要事项", "important", ("重要事项", "重大事项")),
    ("公开依据", "legal_basis", ("公开依据", "依据", "政策依据")),
    ("备注", "notes", ("备注",)),
    ("状态", "status", ("状态",)),
    ("状态说明", "status_reason", ("状态说明", "撤销终止理由")),
)
META: tuple[tuple[str, str], ...] = (
    ("制定单位代码", "issuer.code"),
    ("制定单位", "issuer.name"),
    ("目录代码", "code"),
    ("目录名称", "title"),
    ("版本", "version"),
    ("生效日期", "effective_date"),
    ("适用组织类型", "applies_to"),
    ("适用组织代码", "applies_to_organizations"),
    ("变更说明", "explanation"),
)
STATUSES = {"": "active", "有效": "active", "现行": "active"}
STATUSES.update(dict.fromkeys(("撤销", "已撤销", "revoked"), "revoked"))
STATUSES.update(dict.fromkeys(("终止", "已终止", "terminated"), "terminated"))
STATUSES.update({s.value: s.value for s in ItemStatus})


def _norm_header(text: Any) -> str:
    text = re.sub(r"\s+", "", str(text or "")).replace("(", "（").replace(")", "）")
    return text


_ALIASES = {_norm_header(a): field for _, field, aliases in COLUMNS for a in aliases}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


# --- reading ----------------------------------------------------------------------------------


def _read_rows(path: Path) -> tuple[list[tuple[int, list[str]]], dict[str, list[list[str]]]]:
    """(numbered rows of the item table, other sheets by name) of an xlsx or csv file."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise ValidationError(f"cannot read {path.name}: {exc}", "spreadsheet") from None
        rows = list(csv.reader(io.StringIO(text)))
        return [(n, [c.strip() for c in row]) for n, row in enumerate(rows, start=1)], {}
    if suffix not in (".xlsx", ".xlsm"):
        raise ValidationError(f"{path.name}: a catalog table is .xlsx or .csv", "spreadsheet")
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise ValidationError(
            f"cannot read {path.name} as an xlsx workbook: {exc}", "spreadsheet"
        ) from None
    try:
        sheets = {
            ws.title: [[_cell(c) for c in row] for row in ws.iter_rows(values_only=True)]
            for ws in book.worksheets
        }
    finally:
        book.close()
    names = [n for n in sheets if n not in (META_SHEET, CATEGORY_SHEET)]
    if not names:
        raise ValidationError(f"{path.name} has no sheet of catalog items", "spreadsheet")
    items = sheets.pop(ITEMS_SHEET if ITEMS_SHEET in sheets else names[0])
    return list(enumerate(items, start=1)), sheets


def _header(rows: list[tuple[int, list[str]]], name: str) -> tuple[int, dict[int, str]]:
    for index, (number, row) in enumerate(rows[:10]):
        fields = {}
        for column, text in enumerate(row):
            for part in re.split(r"[/／]", text):
                if _norm_header(part) in _ALIASES:
                    fields[column] = _ALIASES[_norm_header(part)]
                    break
        if "title" in fields.values():
            unknown = [
                f"{text!r}" for column, text in enumerate(row) if text and column not in fields
            ]
            if unknown:
                raise ValidationError(
                    f"{name} row {number}: unknown column(s) {', '.join(unknown)}; known "
                    f"headers: {', '.join(h for h, _, _ in COLUMNS)}",
                    "spreadsheet",
                )
            return index, fields
    raise ValidationError(
        f"{name}: no header row with 公开事项 (or 公开内容) in its first 10 rows", "spreadsheet"
    )


def _meta(sheets: dict[str, list[list[str]]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    labels = dict(META)
    for row in sheets.get(META_SHEET, []):
        if len(row) >= 2 and row[0] in labels:
            out[labels[row[0]]] = row[1]
    return out


def _categories(sheets: dict[str, list[list[str]]]) -> list[dict[str, str]]:
    rows = sheets.get(CATEGORY_SHEET, [])
    return [{"code": r[0], "name": r[1]} for r in rows[1:] if len(r) >= 2 and r[0]]


def build(
    path: Path | str,
    channels: Mapping[str, str],
    *,
    base: Mapping[str, Any] | None = None,
    **overrides: Any,
) -> dict[str, Any]:
    """Build a manifest from a catalog table; return it validated (JSON-ready).

    :param channels: registered channel names and their labels (what ``公开形式`` maps to).
    :param base: a manifest whose metadata and categories are used where the file has none.
    :param overrides: manifest fields that win (``version="1.1.0"``, ``applies_to=[...]``).
    :raises ValidationError: a cell cannot be mapped (every such cell is listed with its row
        and column), a header is unknown, or the result breaks the package format.
    """
    path = Path(path)
    rows, sheets = _read_rows(path)
    index, fields = _header(rows, path.name)
    meta = dict(base or {})
    meta.pop("items", None)
    for key, value in _meta(sheets).items():
        if "." in key:
            meta.setdefault("issuer", {})
            meta["issuer"] = {**meta["issuer"], key.split(".")[1]: value}
        elif key in ("applies_to", "applies_to_organizations"):
            meta[key] = [t for t in re.split(r"[、，,\s]+", value) if t]
        else:
            meta[key] = value
    categories = _categories(sheets) or list(meta.get("categories") or [])
    #: no category list anywhere: categories are made from the 类别 cells, coded C01, C02…
    auto = None if categories else True
    headers = {c: next(h for h, f, _ in COLUMNS if f == fields[c]) for c in fields}
    problems: list[str] = []
    items: list[dict[str, Any]] = []
    section = ""
    for number, row in rows[index + 1 :]:
        cells = {fields[c]: row[c] if c < len(row) else "" for c in fields}
        filled = [c for c in row if c]
        if not filled:
            continue
        if len(filled) == 1 and not cells.get("title"):
            section = re.sub(r"^[（(]?[一二三四五六七八九十\d]+[）)、.．]?", "", filled[0])
            continue
        cells["category"] = cells.get("category") or section
        item = _item(number, cells, channels, categories, auto, headers, fields, problems)
        if item is not None:
            items.append(item)
    if problems:
        raise ValidationError(
            f"{path.name}: {len(problems)} cell(s) cannot be mapped: " + "; ".join(problems),
            "spreadsheet",
        )
    manifest = {**meta, **overrides, "categories": categories, "items": items}
    if isinstance(manifest.get("effective_date"), dt.date):
        manifest["effective_date"] = manifest["effective_date"].isoformat()
    validate_manifest(manifest)
    return manifest


def _item(number, cells, channels, categories, auto, headers, fields, problems) -> dict | None:
    def bad(field: str, value: str, why: str = "") -> None:
        header = next((headers[c] for c in headers if fields[c] == field), field)
        problems.append(f"row {number}, {header} {value!r}: {why or 'cannot be mapped'}")

    item: dict[str, Any] = {"title": cells.get("title", "")}
    code = cells.get("code") or cells.get("number", "")
    if not code:
        bad("code", "", "no 事项编号 and no 序号 to name the item")
    item["code"] = code
    category = cells.get("category", "")
    found = next((c["code"] for c in categories if category in (c["code"], c["name"])), None)
    if not category:
        bad("category", "", "no category (类别) for the item")
    elif found is None and auto is None:
        bad("category", category, "not a category of this catalog (see the 类别 sheet)")
    elif found is None:
        found = f"C{len(categories) + 1:02d}"
        categories.append({"code": found, "name": category})
    item["category"] = found
    for field, convert in (
        ("scope", vocab.scope),
        ("channels", lambda v: vocab.channels(v, channels)),
    ):
        try:
            item[field] = convert(cells.get(field, ""))
        except vocab.Unmapped as exc:
            bad(field, cells.get(field, ""), f"cannot map {exc}")
    try:
        limit, cadence, phases, spans = vocab.time_limit(cells.get("time_limit", ""))
        item.update(time_limit=limit, cadence=cadence, phases=phases, spans_years=spans)
        if limit == TimeLimit.STAGED and not phases:
            bad("time_limit", cells["time_limit"], "a staged item names its phases in brackets")
    except vocab.Unmapped as exc:
        bad("time_limit", cells.get("time_limit", ""), f"cannot map {exc}")
    for field in ("due_within_days", "display_days", "display_months"):
        value = cells.get(field, "")
        if not value:
            item[field] = None
        elif re.fullmatch(r"\d{1,4}", value):
            item[field] = int(value)
        else:
            bad(field, value, "not a whole number")
    for field in ("needs_upper_approval", "important"):
        try:
            item[field] = vocab.yes_no(cells.get(field, ""))
        except vocab.Unmapped:
            bad(field, cells.get(field, ""), "write 是 or 否")
    for field in ("proposing_department", "legal_basis", "notes", "status_reason"):
        item[field] = cells.get(field, "")
    status = STATUSES.get(cells.get("status", ""))
    if status is None:
        bad("status", cells["status"], "write 有效, 已撤销 or 已终止")
    item["status"] = status or "active"
    return item


# --- writing ----------------------------------------------------------------------------------


def _time_limit_text(item: Mapping[str, Any]) -> str:
    limit = TimeLimit(item["time_limit"])
    inner = []
    if item.get("cadence"):
        inner.append(Cadence(item["cadence"]).label)
    if item.get("phases"):
        inner.append("、".join(item["phases"]))
    if item.get("spans_years"):
        inner.append("跨年度")
    return limit.label + (f"（{'；'.join(inner)}）" if inner else "")


def rows_of(manifest: Mapping[str, Any], channels: Mapping[str, str]) -> list[list[Any]]:
    """The item table (header first) of a manifest."""
    names = {c["code"]: c["name"] for c in manifest["categories"]}
    out: list[list[Any]] = [[header for header, _, _ in COLUMNS]]
    for number, item in enumerate(manifest["items"], start=1):
        status = item.get("status") or "active"
        values = {
            "number": number,
            "category": names.get(item["category"], item["category"]),
            "scope": Scope(item["scope"]).label,
            "channels": vocab.labels_of(item["channels"], channels),
            "time_limit": _time_limit_text(item),
            "needs_upper_approval": "是" if item.get("needs_upper_approval") else "否",
            "important": "是" if item.get("important") else "否",
            "status": ItemStatus(status).label,
        }
        out.append([values[f] if f in values else _cell(item.get(f)) for _, f, _ in COLUMNS])
    return out


def export(manifest: Mapping[str, Any], path: Path | str, channels: Mapping[str, str]) -> Path:
    """Write ``manifest`` as a catalog table: xlsx (three sheets) or csv (items only)."""
    path = Path(path)
    rows = rows_of(manifest, channels)
    if path.suffix.lower() == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle).writerows(rows)
        return path
    if path.suffix.lower() != ".xlsx":
        raise ValidationError(f"{path.name}: export to .xlsx or .csv", "spreadsheet")
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = ITEMS_SHEET
    for row in rows:
        sheet.append(row)
    meta = book.create_sheet(META_SHEET)
    meta.append(["项目", "值"])
    effective = manifest["effective_date"]
    values = {
        "issuer.code": manifest["issuer"]["code"],
        "issuer.name": manifest["issuer"]["name"],
        "code": manifest["code"],
        "title": manifest["title"],
        "version": manifest["version"],
        "effective_date": effective.isoformat() if isinstance(effective, dt.date) else effective,
        "applies_to": "、".join(manifest["applies_to"]),
        "applies_to_organizations": "、".join(manifest.get("applies_to_organizations") or []),
        "explanation": manifest.get("explanation") or "",
    }
    for label, key in META:
        meta.append([label, values[key]])
    categories = book.create_sheet(CATEGORY_SHEET)
    categories.append(["代码", "名称"])
    for category in manifest["categories"]:
        categories.append([category["code"], category["name"]])
    book.save(path)
    return path
