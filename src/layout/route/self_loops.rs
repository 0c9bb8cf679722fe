//! Self-loops: nested loops on the free side of their node, their labels
//! stacked beside them.
//!
//! In: the graph's self-loops (edges from a node to itself, which the
//! layering kept out of the ranks), the room placement left for them on
//! the node's free side (its top in left-right flows, its right in top-down
//! ones), and the measured label sizes. Out: a [`SelfLoop`] plan per edge
//! (how far out it stands, how wide, where its label goes), the tail each
//! column needs after it for them, and their polylines and label boxes.

use super::columns::Columns;
use super::{Drawn, Input};
use crate::layout::layered::Graph;
use crate::layout::measure;
use crate::layout::spacing::{SELF_LOOP_HALF, SELF_LOOP_LABEL_GAP, SELF_LOOP_NEST, SELF_LOOP_OUT};
use crate::model::{Arrow, Diagram, Direction, Endpoint, LineStyle};
use std::collections::HashMap;

/// One self-loop: its node, how far it stands out along the flow, its half
/// height across it, and its label's box as offsets (along the flow from
/// the node's end, across it from the node's top for left-right flows or
/// from the port for top-down ones).
pub(super) struct SelfLoop {
    edge: usize,
    node: usize,
    /// How far the loop reaches out of the node's side.
    out: f64,
    /// Half its width along the flow, around its anchor.
    half: f64,
    /// Its label: along the flow from the anchor, then outwards from the
    /// node's side, `[u0, u1, d0, d1]`.
    label: Option<[f64; 4]>,
}

/// Nests the self-loops of each node on the side no edge uses (its top in
/// left-right flows, its right in top-down ones, where the node keeps room
/// for them) and places their labels beside the outermost loop: stacked
/// away from the node after it along the flow in left-right flows, one
/// after another along the flow beyond it in top-down ones.
pub(super) fn plan(input: &Input) -> Vec<SelfLoop> {
    let (diagram, graph, sizes) = (input.diagram, input.graph, input.sizes);
    let mut by_node: HashMap<usize, Vec<usize>> = HashMap::new();
    for &e in &graph.self_loops {
        if let Endpoint::Node(i) = diagram.edges[e].from {
            by_node.entry(i).or_default().push(e);
        }
    }
    let mut nodes: Vec<usize> = by_node.keys().copied().collect();
    nodes.sort_unstable();
    let mut out = Vec::new();
    for node in nodes {
        // The loops stand on the icon, so that both ends meet it (G6).
        let room = (measure::ICON / 2.0 - 2.0).max(4.0);
        let edges = sharers_first(diagram, &by_node[&node], room);
        let count = edges.len() as f64;
        let outermost = SELF_LOOP_OUT + SELF_LOOP_NEST * (count - 1.0);
        let widest_half = (SELF_LOOP_HALF + SELF_LOOP_NEST / 2.0 * (count - 1.0)).min(room);
        let mut stack = 2.0;
        for (j, &e) in edges.iter().enumerate() {
            let label = sizes.edge_labels[e].as_ref().map(|l| {
                let b = if graph.horizontal {
                    let u = widest_half + 6.0;
                    [u, u + l.w, stack, stack + l.h]
                } else {
                    let d = outermost + 6.0;
                    let u = -widest_half + stack - 2.0;
                    [u, u + l.h, d, d + l.w]
                };
                stack += l.h + SELF_LOOP_LABEL_GAP;
                b
            });
            out.push(SelfLoop {
                edge: e,
                node,
                out: SELF_LOOP_OUT + SELF_LOOP_NEST * j as f64,
                half: loop_half(j, count, room),
                label,
            });
        }
    }
    out
}

