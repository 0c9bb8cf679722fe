//! Node ports: where parallel edges leave or reach one side of a node.
//!
//! In: the chains' stations, the placement's ports and the vertices'
//! extents across the flow. Out: an offset from the node's central port
//! for every station that needs one (keyed by chain and station index):
//! every arrowhead and every one of several chains towards the same
//! neighbour gets a port of its own, tails of one style share one (a
//! fan-out's trunk), and the ports spread `PORT_STEP` apart along the
//! icon's side in the order their chains lead, so that none of them cross
//! there. A side with one port keeps the central port.

use super::stations::{station_id, Station};
use crate::layout::layered::{End, Graph, VKind};
use crate::layout::measure;
use crate::layout::place::Cross;
use crate::layout::spacing::PORT_STEP;
use crate::model::{Arrow, Diagram};
use std::collections::{BTreeMap, HashMap};

/// A chain's station: (chain, station index).
type StationRef = (usize, usize);

/// The ends that share one port: where their chains lead (summed, with
/// their count) and which they are.
#[derive(Default)]
struct Port {
    towards: f64,
    count: usize,
    ends: Vec<StationRef>,
}

/// What may share a port on one side of a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum PortKey {
    /// Tails of one line style (by its place in [`crate::model::LineStyle`]) towards
    /// different neighbours: one trunk.
    Trunk(u8),
    /// An arrowhead, or one of several parallel edges: a port of its own.
    Own(usize, usize),
}

/// Port offsets: every arrowhead gets a port of its own (a fan-in lands as
/// separate arrows spread along the icon's side), and so does each of
/// several chains towards one neighbour; tails of one style share a port,
/// the trunk of their fan-out, and tails of different styles never share
/// one. Ports are ordered by where their chains lead, so that none cross
/// at the node, and kept within the icon's extent while they fit 5 apart.
/// Keyed by (chain, station index); a side with a single port keeps the
/// node's central port.
pub(super) fn port_offsets(
    diagram: &Diagram,
    graph: &Graph,
    cross: &Cross,
    stations: &[Vec<Station>],
) -> HashMap<(usize, usize), f64> {
    // (node, side) -> (neighbour, chain, station) of every end there.
    type SideEnds = Vec<(usize, usize, usize)>;
    let mut sides: BTreeMap<(usize, bool), SideEnds> = BTreeMap::new();
    for (ci, st) in stations.iter().enumerate() {
        let last = st.len() - 1;
        for (k, next, leaving) in [(0, 1, true), (last, last - 1, false)] {
            if let End::Vertex(v) = st[k].end {
                if matches!(graph.vertices[v].kind, VKind::Node(_)) {
                    sides
                        .entry((v, leaving))
                        .or_default()
                        .push((station_id(st[next].end), ci, k));
                }
            }
        }
    }
    // Whether a chain's station carries an arrowhead, and where the
    // neighbour of the end lies across the flow.
    let has_head = |ci: usize, si: usize| {
        let is_to = (si == 0) == graph.chains[ci].reversed;
        match diagram.edges[graph.chains[ci].edge].arrow {
            Arrow::Forward => is_to,
            Arrow::Back => !is_to,
            Arrow::Both => true,
            Arrow::None => false,
        }
    };
    let towards = |ci: usize, si: usize| -> f64 {
        let k = if si == 0 { 1 } else { si - 1 };
        match stations[ci][k].end {
            End::Vertex(u) => cross.port[u],
            End::Group(g) => (cross.group_low[g] + cross.group_high[g]) / 2.0,
        }
    };
    let mut out = HashMap::new();
    for ((v, leaving), ends) in sides {
        let mut per_neighbour: HashMap<usize, usize> = HashMap::new();
        for &(n, _, _) in &ends {
            *per_neighbour.entry(n).or_default() += 1;
        }
        let mut ports: BTreeMap<PortKey, Port> = BTreeMap::new();
        for &(n, ci, k) in &ends {
            let key = if has_head(ci, k) || per_neighbour[&n] > 1 {
                PortKey::Own(ci, k)
            } else {
                PortKey::Trunk(diagram.edges[graph.chains[ci].edge].style as u8)
            };
            let port = ports.entry(key).or_default();
            port.towards += towards(ci, k);
            port.count += 1;
            port.ends.push((ci, k));
        }
        if ports.len() < 2 {
            continue;
        }
        let mut ordered: Vec<(f64, PortKey, Port)> = ports
            .into_iter()
            .map(|(key, port)| (port.towards / port.count as f64, key, port))
            .collect();
        ordered.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let mixed = ends.iter().any(|&(_, c, k)| has_head(c, k))
            && ends.iter().any(|&(_, c, k)| !has_head(c, k));
        let wants: Vec<f64> = ordered.iter().map(|o| o.0 - cross.port[v]).collect();
        let offsets = spread(graph, v, (leaving, mixed), &wants);
        for ((_, _, port), p) in ordered.iter().zip(offsets) {
            for &e in &port.ends {
                out.insert(e, p);
            }
        }
    }
    out
}

/// Ports closer than this spill from the icon's extent over the whole side.
const MIN_PORT_STEP: f64 = 5.0;

/// Offsets of ports around the centre of `v`'s side, one per entry of
/// `wants` (where each port's chains come from, relative to the centre,
/// in order): `PORT_STEP` apart within the icon's extent (squeezed down to
/// [`MIN_PORT_STEP`]), else over the node's whole side. The port whose
/// chains come straight at the centre takes it, so that line stays
/// straight; failing that, on a side with heads and tails near a group's
/// title (left-right flows, or a side facing the title band of a group
/// that opens in `v`'s rank), where placement left room for one port clear
/// of it, the others go the far way.
fn spread(graph: &Graph, v: usize, (leaving, mixed): (bool, bool), wants: &[f64]) -> Vec<f64> {
    let k = wants.len();
    let vx = &graph.vertices[v];
    let half_icon = measure::ICON / 2.0 - 4.0;
    let side = (-vx.before + 4.0, vx.after - 4.0);
    let icon = (side.0.max(-half_icon), side.1.min(half_icon));
    let n = k as f64;
    let fits = |r: (f64, f64)| k < 2 || (r.1 - r.0) / (n - 1.0) >= MIN_PORT_STEP;
    let (lo, hi) = if fits(icon) { icon } else { side };
    let step = if k < 2 {
        0.0
    } else {
        PORT_STEP.min((hi - lo) / (n - 1.0)).max(0.0)
    };
    let first = (-(n - 1.0) / 2.0 * step).clamp(lo, (hi - (n - 1.0) * step).max(lo));
    let mut offsets: Vec<f64> = (0..k).map(|i| first + i as f64 * step).collect();
    if k < 2 {
        return offsets;
    }
    // How far the ports may move as one and stay on the side.
    let (down, up) = ((lo - offsets[0]).min(0.0), (hi - offsets[k - 1]).max(0.0));
    let straight = (0..k)
        .filter(|&i| wants[i].abs() < 0.5)
        .min_by(|&a, &b| wants[a].abs().total_cmp(&wants[b].abs()));
    let r = vx.rank;
    let under_title = graph.horizontal
        || leaving == graph.title_at_end
            && graph.path_of(v).iter().any(|&g| {
                let (first, last) = graph.span[g];
                r == if graph.title_at_end { last } else { first }
            });
    let d = match straight {
        Some(i) => (-offsets[i]).clamp(down, up),
        None if mixed && under_title => (-offsets[0]).clamp(0.0, up),
        None => 0.0,
    };
    for o in &mut offsets {
        *o += d;
    }
    offsets
}
