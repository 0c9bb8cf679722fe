//! Which edges may point backwards, read the way guarantee 7 reads them,
//! and which to turn round to make the ranking acyclic.
//!
//! In: a [`Diagram`]. Out: per edge, whether it lies on a cycle *at its
//! level* ([`edges_on_level_cycles`]): an edge is seen between the two
//! children (groups or nodes) of the lowest group that holds both its
//! ends, and it is excused when those two children lie on one cycle of
//! such edges (layout-json.md, guarantee 7). A free edge (`constraint =
//! false`) is always excused. And [`turn_excused`]: a set of edges whose
//! turning round leaves the ranking graph acyclic, all of them excused —
//! there always is one, since every cycle of edges holds an edge that is
//! on a cycle at its own level (the outermost level the cycle reaches).

use std::collections::BTreeSet;

use crate::model::{Diagram, Endpoint};

/// An end, then the groups that hold it, innermost first, as vertices.
fn chain(diagram: &Diagram, end: Endpoint) -> Vec<usize> {
    let n = diagram.nodes.len();
    let (first, group) = match end {
        Endpoint::Node(i) => (i, diagram.nodes[i].group),
        Endpoint::Group(g) => (n + g, diagram.groups[g].parent),
    };
    let mut out = vec![first];
    out.extend(
        group
            .into_iter()
            .flat_map(|g| diagram.group_ancestors(g))
            .map(|g| n + g),
    );
    out
}

/// The two children of the lowest group holding both ends of an edge.
pub(crate) fn level_pair(diagram: &Diagram, from: Endpoint, to: Endpoint) -> (usize, usize) {
    let (cu, cv) = (chain(diagram, from), chain(diagram, to));
    let n = diagram.nodes.len();
    let (u, v) = (cu[0], cv[0]);
    let common = cu
        .iter()
        .find(|&&g| g >= n && g != u && g != v && cv.contains(&g));
    let child = |c: &[usize]| {
        let at = common
            .and_then(|g| c.iter().position(|x| x == g))
            .unwrap_or(c.len());
        c[at.saturating_sub(1)]
    };
    (child(&cu), child(&cv))
}

/// Per edge, in the order the ranking reads it (`Edge::rank_ends`):
/// excused by guarantee 7 at its level, or free.
pub fn edges_on_level_cycles(diagram: &Diagram) -> Vec<bool> {
    let total = diagram.nodes.len() + diagram.groups.len();
    let pairs: Vec<(usize, usize)> = diagram
        .edges
        .iter()
        .map(|e| {
            let (a, b) = e.rank_ends();
            level_pair(diagram, a, b)
        })
        .collect();
    let mut adj: Vec<Vec<usize>> = vec![Vec::new(); total];
    for (e, &(a, b)) in pairs.iter().enumerate() {
        if diagram.edges[e].constraint && a != b {
            adj[a].push(b);
        }
    }
    let comp = strong_components(&adj);
    diagram
        .edges
        .iter()
        .zip(&pairs)
        .map(|(e, &(a, b))| !e.constraint || e.from == e.to || a == b || comp[a] == comp[b])
        .collect()
}

/// Tarjan's strongly connected components, iteratively: per vertex, the
/// root of its component.
pub fn strong_components(adj: &[Vec<usize>]) -> Vec<usize> {
    let total = adj.len();
    let mut index = vec![usize::MAX; total];
    let mut low = vec![0usize; total];
    let mut on_stack = vec![false; total];
    let mut comp = vec![usize::MAX; total];
    let mut stack: Vec<usize> = Vec::new();
    let mut counter = 0;
    for root in 0..total {
        if index[root] != usize::MAX {
            continue;
        }
        let mut call: Vec<(usize, usize)> = vec![(root, 0)];
        index[root] = counter;
        low[root] = counter;
        counter += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut next)) = call.last_mut() {
            if let Some(&w) = adj[v].get(*next) {
                *next += 1;
                if index[w] == usize::MAX {
                    index[w] = counter;
                    low[w] = counter;
                    counter += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    call.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                call.pop();
                if let Some(&(parent, _)) = call.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        comp[w] = v;
                        if w == v {
                            break;
                        }
                    }
                }
            }
        }
    }
    comp
}

/// An edge's ends in rank order, turned round when `decided` says so.
pub fn oriented(edge: &crate::model::Edge, decided: Option<bool>) -> (Endpoint, Endpoint) {
    let (a, b) = edge.rank_ends();
    if decided == Some(true) {
        (b, a)
    } else {
        (a, b)
    }
}

/// Edges to turn round so that the ranking graph (nodes and groups, each
/// edge from its first end in rank order to its second, or as `decided`
/// orients it; free edges left out) has no cycle, every one of them
/// `excused` (so never a decided one: those are turned on top of their
/// decision). `dfs_turned` is what a
/// depth-first search turned: kept when it only turns excused edges (so
/// diagrams it suited keep their layout), otherwise replaced by a
/// topological sweep that, when no vertex is free of incoming edges, takes
/// one free of incoming unexcused edges and turns its incoming ones.
pub fn turn_excused(
    diagram: &Diagram,
    excused: &[bool],
    dfs_turned: Vec<bool>,
    decided: &[Option<bool>],
) -> Vec<bool> {
    if dfs_turned.iter().zip(excused).all(|(&t, &x)| !t || x) {
        return dfs_turned;
    }
    let total = diagram.nodes.len() + diagram.groups.len();
    let mut outs: Vec<Vec<(usize, usize)>> = vec![Vec::new(); total];
    let mut ins: Vec<Vec<(usize, usize)>> = vec![Vec::new(); total];
    let mut in_all = vec![0usize; total];
    let mut in_hard = vec![0usize; total];
    for (e, edge) in diagram.edges.iter().enumerate() {
        if !edge.constraint || edge.from == edge.to {
            continue;
        }
        let (a, b) = oriented(edge, decided[e]);
        let (a, b) = (diagram.vertex(a), diagram.vertex(b));
        outs[a].push((b, e));
        ins[b].push((a, e));
        in_all[b] += 1;
        if !excused[e] {
            in_hard[b] += 1;
        }
    }
    let mut ready: BTreeSet<(usize, usize)> = (0..total)
        .filter(|&v| in_hard[v] == 0)
        .map(|v| (in_all[v], v))
        .collect();
    let mut done = vec![false; total];
    let mut turned = vec![false; diagram.edges.len()];
    while let Some((_, v)) = ready.pop_first() {
        done[v] = true;
        for &(a, e) in &ins[v] {
            if !done[a] {
                turned[e] = true;
            }
        }
        for &(w, e) in &outs[v] {
            if done[w] {
                continue;
            }
            let was_ready = in_hard[w] == 0;
            if was_ready {
                ready.remove(&(in_all[w], w));
            }
            in_all[w] -= 1;
            if !excused[e] {
                in_hard[w] -= 1;
            }
            if in_hard[w] == 0 {
                ready.insert((in_all[w], w));
            }
        }
    }
    turned
}
