//! The ranking constraints of p2: what must rank before what, and by how
//! much.
//!
//! In: the diagram, its real vertices, the group tree, p1's reversed edges
//! and cycles, and each group's head and tail fillers. Out: a [`Plan`]: a
//! system of constraints `(from, to, minimum rank difference, edge)` over
//! the real vertices and two vertices per group (its entry and its exit):
//! every edge not between a group and what it holds ranks from source to
//! target (target to source when reversed), one rank apart (two for a
//! labelled edge); every member lies between its group's entry and exit,
//! every child group inside its parent; of two sibling units joined both
//! ways (`units`) the later one wholly after the earlier; and hints (the other ends of an
//! edge into a group and of one out of it in that order, so that the
//! group's centre fits between), last, so that they give way first.

use crate::layout::cycles::Cycles;
use crate::layout::groups::GroupTree;
use crate::layout::layered::Vertex;
use crate::model::{Diagram, Endpoint};

/// The constraint system of the ranks, and what ranking changed of the
/// edges to make it acyclic.
pub(super) struct Plan {
    pub(super) n_real: usize,
    pub(super) n_groups: usize,
    /// (from, to, minimum rank difference, edge index or None for a
    /// group-membership constraint)
    pub(super) constraints: Vec<(usize, usize, usize, Option<usize>)>,
    /// Edges with a group end whose constraint was relaxed to the far
    /// side of the group to break a cycle through its border.
    pub(super) weak: Vec<bool>,
    pub dropped: Vec<bool>,
    /// Head and tail fillers of every group an edge ends at.
    pub(super) ghosts: Vec<Option<(usize, usize)>>,
    /// Per edge: whether it lies on a cycle of node and group ids, the
    /// cycles that excuse an edge pointing backwards. Those give way
    /// first when a cycle through a group border must be broken.
    pub in_cycle: Vec<bool>,
    /// The constraints that are hints (see `new`).
    pub(super) hints: std::ops::Range<usize>,
    /// Whether hints give way only after every edge with a group end:
    /// when groups may reach beyond their members, those edges only
    /// constrain a group's centre, which the reach takes care of,
    /// while a hint given up leaves a centre no reach can find.
    pub(super) hints_last: bool,
}

/// At most this many hints.
const MAX_HINTS: usize = 4096;
/// Nodes a chain of group edges carries along, per group.
const MAX_REACHING: usize = 64;

/// The entry vertex of group `g` among `n_real` real vertices.
fn g_in(n_real: usize, g: usize) -> usize {
    n_real + 2 * g
}

/// The exit vertex of group `g` among `n_real` real vertices.
fn g_out(n_real: usize, g: usize) -> usize {
    n_real + 2 * g + 1
}

impl Plan {
    pub fn new(
        diagram: &Diagram,
        vertices: &[Vertex],
        tree: &GroupTree,
        ghosts: Vec<Option<(usize, usize)>>,
        hints_last: bool,
        cycles: &Cycles,
    ) -> Plan {
        let n_real = vertices.len();
        let n_groups = diagram.groups.len();
        let mut constraints = edge_constraints(diagram, tree, &cycles.reversed, n_real);
        for (v, vertex) in vertices.iter().enumerate() {
            if let Some(g) = vertex.group {
                constraints.push((g_in(n_real, g), v, 0, None));
                constraints.push((v, g_out(n_real, g), 0, None));
            }
        }
        // Sibling units joined both ways rank one wholly after the other.
        for &(a, b) in &cycles.units.before {
            let (src, dst) = leaving_and_entering(n_real, a, b);
            constraints.push((src, dst, 1, None));
        }
        for (g, group) in diagram.groups.iter().enumerate() {
            if let Some(p) = group.parent {
                constraints.push((g_in(n_real, p), g_in(n_real, g), 0, None));
                constraints.push((g_out(n_real, g), g_out(n_real, p), 0, None));
            }
            constraints.push((g_in(n_real, g), g_out(n_real, g), 0, None));
        }
        // Hints: an edge into a group and one out of it want the group's
        // centre between their other ends (edges point along the flow
        // centre to centre), so the first should rank before the second.
        // That says something new when an end is inside the group or
        // the edge gets relaxed. Hints give way before anything else
        // when they close a cycle, unless groups may reach beyond their
        // members (`hints_last`).
        let in_cycle = cycles.in_cycle.clone();
        let hints_start = constraints.len();
        let ends = GroupEnds::new(diagram, &in_cycle, n_real);
        ends.hints(&mut constraints, hints_start);
        if hints_last {
            ends.chain_hints(diagram, &in_cycle, &mut constraints, hints_start);
        }
        constraints.extend(free_pins(diagram, tree));
        let hints = hints_start..constraints.len();
        Plan {
            n_real,
            n_groups,
            constraints,
            hints,
            hints_last,
            dropped: vec![false; diagram.edges.len()],
            weak: vec![false; diagram.edges.len()],
            ghosts,
            in_cycle,
        }
    }
}

