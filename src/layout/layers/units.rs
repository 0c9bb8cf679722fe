//! Sibling units: siblings joined both ways ranked as blocks, one after
//! the other along the flow.
//!
//! In: a [`Diagram`]. Out: [`Units`]. Guarantee 7 reads an edge between
//! the two children (groups or nodes) of the lowest group holding both its
//! ends. Where such children of one group lie on a cycle of those edges
//! and at least one of them is a group (a public and a private subnet with
//! edges both ways), they become units: one order along the flow for all
//! of them (the fewest edges against it, file order first and on ties),
//! every edge between them turned round where it goes against that order
//! (G7 excuses it at its level), and every two joined units ranked wholly
//! one before the other, so that each group stays a compact block beside
//! the next instead of both stretching across each other. Siblings that no
//! such cycle joins are left alone (p1 breaks their cycles, p3 keeps them
//! in file order across the flow). Where the flow enters a set from
//! outside it (internet -> IGW into a VPC whose NAT gateways feed the IGW
//! back), the units it enters lead the order, whatever the count says:
//! the return edges point back, as they do in AWS's own diagrams, instead
//! of the entry edge running past the whole set.

use std::collections::BTreeSet;

use crate::layout::levels::{level_pair, strong_components};
use crate::model::{Diagram, Endpoint};

/// The order p1 and p2 give siblings joined both ways.
#[derive(Debug, Clone, Default)]
pub struct Units {
    /// Per edge: `Some(turned)` when it runs between two units of one
    /// ordered set (turned: it points against their order), else `None`.
    pub decided: Vec<Option<bool>>,
    /// Units joined by an edge, earlier first: the later one ranks wholly
    /// after the earlier one.
    pub before: Vec<(Endpoint, Endpoint)>,
}

/// Sets larger than this keep file order without the search for fewer
/// edges against it (the search is quadratic per pass).
const MAX_SEARCH: usize = 400;

/// The units of `diagram` and their order.
pub fn order_units(diagram: &Diagram) -> Units {
    let n = diagram.nodes.len();
    let total = n + diagram.groups.len();
    let pairs: Vec<Option<(usize, usize)>> = diagram
        .edges
        .iter()
        .map(|e| {
            if !e.constraint || e.from == e.to {
                return None;
            }
            let (a, b) = level_pair(diagram, e.from, e.to);
            (a != b).then_some((a, b))
        })
        .collect();
    let mut adj: Vec<Vec<usize>> = vec![Vec::new(); total];
    for &(a, b) in pairs.iter().flatten() {
        adj[a].push(b);
    }
    let comp = strong_components(&adj);
    let mut sets: Vec<Vec<usize>> = vec![Vec::new(); total];
    for v in 0..total {
        sets[comp[v]].push(v);
    }
    let first = first_nodes(diagram);
    let mut pos = vec![usize::MAX; total];
    let joins_groups = |s: &&Vec<usize>| {
        let groups = s.iter().filter(|&&v| v >= n).count();
        groups >= 2 && s.len() - groups <= groups
    };
    let flow = Flow::of(diagram);
    for set in sets.iter().filter(joins_groups) {
        let entries = entry_units(diagram, set, &flow);
        let Some(order) = best_order(set, &entries, &pairs, &first, n, &comp) else {
            continue;
        };
        for (p, &v) in order.iter().enumerate() {
            pos[v] = p;
        }
    }
    let mut decided = vec![None; diagram.edges.len()];
    let mut before = BTreeSet::new();
    for (e, pair) in pairs.iter().enumerate() {
        let Some((a, b)) = *pair else { continue };
        if comp[a] != comp[b] || pos[a] == usize::MAX {
            continue;
        }
        decided[e] = Some(pos[a] > pos[b]);
        if a >= n && b >= n {
            before.insert(if pos[a] < pos[b] { (a, b) } else { (b, a) });
        }
    }
    Units {
        decided,
        before: before
            .into_iter()
            .map(|(a, b)| (diagram.vertex_end(a), diagram.vertex_end(b)))
            .collect(),
    }
}

