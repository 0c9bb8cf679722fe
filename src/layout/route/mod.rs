//! Main-axis positions, orthogonal edge routing, and the final geometry.
//!
//! In: the ordered layered graph and its cross-axis coordinates. Out: the
//! [`Layout`]: boxes, polylines and labels in SVG user units.
//!
//! Ranks become columns (rows for top-down diagrams). Between two columns
//! lies a gap made of three zones: the borders of the groups that end, a
//! channel where edges turn, and the borders of the groups that begin. Edges
//! run straight through columns (each has a vertex of its own there, so no
//! node is in the way) and turn only on tracks inside the channels. Jogs
//! that leave the same port or reach the same port share a track; the
//! others are ordered so that as few cross as possible, and packed onto as
//! few tracks as their overlaps allow. Where an edge with a group end would
//! point backwards centre to centre, [`stretch`] lengthens groups along the
//! flow. Everything is computed with the flow running right or down and
//! mirrored at the end for left and up.

use super::emit::{group_box, node_box, round_layout, text_block, Bounds, Frame};
use super::layered::{
    Chain, End, Graph, VKind, LABEL_GAP, SELF_LOOP_HALF, SELF_LOOP_LABEL_GAP, SELF_LOOP_NEST,
    SELF_LOOP_OUT,
};
use super::measure::{self, Sizes};
use super::place::{Cross, TITLE_CLEARANCE};
use super::tracks::{assign_tracks, Jog, TRACK};
use super::{EdgeLabel, EdgePath, GroupBox, Layout, NodeBox, Rect, TitleBox};
use crate::model::{Diagram, Direction, Endpoint, GroupKind};
use std::collections::HashMap;

mod stretch;

/// Narrowest channel between two columns of nodes.
const CHANNEL_NODES: f64 = 56.0;
/// Narrowest channel next to a column of edge labels only.
const CHANNEL_LABELS: f64 = 24.0;
/// Distance between ports of parallel edges on one side of a node.
pub(super) const PORT_STEP: f64 = 10.0;
/// A hop that misses a node's port by at most this enters off centre
/// rather than jogging.
const PORT_SNAP: f64 = 14.0;
/// Bend points of a long edge closer than this to their neighbour across
/// the flow line up with it.
const TINY_JOG: f64 = 2.0;
/// Edges the layering cannot carry run along lanes above the drawing.
const LANE_GAP: f64 = 16.0;

/// A station of a chain: where it is in one rank.
#[derive(Debug, Clone, Copy)]
struct Station {
    end: End,
    /// The rank of the column (or, for a group border, the gap's rank on
    /// the column side: `span.1` when leaving, `span.0` when entering).
    rank: usize,
}

