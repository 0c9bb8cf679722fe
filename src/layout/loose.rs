//! Loose nodes: a node with no edge stands beside its group's content.
//!
//! In: the layered graph (ranks ordered by p3). Out: for every node that
//! no hop nor flat edge reaches and that lies in a group, its mates: the nearest
//! nodes before and after it in its rank that share its innermost group. Placement pulls such a node lightly towards the nearer mate, so
//! that it rests against the group's other nodes at the usual spacing
//! instead of where the packed start left it (a route table alone in an
//! empty corner of its subnet).

use super::layered::{Graph, VKind};

/// Per vertex, the mates of a loose node (empty for every other vertex).
pub(super) fn mates(graph: &Graph) -> Vec<Vec<usize>> {
    let nv = graph.vertices.len();
    let mut reached = vec![false; nv];
    for h in &graph.hops {
        reached[h.upper] = true;
        reached[h.lower] = true;
    }
    // A free edge drawn across the flow ties its two ends as well.
    for &(_, a, b) in &graph.flat {
        reached[a] = true;
        reached[b] = true;
    }
    let mut out = vec![Vec::new(); nv];
    for rank in &graph.ranks {
        for (i, &v) in rank.iter().enumerate() {
            let vertex = &graph.vertices[v];
            let Some(g) = vertex.group else { continue };
            if reached[v] || !matches!(vertex.kind, VKind::Node(_)) {
                continue;
            }
            let holds = |u: &&usize| {
                matches!(graph.vertices[**u].kind, VKind::Node(_))
                    && graph.path_of(**u).contains(&g)
            };
            let before = rank[..i].iter().rev().find(holds);
            let after = rank[i + 1..].iter().find(holds);
            out[v] = before.into_iter().chain(after).copied().collect();
        }
    }
    out
}

/// Where a loose node with `mates` at `pos` wants to be: on its nearer
/// mate (the constraints then keep it the spacing away).
pub(super) fn nearest_mate(mates: &[usize], v: usize, pos: &[f64]) -> Option<f64> {
    mates
        .iter()
        .map(|&u| pos[u])
        .min_by(|a, b| (a - pos[v]).abs().total_cmp(&(b - pos[v]).abs()))
}
