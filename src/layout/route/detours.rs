//! Detour lanes: edges the layering cannot carry go round the drawing.
//!
//! In: the detour edges (sorted), the columns, the placement, and every
//! polyline drawn so far. Out: for each detour, a polyline out of its
//! source along the flow into the middle of the next channel (or the room
//! after the last column), across to a lane of its own beyond everything
//! drawn so far across the flow, along the lane, and back in the same way
//! into its target; its label above the middle of its lane. Also the
//! lowest cross coordinate of the drawing before the lanes, which bounds
//! the page.

use super::columns::{Columns, LANE_GAP};
use super::{simplify, Drawn, Input};
use crate::layout::heads::TOUCH;
use crate::layout::layered::VKind;
use crate::layout::measure;
use crate::layout::spacing::{LABEL_GAP, PORT_STEP};
use crate::model::Endpoint;
use std::collections::HashMap;

/// Detour lanes, one after another away from the drawing.
pub(super) fn draw(input: &Input, columns: &Columns, detours: &[usize], drawn: &mut Drawn) {
    let horizontal = input.horizontal();
    let v_min = extent_across(input, drawn);
    drawn.v_min = v_min;
    let lane_label_h = detours
        .iter()
        .filter_map(|&e| {
            input.sizes.edge_labels[e]
                .as_ref()
                .map(|l| if horizontal { l.h } else { l.w })
        })
        .fold(0.0, f64::max);
    let lane_step = LANE_GAP + lane_label_h;
    // Detours drawn so far out of (into) each end: a later one, on a lane
    // further out, nests round them.
    let mut nested: HashMap<(Endpoint, bool), f64> = HashMap::new();
    for (k, &e) in detours.iter().enumerate() {
        let edge = &input.diagram.edges[e];
        let lane = v_min - lane_step * (k as f64 + 1.0);
        let (su, sv, out_u) = nest(
            &mut nested,
            lane_end(input, columns, edge.from, true),
            (edge.from, true),
            &drawn.paths,
        );
        let (tu, tv, in_u) = nest(
            &mut nested,
            lane_end(input, columns, edge.to, false),
            (edge.to, false),
            &drawn.paths,
        );
        let pts = vec![
            [su, sv],
            [out_u, sv],
            [out_u, lane],
            [in_u, lane],
            [in_u, tv],
            [tu, tv],
        ];
        if let Some(l) = input.sizes.edge_labels[e].as_ref() {
            let (lu, lv) = if horizontal { (l.w, l.h) } else { (l.h, l.w) };
            let mid = (out_u + in_u) / 2.0;
            drawn.lane_labels.push((
                e,
                [
                    mid - lu / 2.0,
                    mid + lu / 2.0,
                    lane - LABEL_GAP - lv,
                    lane - LABEL_GAP,
                ],
            ));
        }
        drawn.paths.push((e, simplify(pts), false));
    }
}

/// The lowest cross coordinate of every box, group and polyline so far (0
/// for an empty drawing).
fn extent_across(input: &Input, drawn: &Drawn) -> f64 {
    let (graph, cross) = (input.graph, input.cross);
    let mut v_min = f64::INFINITY;
    for (v, vx) in graph.vertices.iter().enumerate() {
        if !matches!(vx.kind, VKind::Dummy | VKind::Filler) {
            v_min = v_min.min(cross.port[v] - vx.reach_before());
        }
    }
    for g in 0..graph.span.len() {
        v_min = v_min.min(cross.group_low[g]);
    }
    for (_, pts, _) in &drawn.paths {
        for p in pts {
            v_min = v_min.min(p[1]);
        }
    }
    if !v_min.is_finite() {
        v_min = 0.0;
    }
    v_min
}

/// A detour's end (`lane_end`) moved round the detours drawn before at the
/// same end and side: `PORT_STEP / 2` further from the lanes and from the
/// box per earlier one, so that their runs nest without sharing a line or
/// an arrowhead, and, at a node, further still past the ends of other
/// edges drawn there (an arrowhead on another edge's end reads as one
/// shared head); no
/// further than the room beside the turn (`room`) and, at a node, than the
/// icon's side reaches.
fn nest(
    nested: &mut HashMap<(Endpoint, bool), f64>,
    (u, v, turn, room): (f64, f64, f64, f64),
    (end, leaving): (Endpoint, bool),
    drawn: &[super::Path],
) -> (f64, f64, f64) {
    let step = PORT_STEP / 2.0;
    let (reach, at_node) = match end {
        Endpoint::Node(_) => (room.min(measure::ICON / 2.0 - 4.0), true),
        Endpoint::Group(_) => (room, false),
    };
    let taken = |d: f64| {
        at_node
            && drawn.iter().any(|(_, pts, _)| {
                [pts.first(), pts.last()]
                    .into_iter()
                    .flatten()
                    .any(|p| (p[0] - u).abs() < 0.5 && (p[1] - (v + d)).abs() <= TOUCH)
            })
    };
    let next = nested.entry((end, leaving)).or_insert(0.0);
    let mut d = next.min(reach);
    while taken(d) && d + step <= reach {
        d += step;
    }
    *next = d + step;
    let out = if leaving { 1.0 } else { -1.0 };
    (u, v + d, turn + out * d)
}

/// Where a detour leaves its source (`leaving`) or reaches its target:
/// the end (start) of that box along the flow, its port across it,
/// where the run turns towards (comes from) the lane: the middle of the
/// channel after (before) it, or the room after the last column (before
/// the first), and how far the turn may move away from the box there.
fn lane_end(
    input: &Input,
    columns: &Columns,
    end: Endpoint,
    leaving: bool,
) -> (f64, f64, f64, f64) {
    let (u, v, (first, last)) = match end {
        Endpoint::Node(i) => {
            let r = input.graph.vertices[i].rank;
            (columns.vertex_u(input, i), input.cross.port[i], (r, r))
        }
        Endpoint::Group(g) => {
            let (lo, hi) = input.group_range(g);
            (
                columns.group_u(input, g),
                (lo + hi) / 2.0,
                input.graph.span[g],
            )
        }
    };
    let edge_room = LANE_GAP - 4.0;
    let channel_room = |r: usize| columns.channel[r] / 2.0 - 4.0;
    let (turn, room) = if leaving {
        if last + 1 < input.n_ranks() {
            (columns.channel_middle(last), channel_room(last))
        } else {
            (columns.last_u() - LANE_GAP, edge_room)
        }
    } else if first > 0 {
        (columns.channel_middle(first - 1), channel_room(first - 1))
    } else {
        (LANE_GAP, edge_room)
    };
    (if leaving { u.1 } else { u.0 }, v, turn, room.max(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A detour into a node whose port another edge already leaves takes
    /// the next free place on the side (its arrowhead would sit on the
    /// other edge's start), and a second detour nests past the first; a
    /// detour into a group's border is only nested.
    #[test]
    fn a_detour_end_steps_past_other_edges_ends_at_a_node() {
        let chain_end: super::super::Path = (0, vec![[100.0, 50.0], [60.0, 50.0]], false);
        let drawn = vec![chain_end];
        let mut nested = HashMap::new();
        let end = (100.0, 50.0, 130.0, 20.0);
        let first = nest(&mut nested, end, (Endpoint::Node(3), false), &drawn);
        assert_eq!(first, (100.0, 55.0, 125.0));
        let second = nest(&mut nested, end, (Endpoint::Node(3), false), &drawn);
        assert_eq!(second, (100.0, 60.0, 120.0));
        let border = nest(&mut nested, end, (Endpoint::Group(1), false), &drawn);
        assert_eq!(border, (100.0, 50.0, 130.0));
    }
}
