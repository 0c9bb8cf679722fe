//! Self-loops: nested loops on the sides of their node across the flow
//! (and, for many, at its end or start along the flow), their labels
//! stacked beside them.
//!
//! In: the graph's self-loops (edges from a node to itself, which the
//! layering kept out of the ranks), the sides p4 split them over and left
//! room on (its top, then its bottom, in left-right flows; its right, then
//! its left, in top-down ones; then its end and its start where no edge
//! meets them), and the measured label sizes. Out: a [`SelfLoop`] plan
//! per edge (its side, how far out it stands, where its legs stand, where
//! its label goes), the room each column needs before and after it for
//! them, and their polylines and label boxes.

use super::columns::Columns;
use super::{Drawn, Input};
use crate::layout::layered::Graph;
use crate::layout::measure;
use crate::layout::processors::self_loop_room::{
    end_free, leg_slots, loop_sides, loops_by_node, nest_at_ease, side_rooms, slot_count, LoopSide,
    LEG_STEP_WIDE, SELF_LOOP_ROOM,
};
use crate::layout::spacing::{SELF_LOOP_HALF, SELF_LOOP_LABEL_GAP, SELF_LOOP_NEST, SELF_LOOP_OUT};
use crate::model::{Diagram, Direction};
use std::collections::HashMap;

/// One self-loop: its node, the side it stands on, how far it stands out
/// of that side, where its legs stand along it, and its label's box, all
/// in the side's frame: along the side from its middle, then outwards.
pub(super) struct SelfLoop {
    edge: usize,
    node: usize,
    side: LoopSide,
    /// How far the loop reaches out of the node's side.
    out: f64,
    /// Its start leg and its end leg along the side, from its middle.
    legs: [f64; 2],
    /// Its label: along the side, then outwards, `[s0, s1, d0, d1]`.
    label: Option<[f64; 4]>,
}

impl SelfLoop {
    /// How far it and its label reach along the flow past its anchor
    /// (across sides) or past the node's end (its end).
    fn reach(&self) -> f64 {
        let legs = self.legs[0].abs().max(self.legs[1].abs());
        match (self.side, self.label) {
            (LoopSide::Tail | LoopSide::Lead, b) => b.map_or(self.out, |b| b[3].max(self.out)),
            (_, b) => b.map_or(legs, |b| b[1].max(legs)),
        }
    }
}

/// Nests the self-loops of each node on the sides that [`loop_sides`]
/// picks (across the flow, where the node keeps room for them, and at its
/// end, where its column's tail does) and places their labels beside the
/// outermost loop of their side.
pub(super) fn plan(input: &Input) -> Vec<SelfLoop> {
    let (diagram, graph) = (input.diagram, input.graph);
    let mut out = Vec::new();
    for (node, edges) in loops_by_node(graph, diagram) {
        let rooms = side_rooms(input.sizes, node, graph.horizontal, diagram.direction);
        let free = [true, false].map(|tail| end_free(graph, diagram, node, tail));
        for (side, part, room) in loop_sides(diagram, &edges, graph.horizontal, rooms, free) {
            plan_side(input, node, (side, room), part, &mut out);
        }
    }
    out
}

/// The loops of one side of `node` (innermost first), nested, with their
/// labels stacked; `side` is the side and how far from its middle legs
/// may stand. Where the side runs along the page's width, labels stack
/// outwards beside the loops; where it runs along its height, they follow
/// one another along the side beyond the outermost loop.
fn plan_side(
    input: &Input,
    node: usize,
    (side, room): (LoopSide, f64),
    edges: &[usize],
    out: &mut Vec<SelfLoop>,
) {
    let legs = leg_places(input.diagram, edges, room);
    let count = edges.len() as f64;
    let outermost = SELF_LOOP_OUT + SELF_LOOP_NEST * (count - 1.0);
    let widest_half = legs
        .iter()
        .map(|l| l[0].abs().max(l[1].abs()))
        .fold(0.0, f64::max);
    let along_width = input.horizontal() != matches!(side, LoopSide::Tail | LoopSide::Lead);
    let mut stack = 2.0;
    // Loops of one label show it once (shared_labels): one box for all.
    let mut boxes: HashMap<Option<&str>, [f64; 4]> = HashMap::new();
    for (j, &e) in edges.iter().enumerate() {
        let text = input.diagram.edges[e].label.as_deref();
        let label = input.sizes.edge_labels[e].as_ref().map(|l| {
            *boxes.entry(text).or_insert_with(|| {
                let b = if along_width {
                    let s = widest_half + 6.0;
                    [s, s + l.w, stack, stack + l.h]
                } else {
                    let d = outermost + 6.0;
                    let s = -widest_half + stack - 2.0;
                    [s, s + l.h, d, d + l.w]
                };
                stack += l.h + SELF_LOOP_LABEL_GAP;
                b
            })
        });
        out.push(SelfLoop {
            edge: e,
            node,
            side,
            out: SELF_LOOP_OUT + SELF_LOOP_NEST * j as f64,
            legs: legs[j],
            label,
        });
    }
}

