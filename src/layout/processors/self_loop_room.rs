//! Processor: room for self-loops. A node with self-loops keeps room
//! outside its box on the sides across the flow that its loops stand on
//! (the router keeps the room for loops at its end or start along it).
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
        let free = [true, false].map(|tail| end_free(graph, diagram, node, tail));
        for (at, side, _) in loop_sides(diagram, &edges, graph.horizontal, rooms, free) {
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
            // Loops at the node's end or start stay within its icon across
            // the flow; the router keeps room after (before) its column.
            let v = &mut graph.vertices[node];
            match at {
                LoopSide::After => v.room_after = room,
                LoopSide::Before => v.room_before = room,
                LoopSide::Tail | LoopSide::Lead => {}
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
            Arrow::Forward | Arrow::Back => 1,
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
        Arrow::Back => !start,
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
    /// Along the flow, at the node's start (before its column, in the room
    /// kept there): only where none of the node's edges arrives.
    Lead,
}

/// How far from the middle of a side its loops' legs may stand at most:
/// on the icon, `SELF_LOOP_ROOM`; at its end or start along the flow, 2
/// less, so that a head there stays clear of the outermost loop of the
/// side across the flow round the corner.
fn widest_room(side: LoopSide) -> f64 {
    match side {
        LoopSide::Before | LoopSide::After => SELF_LOOP_ROOM,
        LoopSide::Tail | LoopSide::Lead => SELF_LOOP_ROOM - 2.0,
    }
}

/// How far from the middle of each side (`Before`, `After`, `Tail`,
/// `Lead`) a node's loops would rather stand: `SELF_LOOP_ROOM` on the
/// icon; on the label (below a node in left-right flows, at its end going
/// down and at its start going up, before the flow is mirrored), within
/// the label's width (the ends meet its text box, and no leg runs up
/// beside the label, where the label's own edges may end).
pub fn side_rooms(sizes: &Sizes, node: usize, horizontal: bool, direction: Direction) -> [f64; 4] {
    let lines = &sizes.nodes[node].lines;
    let label = crate::text::widest(lines, LABEL_SIZE);
    let within = if label > 0.0 {
        (label / 2.0 - 2.0).clamp(LEG_STEP / 2.0, SELF_LOOP_ROOM)
    } else {
        SELF_LOOP_ROOM
    };
    let on_label = |yes: bool, side: LoopSide| {
        if yes {
            within.min(widest_room(side))
        } else {
            widest_room(side)
        }
    };
    [
        SELF_LOOP_ROOM,
        on_label(horizontal, LoopSide::After),
        on_label(!horizontal && direction == Direction::Down, LoopSide::Tail),
        on_label(!horizontal && direction == Direction::Up, LoopSide::Lead),
    ]
}

/// Whether none of `node`'s edges but its self-loops meets its end along
/// the flow (`tail`) or its start: every other edge is a layered chain
/// that arrives from a rank before it (leaves for a rank after it), and
/// the node sits on no group's border.
pub fn end_free(graph: &Graph, diagram: &Diagram, node: usize, tail: bool) -> bool {
    let at = Endpoint::Node(node);
    let others = diagram
        .edges
        .iter()
        .filter(|e| e.from != e.to && (e.from == at || e.to == at))
        .count();
    let v = End::Vertex(node);
    let away = graph
        .chains
        .iter()
        .filter(|c| {
            if tail {
                c.high == v && c.low != v
            } else {
                c.low == v && c.high != v
            }
        })
        .count();
    diagram.nodes[node].on.is_none() && others == away
}

/// The sides a node's loops stand on, the loops on each (in the order of
/// [`loops_by_node`]) and how far from the side's middle their legs
/// stand: its room from [`side_rooms`] where the loops' legs stay apart
/// within it, else `SELF_LOOP_ROOM` (on the icon, past a narrow label).
/// Every loop stands on the first side (the top in left-right flows, where
/// no label is; the right in top-down ones) while they nest there at ease;
/// more are cut in parts, the inner part there and the next on the
/// opposite side across the flow (the sides along the flow carry the
/// node's other edges), then, while the sides so far do not hold their
/// legs apart, on the node's end and start along the flow where `free`
/// ([`end_free`], tail then lead): the fewest sides that hold them, each
/// cut so that the most legs stay apart, then loops of one label stay on
/// one side, then parts are most even.
pub fn loop_sides<'a>(
    diagram: &Diagram,
    edges: &'a [usize],
    horizontal: bool,
    rooms: [f64; 4],
    free: [bool; 2],
) -> Vec<(LoopSide, &'a [usize], f64)> {
    let mut sides = if horizontal {
        vec![LoopSide::Before, LoopSide::After]
    } else {
        vec![LoopSide::After, LoopSide::Before]
    };
    let room = |part: &[usize], side: LoopSide| {
        let preferred = rooms[side as usize];
        let needed = slot_count(&leg_slots(diagram, part));
        if needed <= slots_held(preferred) {
            preferred
        } else {
            widest_room(side)
        }
    };
    let n = edges.len();
    if nest_at_ease(n) {
        return vec![(sides[0], edges, room(edges, sides[0]))];
    }
    let label = |k: usize| &diagram.edges[edges[k]].label;
    sides.extend(
        [(LoopSide::Tail, free[0]), (LoopSide::Lead, free[1])]
            .into_iter()
            .filter_map(|(s, f)| f.then_some(s)),
    );
    // The slots of every run `i..j` of loops.
    let mut needed = vec![vec![0usize; n + 1]; n + 1];
    for (i, row) in needed.iter_mut().enumerate() {
        for (j, cell) in row.iter_mut().enumerate().skip(i + 1) {
            *cell = slot_count(&leg_slots(diagram, &edges[i..j]));
        }
    }
    let key = |cuts: &[usize]| {
        let bounds: Vec<usize> = std::iter::once(0)
            .chain(cuts.iter().copied())
            .chain([n])
            .collect();
        let spilled: usize = bounds
            .windows(2)
            .zip(&sides)
            .map(|(w, &side)| needed[w[0]][w[1]].saturating_sub(slots_held(widest_room(side))))
            .sum();
        let splits = cuts
            .iter()
            .filter(|&&c| label(c).is_some() && label(c) == label(c - 1))
            .count();
        let lens = bounds.windows(2).map(|w| w[1] - w[0]);
        let uneven = lens.clone().max().unwrap_or(0) - lens.min().unwrap_or(0);
        (spilled, splits, uneven)
    };
    let mut best: Option<Vec<usize>> = None;
    for k in 2..=sides.len().min(n) {
        let cuts = best_cuts(n, k - 1, &key);
        if best.as_ref().is_none_or(|b| key(&cuts).0 < key(b).0) {
            best = Some(cuts);
        }
        if best.as_ref().is_some_and(|b| key(b).0 == 0) {
            break;
        }
    }
    let cuts = best.unwrap_or_default();
    let bounds: Vec<usize> = std::iter::once(0).chain(cuts).chain([n]).collect();
    bounds
        .windows(2)
        .zip(sides)
        .map(|(w, side)| {
            let part = &edges[w[0]..w[1]];
            (side, part, room(part, side))
        })
        .collect()
}

/// The `k` cut points in `1..n`, increasing, that `key` rates lowest (the
/// first such in lexicographic order).
fn best_cuts<K: Ord>(n: usize, k: usize, key: &dyn Fn(&[usize]) -> K) -> Vec<usize> {
    fn walk<K: Ord>(
        n: usize,
        k: usize,
        cuts: &mut Vec<usize>,
        key: &dyn Fn(&[usize]) -> K,
        best: &mut Option<(K, Vec<usize>)>,
    ) {
        if cuts.len() == k {
            let rated = key(cuts);
            if best.as_ref().is_none_or(|(b, _)| rated < *b) {
                *best = Some((rated, cuts.clone()));
            }
            return;
        }
        let from = cuts.last().map_or(1, |&c| c + 1);
        for c in from..n {
            cuts.push(c);
            walk(n, k, cuts, key, best);
            cuts.pop();
        }
    }
    let mut best = None;
    walk(n, k, &mut Vec::new(), key, &mut best);
    best.map(|(_, cuts)| cuts).unwrap_or_default()
}