/// Per group, the first node the file declares inside it (at any depth).
fn first_nodes(diagram: &Diagram) -> Vec<usize> {
    let mut first = vec![usize::MAX; diagram.groups.len()];
    for (i, node) in diagram.nodes.iter().enumerate().rev() {
        for g in node
            .group
            .into_iter()
            .flat_map(|g| diagram.group_ancestors(g))
        {
            first[g] = i;
        }
    }
    first
}

/// File order of a set of siblings: by the first node each declares, the
/// groups then put back into the slots groups took in their declared
/// order (sibling groups always keep the file's order among themselves).
fn file_order(set: &[usize], first: &[usize], n: usize) -> Vec<usize> {
    let key = |v: usize| if v < n { (v, 0) } else { (first[v - n], v) };
    let mut order = set.to_vec();
    order.sort_by_key(|&v| key(v));
    let mut groups: Vec<usize> = order.iter().copied().filter(|&v| v >= n).collect();
    groups.sort_unstable();
    let mut next = groups.into_iter();
    for slot in order.iter_mut().filter(|v| **v >= n) {
        if let Some(g) = next.next() {
            *slot = g;
        }
    }
    order
}

/// An order of `set` with few edges against it: file order, then single
/// moves that strictly lower the count, the shortest move first (so that
/// ties keep file order). Where the flow enters the set (`entries`, one
/// per edge coming in), the order that leads with the units it enters is
/// taken unless it turns more edges round than the free order does plus
/// the entry edges the free order makes run past other units. None when
/// the set is too large to search, or when the order leaves as many edges
/// against it as along it (no direction of flow to follow: the siblings
/// stay as p1 and p3 put them).
fn best_order(
    set: &[usize],
    entries: &[usize],
    pairs: &[Option<(usize, usize)>],
    first: &[usize],
    n: usize,
    comp: &[usize],
) -> Option<Vec<usize>> {
    let order = file_order(set, first, n);
    let k = order.len();
    if k > MAX_SEARCH {
        return None;
    }
    let local: std::collections::HashMap<usize, usize> =
        order.iter().enumerate().map(|(i, &v)| (v, i)).collect();
    // weight[i][j]: edges from the unit at file position i to the one at j.
    let mut weight = vec![vec![0i64; k]; k];
    for &(a, b) in pairs.iter().flatten() {
        if comp[a] == comp[set[0]] && comp[b] == comp[set[0]] {
            weight[local[&a]][local[&b]] += 1;
        }
    }
    let entered: Vec<usize> = entries.iter().map(|v| local[v]).collect();
    let mut leading: Vec<usize> = (0..k).filter(|i| entered.contains(i)).collect();
    let lead = leading.len();
    let free = improved((0..k).collect(), &weight);
    let mut at = free.clone();
    if lead > 0 {
        let rest = improved((0..k).filter(|i| !entered.contains(i)).collect(), &weight);
        leading.extend(rest);
        let past = entered
            .iter()
            .filter(|&&i| !free[..lead].contains(&i))
            .count();
        if count_against(&leading, &weight).1 <= count_against(&free, &weight).1 + past as i64 {
            at = leading;
        }
    }
    let (along, against) = count_against(&at, &weight);
    (against < along).then(|| at.iter().map(|&i| order[i]).collect())
}

/// `at` after single moves that strictly lower the edges against it.
fn improved(mut at: Vec<usize>, weight: &[Vec<i64>]) -> Vec<usize> {
    for _ in 0..(4 * weight.len()) {
        if !improve_once(&mut at, weight) {
            break;
        }
    }
    at
}

/// The edges along `at` and against it.
fn count_against(at: &[usize], weight: &[Vec<i64>]) -> (i64, i64) {
    let (mut along, mut against) = (0, 0);
    for (p, &i) in at.iter().enumerate() {
        for &j in &at[p + 1..] {
            along += weight[i][j];
            against += weight[j][i];
        }
    }
    (along, against)
}

/// The ranking edges between vertices (nodes then groups), and where the
/// flow goes from each vertex: along those edges, and from a group into
/// its content. Built once for every set of units.
struct Flow {
    edges: Vec<(usize, usize)>,
    next: Vec<Vec<usize>>,
}

