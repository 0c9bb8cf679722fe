//! Processor: room for self-loops. A node with self-loops keeps room
//! outside its box on the sides across the flow that its loops stand on.
//!
//! In: the graph's self-loops (set aside by long-edge splitting) and the
//! measured label sizes. Out: every node with self-loops reaches
//! `room_before` further (above its top in left-right flows, left of it in
//! top-down ones) and/or `room_after` further (below it, or right of it),
//! for the nested loops and their labels beside them, so that placement
//! keeps neighbours and group borders clear of them. Which loops stand on
//! which side is decided here once ([`loop_sides`]) and drawn by the
//! router.

use crate::layout::layered::Graph;
use crate::layout::measure::{Sizes, ICON, LABEL_SIZE};
use crate::layout::spacing::{SELF_LOOP_HALF, SELF_LOOP_LABEL_GAP, SELF_LOOP_NEST, SELF_LOOP_OUT};
use crate::model::{Arrow, Diagram, Endpoint};

/// How far from the middle of its side a loop's legs may stand: they meet
/// the icon, 2 units in from its corners.
pub const SELF_LOOP_ROOM: f64 = ICON / 2.0 - 2.0;
/// The closest two legs of nested loops stand (an arrowhead closer than 3
/// units to another line touches it, readability.py), and the farthest
/// apart they stand when a side holds more loops than nest there at ease.
pub const LEG_STEP: f64 = 3.5;
pub const LEG_STEP_WIDE: f64 = 6.0;

/// Self-loops of one node nest around each other on the sides of the node
/// across the flow ([`loop_sides`]), their labels beside them: the node
/// keeps room there, outside its box, that neighbours and group borders
/// stay clear of.
pub fn make_room(graph: &mut Graph, diagram: &Diagram, sizes: &Sizes) {
    for (node, edges) in loops_by_node(graph, diagram) {
        let rooms = side_rooms(sizes, node, graph.horizontal);
        for (after, side, _) in loop_sides(diagram, &edges, graph.horizontal, rooms) {
            let (mut stack, mut widest) = (0.0f64, 0.0f64);
            // Loops of one label show it once (shared_labels).
            let mut seen = std::collections::HashSet::new();
            for &e in side {
                let text = diagram.edges[e].label.as_deref();
                if let (Some(l), true) = (sizes.edge_labels[e].as_ref(), seen.insert(text)) {
                    stack += l.h + SELF_LOOP_LABEL_GAP;
                    widest = widest.max(l.w);
                }
            }
            let outermost = SELF_LOOP_OUT + SELF_LOOP_NEST * (side.len() as f64 - 1.0);
            let room = if graph.horizontal {
                // Labels stack outwards beside the loops.
                outermost.max(stack + 2.0) + 4.0
            } else {
                // Labels follow the outermost loop.
                let label = if widest > 0.0 { 6.0 + widest } else { 0.0 };
                outermost + label + 4.0
            };
            let v = &mut graph.vertices[node];
            if after {
                v.room_after = room;
            } else {
                v.room_before = room;
            }
        }
    }
}

/// Every node with self-loops (by index) and its loops, in the order they
/// nest (innermost first): file order while they nest at ease; more by
/// line style, then headless loops before those with one head and those
/// with two, so that neighbours can share legs ([`leg_slots`]), then
/// those of one label text together, in file order.
pub fn loops_by_node(graph: &Graph, diagram: &Diagram) -> Vec<(usize, Vec<usize>)> {
    let mut by_node: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for &e in &graph.self_loops {
        if let Endpoint::Node(i) = diagram.edges[e].from {
            by_node.entry(i).or_default().push(e);
        }
    }
    for edges in by_node.values_mut().filter(|edges| !nest_at_ease(edges.len())) {
        let first_of = |e: usize| {
            let label = &diagram.edges[e].label;
            let same = |&f: &usize| label.is_some() && diagram.edges[f].label == *label;
            edges.iter().position(same).unwrap_or(usize::MAX)
        };
        let heads = |e: usize| match diagram.edges[e].arrow {
            Arrow::None => 0,
            Arrow::Forward => 1,
            Arrow::Both => 2,
        };
        let keys: Vec<_> = edges
            .iter()
            .enumerate()
            .map(|(k, &e)| {
                (
                    diagram.edges[e].style as u8,
                    heads(e),
                    first_of(e).min(k),
                    k,
                )
            })
            .collect();
        let mut order: Vec<usize> = (0..edges.len()).collect();
        order.sort_by_key(|&k| keys[k]);
        *edges = order.into_iter().map(|k| edges[k]).collect();
    }
    by_node.into_iter().collect()
}

