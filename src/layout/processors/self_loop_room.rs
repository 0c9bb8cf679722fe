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

use crate::layout::layered::{End, Graph};
use crate::layout::measure::{Sizes, ICON, LABEL_SIZE};
use crate::layout::spacing::{SELF_LOOP_HALF, SELF_LOOP_LABEL_GAP, SELF_LOOP_NEST, SELF_LOOP_OUT};
use crate::model::{Arrow, Diagram, Direction, Endpoint};

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
        let rooms = side_rooms(sizes, node, graph.horizontal, diagram.direction);
        let tail = tail_free(graph, diagram, node);
        for (at, side, _) in loop_sides(diagram, &edges, graph.horizontal, rooms, tail) {
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
            // Loops at the node's end stay within its icon across the flow;
            // the router keeps room after its column for them.
            let v = &mut graph.vertices[node];
            match at {
                LoopSide::After => v.room_after = room,
                LoopSide::Before => v.room_before = room,
                LoopSide::Tail => {}
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
    for edges in by_node
        .values_mut()
        .filter(|edges| !nest_at_ease(edges.len()))
    {
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

/// A side of its node that a self-loop stands on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoopSide {
    /// Across the flow, before the port line: above the node in left-right
    /// flows, left of it in top-down ones.
    Before,
    /// Across the flow, after it: below the node, or right of it.
    After,
    /// Along the flow, at the node's end (after its column, where the room
    /// each column keeps after it takes the loops): only where none of the
    /// node's edges leaves.
    Tail,
}

/// How far from the middle of each side (`Before`, `After`, `Tail`) a
/// node's loops would rather stand: `SELF_LOOP_ROOM` on the icon; on the
/// label (below a node in left-right flows, at the end of one in flows
/// going down), within the label's width (the ends meet its text box, and
/// no leg runs up beside the label, where the label's own edges may end).
pub fn side_rooms(sizes: &Sizes, node: usize, horizontal: bool, direction: Direction) -> [f64; 3] {
    let lines = &sizes.nodes[node].lines;
    let label = crate::text::widest(lines, LABEL_SIZE);
    let within = if label > 0.0 {
        (label / 2.0 - 2.0).clamp(LEG_STEP / 2.0, SELF_LOOP_ROOM)
    } else {
        SELF_LOOP_ROOM
    };
    let down = !horizontal && direction == Direction::Down;
    [
        SELF_LOOP_ROOM,
        if horizontal { within } else { SELF_LOOP_ROOM },
        if down { within } else { SELF_LOOP_ROOM },
    ]
}

/// Whether no edge of `node` but its self-loops leaves its end along the
/// flow: every other edge is a layered chain that arrives from a rank
/// before it (the node sits on no group's border).
pub fn tail_free(graph: &Graph, diagram: &Diagram, node: usize) -> bool {
    let at = Endpoint::Node(node);
    let others = diagram
        .edges
        .iter()
        .filter(|e| e.from != e.to && (e.from == at || e.to == at))
        .count();
    let arriving = graph
        .chains
        .iter()
        .filter(|c| c.high == End::Vertex(node) && c.low != End::Vertex(node))
        .count();
    diagram.nodes[node].on.is_none() && others == arriving
}

/// The sides a node's loops stand on, the loops on each (in the order of
/// [`loops_by_node`]) and how far from the side's middle their legs
/// stand: its room from [`side_rooms`] where the loops' legs stay apart
/// within it, else `SELF_LOOP_ROOM` (on the icon, past a narrow label).
/// Every loop stands on the first side (the top in left-right flows, where
/// no label is; the right in top-down ones) while they nest there at ease;
/// more are cut in two, the inner part there and the rest on the opposite
/// side across the flow (the sides along the flow carry the node's other
/// edges), or in three, the last part at the node's end, when two sides
/// do not hold their legs apart and that end is `tail_free`: the cut that
/// leaves every side's legs apart, then keeps loops of one label on one
/// side, then splits most evenly.
pub fn loop_sides<'a>(
    diagram: &Diagram,
    edges: &'a [usize],
    horizontal: bool,
    rooms: [f64; 3],
    tail_free: bool,
) -> Vec<(LoopSide, &'a [usize], f64)> {
    let (first, second) = if horizontal {
        (LoopSide::Before, LoopSide::After)
    } else {
        (LoopSide::After, LoopSide::Before)
    };
    let room = |part: &[usize], side: LoopSide| {
        let preferred = rooms[side as usize];
        let needed = slot_count(&leg_slots(diagram, part));
        if needed <= slots_held(preferred) {
            preferred
        } else {
            SELF_LOOP_ROOM
        }
    };
    let n = edges.len();
    if nest_at_ease(n) {
        return vec![(first, edges, room(edges, first))];
    }
    let label = |k: usize| &diagram.edges[edges[k]].label;
    let over = |part: &[usize]| {
        let needed = slot_count(&leg_slots(diagram, part));
        needed.saturating_sub(slots_held(SELF_LOOP_ROOM))
    };
    // Cuts `c0 <= c1`: the parts `..c0`, `c0..c1`, `c1..` (the last empty
    // for two sides).
    let key = |&(c0, c1): &(usize, usize)| {
        let parts = [&edges[..c0], &edges[c0..c1], &edges[c1..]];
        let splits = [c0, c1]
            .iter()
            .filter(|&&c| c > 0 && c < n && label(c).is_some() && label(c) == label(c - 1))
            .count();
        let sizes = parts.map(<[usize]>::len);
        let uneven = sizes.iter().max().unwrap_or(&0)
            - sizes[..2 + usize::from(c1 < n)].iter().min().unwrap_or(&0);
        (parts.iter().map(|p| over(p)).sum::<usize>(), splits, uneven)
    };
    let two = (1..n).map(|c| (c, n)).min_by_key(key).unwrap_or((n, n));
    let three = (1..n)
        .flat_map(|c0| (c0 + 1..n).map(move |c1| (c0, c1)))
        .min_by_key(key);
    let (c0, c1) = match three {
        Some(cuts) if tail_free && key(&two).0 > 0 => cuts,
        _ => two,
    };
    let mut out = vec![];
    for (side, part) in [
        (first, &edges[..c0]),
        (second, &edges[c0..c1]),
        (LoopSide::Tail, &edges[c1..]),
    ] {
        if !part.is_empty() {
            out.push((side, part, room(part, side)));
        }
    }
    out
}