/// The vertices a constraint from `a` to `b` runs between: a node itself,
/// a group's exit where the constraint leaves it and its entry where the
/// constraint comes in.
fn leaving_and_entering(n_real: usize, a: Endpoint, b: Endpoint) -> (usize, usize) {
    let src = match a {
        Endpoint::Node(i) => i,
        Endpoint::Group(g) => g_out(n_real, g),
    };
    let dst = match b {
        Endpoint::Node(i) => i,
        Endpoint::Group(g) => g_in(n_real, g),
    };
    (src, dst)
}

/// One constraint per edge that is neither a self-loop nor between a group
/// and what it holds: source before target (reversed edges the other way
/// round), a group end standing for the group's exit or entry.
fn edge_constraints(
    diagram: &Diagram,
    tree: &GroupTree,
    reversed: &[bool],
    n_real: usize,
) -> Vec<(usize, usize, usize, Option<usize>)> {
    let mut constraints = Vec::new();
    for (e, edge) in diagram.edges.iter().enumerate() {
        // A free edge (`constraint = false`) orders nothing.
        if edge.from == edge.to || !edge.constraint || nested(diagram, tree, edge.from, edge.to) {
            continue;
        }
        let (a, b) = if reversed[e] {
            (edge.to, edge.from)
        } else {
            (edge.from, edge.to)
        };
        let (src, dst) = leaving_and_entering(n_real, a, b);
        let minlen = if edge.label.is_some() { 2 } else { 1 };
        constraints.push((src, dst, minlen, Some(e)));
    }
    constraints
}

/// A node whose every edge is free (`constraint = false`) rides along
/// with the neighbour of its first free edge: a hint that it ranks no
/// earlier than that neighbour, which longest paths turn into the
/// neighbour's own rank (beside it across the flow) unless its groups
/// say later. Without it such a node would sit at rank 0, at the far
/// start of the drawing (a Lambda transform away from its Firehose, a
/// standby database above its primary). A hint, so it gives way first.
fn free_pins(diagram: &Diagram, tree: &GroupTree) -> Vec<(usize, usize, usize, Option<usize>)> {
    let mut anchored = vec![false; diagram.nodes.len()];
    for edge in &diagram.edges {
        if edge.constraint && edge.from != edge.to && !nested(diagram, tree, edge.from, edge.to) {
            for end in [edge.from, edge.to] {
                if let Endpoint::Node(i) = end {
                    anchored[i] = true;
                }
            }
        }
    }
    let mut pins = Vec::new();
    for edge in diagram.edges.iter().filter(|e| !e.constraint) {
        let (Endpoint::Node(a), Endpoint::Node(b)) = (edge.from, edge.to) else {
            continue;
        };
        let (lead, rider) = if !anchored[b] {
            (a, b)
        } else if !anchored[a] {
            (b, a)
        } else {
            continue;
        };
        if lead != rider {
            pins.push((lead, rider, 0, None));
            anchored[rider] = true;
        }
    }
    pins
}