/// Whether `count` loops nest on one side at their natural spacing
/// (`SELF_LOOP_NEST` apart, the innermost `SELF_LOOP_HALF` wide each way).
pub fn nest_at_ease(count: usize) -> bool {
    SELF_LOOP_HALF + SELF_LOOP_NEST / 2.0 * (count.max(1) as f64 - 1.0) <= SELF_LOOP_ROOM
}

/// Whether two loops nested next to each other may share their legs at
/// their start (`start`) or at their end: neither carries an arrowhead
/// there and both have one line style (one trunk of two edges with the
/// same ends and style hides nothing).
fn legs_join(diagram: &Diagram, a: usize, b: usize, start: bool) -> bool {
    let headless = |e: usize| match diagram.edges[e].arrow {
        Arrow::None => true,
        Arrow::Forward => start,
        Arrow::Both => false,
    };
    diagram.edges[a].style == diagram.edges[b].style && headless(a) && headless(b)
}

/// The leg slots of one side's loops, given innermost first: per loop, its
/// start leg's slot counted from the side's start end and its end leg's
/// slot counted from the other end, outermost loops at the ends; a loop
/// takes its outer neighbour's slot where their legs join.
pub fn leg_slots(diagram: &Diagram, edges: &[usize]) -> Vec<[usize; 2]> {
    let mut slots = vec![[0usize; 2]; edges.len()];
    for j in (0..edges.len().saturating_sub(1)).rev() {
        for (k, start) in [(0, true), (1, false)] {
            let own = !legs_join(diagram, edges[j], edges[j + 1], start);
            slots[j][k] = slots[j + 1][k] + usize::from(own);
        }
    }
    slots
}

/// How many slots apart a side's loops take ([`leg_slots`]).
pub fn slot_count(slots: &[[usize; 2]]) -> usize {
    slots.first().map_or(0, |s| s[0] + s[1] + 2)
}

/// The most slots a side `room` each way from its middle holds
/// `LEG_STEP` apart or more.
fn slots_held(room: f64) -> usize {
    (2.0 * room / LEG_STEP).floor() as usize + 1
}

/// How far from the middle of each side across the flow (before the port
/// line, after it) a node's loops would rather stand: `SELF_LOOP_ROOM` on
/// the icon; below a node in left-right flows, on its label and within
/// the label's width (the ends meet its text box, and no leg runs up
/// beside the label, where the label's own edges may end).
pub fn side_rooms(sizes: &Sizes, node: usize, horizontal: bool) -> [f64; 2] {
    let lines = &sizes.nodes[node].lines;
    let label = crate::text::widest(lines, LABEL_SIZE);
    if horizontal && label > 0.0 {
        let within = (label / 2.0 - 2.0).clamp(LEG_STEP / 2.0, SELF_LOOP_ROOM);
        [SELF_LOOP_ROOM, within]
    } else {
        [SELF_LOOP_ROOM; 2]
    }
}

/// The sides across the flow a node's loops stand on, the loops on each
/// (in the order of [`loops_by_node`]) and how far from the side's middle
/// their legs stand: `true` for the side after the port line (below in
/// left-right flows, right in top-down ones), its room from
/// [`side_rooms`] where the loops' legs stay apart within it, else
/// `SELF_LOOP_ROOM` (on the icon, past a narrow label).
/// Every loop stands on the first side (the top in left-right flows, where
/// no label is; the right in top-down ones) while they nest there at ease;
/// more are cut in two, the inner part there and the rest on the opposite
/// side (the sides along the flow carry the node's other edges): the cut
/// that leaves both sides' legs apart, then keeps loops of one label on
/// one side, then splits most evenly.
pub fn loop_sides<'a>(
    diagram: &Diagram,
    edges: &'a [usize],
    horizontal: bool,
    rooms: [f64; 2],
) -> Vec<(bool, &'a [usize], f64)> {
    let first = !horizontal;
    let n = edges.len();
    let room = |part: &[usize], after: bool| {
        let preferred = rooms[usize::from(after)];
        let needed = slot_count(&leg_slots(diagram, part));
        if needed <= slots_held(preferred) {
            preferred
        } else {
            SELF_LOOP_ROOM
        }
    };
    if nest_at_ease(n) {
        return vec![(first, edges, room(edges, first))];
    }
    let label = |k: usize| &diagram.edges[edges[k]].label;
    let over = |part: &[usize]| {
        let needed = slot_count(&leg_slots(diagram, part));
        needed.saturating_sub(slots_held(SELF_LOOP_ROOM))
    };
    let cut = (1..n)
        .min_by_key(|&c| {
            let (a, b) = edges.split_at(c);
            let parts_label = label(c).is_some() && label(c) == label(c - 1);
            (over(a) + over(b), parts_label, c.abs_diff(n.div_ceil(2)))
        })
        .unwrap_or(n);
    let (a, b) = edges.split_at(cut);
    vec![(first, a, room(a, first)), (!first, b, room(b, !first))]
}
