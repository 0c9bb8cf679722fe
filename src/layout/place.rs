//! Cross-axis coordinates: where each vertex sits across the flow.
//!
//! In: the ordered layered graph. Out: [`Cross`]: the port coordinate of
//! every vertex and the two border coordinates of every group, all across
//! the main axis (y for left-right diagrams, x for top-down ones).
//!
//! Each vertex wants to sit level with the mean of its neighbours (weighted
//! so that long edges stay straightest); groups want to be tight. The
//! separation constraints say: consecutive items of a rank keep their
//! spacing, where an item is a vertex or a whole group block; everything in
//! a group keeps the padding (and, across the flow, the title band) from the
//! group's borders; a group is at least as wide as its title when the title
//! runs across the flow. Alternating "pull towards the neighbours" with
//! [`vpsc::Problem::solve`] converges in a few rounds.

use super::layered::{End, Graph, VKind};
use super::measure::{self, Sizes};
use super::spacing::{FLAT_LABEL_MARGIN, PORT_STEP, TITLE_CLEARANCE};
use super::vpsc::{self, Constraint};
use std::collections::{BTreeSet, HashMap};

/// Rounds of pulling and projecting.
const ROUNDS: usize = 48;
/// Above this many variables, fewer rounds: big drawings settle for less.
/// (gen-flow 1000, seeds 1-5: 6 rounds a phase instead of 12 gave 11 714
/// crossing pairs instead of 11 701 and 22 571 bends instead of 22 573,
/// for a fifth of the instructions of the whole layout.)
const LARGE: usize = 4000;
/// Spacing between a group's border and a sibling beside it.
const GROUP_SEP: f64 = 20.0;

/// Cross-axis coordinates.
#[derive(Debug, Clone)]
pub struct Cross {
    /// Port coordinate of every vertex.
    pub port: Vec<f64>,
    /// Low and high border of every group.
    pub group_low: Vec<f64>,
    pub group_high: Vec<f64>,
}

/// A constrained item: a vertex, or a group's low or high border.
fn low(graph: &Graph, g: usize) -> usize {
    graph.vertices.len() + 2 * g
}
fn high(graph: &Graph, g: usize) -> usize {
    graph.vertices.len() + 2 * g + 1
}

/// The room at a group's low border across the flow: padding, plus the
/// title band when titles run along the flow (left-right diagrams).
fn low_inset(graph: &Graph) -> f64 {
    if graph.horizontal {
        measure::GROUP_TITLE_BAND
    } else {
        measure::GROUP_PAD
    }
}

