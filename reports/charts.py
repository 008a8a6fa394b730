"""Two charts of the Informe drawn on the server as SVG (no script, no external host): sessions and
acuerdos per month, and compliance by institution. A few rectangles do not need a library."""

from django.utils.html import escape

MONTHS_ES = ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"]
SESSIONS_COLOR, ACUERDOS_COLOR, DONE_COLOR = "#1f5f8b", "#c77d1a", "#2e7d32"


def _svg(width, height, body, title) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-labelledby="t" '
            f'font-family="sans-serif" font-size="11"><title id="t">{escape(title)}</title>'
            f'{body}</svg>')


def per_month(figures) -> str:
    months = figures["months"]
    title = "Sesiones y acuerdos por mes"
    if not months:
        return _svg(320, 40, '<text x="10" y="25">Sin sesiones en el periodo</text>', title)
    top = max(max(m["sessions"], m["acuerdos"]) for m in months) or 1
    slot, chart_h, left = 44, 160, 30
    width = left + slot * len(months) + 10
    parts = [f'<text x="{left}" y="14" font-weight="bold">{title}</text>',
             f'<rect x="{left + 210}" y="5" width="10" height="10" fill="{SESSIONS_COLOR}"/>'
             f'<text x="{left + 224}" y="14">Sesiones</text>'
             f'<rect x="{left + 290}" y="5" width="10" height="10" fill="{ACUERDOS_COLOR}"/>'
             f'<text x="{left + 304}" y="14">Acuerdos</text>']
    base = 30 + chart_h
    for i, m in enumerate(months):
        x = left + i * slot
        for j, (key, color) in enumerate((("sessions", SESSIONS_COLOR),
                                          ("acuerdos", ACUERDOS_COLOR))):
            h = round(chart_h * m[key] / top)
            parts.append(f'<rect class="bar-{key}" x="{x + 4 + j * 18}" y="{base - h}" width="16" '
                         f'height="{h}" fill="{color}"><title>{m[key]}</title></rect>'
                         f'<text x="{x + 12 + j * 18}" y="{base - h - 3}" text-anchor="middle" '
                         f'font-size="9">{m[key]}</text>')
        label = f"{MONTHS_ES[m['month'].month - 1]} {m['month'].year % 100:02d}"
        parts.append(f'<text x="{x + 22}" y="{base + 14}" text-anchor="middle">{label}</text>')
    parts.append(f'<line x1="{left}" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#555"/>')
    return _svg(width, base + 24, "".join(parts), title)


def compliance_by_institution(figures) -> str:
    rows = figures["institutions"][:25]
    title = "Cumplimiento por institución (partes responsables validadas)"
    if not rows:
        return _svg(360, 40, '<text x="10" y="25">Sin acuerdos en el periodo</text>', title)
    left, bar_w, row_h = 110, 300, 20
    parts = [f'<text x="10" y="14" font-weight="bold">{escape(title)}</text>']
    for i, r in enumerate(rows):
        y = 26 + i * row_h
        rate = r["compliance"] or 0
        w = round(bar_w * rate / 100)
        parts.append(
            f'<text x="{left - 6}" y="{y + 13}" text-anchor="end">{escape(r["label"])}</text>'
            f'<rect x="{left}" y="{y + 2}" width="{bar_w}" height="14" fill="#e6e6e6"/>'
            f'<rect class="bar-compliance" x="{left}" y="{y + 2}" width="{w}" height="14" '
            f'fill="{DONE_COLOR}"><title>{rate} %</title></rect>'
            f'<text x="{left + bar_w + 6}" y="{y + 13}">{rate} % ({r["fulfilled"]}/{r["parts"]})'
            f'</text>')
    return _svg(left + bar_w + 90, 30 + len(rows) * row_h, "".join(parts), title)


CHARTS = {"meses": per_month, "instituciones": compliance_by_institution}
SECTION = {"meses": "months", "instituciones": "institutions"}  # the figures each one draws
