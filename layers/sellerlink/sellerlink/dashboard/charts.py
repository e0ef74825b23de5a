"""Charts as server-rendered SVG: no script, readable by a screen reader (a title and a description
name what it shows; the page has the same numbers in a table)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from html import escape

from markupsafe import Markup

COLOURS = ("#1d4ed8", "#b45309", "#047857", "#7e22ce")  # contrast 4.5:1 or more on white
WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 720, 240, 64, 28, 12


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Decimal | int]


def _ceiling(peak: float) -> float:
    """A round top for the axis: 1, 2 or 5 times a power of ten."""
    if peak <= 0:
        return 1.0
    power = 10 ** (len(str(int(peak))) - 1)
    for step in (1, 2, 5, 10):
        if peak <= step * power:
            return float(step * power)
    return float(10 * power)


def _label(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 else f"{value:,.2f}".rstrip("0").rstrip(".")


def line_chart(chart_id: str, title: str, days: Sequence[date], series: Sequence[Series]) -> Markup:
    """One line per series over the days, on one axis from 0 to a round top."""
    top = _ceiling(max((float(v) for s in series for v in s.values), default=0.0))
    plot_w, plot_h = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    step = plot_w / max(len(days) - 1, 1)
    parts = [_axes(top, plot_w, plot_h)]
    for index, line in enumerate(series):
        points = " ".join(
            f"{LEFT + i * step:.1f},{TOP + plot_h - float(v) / top * plot_h:.1f}"
            for i, v in enumerate(line.values)
        )
        colour = COLOURS[index % len(COLOURS)]
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}"/>')
    for i in sorted({0, len(days) // 2, len(days) - 1}) if days else []:
        anchor = "start" if i == 0 else "end" if i == len(days) - 1 else "middle"
        x = LEFT + i * step
        label = days[i].isoformat()
        parts.append(f'<text x="{x:.1f}" y="{HEIGHT - 8}" text-anchor="{anchor}">{label}</text>')
    names = ", ".join(s.name for s in series)
    desc = f"{names} per day from {days[0]} to {days[-1]}." if days else "No days to show."
    return _svg(chart_id, title, desc, parts, series)


def bar_chart(chart_id: str, title: str, labels: Sequence[str], values: Sequence[Decimal | int]) -> Markup:
    """Horizontal bars, one per label, longest first as given."""
    top = _ceiling(max((float(v) for v in values), default=0.0))
    row, width = 22, WIDTH - 200
    height = TOP + row * max(len(labels), 1) + 8
    parts = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = TOP + i * row
        length = float(value) / top * width
        parts.append(f'<text x="190" y="{y + 15}" text-anchor="end">{escape(label[:28])}</text>')
        parts.append(f'<rect x="196" y="{y + 3}" width="{length:.1f}" height="16" fill="{COLOURS[0]}"/>')
        parts.append(f'<text x="{200 + length:.1f}" y="{y + 15}">{_label(float(value))}</text>')
    desc = f"{len(labels)} bars; the largest is {_label(float(max(values, default=0)))}."
    return _svg(chart_id, title, desc, parts, (), height=height)


def _axes(top: float, plot_w: float, plot_h: float) -> str:
    lines = []
    for fraction in (0, 0.5, 1):
        y = TOP + plot_h - fraction * plot_h
        lines.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_w:.1f}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d1d5db"/>'
        )
        lines.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{_label(top * fraction)}</text>'
        )
    return "".join(lines)


def _svg(
    chart_id: str, title: str, desc: str, parts: list[str], series: Sequence[Series], height: int = HEIGHT
) -> Markup:
    legend = "".join(
        f'<li><span class="swatch" data-colour="{i % len(COLOURS)}"></span>{escape(s.name)}</li>'
        for i, s in enumerate(series)
    )
    svg = (
        f'<figure class="chart"><svg viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-size="12" fill="#374151">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>'
        + "".join(parts)
        + "</svg>"
        + (f'<ul class="legend">{legend}</ul>' if legend else "")
        + f"<figcaption>{escape(title)}</figcaption></figure>"
    )
    return Markup(svg)
