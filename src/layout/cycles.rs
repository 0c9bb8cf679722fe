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

use crate::model::{Diagram, Endpoint};

/// Which edges p1 reverses and which lie on a cycle.
#[derive(Debug, Clone, Default)]
pub struct Cycles {
    /// Per edge: true when it points against the ranks.
    pub reversed: Vec<bool>,
    /// Per edge: whether both its ends lie in one strongly connected
    /// component of nodes and groups (self-loops included).
    pub in_cycle: Vec<bool>,
}

/// Breaks the cycles of `diagram`.
pub fn break_cycles(diagram: &Diagram) -> Cycles {
    Cycles {
        reversed: reversed_edges(diagram),
        in_cycle: edges_on_cycles(diagram),
    }
}

/// For each edge, whether both its ends lie in one strongly connected
/// component of the graph of nodes and groups (Tarjan, iteratively).
fn edges_on_cycles(diagram: &Diagram) -> Vec<bool> {
    let n = diagram.nodes.len();
    let id = |e: Endpoint| match e {
        Endpoint::Node(i) => i,
        Endpoint::Group(g) => n + g,
    };
    let total = n + diagram.groups.len();
    let mut adj: Vec<Vec<usize>> = vec![Vec::new(); total];
    for edge in &diagram.edges {
        adj[id(edge.from)].push(id(edge.to));
    }
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
    diagram
        .edges
        .iter()
        .map(|e| e.from == e.to || comp[id(e.from)] == comp[id(e.to)])
        .collect()
}

/// Depth-first search over nodes and groups as the edges connect them;
/// the edges it finds pointing back to a vertex on its stack close a
/// cycle and are reversed. Edges outside every cycle never are.
fn reversed_edges(diagram: &Diagram) -> Vec<bool> {
    let n = diagram.nodes.len();
    let id = |e: Endpoint| match e {
        Endpoint::Node(i) => i,
        Endpoint::Group(g) => n + g,
    };
    let total = n + diagram.groups.len();
    let mut adj: Vec<Vec<(usize, usize)>> = vec![Vec::new(); total];
    for (e, edge) in diagram.edges.iter().enumerate() {
        if edge.from != edge.to {
            adj[id(edge.from)].push((id(edge.to), e));
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
