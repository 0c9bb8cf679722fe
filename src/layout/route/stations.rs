//! Stations and their cross coordinates: where every chain meets every
//! rank (or group border) it passes, across the flow.
//!
//! In: the chains of the layered graph and the placement's cross-axis
//! coordinates. Out: [`Stations`]: per chain, its stations (a vertex in a
//! column, or a group's border in the gap on the column side) and one
//! cross coordinate for each, such that parallel edges get ports of their
//! own ([`node_ports`](super::node_ports)), a group border is met inside
//! the group's room and clear of titles, ports at group borders are spread
//! and step past other edges ([`group_ports`](super::group_ports)), ends a
//! unit apart on a node's side part ([`near_ends`](super::near_ends)), and
//! stations closer than half a unit share one line (every run stays
//! exactly along the flow).

use super::{group_ports, near_ends, node_ports, Input};
use crate::layout::layered::{Chain, End, Graph, VKind};
use crate::layout::place::Cross;
use crate::layout::spacing::TITLE_CLEARANCE;
use std::collections::HashMap;

/// A hop that misses a node's port by at most this enters off centre
/// rather than jogging.
const PORT_SNAP: f64 = 14.0;
/// Bend points of a long edge closer than this to their neighbour across
/// the flow line up with it.
const TINY_JOG: f64 = 2.0;

/// A station of a chain: where it is in one rank.
#[derive(Debug, Clone, Copy)]
pub(super) struct Station {
    pub end: End,
    /// The rank of the column (or, for a group border, the gap's rank on
    /// the column side: `span.1` when leaving, `span.0` when entering).
    pub rank: usize,
}

/// Every chain's stations and their cross coordinates, by chain.
pub(super) struct Stations {
    pub stations: Vec<Vec<Station>>,
    pub cross: Vec<Vec<f64>>,
}

/// A chain's end on one side of a node or group: a cross coordinate (the
/// end's, or where the chain comes from), the chain, the station, and a
/// flag (whether the end comes off a jog).
pub(super) type SideEnd = (f64, usize, usize, bool);

/// The stations of every chain and their cross coordinates.
pub(super) fn cross_coordinates(input: &Input) -> Stations {
    let (graph, cross) = (input.graph, input.cross);
    let stations: Vec<Vec<Station>> = graph.chains.iter().map(|c| stations_of(graph, c)).collect();
    let offsets = node_ports::port_offsets(input.diagram, graph, cross, &stations);
    let ports = PortRange::new(input);
    let port_range = |g: usize, high_end: bool| ports.range(g, high_end);
    let mut chain_cross = station_cross(graph, cross, &stations, &offsets, &port_range);
    group_ports::group_ports(&stations, &mut chain_cross, port_range);
    group_ports::spread_group_ports(&stations, &mut chain_cross, port_range);
    near_ends::part_near_ends(graph, cross, &stations, &mut chain_cross);
    // Stations this close share one line (no jog is drawn between them),
    // so that every run stays exactly along the flow.
    for vs in &mut chain_cross {
        for k in 1..vs.len() {
            if (vs[k] - vs[k - 1]).abs() <= 0.5 {
                vs[k] = vs[k - 1];
            }
        }
    }
    Stations {
        stations,
        cross: chain_cross,
    }
}

/// Where a chain may meet a group's border across the flow.
struct PortRange<'a> {
    input: &'a Input<'a>,
    /// Where a chain meets a group's border on the title side of a
    /// top-down flow, its port lies beyond the titles it passes on the way
    /// in.
    title_floor: Vec<f64>,
}

impl<'a> PortRange<'a> {
    fn new(input: &'a Input<'a>) -> PortRange<'a> {
        let (graph, cross, sizes) = (input.graph, input.cross, input.sizes);
        let title_floor = (0..graph.span.len())
            .map(|g| {
                graph
                    .titles_over(g)
                    .map(|a| cross.group_low[a] + sizes.groups[a].w + TITLE_CLEARANCE)
                    .fold(f64::NEG_INFINITY, f64::max)
            })
            .collect();
        PortRange { input, title_floor }
    }

    /// The range at group `g`'s border where a chain's `high_end` (else
    /// its low end) meets it.
    fn range(&self, g: usize, high_end: bool) -> (f64, f64) {
        let (lo, hi) = self.input.group_range(g);
        if self.input.graph.meets_title_side(high_end) {
            (lo.max(self.title_floor[g]).min(hi), hi)
        } else {
            (lo, hi)
        }
    }
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

/// A chain's stations, from its low end to its high end.
pub(super) fn stations_of(graph: &Graph, chain: &Chain) -> Vec<Station> {
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

/// One key for a station's end, vertices and group borders apart.
pub(super) fn station_id(end: End) -> usize {
    match end {
        End::Vertex(v) => v,
        End::Group(g) => usize::MAX - g,
    }
}
