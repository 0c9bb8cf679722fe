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
//! [`vpsc::solve`] converges in a few rounds.

use super::layered::{Graph, VKind};
use super::measure::{self, Sizes};
use super::vpsc::{self, Constraint};
use std::collections::HashMap;

/// Rounds of pulling and projecting.
const ROUNDS: usize = 24;
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
    let order = vpsc::topological_order(n, &constraints);

    // Start from the packed layout: everything as low as it may go.
    let mut pos = vec![0.0; n];
    {
        let mut incoming: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, c) in constraints.iter().enumerate() {
            incoming[c.right].push(i);
        }
        for &v in &order {
            for &c in &incoming[v] {
                let need = pos[constraints[c].left] + constraints[c].gap;
                if pos[v] < need {
                    pos[v] = need;
                }
            }
        }
    }

    let mut nbrs: Vec<Vec<(usize, f64)>> = vec![Vec::new(); nv];
    for h in &graph.hops {
        nbrs[h.upper].push((h.lower, h.weight));
        nbrs[h.lower].push((h.upper, h.weight));
    }
    let mut desired = vec![0.0; n];
    let mut weight = vec![0.0; n];
    for _ in 0..ROUNDS {
        for v in 0..nv {
            if nbrs[v].is_empty() {
                desired[v] = pos[v];
                weight[v] = 0.05;
            } else {
                let (s, w) = nbrs[v]
                    .iter()
                    .fold((0.0, 0.0), |(s, w), &(u, wt)| (s + pos[u] * wt, w + wt));
                desired[v] = s / w;
                weight[v] = w;
            }
        }
        // Groups pull their borders in a little, so they stay tight.
        for g in 0..ng {
            desired[low(graph, g)] = pos[low(graph, g)] + 1000.0;
            weight[low(graph, g)] = 1e-4;
            desired[high(graph, g)] = pos[high(graph, g)] - 1000.0;
            weight[high(graph, g)] = 1e-4;
        }
        pos = vpsc::solve(&desired, &weight, &constraints, &order);
    }

    Cross {
        port: pos[..nv].to_vec(),
        group_low: (0..ng).map(|g| pos[low(graph, g)]).collect(),
        group_high: (0..ng).map(|g| pos[high(graph, g)]).collect(),
    }
}

/// Every separation constraint of the layout.
fn constraints(graph: &Graph, sizes: &Sizes) -> Vec<Constraint> {
    let mut out = Vec::new();
    let pad = measure::GROUP_PAD;
    let inset = low_inset(graph);
    // Members inside their innermost group.
    for (v, vertex) in graph.vertices.iter().enumerate() {
        if let Some(g) = vertex.group {
            out.push(Constraint {
                left: low(graph, g),
                right: v,
                gap: vertex.before + inset,
            });
            out.push(Constraint {
                left: v,
                right: high(graph, g),
                gap: vertex.after + pad,
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
    // Consecutive items of every rank.
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
                None => (a, va.after, va.sep),
            };
            let (right, right_extent, right_sep) = match pb.get(common) {
                Some(&g) => (low(graph, g), 0.0, GROUP_SEP),
                None => (b, vb.before, vb.sep),
            };
            let gap = left_extent + right_extent + spacing(left_sep, right_sep, va.kind, vb.kind);
            let entry = between.entry((left, right)).or_insert(gap);
            if *entry < gap {
                *entry = gap;
            }
        }
    }
    let mut pairs: Vec<((usize, usize), f64)> = between.into_iter().collect();
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    out.extend(pairs.into_iter().map(|((left, right), gap)| Constraint { left, right, gap }));
    out
}

fn spacing(a: f64, b: f64, ka: VKind, kb: VKind) -> f64 {
    let thin = |k: VKind| matches!(k, VKind::Dummy | VKind::Filler);
    if thin(ka) && thin(kb) {
        a.min(b)
    } else {
        (a + b) / 2.0
    }
}
