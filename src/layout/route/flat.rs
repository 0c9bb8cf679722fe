//! Flat edges: a free edge between two neighbours of one rank, drawn as
//! one straight line across the flow.
//!
//! In: the flat edges (their nodes side by side, see
//! `processors::flat_edges`), the columns along the flow and the placement
//! across it. Out: for each, a two-point polyline from the facing side of
//! one node's box to the facing side of the other's, through the icons'
//! centre along the flow (so `ends` carries both ends onto the icons or
//! the label in between), and its label box beside the line in the room
//! p4 kept between the two nodes: right of the line in left-right flows,
//! above it in top-down ones.

use super::columns::Columns;
use super::{Drawn, Input};
use crate::layout::measure::ICON;
use crate::layout::spacing::LABEL_GAP;
use crate::model::Direction;

/// Polylines and label boxes of the flat edges.
pub(super) fn draw(input: &Input, columns: &Columns, drawn: &mut Drawn) {
    let (graph, cross) = (input.graph, input.cross);
    for &(e, from, to) in &graph.flat {
        let u = icon_centre_u(input, columns, from);
        // `low` comes first across the flow.
        let (low, high) = if cross.port[from] <= cross.port[to] {
            (from, to)
        } else {
            (to, from)
        };
        let v0 = cross.port[low] + graph.vertices[low].after;
        let v1 = cross.port[high] - graph.vertices[high].before;
        let backwards = low != from;
        drawn.paths.push((e, vec![[u, v0], [u, v1]], backwards));
        if let Some(l) = input.sizes.edge_labels[e].as_ref() {
            let mid = (v0 + v1) / 2.0;
            let b = if input.horizontal() {
                [
                    u + LABEL_GAP,
                    u + LABEL_GAP + l.w,
                    mid - l.h / 2.0,
                    mid + l.h / 2.0,
                ]
            } else {
                [
                    u - LABEL_GAP - l.h,
                    u - LABEL_GAP,
                    mid - l.w / 2.0,
                    mid + l.w / 2.0,
                ]
            };
            drawn.inner_labels.push((e, b));
        }
    }
}

/// Where a node's icon is centred along the flow: the middle of its box in
/// left-right flows (the icon is centred over its label), the icon's own
/// middle at the box's page-top end in top-down ones (the low end, or the
/// high one for `up`, which is mirrored later).
fn icon_centre_u(input: &Input, columns: &Columns, v: usize) -> f64 {
    let (u0, u1) = columns.vertex_u(input, v);
    if input.horizontal() {
        (u0 + u1) / 2.0
    } else if input.diagram.direction == Direction::Up {
        u1 - ICON / 2.0
    } else {
        u0 + ICON / 2.0
    }
}