/// Where the legs of one side's loops (innermost first) stand along the
/// flow, from the anchor: `SELF_LOOP_NEST / 2` apart around a loop
/// `SELF_LOOP_HALF` wide each way while they nest at ease (on the icon);
/// else their slots ([`leg_slots`]) spread evenly over `room` each way,
/// at most `LEG_STEP_WIDE` apart, the outermost at its ends. Legs closer
/// than `LEG_STEP` come only of more loops than the side holds.
fn leg_places(diagram: &Diagram, edges: &[usize], room: f64) -> Vec<[f64; 2]> {
    if nest_at_ease(edges.len()) && room >= SELF_LOOP_ROOM {
        return (0..edges.len())
            .map(|j| {
                let half = (SELF_LOOP_HALF + SELF_LOOP_NEST / 2.0 * j as f64).min(room);
                [-half, half]
            })
            .collect();
    }
    let slots = leg_slots(diagram, edges);
    let count = slot_count(&slots).max(2) as f64;
    let step = (2.0 * room / (count - 1.0)).min(LEG_STEP_WIDE);
    slots
        .iter()
        .map(|s| [-room + step * s[0] as f64, room - step * s[1] as f64])
        .collect()
}

/// A self-loop's label (or a loop, top-down, or one at the node's end or
/// start) may reach past the end (the start) of its node's column: each
/// rank gets room after (before) its column for them, inside the borders
/// of the groups that close (open) there. Returns the room before and the
/// room after each column.
pub(super) fn ends(input: &Input, loops: &[SelfLoop], width: &[f64]) -> [Vec<f64>; 2] {
    let (diagram, graph) = (input.diagram, input.graph);
    let mut room = [vec![0.0f64; input.n_ranks()], vec![0.0f64; input.n_ranks()]];
    for l in loops {
        let v = &graph.vertices[l.node];
        let (from, end) = match l.side {
            LoopSide::Lead => (v.len / 2.0, 0),
            LoopSide::Tail => (v.len / 2.0, 1),
            _ => (loop_anchor(diagram, graph, l.node), 1),
        };
        let need = from + l.reach() + 4.0 - width[v.rank] / 2.0;
        room[end][v.rank] = room[end][v.rank].max(need);
    }
    room
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
        let p = input.cross.port[l.node];
        // The side's middle, which way is out, and whether the side runs
        // along the flow (`u`) or across it.
        let centre = columns.centre(vx.rank);
        let anchor = centre + loop_anchor(input.diagram, graph, l.node);
        let ([m_u, m_v], out, along_u) = match l.side {
            LoopSide::Before => ([anchor, p - vx.before], -1.0, true),
            LoopSide::After => ([anchor, p + vx.after], 1.0, true),
            LoopSide::Tail => ([centre + vx.len / 2.0, p], 1.0, false),
            LoopSide::Lead => ([centre - vx.len / 2.0, p], -1.0, false),
        };
        // A point `s` along the side and `d` out of it.
        let at = |s: f64, d: f64| {
            if along_u {
                [m_u + s, m_v + out * d]
            } else {
                [m_u + out * d, m_v + s]
            }
        };
        let pts = vec![
            at(l.legs[0], 0.0),
            at(l.legs[0], l.out),
            at(l.legs[1], l.out),
            at(l.legs[1], 0.0),
        ];
        drawn.paths.push((l.edge, pts, false));
        if let Some(b) = l.label {
            let (p0, p1) = (at(b[0], b[2]), at(b[1], b[3]));
            drawn.loop_labels.push((
                l.edge,
                [
                    p0[0].min(p1[0]),
                    p0[0].max(p1[0]),
                    p0[1].min(p1[1]),
                    p0[1].max(p1[1]),
                ],
            ));
        }
    }
}
