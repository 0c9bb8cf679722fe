//! Tracks in the channels between columns.
//!
//! In: every jog (a run of an edge across the flow inside one channel, from
//! one cross-axis coordinate to another). Out: each jog's track (its
//! position across the channel, counted from the start of the flow) and
//! the number of tracks of every channel.
//!
//! Jogs that leave the same port, or reach the same port, share a track
//! (a fan-out draws as one trunk); a track never carries both a fan-out
//! and a fan-in. The resulting nets are ordered so that
//! as few horizontal runs as possible cross another net's vertical run,
//! then packed onto as few tracks as their overlaps allow.

use std::collections::HashMap;

/// Distance between parallel tracks in a channel.
pub const TRACK: f64 = 12.0;
/// Runs across the channel closer than this lie on one line.
const SAME_LINE: f64 = 0.5;
/// A run drawn along another costs as much as this many crossings.
const RUN_ALONG: usize = 3;
/// Runs closer than this (not on one line) read as one smudged line, and
/// cost as much as a crossing.
const NEAR_LINE: f64 = 4.0;

/// One turn of an edge inside a channel.
#[derive(Debug, Clone)]
pub struct Jog {
    pub gap: usize,
    pub from: f64,
    pub to: f64,
    pub from_key: (usize, i64),
    pub to_key: (usize, i64),
}

/// Tracks for the jogs of every gap: jogs sharing a port share a track;
/// overlapping nets are ordered to cross least and packed. Returns each
/// jog's track and each gap's number of tracks.
pub fn assign_tracks(jogs: &[Jog], n_ranks: usize) -> (Vec<usize>, Vec<usize>) {
    let mut track = vec![0usize; jogs.len()];
    let mut count = vec![0usize; n_ranks];
    let mut per_gap: Vec<Vec<usize>> = vec![Vec::new(); n_ranks];
    for (j, jog) in jogs.iter().enumerate() {
        per_gap[jog.gap].push(j);
    }
    for (gap, list) in per_gap.iter().enumerate() {
        if list.is_empty() {
            continue;
        }
        let key_of = star_keys(jogs, list);
        let mut nets: Vec<Net> = Vec::new();
        let mut net_of_key: HashMap<PortKey, usize> = HashMap::new();
        let mut net_of = vec![0usize; list.len()];
        for (i, &j) in list.iter().enumerate() {
            let n = *net_of_key.entry(key_of[i]).or_insert_with(|| {
                nets.push(Net::default());
                nets.len() - 1
            });
            net_of[i] = n;
            let net = &mut nets[n];
            net.ins.push(jogs[j].from);
            net.outs.push(jogs[j].to);
            net.lo = net.lo.min(jogs[j].from.min(jogs[j].to));
            net.hi = net.hi.max(jogs[j].from.max(jogs[j].to));
        }
        let order = order_nets(&nets);
        let mut net_track = vec![0usize; nets.len()];
        let mut placed: Vec<usize> = Vec::new();
        for &n in &order {
            let t = placed
                .iter()
                .filter(|&&o| nets[o].overlaps(&nets[n]))
                .map(|&o| net_track[o] + 1)
                .max()
                .unwrap_or(0);
            net_track[n] = t;
            placed.push(n);
        }
        count[gap] = net_track.iter().map(|t| t + 1).max().unwrap_or(0);
        for (i, &j) in list.iter().enumerate() {
            track[j] = net_track[net_of[i]];
        }
    }
    (track, count)
}

/// A port on one side of a channel: whether the jogs reach it (else they
/// leave it), and the station and cross coordinate of the port.
type PortKey = (bool, (usize, i64));

/// The port whose track each jog of one gap (`list`) takes: jogs that
/// leave one port share its track (a fan-out's trunk), and so do jogs that
/// reach one port (a fan-in's). A jog of both a fan-out and a fan-in takes
/// the fan-out's track, so that every track carries one star: a track
/// that carried both would run the fan-in's edges along the fan-out's,
/// edges that share no end.
fn star_keys(jogs: &[Jog], list: &[usize]) -> Vec<PortKey> {
    let mut members: HashMap<PortKey, usize> = HashMap::new();
    for &j in list {
        *members.entry((false, jogs[j].from_key)).or_default() += 1;
        *members.entry((true, jogs[j].to_key)).or_default() += 1;
    }
    list.iter()
        .map(|&j| {
            let (out, into) = ((false, jogs[j].from_key), (true, jogs[j].to_key));
            if members[&out] < 2 && members[&into] >= 2 {
                into
            } else {
                out
            }
        })
        .collect()
}

/// Jogs sharing one track.
#[derive(Debug, Clone)]
struct Net {
    ins: Vec<f64>,
    outs: Vec<f64>,
    lo: f64,
    hi: f64,
}

impl Default for Net {
    fn default() -> Self {
        Net {
            ins: Vec::new(),
            outs: Vec::new(),
            lo: f64::INFINITY,
            hi: f64::NEG_INFINITY,
        }
    }
}

impl Net {
    fn overlaps(&self, other: &Net) -> bool {
        self.lo < other.hi + TRACK / 2.0 && other.lo < self.hi + TRACK / 2.0
    }
    fn covers(&self, y: f64) -> bool {
        self.lo < y && y < self.hi
    }
}

