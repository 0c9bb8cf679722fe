//! Node ports: where parallel edges leave or reach one side of a node.
//!
//! In: the chains' stations, the placement's ports and the vertices'
//! extents across the flow. Out: an offset from the node's central port
//! for every station that needs one (keyed by chain and station index):
//! chains towards the same neighbour spread `PORT_STEP` apart within the
//! node's side, and on a side with both heads and tails each run of heads
//! (or of tails) gets a port of its own, in the order they lead, so that
//! none of them cross there. Every other station keeps the central port.

use super::stations::{station_id, Station};
use crate::layout::layered::{End, Graph, VKind};
use crate::layout::place::Cross;
use crate::layout::spacing::PORT_STEP;
use std::collections::HashMap;

/// Port offsets for parallel edges: chains that leave (or reach) the same
/// node towards the same neighbour are spread apart; all other chains share
/// the node's central port. A side with edges both coming in and going out
/// rather sorts its ends by where they lead and gives each run of heads (or
/// of tails) a port of its own, so that none of them cross there: an arrow
/// landing where other lines start reads as one line passing through.
/// Keyed by (chain, station index).
pub(super) fn port_offsets(
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
