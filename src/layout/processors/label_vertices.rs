//! Processor: label vertices. An edge label gets a slot of its own in
//! the middle of its chain.
//!
//! In: the chains (p2 ranked labelled edges at least two ranks apart, so a
//! labelled chain has a vertex in at least one rank) and the measured label
//! sizes. Out: in every chain of a labelled edge, the middle vertex (the
//! one in rank `low + (high - low) / 2`) is a [`VKind::Label`] vertex as
//! long as the label along the flow, reaching `LABEL_GAP` plus the label's
//! extent across the flow on one side of the line (above it in left-right
//! flows, right of it in top-down ones), and the chain points to it.

use crate::layout::layered::{Graph, VKind, Vertex, SEP_LABEL};
use crate::layout::measure::Sizes;
use crate::layout::spacing::LABEL_GAP;

/// Turns the middle vertex of every labelled chain into its label's slot.
pub fn insert(graph: &mut Graph, sizes: &Sizes) {
    let horizontal = graph.horizontal;
    for c in 0..graph.chains.len() {
        let chain = &graph.chains[c];
        if sizes.edge_labels[chain.edge].is_none() || chain.verts.is_empty() {
            continue;
        }
        // The chain spans `verts.len() + 1` ranks.
        let id = chain.verts[chain.verts.len().div_ceil(2) - 1];
        let (edge, rank, group) = (
            chain.edge,
            graph.vertices[id].rank,
            graph.vertices[id].group,
        );
        graph.vertices[id] = label_vertex(edge, rank, group, sizes, horizontal);
        graph.chains[c].label = Some(id);
    }
}

fn label_vertex(
    e: usize,
    rank: usize,
    group: Option<usize>,
    sizes: &Sizes,
    horizontal: bool,
) -> Vertex {
    let size = sizes.edge_labels[e]
        .as_ref()
        .map(|l| (l.w, l.h))
        .unwrap_or((0.0, 0.0));
    let (len, before, after) = if horizontal {
        // The label sits above the line.
        (size.0, size.1 + LABEL_GAP, LABEL_GAP)
    } else {
        // The label sits right of the line.
        (size.1, LABEL_GAP, size.0 + LABEL_GAP)
    };
    Vertex {
        kind: VKind::Label(e),
        rank,
        group,
        len,
        before,
        after,
        sep: SEP_LABEL,
        room_before: 0.0,
        room_after: 0.0,
    }
}
