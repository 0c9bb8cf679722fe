#!/usr/bin/env python3
"""Count edge crossings of a laid-out diagram, the same way for archflow and dot.

    crossings.py LAYOUT.json...          # `archflow layout` output (layout-json.md)
    crossings.py DOT.json...             # `dot -Tjson` output of `archflow export --to dot`

In: one or more JSON files; the kind is told by the content. Out: one JSON
line per file: {"file", "kind", "edges", "drawn", "segments", "crossings",
"crossing_pairs", "width", "height"} (the drawing's size: archflow's canvas
in its units, dot's bounding box in points).

Every edge becomes a polyline: archflow's `points` as they are; dot's
B-spline (`pos`: optional `s,x,y` / `e,x,y` arrow tips, then 3n+1 control
points) sampled at 16 points per cubic piece, with the arrow tips added at
the ends. Two edges count only when they share no end (an end is the node
id, or the group id for an edge that dot clips at a cluster with
`ltail`/`lhead`). The segment rule is the one of shared/tools/check_layout.py:
two segments cross when each one's ends lie strictly on opposite sides of
the other (orientation tolerance 1e-9), so touching and collinear overlaps
do not count.

- `crossings`: pairs of crossing segments (the number check_layout.py
  prints: two edges that cross three times count three).
- `crossing_pairs`: pairs of edges that cross at least once.

Segments are bucketed in a uniform grid, and a pair is tested only in the
cell holding the low corner of the overlap of their bounding boxes, so each
pair is tested once and large layouts stay fast.
"""
import json
import math
import sys

SAMPLES_PER_PIECE = 16


def orient(p, q, r):
    v = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
    return 0 if abs(v) < 1e-9 else (1 if v > 0 else -1)


def segs_cross(a, b, c, d):
    """check_layout.py's rule: a proper intersection of segments a-b and c-d."""
    o1, o2, o3, o4 = orient(a, b, c), orient(a, b, d), orient(c, d, a), orient(c, d, b)
    return o1 * o2 < 0 and o3 * o4 < 0


def bezier(p0, p1, p2, p3, n):
    out = []
    for i in range(1, n + 1):
        t = i / n
        u = 1 - t
        a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
        out.append((a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0],
                    a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1]))
    return out


def dot_polylines(pos):
    """Polylines of one dot edge `pos` (several when it has `;` parts)."""
    lines = []
    for part in pos.split(";"):
        start = end = None
        ctrl = []
        for tok in part.split():
            if tok.startswith("s,"):
                _, x, y = tok.split(",")
                start = (float(x), float(y))
            elif tok.startswith("e,"):
                _, x, y = tok.split(",")
                end = (float(x), float(y))
            else:
                x, y = tok.split(",")[:2]
                ctrl.append((float(x), float(y)))
        if not ctrl:
            continue
        pts = [start] if start else []
        pts.append(ctrl[0])
        i = 0
        while i + 3 < len(ctrl):
            pts.extend(bezier(ctrl[i], ctrl[i + 1], ctrl[i + 2], ctrl[i + 3], SAMPLES_PER_PIECE))
            i += 3
        if end:
            pts.append(end)
        lines.append(pts)
    return lines


def edges_of(data):
    """(kind, [(ends, [polyline, ...])], number of edges in the input)."""
    if "objects" in data or ("edges" in data and data["edges"] and "tail" in data["edges"][0]):
        names = {o["_gvid"]: o.get("name", "") for o in data.get("objects", [])}
        out = []
        for e in data.get("edges", []):
            tail = names.get(e["tail"], str(e["tail"]))
            head = names.get(e["head"], str(e["head"]))
            if e.get("ltail"):
                tail = e["ltail"][len("cluster_"):] if e["ltail"].startswith("cluster_") else e["ltail"]
            if e.get("lhead"):
                head = e["lhead"][len("cluster_"):] if e["lhead"].startswith("cluster_") else e["lhead"]
            lines = dot_polylines(e["pos"]) if e.get("pos") else []
            out.append(({tail, head}, lines))
        return "dot", out, len(data.get("edges", []))
    out = []
    for e in data.get("edges", []):
        pts = [tuple(p) for p in e.get("points", [])]
        out.append(({e["from"], e["to"]}, [pts] if len(pts) >= 2 else []))
    return "archflow", out, len(data.get("edges", []))


def count(edges):
    segs = []  # (edge index, p, q, bbox)
    for k, (_, lines) in enumerate(edges):
        for pts in lines:
            for s in range(len(pts) - 1):
                p, q = pts[s], pts[s + 1]
                if p == q:
                    continue
                segs.append((k, p, q, (min(p[0], q[0]), min(p[1], q[1]), max(p[0], q[0]), max(p[1], q[1]))))
    if not segs:
        return 0, 0, 0
    lengths = sorted(math.hypot(s[2][0] - s[1][0], s[2][1] - s[1][1]) for s in segs)
    cell = max(lengths[len(lengths) // 2] * 2.0, 1.0)
    x0 = min(s[3][0] for s in segs)
    y0 = min(s[3][1] for s in segs)
    grid = {}
    for i, s in enumerate(segs):
        b = s[3]
        for cx in range(int((b[0] - x0) // cell), int((b[2] - x0) // cell) + 1):
            for cy in range(int((b[1] - y0) // cell), int((b[3] - y0) // cell) + 1):
                grid.setdefault((cx, cy), []).append(i)
    crossings = 0
    pairs = set()
    for (cx, cy), members in grid.items():
        m = len(members)
        for a in range(m):
            i = members[a]
            ki, pi, qi, bi = segs[i]
            ends_i = edges[ki][0]
            for b in range(a + 1, m):
                j = members[b]
                kj, pj, qj, bj = segs[j]
                if ki == kj:
                    continue
                ox, oy = max(bi[0], bj[0]), max(bi[1], bj[1])
                if ox > min(bi[2], bj[2]) or oy > min(bi[3], bj[3]):
                    continue
                # Test each pair once: in the cell of the overlap's low corner.
                if int((ox - x0) // cell) != cx or int((oy - y0) // cell) != cy:
                    continue
                if ends_i & edges[kj][0]:
                    continue
                if segs_cross(pi, qi, pj, qj):
                    crossings += 1
                    pairs.add((min(ki, kj), max(ki, kj)))
    return len(segs), crossings, len(pairs)


def size_of(data):
    """Width and height of the drawing (0, 0 when unknown)."""
    try:
        if "bb" in data:
            x0, y0, x1, y1 = (float(v) for v in data["bb"].split(","))
            return round(x1 - x0, 1), round(y1 - y0, 1)
        return float(data.get("width", 0)), float(data.get("height", 0))
    except (ValueError, TypeError):
        return 0, 0


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if argv else 2
    status = 0
    for f in argv:
        try:
            with open(f, encoding="utf-8") as fh:
                data = json.load(fh)
            kind, edges, total = edges_of(data)
            nsegs, crossings, pairs = count(edges)
            drawn = sum(1 for _, lines in edges if lines)
            width, height = size_of(data)
            print(json.dumps({"file": f, "kind": kind, "edges": total, "drawn": drawn,
                              "segments": nsegs, "crossings": crossings, "crossing_pairs": pairs,
                              "width": width, "height": height}))
        except (OSError, ValueError, KeyError, TypeError) as e:
            print(json.dumps({"file": f, "error": repr(e)}))
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
