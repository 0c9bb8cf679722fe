//! Processor: fillers. A group is present in every rank it spans.
//!
//! In: the graph with every vertex ranked and each group's span (possibly
//! reaching beyond its members), and [`Reach`]. Out: for every group and
//! every rank of its span where no vertex of the group (or of a group
//! inside it) sits, a [`VKind::Filler`] vertex in that group: no extent
//! across the flow, 0 long along it within what the members cover and
//! `reach_len` long beyond, so that the group's block is contiguous in
//! every rank for ordering and placement.

use super::reach::Reach;
use crate::layout::layered::{Graph, VKind, Vertex};

/// Adds a filler vertex for every rank of a group's span in which no vertex
/// of the group (or of a group inside it) sits, so that the group's block is
/// present in every rank it covers. Fillers beyond what the group's members
/// cover are the reach's length long.
pub fn add(graph: &mut Graph, reach: &Reach) {
    let (members_cover, reach_len) = (&reach.members_cover, reach.reach_len);
    let n_groups = graph.span.len();
    let mut present: Vec<std::collections::HashSet<usize>> = vec![Default::default(); n_groups];
    for v in &graph.vertices {
        if let Some(g) = v.group {
            for &a in &graph.group_path[g] {
                present[a].insert(v.rank);
            }
        }
    }
    // Deepest groups first, so that a filler of a child also counts for its
    // parents.
    for i in 0..n_groups {
        let g = graph.deepest_first[i];
        let (s, e) = graph.span[g];
        for r in s..=e {
            if !present[g].contains(&r) {
                let (first, last) = members_cover[g];
                let len = if r < first || r > last {
                    reach_len
                } else {
                    0.0
                };
                graph
                    .vertices
                    .push(Vertex::point(VKind::Filler, r, Some(g), len));
                for &a in &graph.group_path[g] {
                    present[a].insert(r);
                }
            }
        }
    }
}
