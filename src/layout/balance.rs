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
use super::place::{constraints_touching, hop_neighbours, level, FAN};
use super::stairs::level_run;
use super::vpsc::{Constraint, Problem};
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
/// rank). Hubs of one rank that share one fan (the targets of a 3x2
/// fan-in) cannot all sit on its middle: they move as a block whose
/// extent the middle halves, so they straddle it. A lone hub moves first
/// with the run of vertices level with it (a straight chain of its other
/// edges, not its fan), else alone. A hub (block) already within a unit
/// of the middle stays; so does one that no move brings closer.
pub(super) fn centre_hubs(graph: &Graph, constraints: &[Constraint], pos: &mut [f64]) {
    let touching = constraints_touching(pos.len(), constraints);
    let nbrs = hop_neighbours(graph);
    let fans = fans(graph);
    for block in hub_blocks(graph, &fans) {
        let v = block[0];
        let Some(mid) = middle(&fans[v], pos) else {
            continue;
        };
        let centre = block_centre(&block, pos);
        if (centre - mid).abs() <= 1.0 {
            continue;
        }
        let mut tries = vec![block.clone()];
        if block.len() == 1 {
            if let Some(run) = level_run(&nbrs, pos, v, &fans[v]) {
                tries.insert(0, run);
            }
        }
        for set in tries {
            let (lo, hi) = shift_room(&set, pos, &touching, constraints);
            let shift = (mid - centre).clamp(lo, hi);
            if (centre + shift - mid).abs() + 1.0 < (centre - mid).abs() {
                for &m in &set {
                    pos[m] += shift;
                }
                break;
            }
        }
    }
}

/// The share of a fan's span a reader lets its hub sit off the span's
/// middle before it looks lopsided.
const TOLERANCE: f64 = 0.25;
/// How far inside the tolerance a pushed hub is pinned, so that rounding
/// the drawing's coordinates keeps it there.
const INSIDE: f64 = 1.0;
/// Rounds of pinning a hub and solving again while what it pushes moves
/// its fan along.
const PUSH_ROUNDS: usize = 4;

/// How far the block `block` must move to sit within [`TOLERANCE`] of the
/// middle of the span of `fan` at positions `pos`; None when it does.
fn lopsided_by(block: &[usize], fan: &[usize], pos: &[f64]) -> Option<f64> {
    let lo = fan.iter().map(|&u| pos[u]).fold(f64::INFINITY, f64::min);
    let hi = fan
        .iter()
        .map(|&u| pos[u])
        .fold(f64::NEG_INFINITY, f64::max);
    let (mid, room) = ((lo + hi) / 2.0, TOLERANCE * (hi - lo));
    let off = block_centre(block, pos) - mid;
    (fan.len() >= FAN && off.abs() > room).then(|| -off.signum() * (off.abs() - room + INSIDE))
}

/// A hub [`centre_hubs`] left lopsided because its group's wall (or the
/// group beside it) holds it: the hub, with its level run, is pinned just
/// within the tolerance of its fan's middle and the placement solved again
/// around it, so what it pushes gives way (group borders move, a group
/// beside it moves on). Kept when the hub then reads as balanced, no other
/// hub becomes lopsided and no hop that ran straight bends.
pub(super) fn centre_hubs_pushing(graph: &Graph, constraints: &[Constraint], pos: &mut [f64]) {
    let nv = graph.vertices.len();
    if nv > super::stairs::PUSH_LIMIT {
        return;
    }
    let problem = Problem::new(pos.len(), constraints);
    let nbrs = hop_neighbours(graph);
    let fans = fans(graph);
    let blocks = hub_blocks(graph, &fans);
    let lopsided = |pos: &[f64]| {
        let off = |m: &&usize| lopsided_by(&[**m], &fans[**m], pos).is_some();
        blocks
            .iter()
            .map(|b| b.iter().filter(off).count())
            .sum::<usize>()
    };
    let level_hops = |pos: &[f64]| {
        let straight =
            |h: &&super::layered::Hop| h.weight >= 1.0 && level(pos[h.upper], pos[h.lower]);
        graph.hops.iter().filter(straight).count()
    };
    for block in &blocks {
        let fan = &fans[block[0]];
        let next = match lopsided_by(block, fan, pos) {
            Some(shift) => {
                let run = match block.as_slice() {
                    [v] => level_run(&nbrs, pos, *v, fan).unwrap_or_else(|| block.clone()),
                    _ => block.clone(),
                };
                pushed(&problem, nv, pos, &run, shift, |next| {
                    lopsided_by(block, fan, next)
                })
            }
            None => match spread_pins(block, &level_runs(&nbrs, pos, block, fan), fan, pos) {
                Some(pins) => pinned(&problem, nv, pos, &pins),
                None => continue,
            },
        };
        let balanced = block
            .iter()
            .all(|&m| lopsided_by(&[m], fan, &next).is_none());
        if balanced && lopsided(&next) < lopsided(pos) && level_hops(&next) >= level_hops(pos) {
            pos.copy_from_slice(&next);
        }
    }
}

