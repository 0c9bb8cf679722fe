//! Processor: rank lists and hops, what ordering (p3) and placement (p4)
//! work on.
//!
//! In: the graph with every vertex ranked and every chain built. Out: the
//! vertices of each rank (in the order they were made, which p3 then
//! changes), and the [`Hop`]s between consecutive ranks with their weights:
//! every hop of a chain, heavier between bend points (long edges come out
//! straight) and twice as heavy on a node's first edge in file order
//! (unless the node is the hub of a fan, which belongs at its middle); and
//! a light hop from a chain that ends at a group's border to the group's
//! first vertex in the rank it meets.

use crate::layout::layered::{End, Graph, Hop, VKind};
use crate::layout::place::FAN;

/// Lists the vertices of every rank and the hops between them.
pub fn index(graph: &mut Graph) {
    let n_ranks = graph.vertices.iter().map(|v| v.rank + 1).max().unwrap_or(1);
    graph.ranks = vec![Vec::new(); n_ranks];
    for (i, v) in graph.vertices.iter().enumerate() {
        graph.ranks[v.rank].push(i);
    }
    graph.hops = hops(graph);
}

/// Weights after Gansner et al.: straight long edges matter most.
fn hops(graph: &Graph) -> Vec<Hop> {
    let mut out = Vec::new();
    let weight = |a: usize, b: usize| {
        let real = |v: usize| matches!(graph.vertices[v].kind, VKind::Node(_));
        match (real(a), real(b)) {
            (true, true) => 1.0,
            (false, false) => 8.0,
            _ => 2.0,
        }
    };
    // The first edge out of a node (in file order) is its main flow: it
    // weighs double, so that the chain the user wrote first comes out
    // straight and the branches bend away from it.
    // A hub of a fan ([`FAN`] chains or more out of it) has no main flow:
    // it belongs at the middle of its fan (the balance rule), which
    // equal weights give.
    let mut out_degree: std::collections::HashMap<End, usize> = std::collections::HashMap::new();
    for c in &graph.chains {
        *out_degree.entry(c.low).or_default() += 1;
    }
    let mut seen_low = std::collections::HashSet::new();
    for c in &graph.chains {
        let hub = out_degree.get(&c.low).is_some_and(|&d| d >= FAN);
        let main = if seen_low.insert(c.low) && !hub {
            2.0
        } else {
            1.0
        };
        let mut seq: Vec<usize> = Vec::with_capacity(c.verts.len() + 2);
        if let End::Vertex(v) = c.low {
            seq.push(v);
        }
        seq.extend(&c.verts);
        if let End::Vertex(v) = c.high {
            seq.push(v);
        }
        for w in seq.windows(2) {
            if graph.vertices[w[1]].rank == graph.vertices[w[0]].rank + 1 {
                out.push(Hop {
                    upper: w[0],
                    lower: w[1],
                    weight: weight(w[0], w[1]) * main,
                });
            }
        }
    }
    // An edge that ends at a group's border still pulls towards the group:
    // a light hop to the group's first vertex (in file order) in the rank
    // where the edge meets it, so that ordering keeps the edge's last run
    // clear of the group's other edges.
    let mut first_in: std::collections::HashMap<(usize, usize), usize> =
        std::collections::HashMap::new();
    for (v, vertex) in graph.vertices.iter().enumerate() {
        for &g in graph.path_of(v) {
            first_in.entry((g, vertex.rank)).or_insert(v);
        }
    }
    for c in &graph.chains {
        let last = c.verts.last().copied().or(match c.low {
            End::Vertex(v) => Some(v),
            End::Group(_) => None,
        });
        if let (End::Group(g), Some(u)) = (c.high, last) {
            if let Some(&rep) = first_in.get(&(g, graph.span[g].0)) {
                if graph.vertices[rep].rank == graph.vertices[u].rank + 1 {
                    out.push(Hop {
                        upper: u,
                        lower: rep,
                        weight: 0.5,
                    });
                }
            }
        }
        let first = c.verts.first().copied().or(match c.high {
            End::Vertex(v) => Some(v),
            End::Group(_) => None,
        });
        if let (End::Group(g), Some(d)) = (c.low, first) {
            if let Some(&rep) = first_in.get(&(g, graph.span[g].1)) {
                if graph.vertices[d].rank == graph.vertices[rep].rank + 1 {
                    out.push(Hop {
                        upper: rep,
                        lower: d,
                        weight: 0.5,
                    });
                }
            }
        }
    }
    out
}
