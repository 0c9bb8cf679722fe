//! Chain polylines: the edges the layering carries, drawn.
//!
//! In: every chain's stations with their cross coordinates, the jogs and
//! their tracks, and the columns along the flow. Out: one polyline per
//! chain, from the end of its low end's box (or group border) to the start
//! of its high end's, running along the flow through columns and turning
//! only on its jogs' tracks; orthogonal, with no repeated or collinear
//! points.

use super::columns::Columns;
use super::jogs::Jogs;
use super::stations::Stations;
use super::{simplify, Drawn, Input};
use crate::layout::layered::End;

/// Polylines of layered chains, in abstract (u, v) coordinates.
pub(super) fn draw(
    input: &Input,
    columns: &Columns,
    stations: &Stations,
    jogs: &Jogs,
    drawn: &mut Drawn,
) {
    for (ci, chain) in input.graph.chains.iter().enumerate() {
        let st = &stations.stations[ci];
        let vs = &stations.cross[ci];
        let mut pts: Vec<[f64; 2]> = Vec::new();
        let first_u = match st[0].end {
            End::Vertex(v) => columns.vertex_u(input, v).1,
            End::Group(g) => columns.group_u(input, g).1,
        };
        pts.push([first_u, vs[0]]);
        for k in 0..st.len() - 1 {
            if let Some(j) = jogs.chain_jogs[ci][k] {
                let u = columns.track_u(jogs.jogs[j].gap, jogs.track[j]);
                pts.push([u, vs[k]]);
                pts.push([u, vs[k + 1]]);
            }
        }
        let last = st.len() - 1;
        let last_u = match st[last].end {
            End::Vertex(v) => columns.vertex_u(input, v).0,
            End::Group(g) => columns.group_u(input, g).0,
        };
        pts.push([last_u, vs[last]]);
        drawn
            .paths
            .push((chain.edge, simplify(pts), chain.reversed));
    }
}
