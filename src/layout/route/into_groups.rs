//! Edges into groups: edges between a group and a node (or group) that it
//! holds, or that lies beside it in the same ranks.
//!
//! In: the graph's inner edges (a group and what it holds) and side edges
//! (a group and something beside it), the group spans, the placement, the
//! columns and the titles' extents. Out: the plan ([`EdgesIntoGroups`]: a
//! route per edge, which side edges must go round as detours instead, and
//! the room their labels need in each channel) and then their polylines:
//! out of the held end along the flow, then across to the holder's border
//! in a channel inside the holder (or through its padding), clear of the
//! titles on the way; labels beside the run next to the held end, stacked
//! where several meet one end.

use super::clash::clashes;
use super::columns::Columns;
use super::titles::title_extent;
use super::{simplify, Drawn, Input};
use crate::layout::layered::End;
use crate::layout::measure;
use crate::layout::spacing::{PORT_STEP, TITLE_CLEAR, TITLE_INSET};
use crate::model::Endpoint;
use std::collections::HashMap;

/// An edge between a node (or group) and a group that holds it.
pub(super) struct InnerRoute {
    edge: usize,
    /// The holding group.
    holder: usize,
    /// True when the edge points from the held end to its holder.
    into_holder: bool,
    /// The held end.
    inner: Endpoint,
    /// The gap whose channel, inside the holder, carries the edge's run
    /// across the flow; None when the held end touches the holder's far
    /// side and the run goes through the holder's own padding.
    gap: Option<usize>,
    /// True when the other end lies outside the group (beside it): the edge
    /// then meets the group's nearer border across the flow.
    outside: bool,
}

/// The edges into groups, and the detours.
pub(super) struct EdgesIntoGroups {
    routes: Vec<InnerRoute>,
    /// Edges that go round the drawing on lanes of their own, sorted.
    pub detours: Vec<usize>,
    /// Per gap: the room the labels of edges turning there need.
    pub label_room: Vec<f64>,
}

/// Routes the graph's inner and side edges. A side edge whose other end
/// is not within the group's ranks has no channel inside the group to turn
/// in: it goes round as a detour.
pub(super) fn plan(input: &Input) -> EdgesIntoGroups {
    let graph = input.graph;
    // Labels of edges into a holding group need room in the channel after
    // their rank.
    let mut label_room = vec![0.0f64; input.n_ranks()];
    let mut detours = graph.detours.clone();
    let mut routes: Vec<InnerRoute> = graph
        .inner
        .iter()
        .map(|&e| group_route(input, e, false))
        .collect();
    for &e in &graph.side {
        let route = group_route(input, e, true);
        if route.gap.is_some() {
            routes.push(route);
        } else {
            detours.push(e);
        }
    }
    detours.sort_unstable();
    for route in &routes {
        if let (Some(gap), Some(l)) = (route.gap, input.sizes.edge_labels[route.edge].as_ref()) {
            let lu = if graph.horizontal { l.w } else { l.h };
            label_room[gap] = label_room[gap].max(lu + 16.0);
        }
    }
    EdgesIntoGroups {
        routes,
        detours,
        label_room,
    }
}

/// The route of an edge between a group and a node (or group) that it
/// holds (`outside` false) or that lies beside it in the same ranks
/// (`outside` true). The edge goes into the group when the group is its
/// target.
fn group_route(input: &Input, e: usize, outside: bool) -> InnerRoute {
    let graph = input.graph;
    let edge = &input.diagram.edges[e];
    let holds = |g: usize, other: Endpoint| graph.holds(g, End::from(other));
    let (holder, into_holder, inner) = match (edge.from, edge.to) {
        (a, Endpoint::Group(g)) if outside || holds(g, a) => (g, true, a),
        (Endpoint::Group(g), b) => (g, false, b),
        (a, _) => (0, true, a),
    };
    let (first, last) = match inner {
        Endpoint::Node(i) => (graph.vertices[i].rank, graph.vertices[i].rank),
        Endpoint::Group(h) => graph.span[h],
    };
    // The turn needs a channel inside the group: between two of its ranks.
    let (s, e_) = graph.span[holder];
    let gap = if into_holder {
        (s <= last && last < e_).then_some(last)
    } else {
        (s < first && first <= e_).then(|| first - 1)
    };
    InnerRoute {
        edge: e,
        holder,
        into_holder,
        inner,
        gap,
        outside,
    }
}

