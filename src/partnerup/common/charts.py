"""Small server-rendered SVG charts: no JavaScript, no CDN, readable by screen readers.

Each chart is an <svg role="img"> with a title and a description; the pages show the same numbers
in a table beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

PALETTE = ["#7a1f5c", "#0b6e6e", "#c8771a", "#3d5a98", "#6b8e23", "#8c564b"]


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def bar_chart(
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    stacked: bool = False,
    line: tuple[str, Sequence[float]] | None = None,
    width: int = 760,
    height: int = 280,
    chart_id: str = "chart",
) -> SafeString:
    """Bars per label (grouped or stacked), with an optional line on its own right-hand scale."""
    # Rotated labels need room below the axis and, for the first ones, to the left.
    longest = max((len(str(label)) for label in labels), default=0)
    first = len(str(labels[0])) if labels else 0
    left = max(48, min(200, int(4.6 * first)))
    right, top = (56 if line else 16), 30
    bottom = max(40, min(160, int(4.0 * longest) + 20))
    # The plot keeps its height; the picture grows to make room for the labels.
    plot_w, plot_h = width - left - right, max(120, height - top - 56)
    height = top + plot_h + bottom
    count = max(len(labels), 1)
    if stacked:
        peak = max((sum(values[i] for _n, values in series) for i in range(len(labels))), default=0)
    else:
        peak = max((v for _n, values in series for v in values), default=0)
    y_max = _nice_max(peak)
    slot = plot_w / count
    bar_w = slot * 0.7 / (1 if stacked else max(len(series), 1))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" class="chart">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(_describe(labels, series, line))}</desc>',
    ]
    for tick in range(5):
        value = y_max * tick / 4
        y = top + plot_h - plot_h * tick / 4
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d9dee5"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="#5b6675">{value:g}</text>'
        )
    for index, label in enumerate(labels):
        x0 = left + slot * index + slot * 0.15
        base = top + plot_h
        for s_index, (name, values) in enumerate(series):
            value = values[index]
            bar_h = plot_h * value / y_max
            x = x0 if stacked else x0 + bar_w * s_index
            parts.append(
                f'<rect x="{x:.1f}" y="{base - bar_h:.1f}" width="{bar_w:.1f}" '
                f'height="{bar_h:.1f}" fill="{PALETTE[s_index % len(PALETTE)]}">'
                f"<title>{escape(label)}: {escape(name)} {value:g}</title></rect>"
            )
            if stacked:
                base -= bar_h
        parts.append(
            f'<text x="{left + slot * index + slot / 2:.1f}" y="{top + plot_h + 16}" '
            f'text-anchor="end" font-size="11" fill="#1c2430" '
            f'transform="rotate(-40 {left + slot * index + slot / 2:.1f} {top + plot_h + 16})">'
            f"{escape(label)}</text>"
        )
    if line:
        name, values = line
        l_max = _nice_max(max(values, default=0))
        points = " ".join(
            f"{left + slot * i + slot / 2:.1f},{top + plot_h - plot_h * v / l_max:.1f}"
            for i, v in enumerate(values)
        )
        parts.append(f'<polyline points="{points}" fill="none" stroke="#1c2430" stroke-width="2"/>')
        for tick in range(5):
            y = top + plot_h - plot_h * tick / 4
            parts.append(
                f'<text x="{left + plot_w + 6}" y="{y + 4:.1f}" font-size="11" '
                f'fill="#1c2430">{l_max * tick / 4:g}</text>'
            )
    legend = [*(name for name, _values in series), *([line[0]] if line else [])]
    x = left
    for index, name in enumerate(legend):
        colour = "#1c2430" if line and index == len(legend) - 1 else PALETTE[index % len(PALETTE)]
        parts.append(f'<rect x="{x}" y="6" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{x + 14}" y="15" font-size="11">{escape(name)}</text>')
        x += 24 + 7 * len(name)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _describe(labels, series, line) -> str:
    items = []
    for index, label in enumerate(labels):
        values = ", ".join(f"{name} {values[index]:g}" for name, values in series)
        if line:
            values += f", {line[0]} {line[1][index]:g}"
        items.append(f"{label}: {values}")
    return "; ".join(items)
