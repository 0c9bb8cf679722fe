//! Title clearance: room in the gaps of a left-right flow so that no jog
//! runs through a group's title.
//!
//! In: the jogs of every gap with their tracks, the channels, the column
//! widths and starts, the border zones, and the groups' title widths.
//! Out: the zones and column starts widened until every jog that crosses a
//! title band does so clear of the title's extent along the flow (within
//! a few passes), and the room added per gap. Also where each group's
//! title sits along the flow, which the edges into groups avoid too.

use super::zones::Zones;
use super::Input;
use crate::layout::measure;
use crate::layout::spacing::{TITLE_CLEAR, TITLE_INSET};
use crate::layout::tracks::Jog;
use crate::model::{Diagram, Direction, GroupKind};

/// Where a group's title sits along the main axis of a left-right flow, in
/// the engine's coordinates (before a `left` flow is mirrored).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TitleAnchor {
    Start,
    End,
    Centre,
}

pub(super) fn title_anchor(diagram: &Diagram, g: usize) -> TitleAnchor {
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

/// Passes of [`clear_titles`]: room made in one gap moves the titles of
/// groups reaching past it.
const TITLE_PASSES: usize = 3;

/// The extent along the flow of group `g`'s title in a left-right flow.
pub(super) fn title_extent(
    input: &Input,
    g: usize,
    (zones, start, width): (&Zones, &[f64], &[f64]),
) -> (f64, f64) {
    let (diagram, sizes) = (input.diagram, input.sizes);
    let (s, e) = input.graph.span[g];
    let u0 = start[s] - zones.open_depth[g];
    let u1 = start[e] + width[e] + zones.close_depth[g];
    let w = sizes.groups[g].w;
    match title_anchor(diagram, g) {
        TitleAnchor::Start => (u0 + TITLE_INSET, u0 + TITLE_INSET + w),
        TitleAnchor::End => (u1 - TITLE_INSET - w, u1 - TITLE_INSET),
        TitleAnchor::Centre => ((u0 + u1 - w) / 2.0, (u0 + u1 + w) / 2.0),
    }
}

/// The jogs of a left-right flow, their tracks and the gaps' channels.
pub(super) struct JogPlan<'a> {
    pub jogs: &'a [Jog],
    pub track: &'a [usize],
    pub tracks_per_gap: &'a [usize],
    pub channel: &'a [f64],
}

/// Makes room in the gaps of a left-right flow until no jog runs through
/// a group's title band within the title's extent along the flow. Updates
/// `zones` and `start` (through `place`) and returns the room added per
/// gap, before and after its channel.
pub(super) fn clear_titles(
    input: &Input,
    plan: &JogPlan,
    width: &[f64],
    place: impl Fn(&Zones) -> Vec<f64>,
    zones: &mut Zones,
    start: &mut [f64],
) -> Vec<(f64, f64)> {
    let (diagram, graph, cross) = (input.diagram, input.graph, input.cross);
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
                    let (t0, t1) = title_extent(input, g, (zones, start, width));
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
                start.copy_from_slice(&place(zones));
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    room
}
