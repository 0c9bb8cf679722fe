//! Columns along the main axis: their widths, the channels between them,
//! and where each starts.
//!
//! In: the ranked vertices with their lengths along the flow, the self-loop
//! plan, the border zones, the jogs per gap with their tracks, and the
//! edges into groups (whose labels need room in a channel). Out:
//! [`Columns`]: every column's width and start, every channel's width and
//! the border zones, such that a channel holds its tracks and labels, a
//! group is as long as its title where titles run along the flow, no jog
//! runs through a title ([`titles`](super::titles)), and edges with a group
//! end point along the flow where stretching can make them
//! ([`stretch`](super::stretch)).

use super::into_groups::EdgesIntoGroups;
use super::jogs::Jogs;
use super::self_loops::{self, SelfLoop};
use super::titles::{self, JogPlan};
use super::zones::{BorderPlan, Zones};
use super::{stretch, Input};
use crate::layout::layered::VKind;
use crate::layout::tracks::TRACK;

/// Narrowest channel between two columns of nodes.
const CHANNEL_NODES: f64 = 56.0;
/// Narrowest channel next to a column of edge labels only.
const CHANNEL_LABELS: f64 = 24.0;
/// Edges the layering cannot carry run along lanes above the drawing.
pub(super) const LANE_GAP: f64 = 16.0;

/// Column widths before any channel is known.
pub(super) struct Widths {
    /// The longest vertex of each rank along the flow.
    width: Vec<f64>,
    /// Whether a rank holds a node (or a placeholder of one).
    has_nodes: Vec<bool>,
    /// Room before and after each column for self-loops and their labels.
    pub lead: Vec<f64>,
    pub tail: Vec<f64>,
}

/// Every column's width: its longest vertex.
pub(super) fn widths(input: &Input, loops: &[SelfLoop]) -> Widths {
    let n_ranks = input.n_ranks();
    let mut width = vec![0.0f64; n_ranks];
    let mut has_nodes = vec![false; n_ranks];
    for v in &input.graph.vertices {
        width[v.rank] = width[v.rank].max(v.len);
        if matches!(v.kind, VKind::Node(_) | VKind::Placeholder(_)) {
            has_nodes[v.rank] = true;
        }
    }
    let [lead, tail] = self_loops::ends(input, loops, &width);
    Widths {
        width,
        has_nodes,
        lead,
        tail,
    }
}

/// The main axis laid out: columns, channels and border zones.
pub(super) struct Columns {
    pub width: Vec<f64>,
    pub start: Vec<f64>,
    pub channel: Vec<f64>,
    pub tracks_per_gap: Vec<usize>,
    pub zones: Zones,
    /// Room before the first column (and after the last) for detour lanes.
    pub detour_room: f64,
}

impl Columns {
    pub fn centre(&self, r: usize) -> f64 {
        self.start[r] + self.width[r] / 2.0
    }

    pub fn col_end(&self, r: usize) -> f64 {
        self.start[r] + self.width[r]
    }

    /// Where track `track` of gap `gap`'s channel lies along the flow.
    pub fn track_u(&self, gap: usize, track: usize) -> f64 {
        let s = self.col_end(gap) + self.zones.close[gap];
        let t = self.tracks_per_gap[gap] as f64;
        s + self.channel[gap] * (track as f64 + 1.0) / (t + 1.0)
    }

    /// Group `g`'s extent along the flow, borders included.
    pub fn group_u(&self, input: &Input, g: usize) -> (f64, f64) {
        let (s, e) = input.graph.span[g];
        (
            self.start[s] - self.zones.open_depth[g],
            self.col_end(e) + self.zones.close_depth[g],
        )
    }

    /// Vertex `v`'s extent along the flow, centred in its column.
    pub fn vertex_u(&self, input: &Input, v: usize) -> (f64, f64) {
        let vx = &input.graph.vertices[v];
        let c = self.centre(vx.rank);
        (c - vx.len / 2.0, c + vx.len / 2.0)
    }

    /// The middle of gap `r`'s channel along the flow.
    pub fn channel_middle(&self, r: usize) -> f64 {
        self.col_end(r) + self.zones.close[r] + self.channel[r] * 0.5
    }