/// Assigns cross-axis coordinates to `graph`.
pub fn assign(graph: &Graph, sizes: &Sizes) -> Cross {
    let nv = graph.vertices.len();
    let ng = graph.span.len();
    let n = nv + 2 * ng;
    let constraints = constraints(graph, sizes);
    let problem = vpsc::Problem::new(n, &constraints);

    // Start from the packed layout: everything as low as it may go.
    let mut pos = vec![0.0; n];
    problem.make_feasible(&mut pos);

    let mut nbrs: Vec<WeightedNeighbours> = vec![Vec::new(); nv];
    for h in &graph.hops {
        nbrs[h.upper].push((h.lower, h.weight));
        nbrs[h.lower].push((h.upper, h.weight));
    }
    let mates = super::loose::mates(graph);
    let mut desired = vec![0.0; n];
    let mut weight = vec![0.0; n];
    let mut solve = |pos: &mut Vec<f64>, median: bool, anchors: &[Option<(f64, f64)>]| -> f64 {
        pull(
            (&nbrs, &mates),
            pos,
            median,
            anchors,
            &mut desired,
            &mut weight,
        );
        // Group borders start each round hugging what they hold and only
        // move when something inside or beside them pushes.
        tighten(graph, &constraints, pos);
        for g in 0..ng {
            for var in [low(graph, g), high(graph, g)] {
                desired[var] = pos[var];
                weight[var] = 1e-4;
            }
        }
        let next = problem.solve(&desired, &weight);
        let moved = next[..nv]
            .iter()
            .zip(&pos[..nv])
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        *pos = next;
        moved
    };

    // Plain least squares first (moves clusters quickly), then reweighted
    // towards the median (snaps chains straight); each phase ends early
    // once nothing moves visibly.
    let free = vec![None; nv];
    let rounds = if n > LARGE { ROUNDS / 8 } else { ROUNDS / 2 };
    for median in [false, true] {
        for _ in 0..rounds {
            if solve(&mut pos, median, &free) < 0.05 {
                break;
            }
        }
    }

    // Main chains: where a vertex's heaviest edge in and its
    // predecessor's heaviest edge out are the same hop, the two belong on
    // one line. Each maximal chain is anchored at its mean position and the
    // rest of the drawing settles around it.
    let anchors = main_chain_anchors(graph, &pos[..nv]);
    let straighten = if n > LARGE {
        STRAIGHTEN_ROUNDS / 2
    } else {
        STRAIGHTEN_ROUNDS
    };
    for _ in 0..straighten {
        if solve(&mut pos, true, &anchors) < 0.05 {
            break;
        }
    }

    tighten(graph, &constraints, &mut pos);
    straighten_chains(graph, &constraints, &mut pos);
    align_near_misses(graph, &constraints, &mut pos);
    super::stairs::flatten(graph, &constraints, &mut pos);
    super::stairs::flatten_pushing(graph, &constraints, &mut pos);
    super::balance::centre_hubs(graph, &constraints, &mut pos);
    super::balance::centre_hubs_pushing(graph, &constraints, &mut pos);
    tighten(graph, &constraints, &mut pos);
    Cross {
        port: pos[..nv].to_vec(),
        group_low: (0..ng).map(|g| pos[low(graph, g)]).collect(),
        group_high: (0..ng).map(|g| pos[high(graph, g)]).collect(),
    }
}

/// Rounds spent settling the drawing around its straightened main chains.
const STRAIGHTEN_ROUNDS: usize = 6;
/// How hard an anchored vertex holds to its chain's line.
const ANCHOR_WEIGHT: f64 = 50.0;

/// A vertex's neighbours, one per hop, with the hop's weight.
type WeightedNeighbours = Vec<(usize, f64)>;

/// Desired positions and weights of the vertices: the (reweighted) mean of
/// their neighbours, or their anchor's line; a loose node in a group
/// (`mates`, [`super::loose::mates`]) leans lightly on its nearer mate.
fn pull(
    (nbrs, mates): (&[WeightedNeighbours], &[Vec<usize>]),
    pos: &[f64],
    median: bool,
    anchors: &[Option<(f64, f64)>],
    desired: &mut [f64],
    weight: &mut [f64],
) {
    for v in 0..nbrs.len() {
        if let Some((line, hold)) = anchors[v] {
            desired[v] = line;
            weight[v] = hold;
        } else if nbrs[v].is_empty() {
            desired[v] = super::loose::nearest_mate(&mates[v], v, pos).unwrap_or(pos[v]);
            weight[v] = 0.05;
        } else {
            // Iteratively reweighted: a neighbour already level with the
            // vertex pulls hardest, so the result approaches the weighted
            // median (an L1 optimum, as in dot's network simplex).
            let (s, w) = nbrs[v].iter().fold((0.0, 0.0), |(s, w), &(u, wt)| {
                let k = if median {
                    wt / (pos[u] - pos[v]).abs().max(1.0)
                } else {
                    wt
                };
                (s + pos[u] * k, w + k)
            });
            desired[v] = s / w;
            weight[v] = w;
        }
    }
}

