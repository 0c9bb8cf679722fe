//! Ports at group borders: where chains with a group end meet the border.
//!
//! In: the chains' stations with their cross coordinates so far, and the
//! range at each group's border where a chain may meet it. Out: the
//! coordinates of group-border stations moved so that a port crosses as
//! few other hops of its gap as it can, ports at one point fan out
//! `PORT_STEP` apart (each keeps its arrowhead), and no port lies on the
//! line of another edge running past the border.

use super::stations::{SideEnd, Station};
use crate::layout::layered::End;
use crate::layout::spacing::PORT_STEP;
use std::collections::HashMap;

/// Where an edge meets a group's border. Dropping straight onto the border
/// is first choice, but when the other edges through the same gap jog
/// across that line, the port moves along the border past them: to the
/// candidate (straight, or just beside another edge's end) that crosses
/// the fewest of them, nearest the straight drop among equals.
pub(super) fn group_ports(
    stations: &[Vec<Station>],
    chain_cross: &mut [Vec<f64>],
    port_range: impl Fn(usize, bool) -> (f64, f64),
) {
    let gaps = hops_per_gap(stations, chain_cross);
    // Room between a moved port's arrow and the edge it steps past.
    const BESIDE: f64 = 20.0;
    for (ci, st) in stations.iter().enumerate() {
        let last = st.len() - 1;
        if last < 2 && matches!((st[0].end, st[last].end), (End::Group(_), End::Group(_))) {
            continue;
        }
        // (station of the port, station it comes from, upper side is the port)
        let mut ends = Vec::new();
        if let End::Group(g) = st[last].end {
            ends.push((g, last, last - 1, false));
        }
        if let End::Group(g) = st[0].end {
            ends.push((g, 0, 1, true));
        }
        for (g, at, from, port_above) in ends {
            if st[at].rank.abs_diff(st[from].rank) != 1 {
                continue;
            }
            let gap = st[at].rank.min(st[from].rank);
            let Some(others) = gaps.get(&gap) else {
                continue;
            };
            let (lo, hi) = port_range(g, !port_above);
            let c = chain_cross[ci][from];
            let straight = chain_cross[ci][at];
            let crossings = |p: f64| {
                others
                    .iter()
                    .filter(|&&(_, _, o)| o != ci)
                    .filter(|&&(a, b, _)| {
                        let (up, down) = if port_above { (p, c) } else { (c, p) };
                        (a - up) * (b - down) < 0.0
                    })
                    .count()
            };
            let mut best = (crossings(straight), 0.0, straight);
            if best.0 == 0 {
                continue;
            }
            for &(a, b, o) in others {
                if o == ci {
                    continue;
                }
                let end = if port_above { a } else { b };
                for p in [end - BESIDE, end + BESIDE] {
                    let p = p.clamp(lo, hi);
                    if (p - end).abs() < BESIDE / 2.0 {
                        continue;
                    }
                    let cand = (crossings(p), (p - straight).abs(), p);
                    if (cand.0, cand.1) < (best.0, best.1) {
                        best = cand;
                    }
                }
            }
            chain_cross[ci][at] = best.2;
        }
    }
}