/// The placement solved again with the vertices `run` moved by `shift`,
/// in up to [`PUSH_ROUNDS`] rounds that each add the move `more_shift`
/// still asks for (what the run pushes can move its fan along).
fn pushed(
    problem: &Problem,
    nv: usize,
    pos: &[f64],
    run: &[usize],
    mut shift: f64,
    more_shift: impl Fn(&[f64]) -> Option<f64>,
) -> Vec<f64> {
    let mut next = pos.to_vec();
    for _ in 0..PUSH_ROUNDS {
        let pins: Vec<(usize, f64)> = run.iter().map(|&m| (m, pos[m] + shift)).collect();
        next = pinned(problem, nv, pos, &pins);
        match more_shift(&next) {
            Some(more) => shift += more,
            None => break,
        }
    }
    next
}

/// The vertices of `block` with the runs of vertices level with each
/// (a straight chain of its other edges, not its fan).
fn level_runs(nbrs: &[Vec<usize>], pos: &[f64], block: &[usize], fan: &[usize]) -> Vec<usize> {
    let mut runs = block.to_vec();
    for &m in block {
        for u in level_run(nbrs, pos, m, fan).unwrap_or_default() {
            if !runs.contains(&u) {
                runs.push(u);
            }
        }
    }
    runs
}

/// A block of hubs centred on its fan's middle that is too tall for the
/// fan (each hub a quarter of the span off it at most): where the block
/// (with `runs`, the vertices level with its hubs) should sit and where the fan's two ends should go to span twice the
/// block's extent; None when the fan already does.
fn spread_pins(
    block: &[usize],
    runs: &[usize],
    fan: &[usize],
    pos: &[f64],
) -> Option<Vec<(usize, f64)>> {
    let lowest = fan
        .iter()
        .copied()
        .min_by(|&a, &b| pos[a].total_cmp(&pos[b]))?;
    let highest = fan
        .iter()
        .copied()
        .max_by(|&a, &b| pos[a].total_cmp(&pos[b]))?;
    let mid = (pos[lowest] + pos[highest]) / 2.0;
    let extent = 2.0
        * (block_centre(block, pos) - block.iter().map(|&m| pos[m]).fold(f64::INFINITY, f64::min));
    let half = extent + INSIDE;
    if block.len() < 2 || pos[highest] - mid >= half {
        return None;
    }
    let shift = mid - block_centre(block, pos);
    let mut pins: Vec<(usize, f64)> = runs.iter().map(|&m| (m, pos[m] + shift)).collect();
    pins.extend([(lowest, mid - half), (highest, mid + half)]);
    Some(pins)
}

/// The placement solved again with each vertex of `pins` held at its
/// position, the others as near theirs as the constraints allow (group
/// borders give way first).
fn pinned(problem: &Problem, nv: usize, pos: &[f64], pins: &[(usize, f64)]) -> Vec<f64> {
    let mut desired = pos.to_vec();
    let mut weight: Vec<f64> = (0..pos.len())
        .map(|u| if u < nv { 1.0 } else { 1e-4 })
        .collect();
    for &(m, at) in pins {
        desired[m] = at;
        weight[m] = 1e6;
    }
    let mut next = problem.solve(&desired, &weight);
    for &(m, at) in pins {
        next[m] = at;
    }
    problem.make_feasible(&mut next);
    next
}