impl Flow {
    fn of(diagram: &Diagram) -> Flow {
        let n = diagram.nodes.len();
        let edges: Vec<(usize, usize)> = diagram
            .edges
            .iter()
            .filter(|e| e.constraint && e.from != e.to)
            .map(|e| (diagram.vertex(e.from), diagram.vertex(e.to)))
            .collect();
        let mut next: Vec<Vec<usize>> = vec![Vec::new(); n + diagram.groups.len()];
        for &(a, b) in &edges {
            next[a].push(b);
        }
        for (i, node) in diagram.nodes.iter().enumerate() {
            if let Some(g) = node.group {
                next[n + g].push(i);
            }
        }
        for (g, group) in diagram.groups.iter().enumerate() {
            if let Some(p) = group.parent {
                next[n + p].push(n + g);
            }
        }
        Flow { edges, next }
    }

    /// Per vertex: whether the flow reaches it from the vertices `from`
    /// marks.
    fn reached_from(&self, from: Vec<bool>) -> Vec<bool> {
        let mut reached = from;
        let mut stack: Vec<usize> = (0..reached.len()).filter(|&v| reached[v]).collect();
        while let Some(v) = stack.pop() {
            for &w in &self.next[v] {
                if !reached[w] {
                    reached[w] = true;
                    stack.push(w);
                }
            }
        }
        reached
    }
}

/// The single nodes of `set` (siblings, as vertices: nodes then groups)
/// that an edge enters from outside the set, from an end the set does not
/// reach, once per such edge: where the flow comes in through a gateway.
/// Empty when the flow enters no such node, or enters every unit (then
/// nothing leads). Groups entered this way do not lead: the count of
/// edges against the order weighs more there (a group turned round
/// stretches across its siblings).
fn entry_units(diagram: &Diagram, set: &[usize], flow: &Flow) -> Vec<usize> {
    let n = diagram.nodes.len();
    let unit_of = units_holding(diagram, set);
    let entering = |&(a, b): &(usize, usize)| unit_of[a].is_none() && unit_of[b].is_some();
    if !flow.edges.iter().any(entering) {
        return Vec::new();
    }
    let reached = flow.reached_from(unit_of.iter().map(Option::is_some).collect());
    let mut entries: Vec<usize> = flow
        .edges
        .iter()
        .filter(|pair| entering(pair) && !reached[pair.0])
        .filter_map(|&(_, b)| unit_of[b])
        .filter(|&v| v < n)
        .collect();
    entries.sort_unstable();
    if set.iter().all(|v| entries.binary_search(v).is_ok()) {
        entries.clear();
    }
    entries
}

/// Per vertex (nodes then groups): the unit of `set` that holds it (or is
/// it), if any.
fn units_holding(diagram: &Diagram, set: &[usize]) -> Vec<Option<usize>> {
    let n = diagram.nodes.len();
    let in_set = |v: usize| set.contains(&v).then_some(v);
    let group_unit: Vec<Option<usize>> = (0..diagram.groups.len())
        .map(|g| diagram.group_ancestors(g).find_map(|a| in_set(n + a)))
        .collect();
    let node_unit = diagram
        .nodes
        .iter()
        .enumerate()
        .map(|(i, node)| in_set(i).or_else(|| node.group.and_then(|g| group_unit[g])));
    node_unit.chain(group_unit.iter().copied()).collect()
}

/// Moves one unit to where it leaves the fewest edges pointing back, if
/// that is strictly fewer. Returns whether it moved one.
fn improve_once(at: &mut Vec<usize>, weight: &[Vec<i64>]) -> bool {
    let k = at.len();
    let mut best: Option<(i64, usize, usize, usize)> = None;
    for p in 0..k {
        let x = at[p];
        let mut delta = 0;
        for q in (0..p).rev() {
            let y = at[q];
            delta += weight[y][x] - weight[x][y];
            consider(&mut best, delta, p - q, p, q);
        }
        delta = 0;
        for (q, &y) in at.iter().enumerate().skip(p + 1) {
            delta += weight[x][y] - weight[y][x];
            consider(&mut best, delta, q - p, p, q);
        }
    }
    let Some((_, _, from, to)) = best else {
        return false;
    };
    let x = at.remove(from);
    at.insert(to, x);
    true
}

