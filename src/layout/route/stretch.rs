//! Stretching groups along the flow, so that an edge with a group end
//! points along it centre to centre (guarantee 7 of layout-json.md).
//!
//! In: the layered graph, the column widths, the zones and column starts
//! the router has so far, and how to lay the columns out again for given
//! extra lengths before and after each group. Out: the zones and column
//! starts with the stretches that mend what can be mended.

use super::zones::Zones;
use crate::layout::layered::Graph;
use crate::layout::simplex;
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
/// (either side of either end's own group, see [`stretch_candidates`]; or
/// two of them, when no single one helps) that leaves the least
/// shortfall in total, until none helps. Then, in rounds, every edge
/// still backwards asks for the stretch that mends it alone (opening its
/// source group earlier or closing its target group later), a group
/// taking the largest ask; the best round is kept. Both stop within a
/// budget of a few times the drawing's own length and a bounded number of
/// tries, so a tangle of such edges never blows the canvas up. What they
/// leave backwards goes to one linear program over all the stretches at
/// once and over the groups around the ends too ([`stretch_by_program`]),
/// which finds the combinations single steps cannot (close one group
/// later and open another earlier, each breaking an edge alone); what
/// even that cannot mend stays.
pub(super) fn stretch_for_centres(
    diagram: &Diagram,
    graph: &Graph,
    width: &[f64],
    columns: impl Fn(&[f64], &[f64]) -> (Zones, Vec<f64>),
    zones: Zones,
    start: Vec<f64>,
) -> (Zones, Vec<f64>) {
    let n_ranks = width.len();
    let ng = graph.span.len();
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
    let ctx = Stretcher {
        diagram,
        graph,
        width,
        columns,
        watched,
        budget: STRETCH_BUDGET * drawn_length.max(400.0),
    };
    let mut extra = Extra {
        open: vec![0.0f64; ng],
        close: vec![0.0f64; ng],
        spent: 0.0,
    };
    let current = ctx.shortfalls(&zones, &start);
    let current = ctx.step_by_step(&mut extra, current);
    let left = ctx.in_rounds(&mut extra, current);
    // What the steps could not mend, one linear program may: it weighs
    // every stretch against every edge at once.
    if left > 0.0 {
        ctx.by_program(&mut extra, left, PROGRAM_BUDGET * drawn_length.max(400.0));
    }
    (ctx.columns)(&extra.open, &extra.close)
}

/// What every stretching stage reads: the graph, the column widths, how
/// to lay the columns out for given stretches, the edges watched and the
/// budget of the first two stages.
struct Stretcher<'a, F> {
    diagram: &'a Diagram,
    graph: &'a Graph,
    width: &'a [f64],
    columns: F,
    watched: Vec<usize>,
    budget: f64,
}

/// The stretches so far, before and after each group, and their length
/// in all.
struct Extra {
    open: Vec<f64>,
    close: Vec<f64>,
    spent: f64,
}

/// The sum of the shortfalls.
fn total(v: &[(usize, f64)]) -> f64 {
    v.iter().map(|x| x.1).sum::<f64>()
}

fn apply(open: &mut [f64], close: &mut [f64], (g, closing, by): Stretch) {
    if closing {
        close[g] += by;
    } else {
        open[g] += by;
    }
}