/// The line each vertex of a main chain should sit on (None for vertices
/// on no chain of two or more).
fn main_chain_anchors(graph: &Graph, pos: &[f64]) -> Vec<Option<(f64, f64)>> {
    let nv = graph.vertices.len();
    let mut succ: Vec<Option<(usize, f64)>> = vec![None; nv];
    let mut pred: Vec<Option<(usize, f64)>> = vec![None; nv];
    for h in &graph.hops {
        if succ[h.upper].is_none_or(|(_, w)| h.weight > w) {
            succ[h.upper] = Some((h.lower, h.weight));
        }
        if pred[h.lower].is_none_or(|(_, w)| h.weight > w) {
            pred[h.lower] = Some((h.upper, h.weight));
        }
    }
    let fans = fan_degrees(graph);
    let next = |v: usize| -> Option<usize> {
        let (s, _) = succ[v]?;
        let fan = fans[v].1 >= FAN || fans[s].0 >= FAN;
        (!fan && pred[s].map(|(p, _)| p) == Some(v)).then_some(s)
    };
    let mut anchors: Vec<Option<(f64, f64)>> = vec![None; nv];
    let mut has_prev = vec![false; nv];
    for v in 0..nv {
        if let Some(s) = next(v) {
            has_prev[s] = true;
        }
    }
    for (start, &inner) in has_prev.iter().enumerate() {
        if inner || next(start).is_none() {
            continue;
        }
        let mut chain = vec![start];
        let mut strength = 0.0;
        let mut v = start;
        while let Some(s) = next(v) {
            strength += succ[v].map_or(0.0, |(_, w)| w);
            chain.push(s);
            v = s;
        }
        let line = chain.iter().map(|&v| pos[v]).sum::<f64>() / chain.len() as f64;
        // Heavier chains (longer, on the main flow) hold much harder, so
        // where two chains compete for room the main one stays straight.
        let hold = ANCHOR_WEIGHT * strength * strength;
        for v in chain {
            anchors[v] = Some((line, hold));
        }
    }
    anchors
}

/// A vertex with this many neighbours in the next rank (or the previous)
/// is the hub of a fan: it ends the main chains there, so that it settles
/// at the middle of the fan instead of level with one branch.
pub(crate) const FAN: usize = 3;

/// Per vertex, how many distinct vertices lead to it and follow it.
pub(super) fn fan_degrees(graph: &Graph) -> Vec<(usize, usize)> {
    let mut seen: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut out = vec![(0, 0); graph.vertices.len()];
    for h in &graph.hops {
        if h.upper != h.lower && seen.insert((h.upper, h.lower)) {
            out[h.upper].1 += 1;
            out[h.lower].0 += 1;
        }
    }
    out
}

/// Hops whose ends lie closer than this across the flow, but not level,
/// are lined up where the constraints allow.
const NEAR_MISS: f64 = 2.0;

/// The solver leaves neighbours that belong on one line a unit or so apart,
/// which the drawing shows as a step or as two edges side by side at one
/// port. Each such hop is made level by moving one end onto the other
/// (with the run of bend points and label slots level with it, which
/// travel together), when every constraint on what moves still holds and
/// more hops out of it end level than before.
fn align_near_misses(graph: &Graph, constraints: &[Constraint], pos: &mut [f64]) {
    let touching = constraints_touching(pos.len(), constraints);
    let nbrs = hop_neighbours(graph);
    let is_node = |v: usize| matches!(graph.vertices[v].kind, VKind::Node(_));
    // `v` and, unless it is a node, the bend points and label slots joined
    // to it by level hops.
    let run_of = |v: usize, pos: &[f64]| -> Vec<usize> {
        let mut run = vec![v];
        if is_node(v) {
            return run;
        }
        let mut k = 0;
        while k < run.len() && run.len() < RUN_LIMIT {
            let x = run[k];
            for &u in &nbrs[x] {
                if !is_node(u) && level(pos[u], pos[v]) && !run.contains(&u) {
                    run.push(u);
                }
            }
            k += 1;
        }
        run
    };
    for _ in 0..2 {
        let mut moved = false;
        for h in &graph.hops {
            let (a, b) = (h.upper, h.lower);
            let d = (pos[a] - pos[b]).abs();
            if !(1e-9..NEAR_MISS).contains(&d) {
                continue;
            }
            for (v, to) in [(b, pos[a]), (a, pos[b])] {
                let run = run_of(v, pos);
                if move_if_level(&run, to, pos, &nbrs, (&touching, constraints)) {
                    moved = true;
                    break;
                }
            }
        }
        if !moved {
            break;
        }
    }
}

/// Each vertex's neighbours, one per hop.
pub(super) fn hop_neighbours(graph: &Graph) -> Vec<Vec<usize>> {
    let mut nbrs: Vec<Vec<usize>> = vec![Vec::new(); graph.vertices.len()];
    for h in &graph.hops {
        nbrs[h.upper].push(h.lower);
        nbrs[h.lower].push(h.upper);
    }
    nbrs
}