    /// The end of the drawing along the flow, detour room included.
    pub fn last_u(&self) -> f64 {
        let last = self.width.len() - 1;
        self.col_end(last) + self.zones.close[last] + self.detour_room
    }
}

/// Column starts for the given widths, channels and zones.
fn starts(width: &[f64], channel: &[f64], detour_room: f64, zones: &Zones) -> Vec<f64> {
    let n_ranks = width.len();
    let mut start = vec![0.0f64; n_ranks];
    let mut u = detour_room + zones.open[0];
    for r in 0..n_ranks {
        start[r] = u;
        u += width[r] + zones.close[r] + channel[r] + zones.open[r + 1];
    }
    start
}

/// Channel widths, then column positions; columns widen until every group
/// is as long as its title where titles run along the flow, gaps make room
/// where a jog would run through a title, and groups stretch where an edge
/// with a group end would point backwards.
pub(super) fn place(
    input: &Input,
    widths: Widths,
    borders: &BorderPlan,
    jogs: &Jogs,
    into_groups: &EdgesIntoGroups,
) -> Columns {
    let Widths {
        mut width,
        has_nodes,
        ..
    } = widths;
    let ng = input.graph.span.len();
    let no_stretch = vec![0.0f64; ng];
    let mut zones = borders.zones(&no_stretch, &no_stretch);
    let channel = channels(&has_nodes, &jogs.per_gap, &into_groups.label_room);
    let detour_room = if into_groups.detours.is_empty() {
        0.0
    } else {
        2.0 * LANE_GAP
    };
    let mut start = starts(&width, &channel, detour_room, &zones);
    if input.horizontal() {
        fit_titles(input, &channel, detour_room, &zones, &mut width, &mut start);
    }
    // Left-right flows put each group's title in a band along its top, where
    // edges come in from above: a gap whose jog would run through a title
    // gets room before its channel (or after it, when the title sits at the
    // group's far end) until the jog clears the title.
    let room = if input.horizontal() {
        let plan = JogPlan {
            jogs: &jogs.jogs,
            track: &jogs.track,
            tracks_per_gap: &jogs.per_gap,
            channel: &channel,
        };
        titles::clear_titles(
            input,
            &plan,
            &width,
            |z| starts(&width, &channel, detour_room, z),
            &mut zones,
            &mut start,
        )
    } else {
        vec![(0.0, 0.0); input.n_ranks()]
    };
    let columns = |open: &[f64], close: &[f64]| -> (Zones, Vec<f64>) {
        let mut z = borders.zones(open, close);
        z.widen(&room);
        let st = starts(&width, &channel, detour_room, &z);
        (z, st)
    };
    (zones, start) =
        stretch::stretch_for_centres(input.diagram, input.graph, &width, columns, zones, start);
    Columns {
        width,
        start,
        channel,
        tracks_per_gap: jogs.per_gap.clone(),
        zones,
        detour_room,
    }
}

/// Each gap's channel: wide enough for its tracks and for the labels of
/// edges into groups that turn there.
fn channels(has_nodes: &[bool], tracks_per_gap: &[usize], label_room: &[f64]) -> Vec<f64> {
    let n_ranks = has_nodes.len();
    (0..n_ranks)
        .map(|r| {
            let base = if r + 1 < n_ranks && has_nodes[r] && has_nodes[r + 1] {
                CHANNEL_NODES
            } else {
                CHANNEL_LABELS
            };
            base.max((tracks_per_gap[r] as f64 + 1.0) * TRACK)
                .max(label_room[r] + 8.0)
        })
        .collect()
}

/// Widens the columns of every group (deepest first) until it is as long
/// as its title, in left-right flows where titles run along the flow.
fn fit_titles(
    input: &Input,
    channel: &[f64],
    detour_room: f64,
    zones: &Zones,
    width: &mut [f64],
    start: &mut Vec<f64>,
) {
    for &g in &input.graph.deepest_first {
        let (s, e) = input.graph.span[g];
        let len = start[e] + width[e] + zones.close_depth[g] - (start[s] - zones.open_depth[g]);
        let need = input.sizes.groups[g].w + 16.0;
        if len < need {
            let extra = need - len;
            let cols = (e - s + 1) as f64;
            for w in &mut width[s..=e] {
                *w += extra / cols;
            }
            *start = starts(width, channel, detour_room, zones);
        }
    }
}
