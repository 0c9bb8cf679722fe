//! Processor: long-edge splitting. Every edge becomes a chain of
//! vertices, one per rank it passes, or is set aside for a router of its
//! own.
//!
//! In: the ranked graph with its group spans, p1's reversed edges and the
//! edges p2 dropped. Out: per edge, exactly one of: a self-loop (an edge
//! from a node to itself); an inner edge (between a group and what it
//! holds; its node end noted in `entered`); a side edge (an edge with a
//! group end that ranking could not point forwards); a detour (an edge of
//! a group to itself, a dropped edge, or an edge between nodes that points
//! backwards); a flat edge (a free edge between two nodes of one rank);
//! else a [`Chain`] from its lower-ranked end to its
//! higher-ranked one (`reversed` when that is the edge's target) with a
//! dummy vertex in every rank strictly between, each in the deepest group
//! on the way whose span covers its rank.

use crate::layout::layered::{Chain, End, Graph, VKind, Vertex};
use crate::model::{Diagram, Endpoint};

/// Splits every edge of `diagram` that the ranks can carry into a chain.
pub fn split(graph: &mut Graph, diagram: &Diagram, reversed: &[bool], dropped: &[bool]) {
    for (e, edge) in diagram.edges.iter().enumerate() {
        if edge.from == edge.to {
            if matches!(edge.from, Endpoint::Node(_)) {
                graph.self_loops.push(e);
            } else {
                graph.detours.push(e);
            }
            continue;
        }
        let from = End::from(edge.from);
        let to = End::from(edge.to);
        // A free edge runs whichever way its ends were ranked.
        let rank_of = |end: End| match end {
            End::Vertex(v) => graph.vertices[v].rank,
            End::Group(g) => graph.span[g].0,
        };
        let reversed = if edge.constraint {
            reversed[e]
        } else {
            rank_of(to) < rank_of(from)
        };
        let (low, high) = if reversed { (to, from) } else { (from, to) };
        let low_rank = match low {
            End::Vertex(v) => graph.vertices[v].rank,
            End::Group(g) => graph.span[g].1,
        };
        let high_rank = match high {
            End::Vertex(v) => graph.vertices[v].rank,
            End::Group(g) => graph.span[g].0,
        };
        if nested(graph, low, high) {
            graph.inner.push(e);
            match (edge.from, edge.to) {
                (Endpoint::Group(g), Endpoint::Node(v)) => graph.entered.push((v, g, false)),
                (Endpoint::Node(v), Endpoint::Group(g)) => graph.entered.push((v, g, true)),
                _ => {}
            }
            continue;
        }
        if let (End::Vertex(a), End::Vertex(b)) = (from, to) {
            if !edge.constraint && !dropped[e] && high_rank == low_rank {
                graph.flat.push((e, a, b));
                continue;
            }
        }
        if dropped[e] || high_rank <= low_rank {
            let group_end =
                matches!(edge.from, Endpoint::Group(_)) || matches!(edge.to, Endpoint::Group(_));
            if !dropped[e] && group_end {
                graph.side.push(e);
            } else {
                graph.detours.push(e);
            }
            continue;
        }
        let mut verts = Vec::with_capacity(high_rank - low_rank - 1);
        for r in low_rank + 1..high_rank {
            let group = chain_group(graph, low, high, r);
            verts.push(graph.vertices.len());
            graph
                .vertices
                .push(Vertex::point(VKind::Dummy, r, group, 0.0));
        }
        graph.chains.push(Chain {
            edge: e,
            reversed,
            low,
            high,
            verts,
            label: None,
        });
    }
}

/// The groups an end sits in (for a group end: its parents, since the edge
/// touches the group from outside).
fn outer_path(graph: &Graph, end: End) -> &[usize] {
    match end {
        End::Vertex(v) => graph.path_of(v),
        End::Group(g) => {
            let p = &graph.group_path[g];
            &p[..p.len() - 1]
        }
    }
}

/// True when one end is a group that holds the other end.
fn nested(graph: &Graph, a: End, b: End) -> bool {
    matches!(a, End::Group(g) if graph.holds(g, b))
        || matches!(b, End::Group(g) if graph.holds(g, a))
}

/// The group a chain's vertex at `rank` belongs to: the deepest group on
/// the low end's side whose span covers the rank, else the deepest on the
/// high end's side, else the groups both ends share.
fn chain_group(graph: &Graph, low: End, high: End, rank: usize) -> Option<usize> {
    let pa = outer_path(graph, low);
    let pb = outer_path(graph, high);
    let common = pa.iter().zip(pb).take_while(|(a, b)| a == b).count();
    let covers = |g: &&usize| {
        let (s, e) = graph.span[**g];
        s <= rank && rank <= e
    };
    pa[common..]
        .iter()
        .rev()
        .find(covers)
        .or_else(|| pb[common..].iter().rev().find(covers))
        .copied()
        .or_else(|| common.checked_sub(1).map(|i| pa[i]))
}
