//! Edge crossings of a finished layout, counted the way
//! `bench/crossings.py` counts them.
//!
//! In: a [`Layout`]. Out: the number of pairs of edges that cross at least
//! once ([`crossing_pairs`]): two edges count only when they share no end,
//! and two segments cross only when each one's ends lie strictly on
//! opposite sides of the other (touching and collinear overlaps do not
//! count). The engine compares layouts with it (`layered_engine`).

use super::Layout;

/// A segment of an edge: its edge, its ends, its bounding box.
struct Segment {
    edge: usize,
    p: [f64; 2],
    q: [f64; 2],
    low: [f64; 2],
    high: [f64; 2],
}

/// Pairs of edges of `layout` that cross at least once.
pub fn crossing_pairs(layout: &Layout) -> usize {
    let mut segments: Vec<Segment> = Vec::new();
    for (edge, path) in layout.edges.iter().enumerate() {
        for w in path.points.windows(2) {
            let (p, q) = (w[0], w[1]);
            if p == q {
                continue;
            }
            let low = [p[0].min(q[0]), p[1].min(q[1])];
            let high = [p[0].max(q[0]), p[1].max(q[1])];
            segments.push(Segment {
                edge,
                p,
                q,
                low,
                high,
            });
        }
    }
    segments.sort_by(|a, b| a.low[0].total_cmp(&b.low[0]));
    let share_end = |a: usize, b: usize| {
        let (ea, eb) = (&layout.edges[a], &layout.edges[b]);
        ea.from == eb.from || ea.from == eb.to || ea.to == eb.from || ea.to == eb.to
    };
    let mut pairs = std::collections::BTreeSet::new();
    for (i, s) in segments.iter().enumerate() {
        for t in &segments[i + 1..] {
            if t.low[0] > s.high[0] {
                break;
            }
            if s.edge == t.edge || t.low[1] > s.high[1] || s.low[1] > t.high[1] {
                continue;
            }
            let key = (s.edge.min(t.edge), s.edge.max(t.edge));
            if !pairs.contains(&key) && !share_end(s.edge, t.edge) && cross(s, t) {
                pairs.insert(key);
            }
        }
    }
    pairs.len()
}

/// Which side of the line p-q the point r lies on (0 when on it).
fn orient(p: [f64; 2], q: [f64; 2], r: [f64; 2]) -> i8 {
    let v = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]);
    if v.abs() < 1e-9 {
        0
    } else if v > 0.0 {
        1
    } else {
        -1
    }
}

/// A proper crossing of two segments.
fn cross(s: &Segment, t: &Segment) -> bool {
    orient(s.p, s.q, t.p) * orient(s.p, s.q, t.q) < 0
        && orient(t.p, t.q, s.p) * orient(t.p, t.q, s.q) < 0
}