/// Ports of edges that meet one side of a group's border: those at the
/// same point (several clamped to the end of its range, say) get ports of
/// their own, `PORT_STEP` apart in the order they come from, so that each
/// keeps its arrowhead; and ports that would lie on the line of another
/// edge running past the border (into a node of the group's first rank,
/// say) step aside from it, so that the two do not draw as one.
pub(super) fn spread_group_ports(
    stations: &[Vec<Station>],
    chain_cross: &mut [Vec<f64>],
    port_range: impl Fn(usize, bool) -> (f64, f64),
) {
    // (group, high end) -> [(where the chain comes from, chain, station)]
    let mut at: HashMap<(usize, bool), Vec<SideEnd>> = HashMap::new();
    // (rank, arriving) -> lines of edges through a vertex of that rank, on
    // the side they arrive from (or leave to).
    let mut lines: HashMap<(usize, bool), Vec<(f64, usize)>> = HashMap::new();
    for (ci, st) in stations.iter().enumerate() {
        let last = st.len() - 1;
        for (k, s) in st.iter().enumerate() {
            if let End::Vertex(_) = s.end {
                let v = chain_cross[ci][k];
                if k > 0 {
                    lines.entry((s.rank, true)).or_default().push((v, ci));
                }
                if k < last {
                    lines.entry((s.rank, false)).or_default().push((v, ci));
                }
            }
        }
        if last < 2 && matches!((st[0].end, st[last].end), (End::Group(_), End::Group(_))) {
            continue;
        }
        for (k, from, high_end) in [(0, 1, false), (last, last - 1, true)] {
            if let End::Group(g) = st[k].end {
                at.entry((g, high_end))
                    .or_default()
                    .push((chain_cross[ci][from], ci, k, false));
            }
        }
    }
    let gaps = hops_per_gap(stations, chain_cross);
    let mut sides: Vec<_> = at.into_iter().collect();
    sides.sort_by_key(|a| a.0);
    for ((g, high_end), mut ends) in sides {
        ends.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let (lo, hi) = port_range(g, high_end);
        let mut ports: Vec<f64> = ends
            .iter()
            .map(|&(_, ci, k, _)| chain_cross[ci][k])
            .collect();
        // Runs of equal ports fan out around where they were.
        let mut i = 0;
        while i < ports.len() {
            let mut j = i + 1;
            while j < ports.len() && (ports[j] - ports[i]).abs() <= 0.5 {
                j += 1;
            }
            if j - i > 1 {
                let span = (j - i - 1) as f64 * PORT_STEP;
                let first = (ports[i] - span / 2.0).min(hi - span).max(lo);
                let step = (hi - first).clamp(0.0, span) / (j - i - 1) as f64;
                for (m, p) in ports[i..j].iter_mut().enumerate() {
                    *p = first + step * m as f64;
                }
            }
            i = j;
        }
        let (_, ci0, k0, _) = ends[0];
        let rank = stations[ci0][k0].rank;
        let others: Vec<f64> = lines
            .get(&(rank, high_end))
            .map(|l| {
                l.iter()
                    .filter(|&&(_, o)| ends.iter().all(|&(_, ci, _, _)| ci != o))
                    .map(|&(v, _)| v)
                    .collect()
            })
            .unwrap_or_default();
        let clear = |d: f64| {
            ports.iter().all(|&p| {
                let q = p + d;
                q >= lo - 0.5 && q <= hi + 0.5 && others.iter().all(|&o| (q - o).abs() >= 3.0)
            })
        };
        if !clear(0.0) {
            // Of the shifts that clear every line, the one whose hops cross
            // the fewest others in the gap, then the smallest.
            let gap = if high_end {
                rank.checked_sub(1)
            } else {
                Some(rank)
            };
            let hops = gap.and_then(|r| gaps.get(&r));
            let crossings = |d: f64| {
                let mut n = 0;
                for (&(c, ci, _, _), &p) in ends.iter().zip(&ports) {
                    let (up, down) = if high_end { (c, p + d) } else { (p + d, c) };
                    n += hops.map_or(0, |h| {
                        h.iter()
                            .filter(|&&(a, b, o)| o != ci && (a - up) * (b - down) < 0.0)
                            .count()
                    });
                }
                n
            };
            let shift = (1..=4)
                .flat_map(|m| [m as f64 * PORT_STEP, -(m as f64) * PORT_STEP])
                .filter(|&d| clear(d))
                .min_by_key(|&d| (crossings(d), (d.abs() * 2.0) as i64));
            if let Some(d) = shift {
                for p in &mut ports {
                    *p += d;
                }
            }
        }
        for (&(_, ci, k, _), &p) in ends.iter().zip(&ports) {
            chain_cross[ci][k] = p;
        }
    }
}

/// Hops of every chain per gap (by the rank of its upper column): (upper
/// cross, lower cross, chain).
fn hops_per_gap(
    stations: &[Vec<Station>],
    chain_cross: &[Vec<f64>],
) -> HashMap<usize, Vec<(f64, f64, usize)>> {
    let mut gaps: HashMap<usize, Vec<(f64, f64, usize)>> = HashMap::new();
    for (ci, st) in stations.iter().enumerate() {
        for k in 0..st.len() - 1 {
            let (a, b) = (chain_cross[ci][k], chain_cross[ci][k + 1]);
            if st[k + 1].rank == st[k].rank + 1 && a.is_finite() && b.is_finite() {
                gaps.entry(st[k].rank).or_default().push((a, b, ci));
            }
        }
    }
    gaps
}