/// Whether two positions are on one line.
pub(super) fn level(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// Moves the level run `run` onto line `to` when every constraint on it
/// still holds there (`touching` lists each vertex's constraints) and more
/// hops leaving it end level than before (`nbrs` lists each vertex's
/// neighbours, one per hop); says whether it moved.
pub(super) fn move_if_level(
    run: &[usize],
    to: f64,
    pos: &mut [f64],
    nbrs: &[Vec<usize>],
    (touching, constraints): (&[Vec<usize>], &[Constraint]),
) -> bool {
    let from = pos[run[0]];
    let gain: i32 = run
        .iter()
        .flat_map(|&m| nbrs[m].iter())
        .filter(|u| !run.contains(u))
        .map(|&u| level(pos[u], to) as i32 - level(pos[u], from) as i32)
        .sum();
    if gain <= 0 || !fits_at(run, to, pos, touching, constraints) {
        return false;
    }
    for &m in run {
        pos[m] = to;
    }
    true
}

/// Whether every constraint on the vertices `set` still holds once they
/// all move to `x` (`touching` lists each vertex's constraints).
fn fits_at(
    set: &[usize],
    x: f64,
    pos: &[f64],
    touching: &[Vec<usize>],
    constraints: &[Constraint],
) -> bool {
    let value = |u: usize| if set.contains(&u) { x } else { pos[u] };
    set.iter().all(|&m| {
        touching[m].iter().all(|&i| {
            let c = &constraints[i];
            value(c.right) - value(c.left) >= c.gap - 1e-9
        })
    })
}

/// The constraints on each variable, for checking a move.
pub(super) fn constraints_touching(n: usize, constraints: &[Constraint]) -> Vec<Vec<usize>> {
    let mut touching: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, c) in constraints.iter().enumerate() {
        touching[c.left].push(i);
        touching[c.right].push(i);
    }
    touching
}

/// A long edge whose bend points settled on different lines (typically
/// around its label slot, which its label's height keeps further from a
/// neighbouring edge than a bend point needs to be) is drawn with steps.
/// Where every bend point and label slot of the edge can share one of their
/// lines (each constraint on them still holding), they move onto it: the
/// line that leaves the fewest steps, counting the edge's two ends.
fn straighten_chains(graph: &Graph, constraints: &[Constraint], pos: &mut [f64]) {
    let touching = constraints_touching(pos.len(), constraints);
    let end_pos = |end: End, pos: &[f64]| match end {
        End::Vertex(v) => Some(pos[v]),
        End::Group(_) => None,
    };
    for chain in &graph.chains {
        let inner = &chain.verts;
        if inner.len() < 2 || inner.len() > RUN_LIMIT {
            continue;
        }
        let steps = |line: &dyn Fn(usize) -> f64, pos: &[f64]| -> usize {
            let mut seq: Vec<f64> = Vec::with_capacity(inner.len() + 2);
            seq.extend(end_pos(chain.low, pos));
            seq.extend(inner.iter().map(|&v| line(v)));
            seq.extend(end_pos(chain.high, pos));
            seq.windows(2).filter(|w| (w[0] - w[1]).abs() > 0.5).count()
        };
        let now = steps(&|v| pos[v], pos);
        if now == 0 {
            continue;
        }
        let mut best: Option<(usize, f64)> = None;
        let mut candidates: Vec<f64> = inner.iter().map(|&v| pos[v]).collect();
        candidates.extend(end_pos(chain.low, pos));
        candidates.extend(end_pos(chain.high, pos));
        for x in candidates {
            let left = steps(&|_| x, pos);
            if left >= now || best.is_some_and(|(b, _)| b <= left) {
                continue;
            }
            if fits_at(inner, x, pos, &touching, constraints) {
                best = Some((left, x));
            }
        }
        if let Some((_, x)) = best {
            for &m in inner {
                pos[m] = x;
            }
        }
    }
}

/// Longest run of bend points and label slots moved at once.
pub(super) const RUN_LIMIT: usize = 64;