/// The hubs of fans grouped into blocks: the nodes of one rank whose fans
/// hold the same vertices, in the order of the vertices' first member.
fn hub_blocks(graph: &Graph, fans: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let mut blocks: Vec<Vec<usize>> = Vec::new();
    for (v, fan) in fans.iter().enumerate() {
        if fan.is_empty() || !matches!(graph.vertices[v].kind, VKind::Node(_)) {
            continue;
        }
        let rank = graph.vertices[v].rank;
        let mate = blocks
            .iter_mut()
            .find(|b| graph.vertices[b[0]].rank == rank && fans[b[0]] == *fan);
        match mate {
            Some(block) => block.push(v),
            None => blocks.push(vec![v]),
        }
    }
    blocks
}

/// The middle of the extent of the vertices `block` at positions `pos`.
fn block_centre(block: &[usize], pos: &[f64]) -> f64 {
    let lo = block.iter().map(|&u| pos[u]).fold(f64::INFINITY, f64::min);
    let hi = block
        .iter()
        .map(|&u| pos[u])
        .fold(f64::NEG_INFINITY, f64::max);
    (lo + hi) / 2.0
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

#[cfg(test)]
mod tests {
    use crate::layout::Layout;

    fn laid_out(source: &str) -> Layout {
        let diagram = crate::load_source("k32.toml", source.as_bytes(), std::path::Path::new("."))
            .unwrap_or_else(|report| panic!("{}", report.render(false)));
        crate::layout::layout(&diagram)
    }

    /// The centre of node `id` across the flow (a left-right flow: y).
    fn across(layout: &Layout, id: &str) -> f64 {
        let node = layout.nodes.iter().find(|n| n.id == id);
        let node = node.unwrap_or_else(|| panic!("no node {id}"));
        node.rect.y + node.rect.h / 2.0
    }

    /// The two `targets` straddle the middle of the three `sources`, one
    /// each side, every one within a quarter of the sources' span of it
    /// (not lopsided), the pair centred on it.
    fn assert_straddle(layout: &Layout, sources: [&str; 3], targets: [&str; 2]) {
        let sources = sources.map(|id| across(layout, id));
        let lo = sources.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = sources.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let (mid, quarter) = ((lo + hi) / 2.0, (hi - lo) / 4.0);
        let ids = targets;
        let targets = ids.map(|id| across(layout, id));
        for (id, at) in ids.iter().zip(targets) {
            assert!(
                (at - mid).abs() <= quarter + 1e-6,
                "{id} at {at} is off the sources' middle {mid} by more than {quarter}"
            );
        }
        let (above, below) = (targets[0].min(targets[1]), targets[0].max(targets[1]));
        assert!(
            above < mid && below > mid,
            "{targets:?} do not straddle {mid}"
        );
        assert!(
            ((above + below) / 2.0 - mid).abs() <= 1.0,
            "{targets:?} off-centre on {mid}"
        );
    }

    /// Three sources in a group each feeding both of two targets (K3,2):
    /// the targets straddle the sources' middle, one each side, every one
    /// within a quarter of the sources' span of it (not lopsided).
    #[test]
    fn targets_sharing_their_sources_straddle_the_sources_middle() {
        let layout = laid_out(
            r#"
title = "K3,2"
flows = ["a1, a2, a3 -> t1", "a1, a2, a3 -> t2"]

[nodes]
a1 = { icon = "ecs", in = "g" }
a2 = { icon = "ecs", in = "g" }
a3 = { icon = "ecs", in = "g" }
t1 = { icon = "rds" }
t2 = { icon = "rds" }

[groups]
g = { kind = "generic" }
"#,
        );
        assert_straddle(&layout, ["a1", "a2", "a3"], ["t1", "t2"]);
    }

    /// The clustered web services: userdb in its DB group (with its
    /// replica) and memcached, both fed by web1..web3; the group's padding
    /// keeps the two further apart than half the web tier's span, so the
    /// web tier spreads until both read as centred on it.
    #[test]
    fn a_target_block_taller_than_half_the_fan_spreads_the_fan() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let path = root.join("tests/fixtures/newcomer/clustered-web.toml");
        let diagram = crate::load_file(&path).unwrap_or_else(|r| panic!("{}", r.render(false)));
        let layout = crate::layout::layout(&diagram);
        assert_straddle(
            &layout,
            ["web1", "web2", "web3"],
            ["db_primary", "memcached"],
        );
    }
}
