//! Processor: room for self-loops. A node with self-loops keeps room
//! outside its box on the side no edge uses.
//!
//! In: the graph's self-loops (set aside by long-edge splitting) and the
//! measured label sizes. Out: every node with self-loops reaches
//! `room_before` further (left-right flows: above its top, for the nested
//! loops and their labels stacked beside them) or `room_after` further
//! (top-down flows: right of its side, for the loops and their labels
//! after them), so that placement keeps neighbours and group borders
//! clear of them.

use crate::layout::layered::Graph;
use crate::layout::measure::Sizes;
use crate::layout::spacing::{SELF_LOOP_LABEL_GAP, SELF_LOOP_NEST, SELF_LOOP_OUT};
use crate::model::{Diagram, Endpoint};

/// Self-loops of one node nest around each other on the side of the node
/// that no edge uses (its top in left-right flows, its right in top-down
/// ones), their labels beside them: the node keeps room there, outside its
/// box, that neighbours and group borders stay clear of.
pub fn make_room(graph: &mut Graph, diagram: &Diagram, sizes: &Sizes) {
    let mut labels: std::collections::HashMap<usize, (usize, f64, f64)> =
        std::collections::HashMap::new();
    for &e in &graph.self_loops {
        if let Endpoint::Node(i) = diagram.edges[e].from {
            let entry = labels.entry(i).or_insert((0, 0.0, 0.0));
            entry.0 += 1;
            if let Some(l) = sizes.edge_labels[e].as_ref() {
                entry.1 += l.h + SELF_LOOP_LABEL_GAP;
                entry.2 = entry.2.max(l.w);
            }
        }
    }
    for (i, (count, stack, widest)) in labels {
        let v = &mut graph.vertices[i];
        let outermost = SELF_LOOP_OUT + SELF_LOOP_NEST * (count as f64 - 1.0);
        if graph.horizontal {
            // Loops stand on the node's top; labels stack up beside them.
            v.room_before = outermost.max(stack + 2.0) + 4.0;
        } else {
            // Loops stand on the node's right side; labels follow them.
            let label = if widest > 0.0 { 6.0 + widest } else { 0.0 };
            v.room_after = outermost + label + 4.0;
        }
    }
}