/// Moves every group border as close to what it holds as its constraints
/// allow, innermost groups first. Moving a border inwards only adds slack to
/// the constraints on its outer side, so the positions stay feasible.
fn tighten(graph: &Graph, constraints: &[Constraint], pos: &mut [f64]) {
    let nv = graph.vertices.len();
    let ng = graph.span.len();
    let mut lows: Vec<Vec<usize>> = vec![Vec::new(); ng];
    let mut highs: Vec<Vec<usize>> = vec![Vec::new(); ng];
    for (i, c) in constraints.iter().enumerate() {
        if c.left >= nv && (c.left - nv) % 2 == 0 {
            lows[(c.left - nv) / 2].push(i);
        }
        if c.right >= nv && (c.right - nv) % 2 == 1 {
            highs[(c.right - nv) / 2].push(i);
        }
    }
    let mut order: Vec<usize> = (0..ng).collect();
    order.sort_by_key(|&g| std::cmp::Reverse(graph.group_path[g].len()));
    for g in order {
        let lo = lows[g]
            .iter()
            .map(|&i| pos[constraints[i].right] - constraints[i].gap)
            .fold(f64::INFINITY, f64::min);
        if lo.is_finite() {
            pos[low(graph, g)] = lo;
        }
        let hi = highs[g]
            .iter()
            .map(|&i| pos[constraints[i].left] + constraints[i].gap)
            .fold(f64::NEG_INFINITY, f64::max);
        if hi.is_finite() {
            pos[high(graph, g)] = hi;
        }
    }
}

/// Top-down diagrams draw group titles across the flow, where edges come
/// in: whatever an edge reaches from outside a group in the group's
/// first rank (last, for `up`) stays clear of the title.
fn title_clearances(graph: &Graph, sizes: &Sizes, out: &mut Vec<Constraint>) {
    let pad = measure::GROUP_PAD;
    let n = graph.vertices.len();
    let mut from_outside: Vec<Vec<usize>> = vec![Vec::new(); n];
    for h in &graph.hops {
        let (inner, outer) = if graph.title_at_end {
            (h.upper, h.lower)
        } else {
            (h.lower, h.upper)
        };
        from_outside[inner].push(outer);
    }
    // An edge between a group and a node it holds comes in straight
    // through the group's title band too, where the node sits at the
    // band's end of the group.
    let mut entered_from: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(v, holder, into_holder) in &graph.entered {
        if into_holder == graph.title_at_end {
            entered_from[v].push(holder);
        }
    }
    for (v, vertex) in graph.vertices.iter().enumerate() {
        let path = graph.path_of(v);
        for (depth, &g) in path.iter().enumerate() {
            let (first, last) = graph.span[g];
            let edge_rank = if graph.title_at_end { last } else { first };
            if vertex.rank != edge_rank {
                continue;
            }
            let outside = from_outside[v]
                .iter()
                .any(|&o| !graph.path_of(o).contains(&g))
                || entered_from[v].iter().any(|h| path[..=depth].contains(h));
            if outside {
                // The edges coming in fan out around the port (one port
                // each, route/node_ports.rs): the outermost must clear the
                // title too.
                let fan = (from_outside[v].len().max(1) - 1) as f64 / 2.0 * PORT_STEP;
                out.push(Constraint {
                    left: low(graph, g),
                    right: v,
                    gap: sizes.groups[g].w + TITLE_CLEARANCE + fan,
                });
            }
        }
    }
    // An edge ending on a group's border on the title side runs through
    // the title bands of the groups around it that open in the same
    // gap: the group reaches far enough across for a port beyond them.
    let mut seen = BTreeSet::new();
    for chain in &graph.chains {
        for (end, high_end) in [(chain.low, false), (chain.high, true)] {
            let End::Group(g) = end else { continue };
            if !graph.meets_title_side(high_end) {
                continue;
            }
            for a in graph.titles_over(g) {
                if seen.insert((a, g)) {
                    out.push(Constraint {
                        left: low(graph, a),
                        right: high(graph, g),
                        gap: sizes.groups[a].w + TITLE_CLEARANCE + pad,
                    });
                }
            }
        }
    }
}