/// A node's loops in nesting order. When more loops stand on a node than
/// its side has room for apart, the innermost share legs
/// ([`loop_half`]): those go first, picked so that sharing misleads no
/// reader: loops without arrowheads, of the line style most of those have
/// (two lines of one style along each other read as one edge's trunk, a
/// dashed one along a solid one hides). The order is stable otherwise.
fn sharers_first(diagram: &Diagram, edges: &[usize], room: f64) -> Vec<usize> {
    let mut out = edges.to_vec();
    let count = edges.len() as f64;
    if SELF_LOOP_HALF + SELF_LOOP_NEST / 2.0 * (count - 1.0) <= room {
        return out;
    }
    let headless = |e: usize| diagram.edges[e].arrow == Arrow::None;
    let styles: Vec<LineStyle> = edges
        .iter()
        .filter(|&&e| headless(e))
        .map(|&e| diagram.edges[e].style)
        .collect();
    let common = styles.iter().copied().max_by_key(|&s| {
        (
            styles.iter().filter(|&&t| t == s).count(),
            std::cmp::Reverse(s as u8),
        )
    });
    out.sort_by_key(|&e| (!headless(e), Some(diagram.edges[e].style) != common));
    out
}

/// Half the width of the `j`-th of `count` nested loops: `SELF_LOOP_NEST`
/// apart, or squeezed evenly into `room` when that many do not fit, so
/// that no two loops share a leg (and no arrowhead lands on another loop).
fn loop_half(j: usize, count: f64, room: f64) -> f64 {
    let natural = SELF_LOOP_HALF + SELF_LOOP_NEST / 2.0 * (count - 1.0);
    if natural <= room || count < 2.0 {
        return (SELF_LOOP_HALF + SELF_LOOP_NEST / 2.0 * j as f64).min(room);
    }
    // Legs 3 or closer would read as one smudged line (and an arrowhead
    // on the next leg): the innermost
    // loops share legs instead.
    let step = ((room - 2.0) / (count - 1.0)).clamp(3.5, SELF_LOOP_NEST / 2.0);
    let deepest = ((room - 2.0) / step).floor();
    room - step * (count - 1.0 - j as f64).min(deepest)
}

/// A self-loop's label (or a loop, top-down) may reach past the end of its
/// node's column: each rank gets a tail after its column for them, inside
/// the borders of the groups that close there.
pub(super) fn tails(input: &Input, loops: &[SelfLoop], width: &[f64]) -> Vec<f64> {
    let (diagram, graph) = (input.diagram, input.graph);
    let mut tail = vec![0.0f64; input.n_ranks()];
    for l in loops {
        let v = &graph.vertices[l.node];
        let reach = l.label.map_or(l.half, |b| b[1].max(l.half));
        let need = loop_anchor(diagram, graph, l.node) + reach + 4.0 - width[v.rank] / 2.0;
        tail[v.rank] = tail[v.rank].max(need);
    }
    tail
}

/// Where a node's self-loops stand, relative to its column's centre along
/// the flow: the centre of its box in left-right flows, of its icon in
/// top-down ones (the icon is at the box's start, or its end going up once
/// the flow is mirrored).
fn loop_anchor(diagram: &Diagram, graph: &Graph, node: usize) -> f64 {
    let v = &graph.vertices[node];
    if graph.horizontal {
        0.0
    } else if diagram.direction == Direction::Up {
        v.len / 2.0 - measure::ICON / 2.0
    } else {
        -v.len / 2.0 + measure::ICON / 2.0
    }
}

/// Self-loops, nested, with their labels stacked beside them.
pub(super) fn draw(input: &Input, columns: &Columns, loops: &[SelfLoop], drawn: &mut Drawn) {
    let graph = input.graph;
    for l in loops {
        let vx = &graph.vertices[l.node];
        let a = columns.centre(vx.rank) + loop_anchor(input.diagram, graph, l.node);
        let p = input.cross.port[l.node];
        // The node's side the loop stands on, and which way is out.
        let (side, o) = if graph.horizontal {
            (p - vx.before, -1.0)
        } else {
            (p + vx.after, 1.0)
        };
        let pts = vec![
            [a - l.half, side],
            [a - l.half, side + o * l.out],
            [a + l.half, side + o * l.out],
            [a + l.half, side],
        ];
        drawn.paths.push((l.edge, pts, false));
        if let Some(b) = l.label {
            let (d0, d1) = (side + o * b[2], side + o * b[3]);
            drawn
                .loop_labels
                .push((l.edge, [a + b[0], a + b[1], d0.min(d1), d0.max(d1)]));
        }
    }
}