impl<F: Fn(&[f64], &[f64]) -> (Zones, Vec<f64>)> Stretcher<'_, F> {
    /// By how much each watched edge's source centre lies past its
    /// target's.
    fn behind_all(&self, z: &Zones, st: &[f64]) -> Vec<f64> {
        let (graph, width) = (self.graph, self.width);
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
        let edges = &self.diagram.edges;
        self.watched
            .iter()
            .map(|&e| centre_of(edges[e].from) - centre_of(edges[e].to))
            .collect()
    }

    /// The backward edges, with how far behind.
    fn shortfalls(&self, z: &Zones, st: &[f64]) -> Vec<(usize, f64)> {
        self.watched
            .iter()
            .zip(self.behind_all(z, st))
            .filter(|&(_, behind)| behind > 0.0)
            .map(|(&e, behind)| (e, behind))
            .collect()
    }

    /// The backward edges with the given stretches.
    fn shortfalls_with(&self, open: &[f64], close: &[f64]) -> Vec<(usize, f64)> {
        let (z, st) = (self.columns)(open, close);
        self.shortfalls(&z, &st)
    }

    /// The stretches that could mend the backward edges `list`:
    /// (group, closing side, length).
    fn moves_for(&self, list: &[(usize, f64)]) -> Vec<Stretch> {
        let mut out: Vec<Stretch> = Vec::new();
        for &(e, behind) in list {
            for (g, closing) in stretch_candidates(self.graph, &self.diagram.edges[e], false) {
                out.push((g, closing, 2.0 * behind + 2.0));
            }
        }
        out
    }

    /// One step at a time, the stretch (or, when none helps alone, the
    /// two) that leaves the least shortfall in total, until none helps,
    /// the budget is spent or enough were tried. Returns the backward
    /// edges left.
    fn step_by_step(&self, extra: &mut Extra, mut current: Vec<(usize, f64)>) -> Vec<(usize, f64)> {
        let budget = self.budget;
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
            for m1 in self.moves_for(&current) {
                if extra.spent + m1.2 > budget || tries >= STRETCH_TRIES {
                    continue;
                }
                let (mut open, mut close) = (extra.open.clone(), extra.close.clone());
                apply(&mut open, &mut close, m1);
                let after = self.shortfalls_with(&open, &close);
                tries += 1;
                consider(total(&after), m1.2, vec![m1]);
                singles.push((m1, open, close, after));
            }
            let single_helps = singles
                .iter()
                .any(|(_, _, _, after)| total(after) < now - 1e-6);
            if !single_helps {
                for (m1, open, close, after) in singles {
                    for m2 in self.moves_for(&after) {
                        if extra.spent + m1.2 + m2.2 > budget || tries >= STRETCH_TRIES {
                            continue;
                        }
                        let (mut open2, mut close2) = (open.clone(), close.clone());
                        apply(&mut open2, &mut close2, m2);
                        tries += 1;
                        let left = total(&self.shortfalls_with(&open2, &close2));
                        consider(left, m1.2 + m2.2, vec![m1, m2]);
                    }
                }
            }
            let Some((_, by, moves)) = best else {
                break;
            };
            for m in moves {
                apply(&mut extra.open, &mut extra.close, m);
            }
            extra.spent += by;
            current = self.shortfalls_with(&extra.open, &extra.close);
        }
        current
    }

    /// In rounds, every edge still backwards asks for the stretch that
    /// mends it alone (opening its source group earlier or closing its
    /// target group later), a group taking the largest ask, smallest
    /// first while the budget lasts; the best round is kept (rounds that
    /// only traded one backward edge for another are undone). Returns the
    /// shortfall left in total.
    fn in_rounds(&self, extra: &mut Extra, mut current: Vec<(usize, f64)>) -> f64 {
        let graph = self.graph;
        let ranks_of = |end: Endpoint| -> (usize, usize) {
            match end {
                Endpoint::Node(i) => (graph.vertices[i].rank, graph.vertices[i].rank),
                Endpoint::Group(g) => graph.span[g],
            }
        };
        let mut best_round = (total(&current), extra.open.clone(), extra.close.clone());
        for _ in 0..STRETCH_ROUNDS {
            // (group, closing side) -> length
            let mut wanted: HashMap<(usize, bool), f64> = HashMap::new();
            for &(e, behind) in &current {
                let edge = &self.diagram.edges[e];
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
            let (mut open, mut close, mut cost) = (extra.open.clone(), extra.close.clone(), 0.0);
            for ((g, closing), by) in asks {
                if extra.spent + cost + by > self.budget {
                    continue;
                }
                cost += by;
                apply(&mut open, &mut close, (g, closing, by));
            }
            if cost == 0.0 {
                break;
            }
            current = self.shortfalls_with(&open, &close);
            (extra.open, extra.close, extra.spent) = (open, close, extra.spent + cost);
            if best_round.0 - total(&current) > 1e-6 {
                best_round = (total(&current), extra.open.clone(), extra.close.clone());
            }
        }
        let (left, open, close) = best_round;
        (extra.open, extra.close) = (open, close);
        left
    }

    /// One linear program over every stretch of the watched edges' groups
    /// and the groups around them, within `limit`; kept where it leaves
    /// less than `left` in total.
    fn by_program(&self, extra: &mut Extra, left: f64, limit: f64) {
        let mut vars: Vec<(usize, bool)> = Vec::new();
        for &e in &self.watched {
            for v in stretch_candidates(self.graph, &self.diagram.edges[e], true) {
                if !vars.contains(&v) {
                    vars.push(v);
                }
            }
        }
        let behind = |open: &[f64], close: &[f64]| {
            let (z, st) = (self.columns)(open, close);
            self.behind_all(&z, &st)
        };
        let ng = self.graph.span.len();
        if let Some((open, close)) = stretch_by_program(ng, &vars, behind, limit) {
            if total(&self.shortfalls_with(&open, &close)) < left {
                (extra.open, extra.close) = (open, close);
            }
        }
    }
}

