//! Jogs: the runs across the flow that chains make in the gaps between
//! ranks, each on a track of its own.
//!
//! In: the chains' stations and their cross coordinates. Out: [`Jogs`]:
//! one jog per pair of consecutive stations more than half a unit apart
//! across the flow, the jog of each chain's hop (if any), and the track of
//! every jog within its gap's channel with the number of tracks per gap
//! ([`tracks`](crate::layout::tracks) orders and packs them).

use super::stations::{station_id, Stations};
use super::Input;
use crate::layout::tracks::{assign_tracks, Jog};

/// The jogs of every gap and their tracks.
pub(super) struct Jogs {
    pub jogs: Vec<Jog>,
    /// Per chain, per hop: the index of its jog, if it has one.
    pub chain_jogs: Vec<Vec<Option<usize>>>,
    /// Per jog: its track within its gap.
    pub track: Vec<usize>,
    /// Per gap: how many tracks its channel holds.
    pub per_gap: Vec<usize>,
}

/// Jogs per gap, on tracks.
pub(super) fn plan(input: &Input, stations: &Stations) -> Jogs {
    let mut jogs: Vec<Jog> = Vec::new();
    let mut chain_jogs: Vec<Vec<Option<usize>>> = Vec::with_capacity(input.graph.chains.len());
    for (ci, st) in stations.stations.iter().enumerate() {
        let vs = &stations.cross[ci];
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
    let (track, per_gap) = assign_tracks(&jogs, input.n_ranks());
    Jogs {
        jogs,
        chain_jogs,
        track,
        per_gap,
    }
}