/// Every separation constraint of the layout.
fn constraints(graph: &Graph, sizes: &Sizes) -> Vec<Constraint> {
    let mut out = Vec::new();
    let pad = measure::GROUP_PAD;
    let inset = low_inset(graph);
    // Members inside their innermost group.
    for (v, vertex) in graph.vertices.iter().enumerate() {
        // A filler only marks its group's presence in a rank; the group's
        // borders stand in for it in every constraint that matters.
        if vertex.kind == VKind::Filler {
            continue;
        }
        if let Some(g) = vertex.group {
            out.push(Constraint {
                left: low(graph, g),
                right: v,
                gap: vertex.reach_before() + inset,
            });
            out.push(Constraint {
                left: v,
                right: high(graph, g),
                gap: vertex.reach_after() + pad,
            });
        }
    }
    // Groups inside their parents; wide enough for their titles.
    for (g, parent) in graph.group_parent.iter().enumerate() {
        if let Some(p) = *parent {
            out.push(Constraint {
                left: low(graph, p),
                right: low(graph, g),
                gap: inset,
            });
            out.push(Constraint {
                left: high(graph, g),
                right: high(graph, p),
                gap: pad,
            });
        }
        let min_size = if graph.horizontal {
            inset + pad
        } else {
            sizes.groups[g].w + 16.0
        };
        out.push(Constraint {
            left: low(graph, g),
            right: high(graph, g),
            gap: min_size,
        });
    }
    // Top-down diagrams draw group titles across the flow, where edges come
    // in: whatever an edge reaches from outside a group in the group's
    // first rank (last, for `up`) stays clear of the title.
    if !graph.horizontal {
        title_clearances(graph, sizes, &mut out);
    }
    // Consecutive items of every rank; a flat edge's label fits between
    // its two nodes.
    let flat_room = flat_label_room(graph, sizes);
    let mut between: HashMap<(usize, usize), f64> = HashMap::new();
    for rank in &graph.ranks {
        for pair in rank.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let pa = graph.path_of(a);
            let pb = graph.path_of(b);
            let common = pa.iter().zip(pb).take_while(|(x, y)| x == y).count();
            let va = &graph.vertices[a];
            let vb = &graph.vertices[b];
            let (left, left_extent, left_sep) = match pa.get(common) {
                Some(&g) => (high(graph, g), 0.0, GROUP_SEP),
                None => (a, va.reach_after(), va.sep),
            };
            let (right, right_extent, right_sep) = match pb.get(common) {
                Some(&g) => (low(graph, g), 0.0, GROUP_SEP),
                None => (b, vb.reach_before(), vb.sep),
            };
            let mut gap =
                left_extent + right_extent + spacing(left_sep, right_sep, va.kind, vb.kind);
            if let Some(room) = flat_room.get(&(a.min(b), a.max(b))) {
                gap = gap.max(left_extent + right_extent + room);
            }
            let entry = between.entry((left, right)).or_insert(gap);
            if *entry < gap {
                *entry = gap;
            }
        }
    }
    let mut pairs: Vec<((usize, usize), f64)> = between.into_iter().collect();
    pairs.sort_by_key(|a| a.0);
    out.extend(
        pairs
            .into_iter()
            .map(|((left, right), gap)| Constraint { left, right, gap }),
    );
    out
}

/// The room across the flow that the label of a flat edge needs between
/// its two nodes (its height beside a line across left-right flows, its
/// width above a line in top-down ones), by the pair of vertices.
fn flat_label_room(graph: &Graph, sizes: &Sizes) -> HashMap<(usize, usize), f64> {
    graph
        .flat
        .iter()
        .filter_map(|&(e, a, b)| {
            let l = sizes.edge_labels[e].as_ref()?;
            let across = if graph.horizontal { l.h } else { l.w };
            Some(((a.min(b), a.max(b)), across + 2.0 * FLAT_LABEL_MARGIN))
        })
        .collect()
}

fn spacing(a: f64, b: f64, ka: VKind, kb: VKind) -> f64 {
    let thin = |k: VKind| matches!(k, VKind::Dummy | VKind::Filler);
    if thin(ka) && thin(kb) {
        a.min(b)
    } else {
        (a + b) / 2.0
    }
}
