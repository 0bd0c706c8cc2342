#!/usr/bin/env python3
"""Draws how each engine's total query time and indexing rate grow with the
corpus, from ../shared/peers result files (one per scale), as a dependency-
free SVG (docs/benchmarks.md, "growth"):

    scripts/growthplot.py docs/growth.svg $PEERS_OUT/results/2026-12-07-scale{1,9,18}-s8-end.json
"""
import json
import sys

COLORS = {"lucene-articles": "#1f77b4", "lucene": "#7f7f7f", "newsfind": "#d62728"}
W, H, PAD = 340, 240, 48


def panel(x0, title, series, scales, fmt):
    """One chart: a line per engine of series[engine][scale] over scales."""
    top = max(v for s in series.values() for v in s.values()) * 1.1
    sx = lambda s: x0 + PAD + (s - scales[0]) / (scales[-1] - scales[0]) * (W - 1.5 * PAD)
    sy = lambda v: H - PAD + 10 - v / top * (H - 1.5 * PAD)
    out = ['<text x="%d" y="18" font-size="13" font-weight="bold">%s</text>' % (x0 + PAD, title)]
    out.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#000"/>' % (sx(scales[0]), sy(0), sx(scales[-1]), sy(0)))
    out.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#000"/>' % (sx(scales[0]), sy(0), sx(scales[0]), sy(top)))
    for s in scales:
        out.append('<text x="%d" y="%d" font-size="11" text-anchor="middle">×%d</text>' % (sx(s), sy(0) + 14, s))
    for k in range(5):
        v = top * k / 4
        out.append('<text x="%d" y="%d" font-size="10" text-anchor="end">%s</text>' % (sx(scales[0]) - 4, sy(v) + 3, fmt(v)))
    for eng, vals in series.items():
        pts = " ".join("%.1f,%.1f" % (sx(s), sy(vals[s])) for s in scales if s in vals)
        out.append('<polyline fill="none" stroke-width="2" stroke="%s" points="%s"/>' % (COLORS.get(eng, "#2ca02c"), pts))
        for s in scales:
            if s in vals:
                out.append('<circle cx="%.1f" cy="%.1f" r="3" fill="%s"/>' % (sx(s), sy(vals[s]), COLORS.get(eng, "#2ca02c")))
    return out


def main():
    dst, files = sys.argv[1], sys.argv[2:]
    total, rate = {}, {}
    for f in files:
        d = json.load(open(f))
        for e in d["engines"]:
            total.setdefault(e["engine"], {})[d["scale"]] = e["total_query_seconds"]
            rate.setdefault(e["engine"], {})[d["scale"]] = e["passages_per_s"] / 1000
    scales = sorted({s for v in total.values() for s in v})
    svg = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif">' % (2 * W + 20, H + 40),
           '<rect width="100%" height="100%" fill="#fff"/>']
    svg += panel(0, "total query time, s", total, scales, lambda v: "%.1f" % v)
    svg += panel(W + 20, "indexing, thousand passages/s", rate, scales, lambda v: "%.0f" % v)
    for i, eng in enumerate(sorted(total)):
        x = PAD + i * 150
        svg.append('<rect x="%d" y="%d" width="12" height="4" fill="%s"/>' % (x, H + 22, COLORS.get(eng, "#2ca02c")))
        svg.append('<text x="%d" y="%d" font-size="11">%s</text>' % (x + 16, H + 27, eng))
    svg.append("</svg>")
    open(dst, "w").write("\n".join(svg) + "\n")


if __name__ == "__main__":
    main()
