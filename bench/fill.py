#!/usr/bin/env python3
"""How compact a layout is: canvas fill, staircase edges, group slack.

    fill.py [--bin target/release/archflow] [--json] FILE.toml...

In: flow files, laid out with `archflow layout`. Out: one line per file and
the means, or (with --json) one JSON object per file, with:

- fill: the area of the node boxes (icon and label, the `x y w h` box of
  each node) over the canvas area (`width` x `height`), in percent;
- stairs: staircase edges, whose path never turns back along either axis
  (so one bend would join its ends) yet bends twice or more, and that
  share no segment with another edge (a branch of a fan's trunk is not a
  staircase: its jog is the fork);
- slack: for each group, its area over the area of the bounding box of
  what it holds (member nodes, child groups, its title), worst group;
- band: the widest empty band inside any group, across either axis: a
  stretch of the group's extent that no member node, child group or title
  nor edge label or bend covers, minus the group's padding at its borders (in units).
"""
import json
import subprocess
import sys

EPS = 0.5
PAD = 16.0  # measure::GROUP_PAD


def bends(points):
    n = 0
    for a, b, c in zip(points, points[1:], points[2:]):
        d1 = (b[0] - a[0], b[1] - a[1])
        d2 = (c[0] - b[0], c[1] - b[1])
        if abs(d1[0] * d2[1] - d1[1] * d2[0]) > 1e-6:
            n += 1
    return n


def monotone(points):
    for k in (0, 1):
        steps = [b[k] - a[k] for a, b in zip(points, points[1:]) if abs(b[k] - a[k]) > EPS]
        if any(s > 0 for s in steps) and any(s < 0 for s in steps):
            return False
    return True


def segments(points):
    return [(a, b) for a, b in zip(points, points[1:]) if abs(a[0] - b[0]) + abs(a[1] - b[1]) > EPS]


def overlap(s, t):
    """Whether two axis-parallel segments run along each other (> 4 units)."""
    (a, b), (c, d) = s, t
    for k in (0, 1):
        o = 1 - k
        if abs(a[o] - b[o]) < EPS and abs(c[o] - d[o]) < EPS and abs(a[o] - c[o]) < EPS:
            lo = max(min(a[k], b[k]), min(c[k], d[k]))
            hi = min(max(a[k], b[k]), max(c[k], d[k]))
            if hi - lo > 4.0:
                return True
    return False


def staircases(edges):
    out = []
    segs = [segments(e["points"]) for e in edges]
    for i, e in enumerate(edges):
        if bends(e["points"]) < 2 or not monotone(e["points"]):
            continue
        shared = any(
            overlap(s, t) for j in range(len(edges)) if j != i for s in segs[i] for t in segs[j]
        )
        if not shared:
            out.append(f"{e['from']}->{e['to']}")
    return out


def box(r):
    return (r["x"], r["y"], r["x"] + r["w"], r["y"] + r["h"])


def widest_gap(lo, hi, spans):
    """Longest stretch of [lo, hi] that no span covers."""
    best, at = 0.0, lo
    for a, b in sorted(spans):
        if a > at:
            best = max(best, a - at)
        at = max(at, b)
    return max(best, hi - at)


def group_figures(lay):
    groups = {g["id"]: g for g in lay.get("groups", []) if not g.get("spans")}
    held = {gid: [] for gid in groups}
    for n in lay["nodes"]:
        g = n.get("group")  # a border node's is the parent of its `on` group
        while g in groups:
            held[g].append(box(n))
            g = groups[g].get("parent")
    for g in groups.values():
        p = g.get("parent")
        while p in groups:
            held[p].append(box(g))
            p = groups[p].get("parent")
    labels = [box(e["label"]) for e in lay["edges"] if e.get("label")]
    bend_points = [p for e in lay["edges"] for p in e["points"]]
    worst_slack, worst_band, where = 1.0, 0.0, ""
    for gid, g in groups.items():
        inside = list(held[gid])
        if g.get("title"):
            inside.append(box(g["title"]))
        gx0, gy0, gx1, gy1 = box(g)
        for lb in labels:
            if gx0 <= lb[0] and lb[2] <= gx1 and gy0 <= lb[1] and lb[3] <= gy1:
                inside.append(lb)
        if not held[gid]:
            continue
        x0 = min(b[0] for b in inside)
        y0 = min(b[1] for b in inside)
        x1 = max(b[2] for b in inside)
        y1 = max(b[3] for b in inside)
        slack = (g["w"] * g["h"]) / max(1.0, (x1 - x0 + 2 * PAD) * (y1 - y0 + 2 * PAD))
        worst_slack = max(worst_slack, slack)
        points = [p for p in bend_points if gx0 <= p[0] <= gx1 and gy0 <= p[1] <= gy1]
        for k, (lo, hi) in enumerate([(gx0, gx1), (gy0, gy1)]):
            spans = [(b[k] - PAD, b[k + 2] + PAD) for b in inside]
            spans += [(p[k] - PAD, p[k] + PAD) for p in points]
            band = widest_gap(lo, hi, spans)
            if band > worst_band:
                worst_band, where = band, f"{gid} {'xy'[k]}"
    return worst_slack, worst_band, where


def figures(binary, path):
    out = subprocess.run([binary, "layout", path], capture_output=True, text=True)
    if out.returncode != 0:
        return None
    lay = json.loads(out.stdout)
    area = sum(n["w"] * n["h"] for n in lay["nodes"])
    canvas = max(1.0, lay["width"] * lay["height"])
    slack, band, where = group_figures(lay)
    stairs = staircases(lay["edges"])
    return {
        "file": path,
        "width": lay["width"],
        "height": lay["height"],
        "fill": 100.0 * area / canvas,
        "stairs": len(stairs),
        "stair_edges": stairs,
        "slack": slack,
        "band": band,
        "band_at": where,
    }


def main(argv):
    binary = "target/release/archflow"
    as_json = False
    files = []
    it = iter(argv)
    for a in it:
        if a == "--bin":
            binary = next(it)
        elif a == "--json":
            as_json = True
        else:
            files.append(a)
    rows = [r for r in (figures(binary, f) for f in files) if r]
    for r in rows:
        if as_json:
            print(json.dumps(r, ensure_ascii=False))
        else:
            print(
                f"{r['file']}: fill {r['fill']:.1f}% ({r['width']:.0f}x{r['height']:.0f}), "
                f"stairs {r['stairs']} {' '.join(r['stair_edges'])}, "
                f"slack {r['slack']:.2f}, band {r['band']:.0f} {r['band_at']}"
            )
    if rows and not as_json:
        n = len(rows)
        print(
            f"fill: {len(rows)} files, mean fill {sum(r['fill'] for r in rows) / n:.2f}%, "
            f"stairs {sum(r['stairs'] for r in rows)}, "
            f"mean slack {sum(r['slack'] for r in rows) / n:.2f}, "
            f"bands over 80: {sum(r['band'] > 80 for r in rows)}"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
