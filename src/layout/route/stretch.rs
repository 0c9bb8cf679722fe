//! Stretching groups along the flow, so that an edge with a group end
//! points along it centre to centre (guarantee 7 of layout-json.md).
//!
//! In: the layered graph, the column widths, the zones and column starts
//! the router has so far, and how to lay the columns out again for given
//! extra lengths before and after each group. Out: the zones and column
//! starts with the stretches that mend what can be mended.

use super::Zones;
use crate::layout::layered::Graph;
use crate::model::{Diagram, Endpoint};
use std::collections::HashMap;

/// Stretching groups for edges that must point along the flow stops at this
/// many times the drawing's own length...
const STRETCH_BUDGET: f64 = 4.0;
/// ...or after this many stretches tried.
const STRETCH_TRIES: usize = 600;
/// Rounds of stretching every backward edge at once.
const STRETCH_ROUNDS: usize = 40;

/// A stretch of a group: (group, true for its closing side, length).
type Stretch = (usize, bool, f64);

/// An edge with a group end must still point along the flow, centre to
/// centre (unless it lies on a cycle): groups are stretched where needed.
/// Opening or closing a group further moves its centre against what it
/// holds and shifts everything after it, so one stretch can mend one
/// edge and break another. First, one step at a time, the stretch
/// (either side of either end's group, or of a node end's innermost
/// group; or two of them, when no single one helps) that leaves the
/// least shortfall in total, until none helps. Then, in rounds, every
/// edge still backwards asks for the stretch that mends it alone
/// (opening its source group earlier or closing its target group later),
/// a group taking the largest ask; the best round is kept. Both stop
/// within a budget of a few times the drawing's own length and a bounded
/// number of tries, so a tangle of such edges never blows the canvas up;
/// what cannot be mended stays.
pub(super) fn stretch_for_centres(
    diagram: &Diagram,
    graph: &Graph,
    width: &[f64],
    columns: impl Fn(&[f64], &[f64]) -> (Zones, Vec<f64>),
    mut zones: Zones,
    mut start: Vec<f64>,
) -> (Zones, Vec<f64>) {
    let n_ranks = width.len();
    let ng = graph.span.len();
    let mut extra_open = vec![0.0f64; ng];
    let mut extra_close = vec![0.0f64; ng];
    let watched: Vec<usize> = (0..diagram.edges.len())
        .filter(|&e| {
            let edge = &diagram.edges[e];
            !graph.in_cycle[e]
                && edge.from != edge.to
                && (matches!(edge.from, Endpoint::Group(_))
                    || matches!(edge.to, Endpoint::Group(_)))
        })
        .collect();
    if watched.is_empty() {
        return (zones, start);
    }
    let drawn_length = start[n_ranks - 1] + width[n_ranks - 1] + zones.close[n_ranks - 1];
    let budget = STRETCH_BUDGET * drawn_length.max(400.0);
    let mut spent = 0.0;
    // Backward edges and by how much their source's centre lies past
    // their target's.
    let shortfalls = |z: &Zones, st: &[f64]| -> Vec<(usize, f64)> {
        let centre_of = |end: Endpoint| -> f64 {
            match end {
                Endpoint::Node(i) => {
                    let r = graph.vertices[i].rank;
                    st[r] + width[r] / 2.0
                }
                Endpoint::Group(g) => {
                    let (s, e) = graph.span[g];
                    (st[s] - z.open_depth[g] + st[e] + width[e] + z.close_depth[g]) / 2.0
                }
            }
        };
        watched
            .iter()
            .filter_map(|&e| {
                let edge = &diagram.edges[e];
                let behind = centre_of(edge.from) - centre_of(edge.to);
                (behind > 0.0).then_some((e, behind))
            })
            .collect()
    };
    let ranks_of = |end: Endpoint| -> (usize, usize) {
        match end {
            Endpoint::Node(i) => (graph.vertices[i].rank, graph.vertices[i].rank),
            Endpoint::Group(g) => graph.span[g],
        }
    };
    let mut current = shortfalls(&zones, &start);
    let total = |v: &[(usize, f64)]| v.iter().map(|x| x.1).sum::<f64>();
    // The stretches that could mend the backward edges `list`:
    // (group, closing side, length).
    let moves_for = |list: &[(usize, f64)]| -> Vec<Stretch> {
        let mut out: Vec<Stretch> = Vec::new();
        for &(e, behind) in list {
            for (g, closing) in stretch_candidates(graph, &diagram.edges[e]) {
                out.push((g, closing, 2.0 * behind + 2.0));
            }
        }
        out
    };
    let apply = |open: &mut [f64], close: &mut [f64], (g, closing, by): Stretch| {
        if closing {
            close[g] += by;
        } else {
            open[g] += by;
        }
    };
    let mut tries = 0;
    while !current.is_empty() && tries < STRETCH_TRIES {
        let now = total(&current);
        // (shortfall left, length, moves): one stretch, or when none
        // helps alone, two (the second mending what the first broke).
        let mut best: Option<(f64, f64, Vec<Stretch>)> = None;
        let mut consider = |left: f64, by: f64, moves: Vec<Stretch>| {
            if left < now - 1e-6 && best.as_ref().is_none_or(|b| (left, by) < (b.0, b.1)) {
                best = Some((left, by, moves));
            }
        };
        // Each single stretch with what it leaves, for the pairs.
        let mut singles = Vec::new();
        for m1 in moves_for(&current) {
            if spent + m1.2 > budget || tries >= STRETCH_TRIES {
                continue;
            }
            let (mut open, mut close) = (extra_open.clone(), extra_close.clone());
            apply(&mut open, &mut close, m1);
            let (z, st) = columns(&open, &close);
            let after = shortfalls(&z, &st);
            tries += 1;
            consider(total(&after), m1.2, vec![m1]);
            singles.push((m1, open, close, after));
        }
        let single_helps = singles
            .iter()
            .any(|(_, _, _, after)| total(after) < now - 1e-6);
        if !single_helps {
            for (m1, open, close, after) in singles {
                for m2 in moves_for(&after) {
                    if spent + m1.2 + m2.2 > budget || tries >= STRETCH_TRIES {
                        continue;
                    }
                    let (mut open2, mut close2) = (open.clone(), close.clone());
                    apply(&mut open2, &mut close2, m2);
                    let (z, st) = columns(&open2, &close2);
                    tries += 1;
                    consider(total(&shortfalls(&z, &st)), m1.2 + m2.2, vec![m1, m2]);
                }
            }
        }
        let Some((_, by, moves)) = best else {
            break;
        };
        for m in moves {
            apply(&mut extra_open, &mut extra_close, m);
        }
        spent += by;
        (zones, start) = columns(&extra_open, &extra_close);
        current = shortfalls(&zones, &start);
    }
    let mut best_round = (total(&current), extra_open.clone(), extra_close.clone());
    for _ in 0..STRETCH_ROUNDS {
        // (group, closing side) -> length
        let mut wanted: HashMap<(usize, bool), f64> = HashMap::new();
        for &(e, behind) in &current {
            let edge = &diagram.edges[e];
            let key = match (edge.from, edge.to) {
                (Endpoint::Group(a), to) if ranks_of(to).0 >= graph.span[a].0 => (a, false),
                (from, Endpoint::Group(b)) if ranks_of(from).1 <= graph.span[b].1 => (b, true),
                _ => continue,
            };
            let want = wanted.entry(key).or_insert(0.0);
            *want = want.max(2.0 * behind + 2.0);
        }
        // Smallest stretches first, each only while the budget lasts.
        let mut asks: Vec<((usize, bool), f64)> = wanted.into_iter().collect();
        asks.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        let (mut open, mut close, mut cost) = (extra_open.clone(), extra_close.clone(), 0.0);
        for ((g, closing), by) in asks {
            if spent + cost + by > budget {
                continue;
            }
            cost += by;
            apply(&mut open, &mut close, (g, closing, by));
        }
        if cost == 0.0 {
            break;
        }
        let (z, st) = columns(&open, &close);
        current = shortfalls(&z, &st);
        (extra_open, extra_close, spent) = (open, close, spent + cost);
        if best_round.0 - total(&current) > 1e-6 {
            best_round = (total(&current), extra_open.clone(), extra_close.clone());
        }
    }
    // Rounds that only traded one backward edge for another are undone.
    let (_, open, close) = best_round;
    (extra_open, extra_close) = (open, close);
    (zones, start) = columns(&extra_open, &extra_close);
    (zones, start)
}

/// Stretches that can move an edge's ends along the flow relative to each
/// other: either side of a group end, and either side of a node end's
/// innermost group. `(group, true for its closing side)`, without repeats.
fn stretch_candidates(graph: &Graph, edge: &crate::model::Edge) -> Vec<(usize, bool)> {
    let mut out = Vec::with_capacity(8);
    for end in [edge.from, edge.to] {
        let g = match end {
            Endpoint::Group(g) => Some(g),
            Endpoint::Node(i) => graph.vertices[i].group,
        };
        if let Some(g) = g {
            for closing in [false, true] {
                if !out.contains(&(g, closing)) {
                    out.push((g, closing));
                }
            }
        }
    }
    out
}
