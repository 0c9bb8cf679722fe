//! Edges of a placed border node drawn straight where they can be.
//!
//! In: a layout whose border node sits in its final place. Out: each of
//! its edges to a node it now lines up with drawn as one straight segment,
//! face to face, where nothing is in the way and no crossing is added
//! ([`straighten_edges`]).

use crate::layout::measure::ICON;
use crate::layout::{Layout, NodeBox, Rect};
use crate::model::{Diagram, Endpoint};

/// Draws each edge between border node `n` and a node it now lines up
/// with as one straight segment, face to face, where that segment meets
/// no other node, edge label, title or group but those holding its ends,
/// and crosses no more edges than the path the engine routed before the
/// node moved (a free edge to a neighbour across the flow would otherwise
/// keep its detour around the group the node sat in).
pub(super) fn straighten_edges(diagram: &Diagram, layout: &mut Layout, n: usize) {
    for (e, edge) in diagram.edges.iter().enumerate() {
        let other = match (edge.from, edge.to) {
            (Endpoint::Node(a), Endpoint::Node(b)) if a == n && b != n => b,
            (Endpoint::Node(a), Endpoint::Node(b)) if b == n && a != n => a,
            _ => continue,
        };
        let Some(mut line) = straight_line(layout, n, other) else {
            continue;
        };
        if edge.to == Endpoint::Node(n) {
            line.reverse();
        }
        if !line_clear(diagram, layout, (n, other), &line) {
            continue;
        }
        let before = crate::layout::crossings::crossing_pairs(layout);
        let old = std::mem::replace(&mut layout.edges[e].points, line);
        if crate::layout::crossings::crossing_pairs(layout) > before {
            layout.edges[e].points = old;
        }
    }
}

/// The straight segment from node `a`'s box to node `b`'s, where their
/// icons overlap across it by at least half an icon: at the middle of that
/// overlap, from face to face, each end on the icon or the label.
pub(super) fn straight_line(layout: &Layout, a: usize, b: usize) -> Option<Vec<[f64; 2]>> {
    let (na, nb) = (&layout.nodes[a], &layout.nodes[b]);
    let (ia, ib) = (na.icon_box, nb.icon_box);
    for k in [0, 1] {
        // `k` is the axis the line runs along; `j` the one it keeps.
        let j = 1 - k;
        let span = |r: &Rect| {
            if j == 0 {
                (r.x, r.right())
            } else {
                (r.y, r.bottom())
            }
        };
        let ((a0, a1), (b0, b1)) = (span(&ia), span(&ib));
        let (lo, hi) = (a0.max(b0), a1.min(b1));
        if hi - lo < ICON / 2.0 {
            continue;
        }
        let at = (lo + hi) / 2.0;
        let ends = |r: &Rect| {
            if k == 0 {
                (r.x, r.right())
            } else {
                (r.y, r.bottom())
            }
        };
        let ((ra0, ra1), (rb0, rb1)) = (ends(&na.rect), ends(&nb.rect));
        let (from, to) = if ra1 <= rb0 {
            (ra1, rb0)
        } else if rb1 <= ra0 {
            (ra0, rb1)
        } else {
            return None;
        };
        let point = |along: f64| if k == 0 { [along, at] } else { [at, along] };
        let (p, q) = (point(from), point(to));
        let touches = |node: &NodeBox, pt: [f64; 2]| {
            [Some(node.icon_box), node.label_box]
                .into_iter()
                .flatten()
                .any(|r| {
                    pt[0] >= r.x - 0.5
                        && pt[0] <= r.right() + 0.5
                        && pt[1] >= r.y - 0.5
                        && pt[1] <= r.bottom() + 0.5
                })
        };
        return (touches(na, p) && touches(nb, q)).then(|| vec![p, q]);
    }
    None
}

/// True when segment `line` between nodes `ends` passes no other node, no
/// edge label, no group title, and no group but those holding an end.
pub(super) fn line_clear(
    diagram: &Diagram,
    layout: &Layout,
    (a, b): (usize, usize),
    line: &[[f64; 2]],
) -> bool {
    let (p, q) = (line[0], line[1]);
    let nodes = layout
        .nodes
        .iter()
        .enumerate()
        .any(|(i, o)| i != a && i != b && o.rect.passed_by(p, q));
    let labels = layout
        .edges
        .iter()
        .filter_map(|e| e.label.as_ref())
        .any(|l| l.rect.passed_by(p, q));
    let holders: Vec<usize> = [a, b]
        .iter()
        .flat_map(|&i| diagram.node_holders(i))
        .collect();
    let groups = layout.groups.iter().enumerate().any(|(h, o)| {
        o.title.passed_by(p, q)
            || (!holders.contains(&h) && !diagram.groups[h].is_overlay() && o.rect.passed_by(p, q))
    });
    !(nodes || labels || groups)
}