/// The run of one edge into a group, in the engine's coordinates.
struct Run {
    /// The held end's extent along the flow and its port across it.
    inner_lo: f64,
    inner_hi: f64,
    inner_v: f64,
    /// The holder's border the run across meets.
    border: f64,
    /// Where the run across lies along the flow.
    u_x: f64,
    /// Whether the edge meets the holder's border straight along the flow.
    straight: bool,
    pts: Vec<[f64; 2]>,
}

/// Edges between a node and a group holding it: out of the node along the
/// flow, then across to the holder's border (or the reverse).
pub(super) fn draw(input: &Input, columns: &Columns, plan: &EdgesIntoGroups, drawn: &mut Drawn) {
    let mut label_slots: HashMap<((bool, usize), bool), usize> = HashMap::new();
    // Cross coordinates of the ends drawn so far, by where they lie along
    // the flow (in half units).
    let mut ends: HashMap<i64, Vec<f64>> = HashMap::new();
    let note_ends = |pts: &[[f64; 2]], ends: &mut HashMap<i64, Vec<f64>>| {
        for p in [pts.first(), pts.last()].into_iter().flatten() {
            ends.entry((p[0] * 2.0).round() as i64)
                .or_default()
                .push(p[1]);
        }
    };
    for (_, pts, _) in &drawn.paths {
        note_ends(pts, &mut ends);
    }
    for route in &plan.routes {
        let port = free_port(input, columns, route, &ends);
        let run = clear_run(input, columns, route, port, &drawn.paths);
        note_ends(&run.pts, &mut ends);
        if let Some(l) = input.sizes.edge_labels[route.edge].as_ref() {
            let (lu, lv) = if input.horizontal() {
                (l.w, l.h)
            } else {
                (l.h, l.w)
            };
            let slot = label_slots
                .entry((endpoint_key(route.inner), route.into_holder))
                .or_insert(0);
            let shift = *slot as f64 * (lv + 2.0);
            *slot += 1;
            let boxed = label_box(input, route, &run, (lu, lv, shift), &drawn.inner_labels);
            drawn.inner_labels.push((route.edge, boxed));
        }
        drawn.paths.push((route.edge, simplify(run.pts), false));
    }
}

/// Where on its node's side an edge into a group starts (or ends) when an
/// edge drawn before already meets the node's central port there: the
/// nearest port within the icon's extent that no other end takes, so that
/// no arrowhead lands on another edge. None keeps the central port.
fn free_port(
    input: &Input,
    columns: &Columns,
    route: &InnerRoute,
    ends: &HashMap<i64, Vec<f64>>,
) -> Option<f64> {
    let Endpoint::Node(i) = route.inner else {
        return None;
    };
    let (a, b) = columns.vertex_u(input, i);
    let side_u = if route.into_holder { b } else { a };
    let centre = input.cross.port[i];
    let reach = measure::ICON / 2.0 - 4.0;
    let taken: Vec<f64> = ends
        .get(&((side_u * 2.0).round() as i64))
        .into_iter()
        .flatten()
        .copied()
        .filter(|v| (v - centre).abs() <= reach + PORT_STEP)
        .collect();
    let free = |v: f64| taken.iter().all(|t| (t - v).abs() >= PORT_STEP / 2.0);
    if free(centre) {
        return None;
    }
    let steps = (2.0 * reach / PORT_STEP) as i32;
    (1..=steps)
        .flat_map(|k| [k, -k])
        .map(|k| centre + k as f64 * PORT_STEP / 2.0)
        .filter(|v| (v - centre).abs() <= reach)
        .find(|&v| free(v))
}