/// The linear program may stretch groups by at most this many times the
/// drawing's own length in all.
const PROGRAM_BUDGET: f64 = 20.0;
/// Times the program is solved again where the one before left an edge
/// backwards (a stretch can move centres more or less than its first unit
/// did, when borders meet other borders).
const PROGRAM_ROUNDS: usize = 6;
/// What an unmended edge costs per unit in the program, against one unit
/// of stretch.
const UNMENDED: f64 = 1000.0;

/// Stretches, as little in all as will do, that put every watched edge's
/// source centre at least a unit before its target's: a linear program
/// over the stretches `vars`, with how far each moves each edge's ends
/// measured on the columns themselves (`behind`: extra lengths before and
/// after every group in, how far each watched edge's source lies past its
/// target out), solved again from where it got to while edges stay
/// backwards. None when the stretch would pass `limit`.
fn stretch_by_program(
    n_groups: usize,
    vars: &[(usize, bool)],
    behind: impl Fn(&[f64], &[f64]) -> Vec<f64>,
    limit: f64,
) -> Option<(Vec<f64>, Vec<f64>)> {
    let mut open = vec![0.0f64; n_groups];
    let mut close = vec![0.0f64; n_groups];
    for _ in 0..PROGRAM_ROUNDS {
        let now = behind(&open, &close);
        let worst = now.iter().copied().fold(0.0f64, f64::max);
        if worst <= 0.0 {
            break;
        }
        let m = now.len();
        let probe = (2.0 * worst + 2.0).max(16.0);
        // rows[e][k]: how much stretch k, per unit, brings edge e's ends
        // into order; then one column per edge for leaving it unmended.
        let mut rows = vec![vec![0.0f64; vars.len() + m]; m];
        for (k, &(g, closing)) in vars.iter().enumerate() {
            let (mut o, mut c) = (open.clone(), close.clone());
            if closing {
                c[g] += probe;
            } else {
                o[g] += probe;
            }
            for (e, after) in behind(&o, &c).into_iter().enumerate() {
                rows[e][k] = (now[e] - after) / probe;
            }
        }
        for (e, row) in rows.iter_mut().enumerate() {
            row[vars.len() + e] = 1.0;
        }

        let need: Vec<f64> = now.iter().map(|b| b + 1.0).collect();
        let mut cost = vec![1.0; vars.len()];
        cost.resize(vars.len() + m, UNMENDED);
        let x = simplex::minimise(&cost, &rows, &need)?;
        if x[..vars.len()].iter().all(|&v| v < 1e-6) {
            break;
        }
        for (&(g, closing), &by) in vars.iter().zip(&x) {
            if closing {
                close[g] += by;
            } else {
                open[g] += by;
            }
        }
        if open.iter().chain(&close).sum::<f64>() > limit {
            return None;
        }
    }
    Some((open, close))
}

/// Stretches that can move an edge's ends along the flow relative to each
/// other: either side of a group end and either side of a node end's
/// innermost group; with `around`, also of the groups around either end
/// and of those a group end holds directly (a group and its parent that
/// end together move together). `(group, true for its closing side)`,
/// without repeats.
fn stretch_candidates(
    graph: &Graph,
    edge: &crate::model::Edge,
    around: bool,
) -> Vec<(usize, bool)> {
    let mut groups: Vec<usize> = Vec::new();
    for end in [edge.from, edge.to] {
        let own = match end {
            Endpoint::Group(g) => Some(g),
            Endpoint::Node(i) => graph.vertices[i].group,
        };
        let Some(g) = own else {
            continue;
        };
        if !around {
            groups.push(g);
            continue;
        }
        groups.extend(graph.group_path[g].iter().rev());
        if let Endpoint::Group(g) = end {
            groups.extend(graph.group_children[g].iter().copied());
        }
    }
    let mut out = Vec::with_capacity(2 * groups.len());
    for g in groups {
        for closing in [false, true] {
            if !out.contains(&(g, closing)) {
                out.push((g, closing));
            }
        }
    }
    out
}
