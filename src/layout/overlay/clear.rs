//! Nodes the ranking left inside an overlay's box, ranked clear of it.
//!
//! In: the diagram, the engine view's edges, a layout with its overlays
//! placed and the overlays it refused. Out: [`clearing_edges`], edges for
//! the engine view that rank each node lying inside a refused overlay's
//! smallest box before all of the overlay's nodes (or after all of them),
//! wherever the edges leave it that slack: a source ranked beside the
//! first of the nodes because it feeds a later one (an Aurora global
//! database across two Regions: the secondary Region's application feeds
//! the secondary cluster, one rank after the writer). A node the edges
//! hold between two of the overlay's nodes gets none: that refusal stands.
//! Like the view's other phantoms, the edges are dropped by
//! `view::restore`.

use super::super::view::reaches as view_reaches;
use super::super::{Layout, Refusal};
use super::smallest_box;
use crate::model::{Diagram, Edge, Endpoint};

/// Edges that rank every node inside a refused overlay's smallest box out
/// of the ranks of its nodes, where no cycle forbids it: before them when
/// none of them leads to the node, after them when it leads to none of
/// them; when both are open, on the side nearer to where it lies.
pub fn clearing_edges(
    diagram: &Diagram,
    edges: &[Edge],
    layout: &Layout,
    refusals: &[Refusal],
) -> Vec<Edge> {
    let mut out: Vec<Edge> = Vec::new();
    for refusal in refusals {
        let spans = &diagram.groups[refusal.group].spans;
        let hull = smallest_box(layout, spans);
        let along = |n: usize| {
            let r = layout.nodes[n].rect;
            if diagram.direction.is_horizontal() {
                r.x + r.w / 2.0
            } else {
                r.y + r.h / 2.0
            }
        };
        let intruders = (0..layout.nodes.len())
            .filter(|n| !spans.contains(n) && hull.overlaps(&layout.nodes[*n].rect, 0.0));
        for x in intruders {
            let reaches = |a: usize, b: usize| {
                view_reaches(
                    edges.iter().chain(&out),
                    Endpoint::Node(a),
                    Endpoint::Node(b),
                )
            };
            let led = spans.iter().any(|&m| reaches(m, x));
            let leads = spans.iter().any(|&m| reaches(x, m));
            if led && leads {
                continue;
            }
            // The nodes no other one leads to, and those that lead to no
            // other one: ranking clear of those ranks clear of all.
            let firsts = ends(spans, reaches);
            let lasts = ends(spans, |o, m| reaches(m, o));
            let nearest = |ms: &[usize]| {
                ms.iter()
                    .map(|&m| (along(m) - along(x)).abs())
                    .fold(f64::INFINITY, f64::min)
            };
            let before = !led && (leads || nearest(&firsts) <= nearest(&lasts));
            let pairs: Vec<(usize, usize)> = if before {
                firsts.iter().map(|&m| (x, m)).collect()
            } else {
                lasts.iter().map(|&m| (m, x)).collect()
            };
            let fresh: Vec<Edge> = pairs
                .into_iter()
                .filter(|&(from, to)| !reaches(from, to))
                .map(|(from, to)| phantom(from, to))
                .collect();
            out.extend(fresh);
        }
    }
    out
}

/// The nodes of `spans` that no other one `precedes` (all of them when
/// each has one, on a cycle).
fn ends(spans: &[usize], precedes: impl Fn(usize, usize) -> bool) -> Vec<usize> {
    let ends: Vec<usize> = spans
        .iter()
        .copied()
        .filter(|&m| !spans.iter().any(|&o| o != m && precedes(o, m)))
        .collect();
    if ends.is_empty() {
        spans.to_vec()
    } else {
        ends
    }
}

/// A ranking edge of the view from node `from` to node `to`, drawn by no
/// one.
fn phantom(from: usize, to: usize) -> Edge {
    Edge {
        from: Endpoint::Node(from),
        to: Endpoint::Node(to),
        label: None,
        style: Default::default(),
        arrow: Default::default(),
        reversed: false,
        constraint: true,
    }
}