/// The run of one edge into a group that clashes with no edge drawn before
/// (no run along another's line, no arrowhead on another's): the run
/// across steps `PORT_STEP / 2` at a time into its channel, away from the
/// column it turns next to, as long as it stays in the channel; through the
/// holder's padding it may lie 4 units either side of the padding's middle.
/// The first clear place wins, the usual one when none is.
fn clear_run(
    input: &Input,
    columns: &Columns,
    route: &InnerRoute,
    port: Option<f64>,
    drawn: &[super::Path],
) -> Run {
    let first = run_of(input, columns, route, port, 0.0);
    if first.straight || !clashes(&first.pts, drawn, route.edge) {
        return first;
    }
    let shifts: Vec<f64> = match route.gap {
        Some(r) => {
            // Into the channel: forwards from its start for edges into the
            // holder, backwards from its end for edges out of it.
            let step = if route.into_holder { 1.0 } else { -1.0 } * PORT_STEP / 2.0;
            let room = (columns.channel[r] - 8.0).max(0.0);
            let steps = (room / step.abs()).floor() as usize;
            (1..=steps).map(|k| step * k as f64).collect()
        }
        None => vec![4.0, -4.0],
    };
    shifts
        .into_iter()
        .map(|d| run_of(input, columns, route, port, d))
        .find(|run| !clashes(&run.pts, drawn, route.edge))
        .unwrap_or(first)
}

/// The polyline of one edge into a group; `port`, where given, is the held
/// node's port instead of its centre; `shift` moves the run across the
/// flow along it, within its channel.
fn run_of(
    input: &Input,
    columns: &Columns,
    route: &InnerRoute,
    port: Option<f64>,
    shift: f64,
) -> Run {
    let (graph, cross, sizes) = (input.graph, input.cross, input.sizes);
    let close = &columns.zones.close;
    let (inner_lo, inner_hi, inner_v) = match route.inner {
        Endpoint::Node(i) => {
            let (a, b) = columns.vertex_u(input, i);
            (a, b, port.unwrap_or(cross.port[i]))
        }
        Endpoint::Group(h) => {
            let (a, b) = columns.group_u(input, h);
            let (lo, hi) = input.group_range(h);
            (a, b, (lo + hi) / 2.0)
        }
    };
    let (g_lo, g_hi) = (
        cross.group_low[route.holder],
        cross.group_high[route.holder],
    );
    let mut border = if route.outside && inner_v > (g_lo + g_hi) / 2.0 {
        g_hi
    } else {
        g_lo
    };
    let (hu0, hu1) = columns.group_u(input, route.holder);
    // A held end in the holder's first rank (last, for an edge into the
    // holder) is met straight along the flow from the holder's border,
    // unless that border has a title band (top-down flows) whose title
    // would lie on the line: then the run across passes below the title.
    let title_side = if route.into_holder {
        input.high_title()
    } else {
        input.low_title()
    };
    let inner_path = match route.inner {
        Endpoint::Node(i) => graph.path_of(i),
        Endpoint::Group(h) => graph.group_path[h].split_last().map_or(&[][..], |p| p.1),
    };
    let covered = inner_path
        .iter()
        .skip_while(|&&g| g != route.holder)
        .any(|&g| {
            let t0 = cross.group_low[g] + TITLE_INSET - TITLE_CLEAR;
            let t1 = t0 + sizes.groups[g].w + 2.0 * TITLE_CLEAR;
            t0 < inner_v && inner_v < t1 - 0.5
        });
    let straight = route.gap.is_none() && !route.outside && !(title_side && covered);
    let pad = if title_side {
        4.0 + measure::GROUP_TITLE_H + 5.0
    } else {
        measure::GROUP_PAD / 2.0
    };
    let u_x = match (route.into_holder, route.gap) {
        (true, Some(r)) => columns.col_end(r) + close[r] + 4.0,
        (true, None) => hu1 - pad,
        (false, Some(r)) => columns.col_end(r) + close[r] + columns.channel[r] - 4.0,
        (false, None) => hu0 + pad,
    } + shift;
    // In left-right flows the run across meets the holder's top border,
    // where the titles are, unless a title lies in its way (the holder's
    // or that of a group between it and the held end): then it meets the
    // bottom border instead.
    if input.horizontal() && !route.outside && !straight {
        let placed = (&columns.zones, &columns.start[..], &columns.width[..]);
        let blocked = inner_path
            .iter()
            .skip_while(|&&g| g != route.holder)
            .any(|&g| {
                let (t0, t1) = title_extent(input, g, placed);
                t0 - TITLE_CLEAR < u_x && u_x < t1 + TITLE_CLEAR
            });
        if blocked {
            border = g_hi;
        }
    }
    let pts = if straight && route.into_holder {
        vec![[inner_hi, inner_v], [hu1, inner_v]]
    } else if straight {
        vec![[hu0, inner_v], [inner_lo, inner_v]]
    } else if route.into_holder {
        vec![[inner_hi, inner_v], [u_x, inner_v], [u_x, border]]
    } else {
        vec![[u_x, border], [u_x, inner_v], [inner_lo, inner_v]]
    };
    Run {
        inner_lo,
        inner_hi,
        inner_v,
        border,
        u_x,
        straight,
        pts,
    }
}

