//! p2, layering: a rank for every node along the flow.
//!
//! In: the diagram, its measured sizes, and p1's [`Cycles`]. Out: a
//! [`Layering`]: the layered graph with its real vertices (the nodes, a
//! place-holder for every empty group, a head and a tail filler for every
//! group an edge ends at) ranked so that every edge p1 did not reverse
//! ranks forwards (labelled edges at least two ranks, so that their label
//! gets a slot of its own), every reversed one backwards, and the members
//! of a group between its entry and its exit; each group's span from its
//! members' ranks; and which edges ranking had to drop to break a cycle
//! that closes through a group border ([`constraints`] builds the system,
//! [`longest_path`] solves it and gives way where it must).

mod constraints;
mod longest_path;
pub(crate) mod units;

use super::cycles::Cycles;
use super::groups::GroupTree;
use super::layered::{Graph, Spans, VKind, Vertex, SEP_NODE};
use super::measure::{self, Sizes};
use crate::model::{Diagram, Endpoint};
use constraints::Plan;

/// The ranked graph, and the edges ranking dropped.
#[derive(Debug, Clone, Default)]
pub struct Layering {
    pub graph: Graph,
    /// Per edge: whether its constraint closed a cycle through a group
    /// border even when relaxed, so that it no longer constrains the ranks
    /// (it is routed round the drawing).
    pub dropped: Vec<bool>,
}

/// Ranks the real vertices of `diagram`.
pub fn assign(diagram: &Diagram, sizes: &Sizes, cycles: &Cycles, spans: Spans) -> Layering {
    let horizontal = diagram.direction.is_horizontal();
    let n_groups = diagram.groups.len();
    let tree = GroupTree::new(diagram);
    let (mut vertices, ghosts) = real_vertices(diagram, sizes, horizontal);
    let mut plan = Plan::new(
        diagram,
        &vertices,
        &tree,
        ghosts,
        spans.hints_last(),
        cycles,
    );
    let ranks_of = plan.ranks();
    for (v, r) in vertices.iter_mut().zip(&ranks_of) {
        v.rank = *r;
    }
    let span = spans_of_members(&vertices, &tree.path, n_groups);
    let graph = Graph {
        horizontal,
        title_at_end: diagram.direction == crate::model::Direction::Up,
        vertices,
        in_cycle: plan.in_cycle.clone(),
        span,
        group_parent: tree.parent,
        group_path: tree.path,
        group_children: tree.children,
        deepest_first: tree.deepest_first,
        ..Graph::default()
    };
    Layering {
        graph,
        dropped: plan.dropped,
    }
}

/// Real vertices: the nodes, then a place-holder for every group with no
/// node and no child group, then two invisible fillers (a head and a tail)
/// for every group an edge ends at. When a cycle through the group's
/// border forces an edge into the group to be relaxed, the edge ties to
/// the tail (so the group reaches past the edge's source along the flow),
/// and an edge out of it to the head. Returns the vertices and each
/// group's head and tail.
fn real_vertices(
    diagram: &Diagram,
    sizes: &Sizes,
    horizontal: bool,
) -> (Vec<Vertex>, Vec<Option<(usize, usize)>>) {
    let n_groups = diagram.groups.len();
    let mut vertices: Vec<Vertex> = diagram
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| node_vertex(i, n.group, &sizes.nodes[i], horizontal))
        .collect();
    let mut has_content = vec![false; n_groups];
    for n in &diagram.nodes {
        if let Some(g) = n.group {
            has_content[g] = true;
        }
    }
    for g in &diagram.groups {
        if let Some(p) = g.parent {
            has_content[p] = true;
        }
    }
    for (g, filled) in has_content.iter().enumerate() {
        if !filled {
            let half = measure::ICON / 2.0;
            vertices.push(Vertex {
                kind: VKind::Placeholder(g),
                rank: 0,
                group: Some(g),
                len: measure::ICON * 2.0,
                before: half,
                after: half,
                sep: SEP_NODE,
                room_before: 0.0,
                room_after: 0.0,
            });
        }
    }
    let mut ghosts: Vec<Option<(usize, usize)>> = vec![None; n_groups];
    for edge in &diagram.edges {
        for end in [edge.from, edge.to] {
            if let Endpoint::Group(g) = end {
                if ghosts[g].is_none() {
                    let ghost = Vertex::point(VKind::Filler, 0, Some(g), 0.0);
                    vertices.push(ghost.clone());
                    vertices.push(ghost);
                    ghosts[g] = Some((vertices.len() - 2, vertices.len() - 1));
                }
            }
        }
    }
    (vertices, ghosts)
}

fn node_vertex(
    i: usize,
    group: Option<usize>,
    size: &measure::NodeSize,
    horizontal: bool,
) -> Vertex {
    let (len, before, after) = if horizontal {
        (size.w, measure::ICON / 2.0, size.h - measure::ICON / 2.0)
    } else {
        (size.h, size.w / 2.0, size.w / 2.0)
    };
    Vertex {
        kind: VKind::Node(i),
        rank: 0,
        group,
        len,
        before,
        after,
        sep: SEP_NODE,
        room_before: 0.0,
        room_after: 0.0,
    }
}

/// Spans of groups from their real members (`(0, 0)` for a group with
/// none).
fn spans_of_members(
    vertices: &[Vertex],
    group_path: &[Vec<usize>],
    n_groups: usize,
) -> Vec<(usize, usize)> {
    let mut span = vec![(usize::MAX, 0usize); n_groups];
    for v in vertices {
        if let Some(g) = v.group {
            for &a in &group_path[g] {
                span[a].0 = span[a].0.min(v.rank);
                span[a].1 = span[a].1.max(v.rank);
            }
        }
    }
    for s in &mut span {
        if s.0 == usize::MAX {
            *s = (0, 0);
        }
    }
    span
}

/// The vertices of an acyclic graph (`next[v]`: where `v` leads) in an
/// order where every vertex comes after those leading to it. (Vertices on
/// a cycle, which the callers rule out, are left out.)
pub(crate) fn topological_order(next: &[Vec<usize>]) -> Vec<usize> {
    let mut indeg = vec![0usize; next.len()];
    for list in next {
        for &b in list {
            indeg[b] += 1;
        }
    }
    let mut order: Vec<usize> = (0..next.len()).filter(|&v| indeg[v] == 0).collect();
    let mut k = 0;
    while k < order.len() {
        let v = order[k];
        k += 1;
        for &b in &next[v] {
            indeg[b] -= 1;
            if indeg[b] == 0 {
                order.push(b);
            }
        }
    }
    order
}