/// Lays the graph out along the main axis, routes the edges and builds the
/// final [`Layout`].
pub fn finish(diagram: &Diagram, sizes: &Sizes, graph: &Graph, cross: &Cross) -> Layout {
    let n_ranks = graph.ranks.len();
    let horizontal = graph.horizontal;
    let ng = graph.span.len();
    let low_title = !horizontal && diagram.direction == Direction::Down;
    let high_title = !horizontal && diagram.direction == Direction::Up;

    // Column widths.
    let mut width = vec![0.0f64; n_ranks];
    let mut has_nodes = vec![false; n_ranks];
    for v in &graph.vertices {
        width[v.rank] = width[v.rank].max(v.len);
        if matches!(v.kind, VKind::Node(_) | VKind::Placeholder(_)) {
            has_nodes[v.rank] = true;
        }
    }

    // Border depths at group starts and ends.
    let children = children_of(graph);
    let mut by_depth: Vec<usize> = (0..ng).collect();
    by_depth.sort_by_key(|&g| std::cmp::Reverse(graph.group_path[g].len()));
    let no_stretch = vec![0.0f64; ng];
    // A self-loop's label (or a loop, top-down) may reach past the end of
    // its node's column: each rank gets a tail after its column for them,
    // inside the borders of the groups that close there.
    let loops = plan_self_loops(diagram, graph, sizes);
    let mut tail = vec![0.0f64; n_ranks];
    for l in &loops {
        let v = &graph.vertices[l.node];
        let reach = l.label.map_or(l.half, |b| b[1].max(l.half));
        let need = loop_anchor(diagram, graph, l.node) + reach + 4.0 - width[v.rank] / 2.0;
        tail[v.rank] = tail[v.rank].max(need);
    }
    let mut edge_end = vec![false; ng];
    for edge in &diagram.edges {
        for end in [edge.from, edge.to] {
            if let Endpoint::Group(g) = end {
                edge_end[g] = true;
            }
        }
    }
    let mut zones = border_zones(
        graph,
        &children,
        &by_depth,
        (low_title, high_title),
        (&no_stretch, &no_stretch, &tail),
        &edge_end,
    );

    // Stations and ports.
    let stations: Vec<Vec<Station>> = graph.chains.iter().map(|c| stations_of(graph, c)).collect();
    let offsets = port_offsets(graph, cross, &stations);
    let group_range = |g: usize| -> (f64, f64) {
        let lo = cross.group_low[g]
            + if horizontal {
                measure::GROUP_TITLE_BAND
            } else {
                measure::GROUP_PAD
            };
        let hi = cross.group_high[g] - measure::GROUP_PAD;
        if lo <= hi {
            (lo, hi)
        } else {
            let m = (cross.group_low[g] + cross.group_high[g]) / 2.0;
            (m, m)
        }
    };

    // Where a chain meets a group's border on the title side of a top-down
    // flow, its port lies beyond the titles it passes on the way in.
    let title_floor: Vec<f64> = (0..ng)
        .map(|g| {
            graph
                .titles_over(g)
                .map(|a| cross.group_low[a] + sizes.groups[a].w + TITLE_CLEARANCE)
                .fold(f64::NEG_INFINITY, f64::max)
        })
        .collect();
    let port_range = |g: usize, high_end: bool| -> (f64, f64) {
        let (lo, hi) = group_range(g);
        if graph.meets_title_side(high_end) {
            (lo.max(title_floor[g]).min(hi), hi)
        } else {
            (lo, hi)
        }
    };
    let mut chain_cross = station_cross(graph, cross, &stations, &offsets, &port_range);
    group_ports(&stations, &mut chain_cross, port_range);
    spread_group_ports(&stations, &mut chain_cross, port_range);
    part_near_ends(graph, cross, &stations, &mut chain_cross);
    // Stations this close share one line (no jog is drawn between them),
    // so that every run stays exactly along the flow.
    for vs in &mut chain_cross {
        for k in 1..vs.len() {
            if (vs[k] - vs[k - 1]).abs() <= 0.5 {
                vs[k] = vs[k - 1];
            }
        }
    }

    // Jogs per gap.
    let mut jogs: Vec<Jog> = Vec::new();
    let mut chain_jogs: Vec<Vec<Option<usize>>> = Vec::with_capacity(graph.chains.len());
    for (ci, st) in stations.iter().enumerate() {
        let vs = &chain_cross[ci];
        let mut mine = Vec::with_capacity(st.len());
        for k in 0..st.len() - 1 {
            let (a, b) = (vs[k], vs[k + 1]);
            if (a - b).abs() <= 0.5 {
                mine.push(None);
                continue;
            }
            let gap = st[k].rank;
            mine.push(Some(jogs.len()));
            jogs.push(Jog {
                gap,
                from: a,
                to: b,
                from_key: (station_id(st[k].end), (a * 2.0).round() as i64),
                to_key: (station_id(st[k + 1].end), (b * 2.0).round() as i64),
            });
        }
        chain_jogs.push(mine);
    }
    let (jog_track, tracks_per_gap) = assign_tracks(&jogs, n_ranks);

    // Labels of edges into a holding group need room in the channel after
    // their rank.
    let mut label_room = vec![0.0f64; n_ranks];
    // A side edge whose other end is not within the group's ranks has no
    // channel inside the group to turn in: it goes round as a detour.
    let mut detours = graph.detours.clone();
    let mut inner_routes: Vec<InnerRoute> = graph
        .inner
        .iter()
        .map(|&e| group_route(diagram, graph, e, false))
        .collect();
    for &e in &graph.side {
        let route = group_route(diagram, graph, e, true);
        if route.gap.is_some() {
            inner_routes.push(route);
        } else {
            detours.push(e);
        }
    }
    detours.sort_unstable();
    for route in &inner_routes {
        if let (Some(gap), Some(l)) = (route.gap, sizes.edge_labels[route.edge].as_ref()) {
            let lu = if horizontal { l.w } else { l.h };
            label_room[gap] = label_room[gap].max(lu + 16.0);
        }
    }

    // Channel widths and column positions; widen columns until every group
    // is as long as its title where titles run along the flow.
    let channel: Vec<f64> = (0..n_ranks)
        .map(|r| {
            let base = if r + 1 < n_ranks && has_nodes[r] && has_nodes[r + 1] {
                CHANNEL_NODES
            } else {
                CHANNEL_LABELS
            };
            base.max((tracks_per_gap[r] as f64 + 1.0) * TRACK)
                .max(label_room[r] + 8.0)
        })
        .collect();
    let detour_room = if detours.is_empty() {
        0.0
    } else {
        2.0 * LANE_GAP
    };
    let mut start = vec![0.0f64; n_ranks];
    let place_columns = |width: &[f64], start: &mut [f64], zones: &Zones| {
        let mut u = detour_room + zones.open[0];
        for r in 0..n_ranks {
            start[r] = u;
            u += width[r] + zones.close[r] + channel[r] + zones.open[r + 1];
        }
    };
    place_columns(&width, &mut start, &zones);
    if horizontal {
        for &g in &by_depth {
            let (s, e) = graph.span[g];
            let len = start[e] + width[e] + zones.close_depth[g] - (start[s] - zones.open_depth[g]);
            let need = sizes.groups[g].w + 16.0;
            if len < need {
                let extra = need - len;
                let cols = (e - s + 1) as f64;
                for w in &mut width[s..=e] {
                    *w += extra / cols;
                }
                place_columns(&width, &mut start, &zones);
            }
        }
    }
    // Left-right flows put each group's title in a band along its top, where
    // edges come in from above: a gap whose jog would run through a title
    // gets room before its channel (or after it, when the title sits at the
    // group's far end) until the jog clears the title.
    let room = if horizontal {
        let plan = JogPlan {
            jogs: &jogs,
            track: &jog_track,
            tracks_per_gap: &tracks_per_gap,
            channel: &channel,
        };
        clear_titles(
            (diagram, graph, sizes, cross),
            &plan,
            &width,
            |z, st| place_columns(&width, st, z),
            &mut zones,
            &mut start,
        )
    } else {
        vec![(0.0, 0.0); n_ranks]
    };
    let columns = |open: &[f64], close: &[f64]| -> (Zones, Vec<f64>) {
        let mut z = border_zones(
            graph,
            &children,
            &by_depth,
            (low_title, high_title),
            (open, close, &tail),
            &edge_end,
        );
        z.widen(&room);
        let mut st = vec![0.0; n_ranks];
        place_columns(&width, &mut st, &z);
        (z, st)
    };
    (zones, start) = stretch::stretch_for_centres(diagram, graph, &width, columns, zones, start);
    let Zones {
        open_depth,
        close_depth,
        open: _,
        close,
    } = &zones;
    let centre = |r: usize| start[r] + width[r] / 2.0;
    let col_end = |r: usize| start[r] + width[r];
    let track_u = |gap: usize, track: usize| -> f64 {
        let s = col_end(gap) + close[gap];
        let t = tracks_per_gap[gap] as f64;
        s + channel[gap] * (track as f64 + 1.0) / (t + 1.0)
    };
    let group_u = |g: usize| -> (f64, f64) {
        let (s, e) = graph.span[g];
        (start[s] - open_depth[g], col_end(e) + close_depth[g])
    };
    let vertex_u = |v: usize| -> (f64, f64) {
        let vx = &graph.vertices[v];
        let c = centre(vx.rank);
        (c - vx.len / 2.0, c + vx.len / 2.0)
    };

    // Polylines of layered chains, in abstract (u, v) coordinates.
    let mut paths: Vec<(usize, Vec<[f64; 2]>, bool)> = Vec::new();
    for (ci, chain) in graph.chains.iter().enumerate() {
        let st = &stations[ci];
        let vs = &chain_cross[ci];
        let mut pts: Vec<[f64; 2]> = Vec::new();
        let first_u = match st[0].end {
            End::Vertex(v) => vertex_u(v).1,
            End::Group(g) => group_u(g).1,
        };
        pts.push([first_u, vs[0]]);
        for k in 0..st.len() - 1 {
            if let Some(j) = chain_jogs[ci][k] {
                let u = track_u(jogs[j].gap, jog_track[j]);
                pts.push([u, vs[k]]);
                pts.push([u, vs[k + 1]]);
            }
        }
        let last = st.len() - 1;
        let last_u = match st[last].end {
            End::Vertex(v) => vertex_u(v).0,
            End::Group(g) => group_u(g).0,
        };
        pts.push([last_u, vs[last]]);
        paths.push((chain.edge, simplify(pts), chain.reversed));
    }

    // Self-loops, nested, with their labels stacked beside them.
    let mut loop_labels: Vec<(usize, [f64; 4])> = Vec::new();
    for l in &loops {
        let vx = &graph.vertices[l.node];
        let a = centre(vx.rank) + loop_anchor(diagram, graph, l.node);
        let p = cross.port[l.node];
        // The node's side the loop stands on, and which way is out.
        let (side, o) = if horizontal {
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
        paths.push((l.edge, pts, false));
        if let Some(b) = l.label {
            let (d0, d1) = (side + o * b[2], side + o * b[3]);
            loop_labels.push((l.edge, [a + b[0], a + b[1], d0.min(d1), d0.max(d1)]));
        }
    }

    // Edges between a node and a group holding it: out of the node along
    // the flow, then across to the holder's border (or the reverse).
    let mut inner_labels: Vec<(usize, [f64; 4])> = Vec::new();
    let mut label_slots: HashMap<((bool, usize), bool), usize> = HashMap::new();
    for route in &inner_routes {
        let (inner_lo, inner_hi, inner_v) = match route.inner {
            Endpoint::Node(i) => {
                let (a, b) = vertex_u(i);
                (a, b, cross.port[i])
            }
            Endpoint::Group(h) => {
                let (a, b) = group_u(h);
                let (lo, hi) = group_range(h);
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
        let (hu0, hu1) = group_u(route.holder);
        // A held end in the holder's first rank (last, for an edge into the
        // holder) is met straight along the flow from the holder's border,
        // unless that border has a title band (top-down flows) whose title
        // would lie on the line: then the run across passes below the title.
        let title_side = if route.into_holder {
            high_title
        } else {
            low_title
        };
        let inner_path = match route.inner {
            Endpoint::Node(i) => graph.path_of(i),
            Endpoint::Group(h) => graph.group_path[h].split_last().map_or(&[][..], |p| p.1),
        };
        let covered = inner_path
            .iter()
            .skip_while(|&&g| g != route.holder)
            .any(|&g| {
                let t0 = cross.group_low[g] + 8.0 - TITLE_CLEAR;
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
            (true, Some(r)) => col_end(r) + close[r] + 4.0,
            (true, None) => hu1 - pad,
            (false, Some(r)) => col_end(r) + close[r] + channel[r] - 4.0,
            (false, None) => hu0 + pad,
        };
        // In left-right flows the run across meets the holder's top border,
        // where the titles are, unless a title lies in its way (the holder's
        // or that of a group between it and the held end): then it meets
        // the bottom border instead.
        if horizontal && !route.outside && !straight {
            let blocked = inner_path
                .iter()
                .skip_while(|&&g| g != route.holder)
                .any(|&g| {
                    let (t0, t1) = title_extent(diagram, graph, sizes, g, (&zones, &start, &width));
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
        // The label sits beside the run next to the held end (within that
        // end's extent across the flow, so clear of every title), on the
        // side away from the turn; labels of several such edges at one end
        // stack. Top-down flows rather put it in the channel, along the run
        // across (which the channel was widened for), where the run is long
        // enough: beside the short run out of the held end it would stick
        // out across the flow into whatever lies there.
        if let Some(l) = sizes.edge_labels[route.edge].as_ref() {
            let (lu, lv) = if horizontal { (l.w, l.h) } else { (l.h, l.w) };
            let slot = label_slots
                .entry((endpoint_key(route.inner), route.into_holder))
                .or_insert(0);
            let shift = *slot as f64 * (lv + 2.0);
            *slot += 1;
            let along_run = (!horizontal && route.gap.is_some() && !straight)
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
                        && inner_labels.iter().all(|(_, o)| clear(o))
                });
            let boxed = along_run.unwrap_or_else(|| {
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
            });
            inner_labels.push((route.edge, boxed));
        }
        paths.push((route.edge, simplify(pts), false));
    }

    // Extent of everything so far across the flow, for the detour lanes.
    let mut v_min = f64::INFINITY;
    for (v, vx) in graph.vertices.iter().enumerate() {
        if !matches!(vx.kind, VKind::Dummy | VKind::Filler) {
            v_min = v_min.min(cross.port[v] - vx.reach_before());
        }
    }
    for g in 0..ng {
        v_min = v_min.min(cross.group_low[g]);
    }
    for (_, pts, _) in &paths {
        for p in pts {
            v_min = v_min.min(p[1]);
        }
    }
    if !v_min.is_finite() {
        v_min = 0.0;
    }
    let lane_label_h = detours
        .iter()
        .filter_map(|&e| {
            sizes.edge_labels[e]
                .as_ref()
                .map(|l| if horizontal { l.h } else { l.w })
        })
        .fold(0.0, f64::max);
    let lane_step = LANE_GAP + lane_label_h;
    let last_u = col_end(n_ranks - 1) + close[n_ranks - 1] + detour_room;
    let mut lane_labels: Vec<(usize, [f64; 4])> = Vec::new();
    for (k, &e) in detours.iter().enumerate() {
        let edge = &diagram.edges[e];
        let lane = v_min - lane_step * (k as f64 + 1.0);
        let (su, sv, out_u) = match edge.from {
            Endpoint::Node(i) => {
                let r = graph.vertices[i].rank;
                let u1 = vertex_u(i).1;
                let ou = if r + 1 < n_ranks {
                    col_end(r)
                        + close[r]
                        + channel[r] * 0.5
                        + 3.0 * k as f64 % channel[r].max(1.0) * 0.0
                } else {
                    last_u - LANE_GAP
                };
                (u1, cross.port[i], ou)
            }
            Endpoint::Group(g) => {
                let (_, u1) = group_u(g);
                let r = graph.span[g].1;
                let ou = if r + 1 < n_ranks {
                    col_end(r) + close[r] + channel[r] * 0.5
                } else {
                    last_u - LANE_GAP
                };
                let (lo, hi) = group_range(g);
                (u1, (lo + hi) / 2.0, ou)
            }
        };
        let (tu, tv, in_u) = match edge.to {
            Endpoint::Node(i) => {
                let r = graph.vertices[i].rank;
                let u0 = vertex_u(i).0;
                let iu = if r > 0 {
                    col_end(r - 1) + close[r - 1] + channel[r - 1] * 0.5
                } else {
                    LANE_GAP
                };
                (u0, cross.port[i], iu)
            }
            Endpoint::Group(g) => {
                let (u0, _) = group_u(g);
                let r = graph.span[g].0;
                let iu = if r > 0 {
                    col_end(r - 1) + close[r - 1] + channel[r - 1] * 0.5
                } else {
                    LANE_GAP
                };
                let (lo, hi) = group_range(g);
                (u0, (lo + hi) / 2.0, iu)
            }
        };
        let pts = vec![
            [su, sv],
            [out_u, sv],
            [out_u, lane],
            [in_u, lane],
            [in_u, tv],
            [tu, tv],
        ];
        if let Some(l) = sizes.edge_labels[e].as_ref() {
            let (lu, lv) = if horizontal { (l.w, l.h) } else { (l.h, l.w) };
            let mid = (out_u + in_u) / 2.0;
            lane_labels.push((
                e,
                [
                    mid - lu / 2.0,
                    mid + lu / 2.0,
                    lane - LABEL_GAP - lv,
                    lane - LABEL_GAP,
                ],
            ));
        }
        paths.push((e, simplify(pts), false));
    }

    // Label boxes of layered chains and self-loops, in (u0, u1, v0, v1).
    let mut label_boxes: HashMap<usize, [f64; 4]> = HashMap::new();
    for chain in &graph.chains {
        if let (Some(lv), Some(size)) = (chain.label, sizes.edge_labels[chain.edge].as_ref()) {
            let c = centre(graph.vertices[lv].rank);
            let p = cross.port[lv];
            let b = if horizontal {
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
    for (e, b) in lane_labels
        .into_iter()
        .chain(inner_labels)
        .chain(loop_labels)
    {
        label_boxes.insert(e, b);
    }

    // Bounding box in abstract coordinates.
    let mut bounds = Bounds::default();
    for (v, vx) in graph.vertices.iter().enumerate() {
        if matches!(vx.kind, VKind::Node(_)) {
            let (u0, u1) = vertex_u(v);
            bounds.add(u0, cross.port[v] - vx.reach_before());
            bounds.add(u1, cross.port[v] + vx.reach_after());
        }
    }
    for g in 0..ng {
        let (u0, u1) = group_u(g);
        bounds.add(u0, cross.group_low[g]);
        bounds.add(u1, cross.group_high[g]);
    }
    for b in label_boxes.values() {
        bounds.add(b[0], b[2]);
        bounds.add(b[1], b[3]);
    }
    for (_, pts, _) in &paths {
        for p in pts {
            bounds.add(p[0], p[1]);
        }
    }
    bounds.add(0.0, v_min);
    bounds.add(last_u, v_min);
    if !bounds.valid() {
        bounds = Bounds {
            u0: 0.0,
            u1: 0.0,
            v0: 0.0,
            v1: 0.0,
        };
    }

    // The frame: abstract (u, v) to page (x, y).
    let top = measure::MARGIN + sizes.title_h + measure::TITLE_GAP;
    let (span_x, span_y) = if horizontal {
        (bounds.u1 - bounds.u0, bounds.v1 - bounds.v0)
    } else {
        (bounds.v1 - bounds.v0, bounds.u1 - bounds.u0)
    };
    let frame = Frame {
        direction: diagram.direction,
        bounds,
        left: measure::MARGIN,
        top,
    };
    let width_px = (measure::MARGIN * 2.0 + span_x.max(sizes.title_w)).ceil();
    let height_px = (top + span_y + measure::MARGIN).ceil();

    // Boxes on the page.
    let nodes: Vec<NodeBox> = (0..diagram.nodes.len())
        .map(|i| {
            let vx = &graph.vertices[i];
            let (u0, u1) = vertex_u(i);
            let r = frame.rect(u0, u1, cross.port[i] - vx.before, cross.port[i] + vx.after);
            node_box(diagram, sizes, i, r)
        })
        .collect();
    let groups: Vec<GroupBox> = (0..diagram.groups.len())
        .map(|g| {
            let (u0, u1) = group_u(g);
            let r = frame.rect(u0, u1, cross.group_low[g], cross.group_high[g]);
            // AZ and Auto Scaling group names are centred (style.md) where
            // edges do not come in through the title band.
            let centred = horizontal && title_anchor(diagram, g) == TitleAnchor::Centre;
            group_box(diagram, sizes, g, r, centred)
        })
        .collect();

    // Edges, in the diagram's order.
    let mut by_edge: Vec<Option<(Vec<[f64; 2]>, bool)>> = vec![None; diagram.edges.len()];
    for (e, pts, reversed) in paths {
        by_edge[e] = Some((pts, reversed));
    }
    let edges: Vec<EdgePath> = diagram
        .edges
        .iter()
        .enumerate()
        .map(|(e, edge)| {
            let (pts, reversed) = by_edge[e].take().unwrap_or_default();
            let mut points: Vec<[f64; 2]> = pts.iter().map(|p| frame.point(p[0], p[1])).collect();
            if reversed {
                points.reverse();
            }
            let label = match (
                &edge.label,
                label_boxes.get(&e),
                sizes.edge_labels[e].as_ref(),
            ) {
                (Some(t), Some(b), Some(size)) => {
                    let r = frame.rect(b[0], b[1], b[2], b[3]);
                    Some(EdgeLabel {
                        text: t.clone(),
                        rect: r,
                        lines: text_block(
                            &size.lines,
                            measure::EDGE_LABEL_SIZE,
                            measure::EDGE_LABEL_LINE,
                            r.y + 1.0,
                            "middle",
                            r.x + r.w / 2.0,
                        ),
                    })
                }
                _ => None,
            };
            EdgePath {
                from: diagram.endpoint_id(edge.from).to_string(),
                to: diagram.endpoint_id(edge.to).to_string(),
                style: edge.style.as_str(),
                arrow: edge.arrow.as_str(),
                points,
                label,
            }
        })
        .collect();

    let title = Some(TitleBox {
        rect: Rect {
            x: measure::MARGIN,
            y: measure::MARGIN,
            w: sizes.title_w,
            h: sizes.title_h,
        },
        text: text_block(
            &sizes.title_lines,
            measure::TITLE_SIZE,
            measure::TITLE_LINE,
            measure::MARGIN,
            "start",
            measure::MARGIN,
        ),
        subtitle: (!sizes.subtitle_lines.is_empty()).then(|| {
            text_block(
                &sizes.subtitle_lines,
                measure::SUBTITLE_SIZE,
                measure::SUBTITLE_LINE,
                measure::MARGIN + measure::TITLE_LINE * sizes.title_lines.len() as f64,
                "start",
                measure::MARGIN,
            )
        }),
    });

    let mut layout = Layout {
        width: width_px,
        height: height_px,
        direction: diagram.direction.as_str(),
        title,
        nodes,
        groups,
        edges,
    };
    super::labels::keep_clear(&mut layout);
    round_layout(&mut layout);
    layout
}

/// Cross coordinates of every station of every chain: a node's port (spread
/// for parallel edges), a group border level with the next station inside
/// the group's room, bend points that line up with a neighbour they nearly
/// meet, and ports that take a hop missing them by a little rather than
/// jog. In: the chains' stations, the placement, the port offsets of
/// parallel edges, and the room across the flow inside each group. Out:
/// one coordinate per station, per chain.
fn station_cross(
    graph: &Graph,
    cross: &Cross,
    stations: &[Vec<Station>],
    offsets: &HashMap<(usize, usize), f64>,
    port_range: &impl Fn(usize, bool) -> (f64, f64),
) -> Vec<Vec<f64>> {
    let horizontal = graph.horizontal;
    let mut chain_cross: Vec<Vec<f64>> = Vec::with_capacity(graph.chains.len());
    for (ci, st) in stations.iter().enumerate() {
        let mut vs: Vec<f64> = st
            .iter()
            .enumerate()
            .map(|(k, s)| match s.end {
                End::Vertex(v) => cross.port[v] + offsets.get(&(ci, k)).copied().unwrap_or(0.0),
                End::Group(_) => f64::NAN,
            })
            .collect();
        let last = vs.len() - 1;
        match (st[0].end, st[last].end) {
            (End::Group(a), End::Group(b)) if last == 1 => {
                let (alo, ahi) = port_range(a, false);
                let (blo, bhi) = port_range(b, true);
                let (lo, hi) = (alo.max(blo), ahi.min(bhi));
                if lo <= hi {
                    vs[0] = (lo + hi) / 2.0;
                    vs[1] = vs[0];
                } else {
                    let mid_b = (blo + bhi) / 2.0;
                    vs[0] = mid_b.clamp(alo, ahi);
                    vs[1] = vs[0].clamp(blo, bhi);
                }
            }
            (first, lastend) => {
                if let End::Group(a) = first {
                    let (lo, hi) = port_range(a, false);
                    vs[0] = vs[1].clamp(lo, hi);
                }
                if let End::Group(b) = lastend {
                    let (lo, hi) = port_range(b, true);
                    vs[last] = vs[last - 1].clamp(lo, hi);
                }
            }
        }
        // Placement leaves long edges straight to within a unit or two; a
        // bend point that close to its neighbour takes its neighbour's
        // place, working away from the arrowhead, so the tiny jog (if any)
        // is left at the tail end, where the snap below removes it.
        let bend_point = |k: usize| matches!(st[k].end, End::Vertex(v) if graph.vertices[v].kind == VKind::Dummy);
        if graph.chains[ci].reversed {
            for k in 1..=last {
                if bend_point(k) && (vs[k] - vs[k - 1]).abs() <= TINY_JOG {
                    vs[k] = vs[k - 1];
                }
            }
        } else {
            for k in (0..last).rev() {
                if bend_point(k) && (vs[k] - vs[k + 1]).abs() <= TINY_JOG {
                    vs[k] = vs[k + 1];
                }
            }
        }
        // A hop that misses its node's port by a little enters the node a
        // little off centre instead of making a tiny jog.
        let snap = |v: usize, own: f64, other: f64| -> Option<f64> {
            let vx = &graph.vertices[v];
            let reach = if horizontal {
                PORT_SNAP
            } else {
                (vx.before - 8.0).clamp(0.0, PORT_SNAP)
            };
            (matches!(vx.kind, VKind::Node(_)) && (other - own).abs() <= reach).then_some(other)
        };
        if last >= 1 && !offsets.contains_key(&(ci, 0)) {
            if let (End::Vertex(v), false) = (st[0].end, vs[1].is_nan()) {
                if let Some(p) = snap(v, vs[0], vs[1]) {
                    vs[0] = p;
                }
            }
        }
        if last >= 1 && !offsets.contains_key(&(ci, last)) {
            if let (End::Vertex(v), false) = (st[last].end, vs[last - 1].is_nan()) {
                if let Some(p) = snap(v, vs[last], vs[last - 1]) {
                    vs[last] = p;
                }
            }
        }
        chain_cross.push(vs);
    }
    chain_cross
}

/// One self-loop: its node, how far it stands out along the flow, its half
/// height across it, and its label's box as offsets (along the flow from
/// the node's end, across it from the node's top for left-right flows or
/// from the port for top-down ones).
struct SelfLoop {
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
fn plan_self_loops(diagram: &Diagram, graph: &Graph, sizes: &Sizes) -> Vec<SelfLoop> {
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
        let edges = &by_node[&node];
        let v = &graph.vertices[node];
        // The loops stay within the node's length (its icon's, top-down).
        let room = if graph.horizontal {
            v.len / 2.0 - 2.0
        } else {
            measure::ICON / 2.0 - 2.0
        }
        .max(4.0);
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
                half: (SELF_LOOP_HALF + SELF_LOOP_NEST / 2.0 * j as f64).min(room),
                label,
            });
        }
    }
    out
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

/// An edge between a node (or group) and a group that holds it.
struct InnerRoute {
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

/// The route of an edge between a group and a node (or group) that it
/// holds (`outside` false) or that lies beside it in the same ranks
/// (`outside` true). The edge goes into the group when the group is its
/// target.
fn group_route(diagram: &Diagram, graph: &Graph, e: usize, outside: bool) -> InnerRoute {
    let edge = &diagram.edges[e];
    let holds = |g: usize, other: Endpoint| match other {
        Endpoint::Node(i) => graph.path_of(i).contains(&g),
        Endpoint::Group(h) => h != g && graph.group_path[h].contains(&g),
    };
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

/// How deep the borders of each group reach before its first column and
/// after its last, and the widest of them at every rank.
struct Zones {
    open_depth: Vec<f64>,
    close_depth: Vec<f64>,
    open: Vec<f64>,
    close: Vec<f64>,
}

impl Zones {
    /// Adds `room[r].0` before the channel of gap `r` and `room[r].1` after
    /// it.
    fn widen(&mut self, room: &[(f64, f64)]) {
        for (r, &(before, after)) in room.iter().enumerate() {
            self.close[r] += before;
            self.open[r + 1] += after;
        }
    }
}

/// Where a group's title sits along the main axis of a left-right flow, in
/// the engine's coordinates (before a `left` flow is mirrored).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TitleAnchor {
    Start,
    End,
    Centre,
}

fn title_anchor(diagram: &Diagram, g: usize) -> TitleAnchor {
    // AZ and Auto Scaling group names are centred (style.md).
    if matches!(
        diagram.groups[g].kind,
        GroupKind::AvailabilityZone | GroupKind::AutoScalingGroup
    ) {
        TitleAnchor::Centre
    } else if diagram.direction == Direction::Left {
        TitleAnchor::End
    } else {
        TitleAnchor::Start
    }
}

/// Clearance between a jog and a title it passes.
const TITLE_CLEAR: f64 = 6.0;
/// Passes of [`clear_titles`]: room made in one gap moves the titles of
/// groups reaching past it.
const TITLE_PASSES: usize = 3;

/// The extent along the flow of group `g`'s title in a left-right flow.
fn title_extent(
    diagram: &Diagram,
    graph: &Graph,
    sizes: &Sizes,
    g: usize,
    (zones, start, width): (&Zones, &[f64], &[f64]),
) -> (f64, f64) {
    let (s, e) = graph.span[g];
    let u0 = start[s] - zones.open_depth[g];
    let u1 = start[e] + width[e] + zones.close_depth[g];
    let w = sizes.groups[g].w;
    match title_anchor(diagram, g) {
        TitleAnchor::Start => (u0 + 8.0, u0 + 8.0 + w),
        TitleAnchor::End => (u1 - 8.0 - w, u1 - 8.0),
        TitleAnchor::Centre => ((u0 + u1 - w) / 2.0, (u0 + u1 + w) / 2.0),
    }
}

/// The jogs of a left-right flow, their tracks and the gaps' channels.
struct JogPlan<'a> {
    jogs: &'a [Jog],
    track: &'a [usize],
    tracks_per_gap: &'a [usize],
    channel: &'a [f64],
}

/// Makes room in the gaps of a left-right flow until no jog runs through
/// a group's title band within the title's extent along the flow. Updates
/// `zones` and `start` (through `place`) and returns the room added per
/// gap, before and after its channel.
fn clear_titles(
    (diagram, graph, sizes, cross): (&Diagram, &Graph, &Sizes, &Cross),
    plan: &JogPlan,
    width: &[f64],
    place: impl Fn(&Zones, &mut [f64]),
    zones: &mut Zones,
    start: &mut [f64],
) -> Vec<(f64, f64)> {
    let n_ranks = graph.ranks.len();
    let mut room = vec![(0.0f64, 0.0f64); n_ranks];
    let mut by_gap: Vec<Vec<usize>> = vec![Vec::new(); n_ranks];
    for (j, jog) in plan.jogs.iter().enumerate() {
        by_gap[jog.gap].push(j);
    }
    // Groups whose inside holds each gap's channel.
    let mut around: Vec<Vec<usize>> = vec![Vec::new(); n_ranks];
    for (g, &(s, e)) in graph.span.iter().enumerate() {
        for list in &mut around[s..e] {
            list.push(g);
        }
    }
    for _ in 0..TITLE_PASSES {
        let mut changed = false;
        for r in 0..n_ranks {
            if by_gap[r].is_empty() || around[r].is_empty() {
                continue;
            }
            let (mut before, mut after) = (0.0f64, 0.0f64);
            let channel_start = start[r] + width[r] + zones.close[r];
            let tracks = plan.tracks_per_gap[r] as f64 + 1.0;
            for &j in &by_gap[r] {
                let jog = &plan.jogs[j];
                let u = channel_start + plan.channel[r] * (plan.track[j] as f64 + 1.0) / tracks;
                let (v0, v1) = (jog.from.min(jog.to), jog.from.max(jog.to));
                for &g in &around[r] {
                    let band = cross.group_low[g] + 4.0;
                    if v1 <= band || v0 >= band + measure::GROUP_TITLE_H {
                        continue;
                    }
                    let (t0, t1) = title_extent(diagram, graph, sizes, g, (zones, start, width));
                    if u <= t0 - TITLE_CLEAR || u >= t1 + TITLE_CLEAR {
                        continue;
                    }
                    // Room before the channel moves the jog away from the
                    // group's start; room after it moves the group's end
                    // away from the jog (and a centred title half as far).
                    let ahead = t1 + TITLE_CLEAR - u;
                    let behind = u - (t0 - TITLE_CLEAR);
                    match title_anchor(diagram, g) {
                        TitleAnchor::Start => before = before.max(ahead),
                        TitleAnchor::End => after = after.max(behind),
                        TitleAnchor::Centre if ahead <= behind => before = before.max(2.0 * ahead),
                        TitleAnchor::Centre => after = after.max(2.0 * behind),
                    }
                }
            }
            if before > 0.0 || after > 0.0 {
                room[r].0 += before;
                room[r].1 += after;
                zones.close[r] += before;
                zones.open[r + 1] += after;
                place(zones, start);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    room
}

fn border_zones(
    graph: &Graph,
    children: &[Vec<usize>],
    by_depth: &[usize],
    (low_title, high_title): (bool, bool),
    (extra_open, extra_close, tail): (&[f64], &[f64], &[f64]),
    edge_end: &[bool],
) -> Zones {
    let ng = graph.span.len();
    let n_ranks = graph.ranks.len();
    let mut open_depth = vec![0.0; ng];
    let mut close_depth = vec![0.0; ng];
    for &g in by_depth {
        let (s, e) = graph.span[g];
        let inner_open = children[g]
            .iter()
            .filter(|&&c| graph.span[c].0 == s)
            .map(|&c| open_depth[c])
            .fold(0.0, f64::max);
        let inner_close = children[g]
            .iter()
            .filter(|&&c| graph.span[c].1 == e)
            .map(|&c| close_depth[c])
            .fold(tail[e], f64::max);
        let band = |title: bool| {
            if title {
                measure::GROUP_TITLE_BAND
            } else {
                measure::GROUP_PAD
            }
        };
        open_depth[g] = inner_open + band(low_title) + extra_open[g];
        close_depth[g] = inner_close + band(high_title) + extra_close[g];
    }
    // Sibling groups that begin (end) in the same rank line up their
    // borders there, the shallower ones taking the deepest one's depth, so
    // that two AZs side by side start and end together whatever they hold.
    // Their parent's border already lies beyond the deepest of them. A group
    // that an edge ends at keeps its own depth: its centre is what that
    // edge's direction is judged by.
    let mut deepest: HashMap<(Option<usize>, usize, bool), f64> = HashMap::new();
    for g in 0..ng {
        let (s, e) = graph.span[g];
        let parent = graph.group_parent[g];
        let open = deepest.entry((parent, s, true)).or_insert(0.0);
        *open = open.max(open_depth[g] - extra_open[g]);
        let close = deepest.entry((parent, e, false)).or_insert(0.0);
        *close = close.max(close_depth[g] - extra_close[g]);
    }
    for g in (0..ng).filter(|&g| !edge_end[g]) {
        let (s, e) = graph.span[g];
        let parent = graph.group_parent[g];
        open_depth[g] = open_depth[g].max(deepest[&(parent, s, true)]);
        close_depth[g] = close_depth[g].max(deepest[&(parent, e, false)]);
    }
    let mut open = vec![0.0f64; n_ranks + 1];
    let mut close = vec![0.0f64; n_ranks + 1];
    close[..n_ranks].copy_from_slice(tail);
    for g in 0..ng {
        let (s, e) = graph.span[g];
        open[s] = open[s].max(open_depth[g]);
        close[e] = close[e].max(close_depth[g]);
    }
    Zones {
        open_depth,
        close_depth,
        open,
        close,
    }
}

fn children_of(graph: &Graph) -> Vec<Vec<usize>> {
    let mut children = vec![Vec::new(); graph.span.len()];
    for (g, p) in graph.group_parent.iter().enumerate() {
        if let Some(p) = *p {
            children[p].push(g);
        }
    }
    children
}

fn stations_of(graph: &Graph, chain: &Chain) -> Vec<Station> {
    // A group border's station sits in the gap on the column side: the
    // group's last rank when the chain leaves it, its first when it enters.
    let station = |end: End, leaving: bool| Station {
        end,
        rank: match end {
            End::Vertex(v) => graph.vertices[v].rank,
            End::Group(g) if leaving => graph.span[g].1,
            End::Group(g) => graph.span[g].0,
        },
    };
    let mut out = Vec::with_capacity(chain.verts.len() + 2);
    out.push(station(chain.low, true));
    out.extend(chain.verts.iter().map(|&v| station(End::Vertex(v), false)));
    out.push(station(chain.high, false));
    out
}

/// Where an edge meets a group's border. Dropping straight onto the border
/// is first choice, but when the other edges through the same gap jog
/// across that line, the port moves along the border past them: to the
/// candidate (straight, or just beside another edge's end) that crosses
/// the fewest of them, nearest the straight drop among equals.
fn group_ports(
    stations: &[Vec<Station>],
    chain_cross: &mut [Vec<f64>],
    port_range: impl Fn(usize, bool) -> (f64, f64),
) {
    let gaps = hops_per_gap(stations, chain_cross);
    // Room between a moved port's arrow and the edge it steps past.
    const BESIDE: f64 = 20.0;
    for (ci, st) in stations.iter().enumerate() {
        let last = st.len() - 1;
        if last < 2 && matches!((st[0].end, st[last].end), (End::Group(_), End::Group(_))) {
            continue;
        }
        // (station of the port, station it comes from, upper side is the port)
        let mut ends = Vec::new();
        if let End::Group(g) = st[last].end {
            ends.push((g, last, last - 1, false));
        }
        if let End::Group(g) = st[0].end {
            ends.push((g, 0, 1, true));
        }
        for (g, at, from, port_above) in ends {
            if st[at].rank.abs_diff(st[from].rank) != 1 {
                continue;
            }
            let gap = st[at].rank.min(st[from].rank);
            let Some(others) = gaps.get(&gap) else {
                continue;
            };
            let (lo, hi) = port_range(g, !port_above);
            let c = chain_cross[ci][from];
            let straight = chain_cross[ci][at];
            let crossings = |p: f64| {
                others
                    .iter()
                    .filter(|&&(_, _, o)| o != ci)
                    .filter(|&&(a, b, _)| {
                        let (up, down) = if port_above { (p, c) } else { (c, p) };
                        (a - up) * (b - down) < 0.0
                    })
                    .count()
            };
            let mut best = (crossings(straight), 0.0, straight);
            if best.0 == 0 {
                continue;
            }
            for &(a, b, o) in others {
                if o == ci {
                    continue;
                }
                let end = if port_above { a } else { b };
                for p in [end - BESIDE, end + BESIDE] {
                    let p = p.clamp(lo, hi);
                    if (p - end).abs() < BESIDE / 2.0 {
                        continue;
                    }
                    let cand = (crossings(p), (p - straight).abs(), p);
                    if (cand.0, cand.1) < (best.0, best.1) {
                        best = cand;
                    }
                }
            }
            chain_cross[ci][at] = best.2;
        }
    }
}

/// Ends on one side of a node that lie a unit or two apart read as one
/// smudged line. Where one of the two comes off a jog anyway (the other
/// having been let into the node off centre to stay straight), it moves
/// `PORT_STEP` clear of the other, or onto it where the node's side has no
/// room.
fn part_near_ends(
    graph: &Graph,
    cross: &Cross,
    stations: &[Vec<Station>],
    chain_cross: &mut [Vec<f64>],
) {
    // (vertex, arriving) -> [(end, chain, station, comes off a jog)]
    let mut sides: HashMap<(usize, bool), Vec<SideEnd>> = HashMap::new();
    for (ci, st) in stations.iter().enumerate() {
        let last = st.len() - 1;
        for (k, next, arriving) in [(0, 1, false), (last, last - 1, true)] {
            if let End::Vertex(v) = st[k].end {
                if matches!(graph.vertices[v].kind, VKind::Node(_)) {
                    let (p, q) = (chain_cross[ci][k], chain_cross[ci][next]);
                    let jogs = !q.is_finite() || (p - q).abs() > 0.5;
                    sides
                        .entry((v, arriving))
                        .or_default()
                        .push((p, ci, k, jogs));
                }
            }
        }
    }
    let mut keys: Vec<_> = sides.keys().copied().collect();
    keys.sort_unstable();
    let near = |a: f64, b: f64| (0.3..3.0).contains(&(a - b).abs());
    for key in keys {
        let ends = &sides[&key];
        let vx = &graph.vertices[key.0];
        // Ports stay on the icon's side (not beside the label under it).
        let c = cross.port[key.0];
        let (lo, hi) = (
            c - (vx.before - 4.0).max(0.0),
            c + (vx.before.min(vx.after) - 4.0).max(0.0),
        );
        for (i, &(p, ci, k, jogs)) in ends.iter().enumerate() {
            if !jogs {
                continue;
            }
            let Some(&(q, ..)) = ends
                .iter()
                .enumerate()
                .find(|&(j, e)| j != i && near(p, e.0))
                .map(|(_, e)| e)
            else {
                continue;
            };
            let step = if p < q { -PORT_STEP } else { PORT_STEP };
            let taken = |x: f64| ends.iter().any(|e| (e.0 - x).abs() < 3.0);
            chain_cross[ci][k] = [q + step, q - step]
                .into_iter()
                .find(|&x| !taken(x) && (lo..=hi).contains(&x))
                .unwrap_or(q);
        }
    }
}

/// A chain's end on one side of a node or group: a cross coordinate (the
/// end's, or where the chain comes from), the chain, the station, and a
/// flag (whether the end comes off a jog).
type SideEnd = (f64, usize, usize, bool);

/// Hops of every chain per gap (by the rank of its upper column): (upper
/// cross, lower cross, chain).
fn hops_per_gap(
    stations: &[Vec<Station>],
    chain_cross: &[Vec<f64>],
) -> HashMap<usize, Vec<(f64, f64, usize)>> {
    let mut gaps: HashMap<usize, Vec<(f64, f64, usize)>> = HashMap::new();
    for (ci, st) in stations.iter().enumerate() {
        for k in 0..st.len() - 1 {
            let (a, b) = (chain_cross[ci][k], chain_cross[ci][k + 1]);
            if st[k + 1].rank == st[k].rank + 1 && a.is_finite() && b.is_finite() {
                gaps.entry(st[k].rank).or_default().push((a, b, ci));
            }
        }
    }
    gaps
}

/// Ports of edges that meet one side of a group's border: those at the
/// same point (several clamped to the end of its range, say) get ports of
/// their own, `PORT_STEP` apart in the order they come from, so that each
/// keeps its arrowhead; and ports that would lie on the line of another
/// edge running past the border (into a node of the group's first rank,
/// say) step aside from it, so that the two do not draw as one.
fn spread_group_ports(
    stations: &[Vec<Station>],
    chain_cross: &mut [Vec<f64>],
    port_range: impl Fn(usize, bool) -> (f64, f64),
) {
    // (group, high end) -> [(where the chain comes from, chain, station)]
    let mut at: HashMap<(usize, bool), Vec<SideEnd>> = HashMap::new();
    // (rank, arriving) -> lines of edges through a vertex of that rank, on
    // the side they arrive from (or leave to).
    let mut lines: HashMap<(usize, bool), Vec<(f64, usize)>> = HashMap::new();
    for (ci, st) in stations.iter().enumerate() {
        let last = st.len() - 1;
        for (k, s) in st.iter().enumerate() {
            if let End::Vertex(_) = s.end {
                let v = chain_cross[ci][k];
                if k > 0 {
                    lines.entry((s.rank, true)).or_default().push((v, ci));
                }
                if k < last {
                    lines.entry((s.rank, false)).or_default().push((v, ci));
                }
            }
        }
        if last < 2 && matches!((st[0].end, st[last].end), (End::Group(_), End::Group(_))) {
            continue;
        }
        for (k, from, high_end) in [(0, 1, false), (last, last - 1, true)] {
            if let End::Group(g) = st[k].end {
                at.entry((g, high_end))
                    .or_default()
                    .push((chain_cross[ci][from], ci, k, false));
            }
        }
    }
    let gaps = hops_per_gap(stations, chain_cross);
    let mut sides: Vec<_> = at.into_iter().collect();
    sides.sort_by_key(|a| a.0);
    for ((g, high_end), mut ends) in sides {
        ends.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let (lo, hi) = port_range(g, high_end);
        let mut ports: Vec<f64> = ends
            .iter()
            .map(|&(_, ci, k, _)| chain_cross[ci][k])
            .collect();
        // Runs of equal ports fan out around where they were.
        let mut i = 0;
        while i < ports.len() {
            let mut j = i + 1;
            while j < ports.len() && (ports[j] - ports[i]).abs() <= 0.5 {
                j += 1;
            }
            if j - i > 1 {
                let span = (j - i - 1) as f64 * PORT_STEP;
                let first = (ports[i] - span / 2.0).min(hi - span).max(lo);
                let step = (hi - first).clamp(0.0, span) / (j - i - 1) as f64;
                for (m, p) in ports[i..j].iter_mut().enumerate() {
                    *p = first + step * m as f64;
                }
            }
            i = j;
        }
        let (_, ci0, k0, _) = ends[0];
        let rank = stations[ci0][k0].rank;
        let others: Vec<f64> = lines
            .get(&(rank, high_end))
            .map(|l| {
                l.iter()
                    .filter(|&&(_, o)| ends.iter().all(|&(_, ci, _, _)| ci != o))
                    .map(|&(v, _)| v)
                    .collect()
            })
            .unwrap_or_default();
        let clear = |d: f64| {
            ports.iter().all(|&p| {
                let q = p + d;
                q >= lo - 0.5 && q <= hi + 0.5 && others.iter().all(|&o| (q - o).abs() >= 3.0)
            })
        };
        if !clear(0.0) {
            // Of the shifts that clear every line, the one whose hops cross
            // the fewest others in the gap, then the smallest.
            let gap = if high_end {
                rank.checked_sub(1)
            } else {
                Some(rank)
            };
            let hops = gap.and_then(|r| gaps.get(&r));
            let crossings = |d: f64| {
                let mut n = 0;
                for (&(c, ci, _, _), &p) in ends.iter().zip(&ports) {
                    let (up, down) = if high_end { (c, p + d) } else { (p + d, c) };
                    n += hops.map_or(0, |h| {
                        h.iter()
                            .filter(|&&(a, b, o)| o != ci && (a - up) * (b - down) < 0.0)
                            .count()
                    });
                }
                n
            };
            let shift = (1..=4)
                .flat_map(|m| [m as f64 * PORT_STEP, -(m as f64) * PORT_STEP])
                .filter(|&d| clear(d))
                .min_by_key(|&d| (crossings(d), (d.abs() * 2.0) as i64));
            if let Some(d) = shift {
                for p in &mut ports {
                    *p += d;
                }
            }
        }
        for (&(_, ci, k, _), &p) in ends.iter().zip(&ports) {
            chain_cross[ci][k] = p;
        }
    }
}

fn endpoint_key(end: Endpoint) -> (bool, usize) {
    match end {
        Endpoint::Node(i) => (false, i),
        Endpoint::Group(g) => (true, g),
    }
}

fn station_id(end: End) -> usize {
    match end {
        End::Vertex(v) => v,
        End::Group(g) => usize::MAX - g,
    }
}

/// Port offsets for parallel edges: chains that leave (or reach) the same
/// node towards the same neighbour are spread apart; all other chains share
/// the node's central port. A side with edges both coming in and going out
/// rather sorts its ends by where they lead and gives each run of heads (or
/// of tails) a port of its own, so that none of them cross there: an arrow
/// landing where other lines start reads as one line passing through.
/// Keyed by (chain, station index).
fn port_offsets(
    graph: &Graph,
    cross: &Cross,
    stations: &[Vec<Station>],
) -> HashMap<(usize, usize), f64> {
    // (node, side, neighbour) -> stations attached.
    let mut sides: HashMap<(usize, bool, usize), Vec<(usize, usize)>> = HashMap::new();
    for (ci, st) in stations.iter().enumerate() {
        let last = st.len() - 1;
        for (k, next, leaving) in [(0, 1, true), (last, last - 1, false)] {
            if let End::Vertex(v) = st[k].end {
                if matches!(graph.vertices[v].kind, VKind::Node(_)) {
                    sides
                        .entry((v, leaving, station_id(st[next].end)))
                        .or_default()
                        .push((ci, k));
                }
            }
        }
    }
    // Whether a chain's station is the head of its edge, and where the
    // neighbour of the end lies across the flow.
    let head = |ci: usize, si: usize| (si == 0) == graph.chains[ci].reversed;
    let towards = |ci: usize, si: usize| -> f64 {
        let k = if si == 0 { 1 } else { si - 1 };
        match stations[ci][k].end {
            End::Vertex(u) => cross.port[u],
            End::Group(g) => (cross.group_low[g] + cross.group_high[g]) / 2.0,
        }
    };
    let mut by_node_side: HashMap<(usize, bool), Vec<(usize, usize)>> = HashMap::new();
    for (&(v, leaving, _), list) in &sides {
        by_node_side
            .entry((v, leaving))
            .or_default()
            .extend(list.iter().copied());
    }
    let mut out = HashMap::new();
    // Offsets of `k` ports around the centre of `v`'s side, squeezed to
    // stay on it.
    let spread = |v: usize, k: usize| -> Vec<f64> {
        let vx = &graph.vertices[v];
        let (lo, hi) = (-vx.before + 4.0, vx.after - 4.0);
        let n = k as f64;
        let step = if k < 2 {
            0.0
        } else {
            PORT_STEP.min((hi - lo) / (n - 1.0)).max(0.0)
        };
        let first = (-(n - 1.0) / 2.0 * step).clamp(lo, (hi - (n - 1.0) * step).max(lo));
        (0..k).map(|i| first + i as f64 * step).collect()
    };
    // Whether ports on `v`'s side (leaving or not) may meet a title band
    // before the centre: in left-right flows always (titles run above each
    // group's top row), top-down where the side faces the title band of a
    // group that opens in `v`'s rank.
    let under_title = |v: usize, leaving: bool| {
        let r = graph.vertices[v].rank;
        graph.horizontal
            || leaving == graph.title_at_end
                && graph.path_of(v).iter().any(|&g| {
                    let (first, last) = graph.span[g];
                    r == if graph.title_at_end { last } else { first }
                })
    };
    let mut mixed_sides = std::collections::HashSet::new();
    let mut node_sides: Vec<_> = by_node_side.into_iter().collect();
    node_sides.sort_unstable_by_key(|a| a.0);
    for ((v, leaving), mut ends) in node_sides {
        if ends.iter().any(|&(c, s)| head(c, s)) && ends.iter().any(|&(c, s)| !head(c, s)) {
            ends.sort_by(|&a, &b| {
                towards(a.0, a.1)
                    .total_cmp(&towards(b.0, b.1))
                    .then(a.cmp(&b))
            });
            // Neighbouring ends of one kind (heads, or tails) share a port.
            let runs: Vec<&[(usize, usize)]> = ends
                .chunk_by(|&a, &b| head(a.0, a.1) == head(b.0, b.1))
                .collect();
            // Near a group's title, where placement left room for one port
            // clear of it, the others go the far way.
            let mut offsets = spread(v, runs.len());
            if under_title(v, leaving) {
                let vx = &graph.vertices[v];
                let room = (vx.after - 4.0 - offsets[offsets.len() - 1]).max(0.0);
                let d = (-offsets[0]).min(room).max(0.0);
                for o in &mut offsets {
                    *o += d;
                }
            }
            for (run, p) in runs.iter().zip(offsets) {
                for &e in *run {
                    out.insert(e, p);
                }
            }
            mixed_sides.insert((v, leaving));
        }
    }
    let mut keys: Vec<_> = sides.keys().copied().collect();
    keys.sort_unstable();
    for key in keys {
        let list = &sides[&key];
        if list.len() >= 2 && !mixed_sides.contains(&(key.0, key.1)) {
            let mut sorted = list.clone();
            sorted.sort();
            for (&e, p) in sorted.iter().zip(spread(key.0, sorted.len())) {
                out.insert(e, p);
            }
        }
    }
    out
}

/// Removes repeated and collinear points.
fn simplify(pts: Vec<[f64; 2]>) -> Vec<[f64; 2]> {
    let mut out: Vec<[f64; 2]> = Vec::with_capacity(pts.len());
    for p in pts {
        if let Some(last) = out.last() {
            if (last[0] - p[0]).abs() < 1e-6 && (last[1] - p[1]).abs() < 1e-6 {
                continue;
            }
        }
        if out.len() >= 2 {
            let a = out[out.len() - 2];
            let b = out[out.len() - 1];
            let same_x = (a[0] - b[0]).abs() < 1e-6 && (b[0] - p[0]).abs() < 1e-6;
            let same_y = (a[1] - b[1]).abs() < 1e-6 && (b[1] - p[1]).abs() < 1e-6;
            if same_x || same_y {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}
