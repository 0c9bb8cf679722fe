//! p1, cycle breaking: which edges point against the ranks.
//!
//! In: the diagram's edges between nodes and groups. Out: [`Cycles`]: per
//! edge, whether it is reversed (a depth-first search reverses the edges
//! that point back to a vertex on its stack: with them reversed, the graph
//! of nodes and groups has no cycle, and an edge on no cycle is never
//! reversed), and whether it lies on a cycle of node and group ids at all
//! (the guarantee that edges point along the flow excuses those, and they
//! give way first when ranking must break a cycle through a group border).
//! Self-loops are neither reversed nor part of the search.

use super::layers::units::{self, Units};
use super::levels;
use crate::model::{Diagram, Endpoint};

/// Which edges p1 reverses and which lie on a cycle.
#[derive(Debug, Clone, Default)]
pub struct Cycles {
    /// Per edge: true when it points against the ranks.
    pub reversed: Vec<bool>,
    /// Per edge: whether both its ends lie in one strongly connected
    /// component of nodes and groups (self-loops included), or it runs
    /// between two sibling units (which G7 excuses at their level).
    pub in_cycle: Vec<bool>,
    /// Siblings joined both ways, ranked as blocks (`layers::units`).
    pub units: Units,
}

/// Breaks the cycles of `diagram`.
///
/// Guarantee 7 reads an edge at its level (between the two children of
/// the lowest group holding both ends), so an edge is excused only when it
/// lies on a cycle there too, and only excused edges are reversed; a free
/// edge (`constraint = false`) is excused and takes no part in the search.
/// With `with_units`, edges between sibling units point the way the
/// units' order says, and the search only turns the others.
pub fn break_cycles(diagram: &Diagram, with_units: bool) -> Cycles {
    let level = levels::edges_on_level_cycles(diagram);
    let units = if with_units {
        units::order_units(diagram)
    } else {
        Units {
            decided: vec![None; diagram.edges.len()],
            before: Vec::new(),
        }
    };
    let excused: Vec<bool> = edges_on_cycles(diagram)
        .into_iter()
        .zip(&level)
        .zip(&diagram.edges)
        .map(|((global, &at_level), edge)| !edge.constraint || (global && at_level))
        .collect();
    let free: Vec<bool> = excused
        .iter()
        .zip(&units.decided)
        .map(|(&x, d)| x && d.is_none())
        .collect();
    let dfs = reversed_edges(diagram, &units.decided);
    let extra = levels::turn_excused(diagram, &free, dfs, &units.decided);
    let reversed = extra
        .iter()
        .zip(&units.decided)
        .map(|(&t, d)| t != d.unwrap_or(false))
        .collect();
    let in_cycle = free
        .iter()
        .zip(&units.decided)
        .map(|(&x, d)| x || d.is_some())
        .collect();
    Cycles {
        reversed,
        in_cycle,
        units,
    }
}

/// Whether `diagram` has sibling units to rank as blocks.
pub fn has_units(diagram: &Diagram) -> bool {
    units::order_units(diagram)
        .decided
        .iter()
        .any(Option::is_some)
}

/// For each edge, whether both its ends lie in one strongly connected
/// component of the graph of nodes and groups.
fn edges_on_cycles(diagram: &Diagram) -> Vec<bool> {
    let n = diagram.nodes.len();
    let id = |e: Endpoint| diagram.vertex(e);
    let total = n + diagram.groups.len();
    let mut adj: Vec<Vec<usize>> = vec![Vec::new(); total];
    for edge in diagram.edges.iter().filter(|e| e.constraint) {
        adj[id(edge.from)].push(id(edge.to));
    }
    let comp = levels::strong_components(&adj);
    diagram
        .edges
        .iter()
        .map(|e| e.from == e.to || comp[id(e.from)] == comp[id(e.to)])
        .collect()
}

/// Depth-first search over nodes and groups as the edges connect them
/// (an edge between units the way `decided` turns it); the edges it finds
/// pointing back to a vertex on its stack close a cycle and are turned
/// (again, for a decided one). Edges outside every cycle never are.
fn reversed_edges(diagram: &Diagram, decided: &[Option<bool>]) -> Vec<bool> {
    let n = diagram.nodes.len();
    let id = |e: Endpoint| diagram.vertex(e);
    let total = n + diagram.groups.len();
    let mut adj: Vec<Vec<(usize, usize)>> = vec![Vec::new(); total];
    for (e, edge) in diagram.edges.iter().enumerate() {
        if edge.from != edge.to && edge.constraint {
            let (a, b) = levels::oriented(edge, decided[e]);
            adj[id(a)].push((id(b), e));
        }
    }
    let mut reversed = vec![false; diagram.edges.len()];
    // 0 = unseen, 1 = on the stack, 2 = finished
    let mut state = vec![0u8; total];
    for root in 0..total {
        if state[root] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        state[root] = 1;
        while let Some(&mut (v, ref mut next)) = stack.last_mut() {
            if let Some(&(w, e)) = adj[v].get(*next) {
                *next += 1;
                match state[w] {
                    0 => {
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    1 => reversed[e] = true,
                    _ => {}
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
    reversed
}