/// What it costs if `a` takes a track left of `b`: a crossing for each of
/// `a`'s outgoing runs across `b`'s vertical and each of `b`'s incoming runs
/// across `a`'s, [`RUN_ALONG`] crossings for each outgoing run of `a` on
/// the line of an incoming run of `b` (between the two tracks they would
/// be drawn one on the other: a reader takes them for one edge, or sees
/// one's arrowhead on the other), and one for each that runs a unit or
/// three beside one.
fn cost_left_of(a: &Net, b: &Net) -> usize {
    let crossings = a.outs.iter().filter(|&&y| b.covers(y)).count()
        + b.ins.iter().filter(|&&y| a.covers(y)).count();
    let apart = |y: f64| {
        b.ins
            .iter()
            .map(|&z| (y - z).abs())
            .fold(f64::INFINITY, f64::min)
    };
    let along: usize = a
        .outs
        .iter()
        .map(|&y| match apart(y) {
            d if d < SAME_LINE => RUN_ALONG,
            d if d < NEAR_LINE => 1,
            _ => 0,
        })
        .sum();
    crossings + along
}

/// Orders nets left to right so that every overlapping pair lies the way
/// that costs less ([`cost_left_of`]): a net comes once every net that
/// prefers to lie left of it has come (fewest such first, then the net's
/// score, the number of nets that prefer to lie left of it, then its low
/// end). Where preferences go round in a circle, the net with the fewest
/// still waiting breaks it.
fn order_nets(nets: &[Net]) -> Vec<usize> {
    let n = nets.len();
    let mut score = vec![0usize; n];
    let mut right_of: Vec<Vec<usize>> = vec![Vec::new(); n];
    for a in 0..n {
        for b in a + 1..n {
            if !nets[a].overlaps(&nets[b]) {
                continue;
            }
            let ab = cost_left_of(&nets[a], &nets[b]);
            let ba = cost_left_of(&nets[b], &nets[a]);
            if ab < ba {
                right_of[a].push(b);
                score[b] += 1;
            } else if ba < ab {
                right_of[b].push(a);
                score[a] += 1;
            }
        }
    }
    let mut waiting = score.clone();
    let mut done = vec![false; n];
    let mut order: Vec<usize> = Vec::with_capacity(n);
    while let Some(next) = (0..n).filter(|&i| !done[i]).min_by(|&a, &b| {
        waiting[a]
            .cmp(&waiting[b])
            .then(score[a].cmp(&score[b]))
            .then(nets[a].lo.total_cmp(&nets[b].lo))
            .then(a.cmp(&b))
    }) {
        done[next] = true;
        order.push(next);
        for &b in &right_of[next] {
            waiting[b] -= 1;
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jog(from: f64, to: f64, from_station: usize, to_station: usize) -> Jog {
        Jog {
            gap: 0,
            from,
            to,
            from_key: (from_station, (from * 2.0).round() as i64),
            to_key: (to_station, (to * 2.0).round() as i64),
        }
    }

    /// One edge comes down the channel and turns off at the height where
    /// another edge, from another node, enters the channel to turn down:
    /// the second takes the track nearer its source, so the first's run
    /// out and the second's run in never share a line (the picture of
    /// fixtures/clearance/waf-beside-region.toml).
    #[test]
    fn a_run_out_never_lies_on_another_net_s_run_in() {
        let down_then_out = jog(130.0, 632.0, 1, 2);
        let in_then_down = jog(632.0, 890.0, 3, 4);
        let (track, count) = assign_tracks(&[down_then_out, in_then_down], 1);
        assert_eq!(count, vec![2]);
        assert!(track[1] < track[0], "tracks {track:?}");
    }

    /// A jog from one port to another belongs to a fan-out (another jog
    /// leaves its port) and to a fan-in (another reaches its port): it
    /// shares the fan-out's track, and the fan-in, whose edges share no
    /// end with the fan-out's other edge, takes a track of its own.
    #[test]
    fn a_track_carries_a_fan_out_or_a_fan_in_never_both() {
        let bridge = jog(561.0, 556.0, 7, 9);
        let fan_out = jog(561.0, 446.0, 7, 5);
        let fan_in = jog(359.0, 556.0, 2, 9);
        let (track, count) = assign_tracks(&[bridge, fan_out, fan_in], 1);
        assert_eq!(count, vec![2]);
        assert_eq!(track[0], track[1]);
        assert_ne!(track[0], track[2]);
    }

    /// Where either order brings a run near another, the one that brings
    /// them onto one line loses: the first net (its run out on the
    /// second's run in when it is left) goes right, though the second's
    /// run out then passes three units from its run in.
    #[test]
    fn one_line_costs_more_than_a_near_one() {
        let left_back = jog(335.0, 278.0, 1, 2);
        let right_back = jog(278.0, 338.0, 3, 4);
        let (track, _) = assign_tracks(&[left_back, right_back], 1);
        assert!(track[1] < track[0], "tracks {track:?}");
    }

    /// Preferences are kept pair by pair, not by a score: the short net
    /// whose run out lies on the line where the second net's run comes in
    /// goes right of that net, though it overlaps nothing else and the
    /// other net has a higher score (two more nets prefer to lie left of
    /// it).
    #[test]
    fn each_overlapping_pair_lies_the_way_it_prefers() {
        let short = jog(84.0, 94.0, 1, 2);
        let first = jog(94.0, 234.0, 1, 3);
        let second = jog(104.0, 244.0, 1, 4);
        let third = jog(114.0, 288.0, 1, 5);
        let (track, _) = assign_tracks(&[short, first, second, third], 1);
        assert!(track[1] < track[0], "tracks {track:?}");
    }

    /// Without a shared line the order is the one that crosses least
    /// (here none: the upper net turns first).
    #[test]
    fn nets_without_a_shared_line_cross_least() {
        let upper = jog(100.0, 300.0, 1, 2);
        let lower = jog(320.0, 500.0, 3, 4);
        let (track, count) = assign_tracks(&[upper, lower], 1);
        assert_eq!(count, vec![1]);
        assert_eq!(track, vec![0, 0]);
    }
}
