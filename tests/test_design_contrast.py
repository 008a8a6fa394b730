"""Every text/background pair static/css/app.css declares in its "contrast:" lines reaches WCAG 2.1
AA (4.5:1), recomputed from the custom properties the sheet defines, and the ratio written beside
each pair is the real one (to one decimal)."""

import re
from pathlib import Path

STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "css" / "app.css"


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_it_computes_the_wcag_ratio():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#777777", "#ffffff"), 2) == 4.48  # the classic just-failing grey


def test_it_keeps_every_declared_pair_at_4_5_or_more():
    css = STYLESHEET.read_text(encoding="utf-8")
    root = css[css.index(":root {"):]
    root = root[:root.index("}")]
    colours = dict(re.findall(r"(--[\w-]+):\s*(#[0-9a-fA-F]{6})\b", root))
    pairs = re.findall(r"contrast:\s*(--[\w-]+) on (--[\w-]+) ([\d.]+)", css)
    assert len(pairs) >= 15, "the stylesheet lists its text/background pairs"
    for text, background, written in pairs:
        ratio = contrast(colours[text], colours[background])
        assert ratio >= 4.5, f"{text} on {background}: {ratio:.2f}:1"
        assert abs(ratio - float(written)) < 0.1, \
            f"{text} on {background} is {ratio:.2f}, not {written}"


def test_it_declares_every_badge_colour_pair():
    """Each status badge's text colour and background is among the checked pairs."""
    css = STYLESHEET.read_text(encoding="utf-8")
    declared = set(re.findall(r"contrast:\s*(--[\w-]+) on (--[\w-]+)", css))
    badge_rules = re.findall(
        r"\.badge\.[\w]+[^{]*\{\s*background:\s*var\((--[\w-]+)\);\s*color:\s*var\((--[\w-]+)\)", css)
    assert len(badge_rules) >= 9
    for background, text in badge_rules:
        assert (text, background) in declared, f"{text} on {background}"
