"""Charts drawn on the server as inline SVG: no JavaScript, no CDN, printable."""

from __future__ import annotations

from markupsafe import Markup, escape

#: Colours of the figures (on time green, late amber, overdue red...).
COLOURS = {
    "on_time": "#2e7d32",
    "late": "#f9a825",
    "overdue": "#c62828",
    "not_suitable": "#6d4c41",
    "upcoming": "#90a4ae",
}


def stacked_bars(
    columns: list[tuple[str, dict[str, int]]],
    series: list[tuple[str, str]],
    *,
    width: int = 640,
    height: int = 220,
    links: dict[tuple[str, str], str] | None = None,
) -> Markup:
    """A stacked bar per column (e.g. per month); each segment may link to its drill-down.

    :param columns: (label, {series key: value}).
    :param series: (key, label) in stacking order, bottom first.
    :param links: (column label, series key) -> URL.
    """
    links = links or {}
    top = max([sum(v.get(k, 0) for k, _ in series) for _, v in columns] + [1])
    margin, legend = 28, 22
    plot_h = height - margin - legend
    slot = (width - margin) / max(len(columns), 1)
    bar = max(4.0, slot * 0.6)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="dw-chart" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img">'
    ]
    for tick in (0, top // 2, top):
        y = legend + plot_h - plot_h * tick / top
        out.append(
            f'<line x1="{margin}" x2="{width}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
            f'<text x="{margin - 4}" y="{y + 4:.1f}" font-size="10" text-anchor="end">{tick}</text>'
        )
    for index, (label, values) in enumerate(columns):
        x = margin + slot * index + (slot - bar) / 2
        y = legend + plot_h
        for key, name in series:
            value = values.get(key, 0)
            if not value:
                continue
            h = plot_h * value / top
            y -= h
            rect = (
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{COLOURS.get(key, "#1565c0")}"><title>{escape(label)} {escape(name)}：'
                f"{value}</title></rect>"
            )
            url = links.get((label, key))
            out.append(f'<a href="{escape(url)}">{rect}</a>' if url else rect)
        out.append(
            f'<text x="{x + bar / 2:.1f}" y="{height - 4}" font-size="10" '
            f'text-anchor="middle">{escape(label[-2:] if len(label) > 4 else label)}</text>'
        )
    x = margin
    for key, name in series:
        out.append(
            f'<rect x="{x}" y="4" width="10" height="10" fill="{COLOURS.get(key, "#1565c0")}"/>'
            f'<text x="{x + 14}" y="13" font-size="11">{escape(name)}</text>'
        )
        x += 16 + 12 * len(name)
    out.append("</svg>")
    return Markup("".join(out))  # nosec B704  # every label is escape()d, the rest are numbers and COLOURS constants


def horizontal_bars(
    rows: list[tuple[str, float | None, str | None]], *, width: int = 640, unit: str = "%"
) -> Markup:
    """One bar per row (label, value 0..1 or None, link)."""
    line = 20
    height = line * max(len(rows), 1) + 4
    label_w = 220
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="dw-chart" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img">'
    ]
    for index, (label, value, url) in enumerate(rows):
        y = index * line + 2
        text = escape(label if len(label) <= 18 else label[:17] + "…")
        out.append(f'<text x="0" y="{y + 13}" font-size="11">{text}</text>')
        share = value or 0
        colour = "#2e7d32" if share >= 0.9 else "#f9a825" if share >= 0.6 else "#c62828"
        rect = (
            f'<rect x="{label_w}" y="{y + 2}" width="{(width - label_w - 50) * share:.1f}" '
            f'height="{line - 6}" fill="{colour}"><title>{escape(label)}</title></rect>'
        )
        out.append(f'<a href="{escape(url)}">{rect}</a>' if url else rect)
        shown = "—" if value is None else f"{value * 100:.1f}{unit}"
        out.append(
            f'<text x="{width - 4}" y="{y + 13}" font-size="11" text-anchor="end">{shown}</text>'
        )
    out.append("</svg>")
    return Markup("".join(out))  # nosec B704  # labels and url escape()d, the rest numbers and fixed colours


def pie(parts: list[tuple[str, int, str]], *, size: int = 160) -> Markup:
    """A pie of (label, value, colour), with a legend beside it."""
    import math

    total = sum(v for _, v, _ in parts) or 1
    r = size / 2 - 4
    cx = cy = size / 2
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="dw-chart" viewBox="0 0 {size + 180} '
        f'{size}" width="{size + 180}" role="img">'
    ]
    angle = -math.pi / 2
    for label, value, colour in parts:
        if not value:
            continue
        share = value / total
        if share >= 0.9999:
            out.append(f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="{colour}"/>')
            continue
        end = angle + 2 * math.pi * share
        x1, y1 = cx + r * math.cos(angle), cy + r * math.sin(angle)
        x2, y2 = cx + r * math.cos(end), cy + r * math.sin(end)
        large = 1 if share > 0.5 else 0
        out.append(
            f'<path d="M{cx},{cy} L{x1:.1f},{y1:.1f} A{r},{r} 0 {large} 1 {x2:.1f},{y2:.1f} Z" '
            f'fill="{colour}"><title>{escape(label)}：{value}</title></path>'
        )
        angle = end
    for index, (label, value, colour) in enumerate(parts):
        y = 14 + index * 18
        out.append(
            f'<rect x="{size + 8}" y="{y - 10}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{size + 22}" y="{y}" font-size="11">{escape(label)} {value}</text>'
        )
    out.append("</svg>")
    return Markup("".join(out))  # nosec B704  # labels escape()d, values are counts, colours the caller's constants
