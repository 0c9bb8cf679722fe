//! Which side of its group a border node goes on.
//!
//! In: a finished layout of the engine view, a border node and its `on`
//! group. Out: the side it takes ([`side_of`]): the one facing its outside
//! neighbours, a tie going to the side the flow enters by; a side along
//! the flow that would point an edge backwards, or a side across it whose
//! spot is taken or straddled, is passed over.

use crate::layout::insert::Axis;
use crate::layout::measure::ICON;
use crate::layout::{Layout, Rect};
use crate::model::{Diagram, Direction, Endpoint};

use super::geometry::{along, axis_of, centre, group_rect, wall, wall_straddled};
use super::SPREAD_GAP;

/// The side of group `g` that border node `n` goes on: the axis across
/// that border and whether its outside lies at larger coordinates.
///
/// Each of the node's neighbours outside the group votes for the side it
/// lies beyond (the one it is furthest past); the most votes win, along
/// the flow or across it, and a tie goes to the side the flow enters by
/// when that side is among the tied. A side along the flow that would put
/// the node before a neighbour inside that precedes it, or after one that
/// follows it, breaks guarantee 7: its votes go to the side across the
/// flow nearer the node (where it keeps its place along the flow).
/// A side across the flow where another node straddles the border (the
/// band opened there would tear its edges off) is not taken. A node with
/// no outside neighbour takes the side along the flow the engine put it
/// nearer, or, mid-way, the entry side.
pub(super) fn side_of(diagram: &Diagram, layout: &Layout, n: usize, g: usize) -> (Axis, bool) {
    let dir = diagram.direction;
    let flow = axis_of(dir);
    let across = match flow {
        Axis::X => Axis::Y,
        Axis::Y => Axis::X,
    };
    let gr = group_rect(layout, g);
    let inside = |end: Endpoint| match end {
        Endpoint::Node(i) => diagram.nodes[i]
            .group
            .is_some_and(|h| diagram.group_ancestors(h).any(|a| a == g)),
        Endpoint::Group(h) => diagram.group_ancestors(h).any(|a| a == g),
    };
    let entry = (flow, matches!(dir, Direction::Left | Direction::Up));
    let exit = (flow, !entry.1);
    let (mut after_inside, mut before_inside) = (false, false);
    for e in diagram
        .edges
        .iter()
        .filter(|e| e.constraint && e.from != e.to)
    {
        let (a, b) = e.rank_ends();
        after_inside |= b == Endpoint::Node(n) && inside(a);
        before_inside |= a == Endpoint::Node(n) && inside(b);
    }
    let allowed = |side: (Axis, bool)| {
        let against_flow = side == entry && after_inside || side == exit && before_inside;
        let crowded = side.0 == across
            && (wall_straddled(layout, g, side, &[n]) || spot_taken(layout, n, g, side));
        !(against_flow || crowded)
    };
    let across_towards = |c: [f64; 2]| (across, along(c, across) > along(centre(&gr), across));
    // Votes per side: left, right, top, bottom.
    let sides = [
        (Axis::X, false),
        (Axis::X, true),
        (Axis::Y, false),
        (Axis::Y, true),
    ];
    let mut votes = [0usize; 4];
    for e in &diagram.edges {
        let other = if e.from == Endpoint::Node(n) {
            e.to
        } else if e.to == Endpoint::Node(n) {
            e.from
        } else {
            continue;
        };
        if other == Endpoint::Node(n) || inside(other) {
            continue;
        }
        let c = match other {
            Endpoint::Node(i) => centre(&layout.nodes[i].rect),
            Endpoint::Group(h) => centre(&group_rect(layout, h)),
        };
        let past = [
            gr.x - c[0],
            c[0] - gr.right(),
            gr.y - c[1],
            c[1] - gr.bottom(),
        ];
        let (best, far) =
            past.iter().enumerate().fold(
                (0, f64::NEG_INFINITY),
                |b, (i, &d)| if d > b.1 { (i, d) } else { b },
            );
        let mut side = sides[best];
        if far <= 0.0 {
            continue;
        }
        if !allowed(side) {
            side = across_towards(centre(&layout.nodes[n].icon_box));
        }
        if let Some(k) = sides.iter().position(|&s| s == side && allowed(s)) {
            votes[k] += 1;
        }
    }
    let most = votes.iter().copied().max().unwrap_or(0);
    if most > 0 {
        let tied: Vec<(Axis, bool)> = (0..4)
            .filter(|&i| votes[i] == most)
            .map(|i| sides[i])
            .collect();
        if tied.contains(&entry) {
            return entry;
        }
        return tied
            .iter()
            .copied()
            .find(|s| s.0 == flow)
            .unwrap_or(tied[0]);
    }
    let near = along_side(diagram, layout, n, g);
    let icon_c = centre(&layout.nodes[n].icon_box);
    let across_near = across_towards(icon_c);
    [near, (flow, !near.1), across_near, (across, !across_near.1)]
        .into_iter()
        .find(|&s| allowed(s))
        .unwrap_or(near)
}

/// True when the place node `n` would take on side `side` of group `g`
/// (its icon on the border where it now lies along it, with a gap around)
/// is crossed by an edge of other nodes or covers another node or a
/// title: a band opened there would not clear them.
pub(super) fn spot_taken(layout: &Layout, n: usize, g: usize, side: (Axis, bool)) -> bool {
    let at = wall(layout, g, side);
    let icon = layout.nodes[n].icon_box;
    let half = ICON / 2.0 + SPREAD_GAP;
    let spot = match side.0 {
        Axis::X => Rect {
            x: at - half,
            y: icon.y - SPREAD_GAP,
            w: 2.0 * half,
            h: icon.h + 2.0 * SPREAD_GAP,
        },
        Axis::Y => Rect {
            x: icon.x - SPREAD_GAP,
            y: at - half,
            w: icon.w + 2.0 * SPREAD_GAP,
            h: 2.0 * half,
        },
    };
    let id = &layout.nodes[n].id;
    let edges = layout
        .edges
        .iter()
        .filter(|e| &e.from != id && &e.to != id)
        .any(|e| e.points.windows(2).any(|s| spot.passed_by(s[0], s[1])));
    let nodes = layout
        .nodes
        .iter()
        .enumerate()
        .any(|(i, b)| i != n && b.rect.overlaps(&spot, 0.5));
    let titles = layout.groups.iter().any(|b| b.title.overlaps(&spot, 0.5));
    edges || nodes || titles
}

/// The side along the flow that border node `n` of group `g` lies nearer
/// (mid-way: the side the flow enters by).
pub(super) fn along_side(diagram: &Diagram, layout: &Layout, n: usize, g: usize) -> (Axis, bool) {
    let dir = diagram.direction;
    let flow = axis_of(dir);
    let mid = along(centre(&group_rect(layout, g)), flow);
    let at = along(centre(&layout.nodes[n].icon_box), flow);
    if (at - mid).abs() <= 1.0 {
        (flow, matches!(dir, Direction::Left | Direction::Up))
    } else {
        (flow, at > mid)
    }
}