/// The label sits beside the run next to the held end (within that end's
/// extent across the flow, so clear of every title), on the side away from
/// the turn; labels of several such edges at one end stack (`shift`).
/// Top-down flows rather put it in the channel, along the run across
/// (which the channel was widened for), where the run is long enough:
/// beside the short run out of the held end it would stick out across the
/// flow into whatever lies there. Returns `[u0, u1, v0, v1]`.
fn label_box(
    input: &Input,
    route: &InnerRoute,
    run: &Run,
    (lu, lv, shift): (f64, f64, f64),
    placed: &[(usize, [f64; 4])],
) -> [f64; 4] {
    let Run {
        inner_lo,
        inner_hi,
        inner_v,
        border,
        u_x,
        straight,
        ..
    } = *run;
    let along_run = (!input.horizontal() && route.gap.is_some() && !straight)
        .then(|| {
            let (a, b) = if route.into_holder {
                (u_x + 3.0, u_x + 3.0 + lu)
            } else {
                (u_x - 3.0 - lu, u_x - 3.0)
            };
            let (c, d) = if border > inner_v {
                (inner_v + 8.0 + shift, inner_v + 8.0 + shift + lv)
            } else {
                (inner_v - 8.0 - shift - lv, inner_v - 8.0 - shift)
            };
            [a, b, c, d]
        })
        .filter(|&[a, b, c, d]| {
            let clear = |o: &[f64; 4]| b <= o[0] || o[1] <= a || d <= o[2] || o[3] <= c;
            c.min(d) > border.min(inner_v) + 1.0
                && c.max(d) < border.max(inner_v) - 6.0
                && placed.iter().all(|(_, o)| clear(o))
        });
    along_run.unwrap_or_else(|| {
        let (a, b) = if route.into_holder {
            (inner_hi + 4.0, inner_hi + 4.0 + lu)
        } else {
            (inner_lo - 4.0 - lu, inner_lo - 4.0)
        };
        let (c, d) = if border < inner_v {
            (inner_v + 3.0 + shift, inner_v + 3.0 + shift + lv)
        } else {
            (inner_v - 3.0 - shift - lv, inner_v - 3.0 - shift)
        };
        [a, b, c, d]
    })
}

fn endpoint_key(end: Endpoint) -> (bool, usize) {
    match end {
        Endpoint::Node(i) => (false, i),
        Endpoint::Group(g) => (true, g),
    }
}