/// Keeps the move that removes the most edges pointing back (the shortest
/// of equals, then the earliest).
fn consider(
    best: &mut Option<(i64, usize, usize, usize)>,
    delta: i64,
    len: usize,
    p: usize,
    q: usize,
) {
    if delta >= 0 {
        return;
    }
    let better = match best {
        None => true,
        Some((d, l, _, _)) => (delta, len) < (*d, *l),
    };
    if better {
        *best = Some((delta, len, p, q));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diagram(flows: &str) -> Diagram {
        let toml = format!(
            r#"
title = "units"
flows = [{flows}]
[nodes]
a1 = {{ icon = "ec2", in = "first" }}
a2 = {{ icon = "ec2", in = "first" }}
b1 = {{ icon = "ec2", in = "second" }}
b2 = {{ icon = "ec2", in = "second" }}
[groups]
first = {{ kind = "public-subnet" }}
second = {{ kind = "private-subnet" }}
"#
        );
        crate::load_source("units.toml", toml.as_bytes(), std::path::Path::new("."))
            .unwrap_or_else(|r| panic!("{}", r.render(false)))
    }

    /// Two edges one way, one back: the groups become units in the
    /// majority's order and only the edge against it turns round.
    #[test]
    fn the_majority_orders_the_units() {
        let units = order_units(&diagram(r#""b1 -> a1", "b2 -> a2", "a1 -> b2""#));
        assert_eq!(
            units.before,
            [(Endpoint::Group(1), Endpoint::Group(0))],
            "second before first"
        );
        assert_eq!(units.decided, [Some(false), Some(false), Some(true)]);
    }

    /// As many edges each way: no order to follow, no units.
    #[test]
    fn a_tie_makes_no_units() {
        let units = order_units(&diagram(r#""a1 -> b1", "b2 -> a2""#));
        assert!(units.before.is_empty());
        assert!(units.decided.iter().all(Option::is_none));
    }

    /// internet -> IGW -> ALB -> two AZs, each AZ's NAT back to the IGW:
    /// the count alone puts the IGW last (one edge against, not two), but
    /// the flow enters the VPC there, so it leads and the NAT edges point
    /// back. (A border node `on` the VPC is ranked inside it, as here.)
    #[test]
    fn the_unit_the_flow_enters_by_leads() {
        let toml = r#"
title = "entry"
direction = "down"
flows = ["internet -> igw -> alb -> app_a, app_b", "app_a -> nat_a", "app_b -> nat_b", "nat_a, nat_b -> igw"]
[nodes]
igw = { icon = "internet-gateway", in = "vpc" }
alb = { icon = "alb", in = "vpc" }
app_a = { icon = "ec2", in = "az_a" }
app_b = { icon = "ec2", in = "az_b" }
nat_a = { icon = "nat-gateway", in = "az_a" }
nat_b = { icon = "nat-gateway", in = "az_b" }
[groups]
vpc = { kind = "vpc" }
az_a = { kind = "availability-zone", in = "vpc" }
az_b = { kind = "availability-zone", in = "vpc" }
"#;
        let d = crate::load_source("entry.toml", toml.as_bytes(), std::path::Path::new("."))
            .unwrap_or_else(|r| panic!("{}", r.render(false)));
        let units = order_units(&d);
        let turned: Vec<String> = d
            .edges
            .iter()
            .zip(&units.decided)
            .filter(|(_, t)| **t == Some(true))
            .map(|(e, _)| format!("{:?}->{:?}", e.from, e.to))
            .collect();
        let igw = d.nodes.iter().position(|n| n.id == "igw").unwrap();
        let nats: Vec<usize> = ["nat_a", "nat_b"]
            .iter()
            .map(|id| d.nodes.iter().position(|n| n.id == *id).unwrap())
            .collect();
        let expected: Vec<String> = nats
            .iter()
            .map(|&n| format!("{:?}->{:?}", Endpoint::Node(n), Endpoint::Node(igw)))
            .collect();
        assert_eq!(turned, expected);
    }

    /// Groups keep their declared order among themselves; nodes go by
    /// their own declaration.
    #[test]
    fn file_order_keeps_groups_in_declared_order() {
        // Nodes 0..3; groups 3 (first node 2) and 4 (first node 0).
        let order = file_order(&[4, 1, 3], &[2, 0], 3);
        assert_eq!(order, [3, 1, 4]);
    }
}