/// Per group: the other ends of the edges into it and out of it, off
/// every cycle of ids.
struct GroupEnds {
    n_real: usize,
    into: Vec<Vec<usize>>,
    out_of: Vec<Vec<usize>>,
}

impl GroupEnds {
    fn new(diagram: &Diagram, in_cycle: &[bool], n_real: usize) -> GroupEnds {
        let n_groups = diagram.groups.len();
        let mut into: Vec<Vec<usize>> = vec![Vec::new(); n_groups];
        let mut out_of: Vec<Vec<usize>> = vec![Vec::new(); n_groups];
        for (e, edge) in diagram.edges.iter().enumerate() {
            if in_cycle[e] || edge.from == edge.to {
                continue;
            }
            if let Endpoint::Group(g) = edge.from {
                out_of[g].push(match edge.to {
                    Endpoint::Node(i) => i,
                    Endpoint::Group(h) => g_in(n_real, h),
                });
            }
            if let Endpoint::Group(g) = edge.to {
                into[g].push(match edge.from {
                    Endpoint::Node(i) => i,
                    Endpoint::Group(h) => g_out(n_real, h),
                });
            }
        }
        GroupEnds {
            n_real,
            into,
            out_of,
        }
    }

    /// The other end of every edge into a group before the other end of
    /// every edge out of it.
    fn hints(&self, constraints: &mut Vec<(usize, usize, usize, Option<usize>)>, start: usize) {
        'groups: for (a_list, b_list) in self.into.iter().zip(&self.out_of) {
            for &a in a_list {
                for &b in b_list {
                    if constraints.len() - start >= MAX_HINTS {
                        break 'groups;
                    }
                    constraints.push((a, b, 1, None));
                }
            }
        }
    }

    /// Along a chain of edges between groups (a -> g -> h -> b) a node at
    /// the start must still rank before a node at the end, for the centres
    /// between them to fit: the hints a reach cannot make up for.
    fn chain_hints(
        &self,
        diagram: &Diagram,
        in_cycle: &[bool],
        constraints: &mut Vec<(usize, usize, usize, Option<usize>)>,
        start: usize,
    ) {
        let n_groups = self.into.len();
        let mut next: Vec<Vec<usize>> = vec![Vec::new(); n_groups];
        for (e, edge) in diagram.edges.iter().enumerate() {
            if let (Endpoint::Group(a), Endpoint::Group(b)) = (edge.from, edge.to) {
                if !in_cycle[e] && a != b {
                    next[a].push(b);
                }
            }
        }
        let order = super::topological_order(&next);
        let nodes_of = |list: &[usize]| -> Vec<usize> {
            list.iter().copied().filter(|&v| v < self.n_real).collect()
        };
        let mut reaching: Vec<Vec<usize>> = vec![Vec::new(); n_groups];
        for &g in &order {
            let mut from_here = reaching[g].clone();
            from_here.extend(nodes_of(&self.into[g]));
            from_here.sort_unstable();
            from_here.dedup();
            for &b in &next[g] {
                reaching[b].extend_from_slice(&from_here);
                reaching[b].sort_unstable();
                reaching[b].dedup();
                reaching[b].truncate(MAX_REACHING);
            }
        }
        'chains: for (reach, out) in reaching.iter().zip(&self.out_of) {
            for &a in reach {
                for b in nodes_of(out) {
                    if constraints.len() - start >= MAX_HINTS {
                        break 'chains;
                    }
                    if a != b {
                        constraints.push((a, b, 1, None));
                    }
                }
            }
        }
    }
}

/// True when one end is a group that holds the other.
fn nested(diagram: &Diagram, tree: &GroupTree, a: Endpoint, b: Endpoint) -> bool {
    matches!(a, Endpoint::Group(g) if tree.holds(diagram, g, b))
        || matches!(b, Endpoint::Group(g) if tree.holds(diagram, g, a))
}
