"""The staff search's chart of matches over time: an SVG bar chart drawn on the server.

Every label is escaped; the chart carries a <title> and a <desc> (read by screen
readers through aria-labelledby), and each bar its own <title> with its figure. The
page gives the same figures as a table too.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 720, 240
MARGIN_LEFT, MARGIN_BOTTOM, MARGIN_TOP = 48, 40, 12


def matches_chart(
    periods: list[tuple[str, int]], *, title: str, description: str, chart_id: str = "chart"
) -> SafeString:
    """An accessible SVG bar chart of (period label, count) pairs; empty when there is nothing to draw."""
    if not periods:
        return mark_safe("")
    highest = max(count for _, count in periods) or 1
    plot_width, plot_height = WIDTH - MARGIN_LEFT - 8, HEIGHT - MARGIN_BOTTOM - MARGIN_TOP
    slot = plot_width / len(periods)
    bar = max(slot * 0.8, 1)
    # Label every period when they fit, else about twelve of them.
    label_every = max(1, round(len(periods) / 12))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {WIDTH} {HEIGHT}"'
        f' aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        f'<line x1="{MARGIN_LEFT}" y1="{MARGIN_TOP + plot_height}" x2="{WIDTH - 8}" y2="{MARGIN_TOP + plot_height}"'
        ' stroke="currentColor"/>',
        f'<text x="{MARGIN_LEFT - 6}" y="{MARGIN_TOP + 10}" text-anchor="end" font-size="12"'
        f' fill="currentColor">{highest}</text>',
        f'<text x="{MARGIN_LEFT - 6}" y="{MARGIN_TOP + plot_height}" text-anchor="end" font-size="12"'
        ' fill="currentColor">0</text>',
    ]
    for index, (label, count) in enumerate(periods):
        height = plot_height * count / highest
        x = MARGIN_LEFT + index * slot + (slot - bar) / 2
        y = MARGIN_TOP + plot_height - height
        parts.append(
            f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{height:.1f}" fill="#1d5fa8">'
            f"<title>{escape(label)}: {count}</title></rect>"
        )
        if index % label_every == 0:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{HEIGHT - MARGIN_BOTTOM + 16}" text-anchor="middle" font-size="12"'
                f' fill="currentColor">{escape(label)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every label and title above is escaped
