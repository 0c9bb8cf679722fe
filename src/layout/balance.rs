//! Balance: the hub of a fan sits at the middle of the fan.
//!
//! In: the layered graph and cross-axis positions. Out: for each vertex
//! that [`FAN`] or more distinct vertices lead to (or follow), the fan it
//! should sit at the middle of, and that middle: the median of the fan's
//! positions, or the midpoint of the middle two for an even fan (as dot
//! and Brandes-Köpf balance a node between its neighbours). A vertex
//! fanning both ways is balanced against both fans at once. After
//! placement and flattening, [`centre_hubs`] moves each node that is a
//! hub onto its fan's middle where the constraints leave room.

use super::layered::{End, Graph, VKind};
use super::place::{constraints_touching, hop_neighbours, FAN};
use super::stairs::level_run;
use super::vpsc::Constraint;
use std::collections::BTreeSet;

/// Per vertex, the distinct neighbours of its fans (empty for a vertex
/// that is the hub of no fan). A fan is what a reader sees: edges that all
/// leave the vertex (or all arrive) on one side of it, so an edge turned
/// round against the flow joins no fan of edges drawn with it. Only edges
/// between two vertices count: the end of an edge at a group's border is
/// the router's to pick.
pub(super) fn fans(graph: &Graph) -> Vec<Vec<usize>> {
    let nv = graph.vertices.len();
    // Per vertex: [edges out after it, edges in before it, edges out
    // before it, edges in after it] by their neighbouring vertex.
    let mut sides: Vec<[BTreeSet<usize>; 4]> = vec![Default::default(); nv];
    for chain in &graph.chains {
        let (End::Vertex(low), End::Vertex(high)) = (chain.low, chain.high) else {
            continue;
        };
        if low == high {
            continue;
        }
        let first = chain.verts.first().copied().unwrap_or(high);
        let last = chain.verts.last().copied().unwrap_or(low);
        let turned = 2 * usize::from(chain.reversed);
        sides[low][turned].insert(first);
        sides[high][1 + turned].insert(last);
    }
    sides
        .into_iter()
        .map(|sides| {
            let mut fan = Vec::new();
            for side in sides {
                if side.len() >= FAN {
                    fan.extend(side);
                }
            }
            fan
        })
        .collect()
}

/// The middle of a fan at positions `pos`: its median, the midpoint of
/// the middle two for an even count; None for an empty fan.
pub(super) fn middle(fan: &[usize], pos: &[f64]) -> Option<f64> {
    if fan.is_empty() {
        return None;
    }
    let mut at: Vec<f64> = fan.iter().map(|&u| pos[u]).collect();
    at.sort_by(f64::total_cmp);
    let k = at.len() / 2;
    Some(if at.len() % 2 == 1 {
        at[k]
    } else {
        (at[k - 1] + at[k]) / 2.0
    })
}

/// Moves the hub of every fan that sits off the fan's middle onto it, or
/// as near as the constraints allow (a group wall, a neighbour in the
/// rank): first with the run of vertices level with it (a straight chain
/// of its other edges, not its fan), else alone. A hub already within a
/// unit of the middle stays; so does one that no move brings closer.
pub(super) fn centre_hubs(graph: &Graph, constraints: &[Constraint], pos: &mut [f64]) {
    let touching = constraints_touching(pos.len(), constraints);
    let nbrs = hop_neighbours(graph);
    let fans = fans(graph);
    for (v, fan) in fans.iter().enumerate() {
        if !matches!(graph.vertices[v].kind, VKind::Node(_)) {
            continue;
        }
        let Some(mid) = middle(fan, pos) else {
            continue;
        };
        if (pos[v] - mid).abs() <= 1.0 {
            continue;
        }
        let beside = level_run(&nbrs, pos, v, fan).unwrap_or_else(|| vec![v]);
        for set in [beside, vec![v]] {
            let (lo, hi) = shift_room(&set, pos, &touching, constraints);
            let shift = (mid - pos[v]).clamp(lo, hi);
            if (pos[v] + shift - mid).abs() + 1.0 < (pos[v] - mid).abs() {
                for &m in &set {
                    pos[m] += shift;
                }
                break;
            }
        }
    }
}

/// How far the vertices `set` may move together, down and up, with every
/// constraint on them still holding (`touching` lists each vertex's).
fn shift_room(
    set: &[usize],
    pos: &[f64],
    touching: &[Vec<usize>],
    constraints: &[Constraint],
) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::NEG_INFINITY, f64::INFINITY);
    for &m in set {
        for &i in &touching[m] {
            let c = &constraints[i];
            let slack = pos[c.right] - pos[c.left] - c.gap;
            match (set.contains(&c.left), set.contains(&c.right)) {
                (true, false) => hi = hi.min(slack),
                (false, true) => lo = lo.max(-slack),
                _ => {}
            }
        }
    }
    (lo.min(0.0), hi.max(0.0))
}
