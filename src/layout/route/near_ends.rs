//! Near ends: ends on one side of a node that lie a unit or two apart.
//!
//! In: the chains' stations with their cross coordinates so far, the
//! placement's ports, and each node's extent across the flow. Out: no two
//! ends on one side of a node between 0.3 and 3 units apart where one of
//! them comes off a jog: that one moves `PORT_STEP` clear (or onto the
//! other, where the side has no room).

use super::stations::{SideEnd, Station};
use crate::layout::layered::{End, Graph, VKind};
use crate::layout::place::Cross;
use crate::layout::spacing::PORT_STEP;
use std::collections::HashMap;

/// Ends on one side of a node that lie a unit or two apart read as one
/// smudged line. Where one of the two comes off a jog anyway (the other
/// having been let into the node off centre to stay straight), it moves
/// `PORT_STEP` clear of the other, or onto it where the node's side has no
/// room.
pub(super) fn part_near_ends(
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
