//! Label boxes: where every edge label goes, by edge.
//!
//! In: the chains with their label vertices, the placement, the columns,
//! and the label boxes the detour, edge-into-group and self-loop steps
//! chose. Out: one box `[u0, u1, v0, v1]` in the engine's coordinates per
//! labelled edge: a chain's label centred in its label vertex's column,
//! `LABEL_GAP` beside the line (above it in left-right flows, right of it
//! in top-down ones); the others as their steps placed them.

use super::columns::Columns;
use super::{Drawn, Input};
use crate::layout::spacing::LABEL_GAP;
use std::collections::HashMap;

/// Label boxes of layered chains and of every other route.
pub(super) fn collect(input: &Input, columns: &Columns, drawn: &Drawn) -> HashMap<usize, [f64; 4]> {
    let (graph, sizes) = (input.graph, input.sizes);
    let mut label_boxes: HashMap<usize, [f64; 4]> = HashMap::new();
    for chain in &graph.chains {
        if let (Some(lv), Some(size)) = (chain.label, sizes.edge_labels[chain.edge].as_ref()) {
            let c = columns.centre(graph.vertices[lv].rank);
            let p = input.cross.port[lv];
            let b = if graph.horizontal {
                [
                    c - size.w / 2.0,
                    c + size.w / 2.0,
                    p - LABEL_GAP - size.h,
                    p - LABEL_GAP,
                ]
            } else {
                [
                    c - size.h / 2.0,
                    c + size.h / 2.0,
                    p + LABEL_GAP,
                    p + LABEL_GAP + size.w,
                ]
            };
            label_boxes.insert(chain.edge, b);
        }
    }
    for &(e, b) in drawn
        .lane_labels
        .iter()
        .chain(&drawn.inner_labels)
        .chain(&drawn.loop_labels)
    {
        label_boxes.insert(e, b);
    }
    label_boxes
}
