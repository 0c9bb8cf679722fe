//! The diagram the layered engine sees, and the layout put back in the
//! terms of the real diagram.
//!
//! In: a validated [`Diagram`]. Out: [`engine_view`], the same diagram
//! with every border node inside its `on` group (so the group keeps room
//! for it next to its border), every overlay group left out (it holds
//! nothing; its box is drawn afterwards by [`super::overlay`]) and every
//! edge written target-first (`a <- b`) turned round, so that the engine
//! ranks `a` before `b`, its head still at `a` ([`Arrow::Back`]) — or `None` when the diagram has none of these,
//! so plain diagrams take the old path unchanged. [`restore`] turns the
//! view's layout back: border nodes name their `on` group and its parent,
//! the phantom edges that kept a border node's outside neighbours clear of
//! its group ([`phantom_edges`]) are dropped,
//! overlay groups get their place in the list of groups (in file order),
//! and a turned edge runs from its source again, its head at `a`.

use crate::model::{Arrow, Diagram, Edge, Endpoint};

use super::Layout;

/// The diagram to lay out in place of `diagram`, when it has border nodes
/// or overlay groups.
pub fn engine_view(diagram: &Diagram) -> Option<Diagram> {
    let overlays = diagram.groups.iter().any(|g| g.is_overlay());
    let borders = diagram.nodes.iter().any(|n| n.on.is_some());
    let turned = diagram.edges.iter().any(|e| e.reversed);
    if !overlays && !borders && !turned {
        return None;
    }
    // New index of every group that stays (overlays are leaves: nothing
    // is in them, and validation refuses edges that end at them).
    let mut index = vec![None; diagram.groups.len()];
    let mut kept = 0;
    for (g, group) in diagram.groups.iter().enumerate() {
        if !group.is_overlay() {
            index[g] = Some(kept);
            kept += 1;
        }
    }
    let remap = |g: Option<usize>| g.and_then(|g| index[g]);
    let mut view = diagram.clone();
    view.groups = diagram
        .groups
        .iter()
        .filter(|g| !g.is_overlay())
        .cloned()
        .map(|mut g| {
            g.parent = remap(g.parent);
            g
        })
        .collect();
    for node in &mut view.nodes {
        node.group = remap(node.on.or(node.group));
        node.on = None;
    }
    for edge in &mut view.edges {
        if edge.reversed {
            (edge.from, edge.to) = (edge.to, edge.from);
            edge.reversed = false;
            // The head stays at the end it was written at, now `from`.
            if edge.arrow == Arrow::Forward {
                edge.arrow = Arrow::Back;
            }
        }
        for end in [&mut edge.from, &mut edge.to] {
            if let Endpoint::Group(g) = *end {
                // An edge to an overlay runs to its first node in the
                // view; [`super::overlay`] cuts it at the overlay's box.
                let first = diagram.groups[g].spans.first().copied();
                match (index[g], first) {
                    (Some(h), _) => *end = Endpoint::Group(h),
                    (None, Some(n)) => *end = Endpoint::Node(n),
                    (None, None) => {}
                }
            }
        }
    }
    let phantoms = phantom_edges(diagram, &index);
    view.edges.extend(phantoms);
    // An edge to an overlay reaches its first node in the view; the other
    // nodes get a phantom of it, so that they rank alike.
    let mut to_members = Vec::new();
    for (edge, laid) in diagram.edges.iter().zip(&view.edges) {
        for (end, at_start) in [(edge.from, true), (edge.to, false)] {
            let Endpoint::Group(g) = end else { continue };
            for &n in diagram.groups[g].spans.iter().skip(1) {
                let mut phantom = laid.clone();
                phantom.label = None;
                if at_start {
                    phantom.from = Endpoint::Node(n);
                } else {
                    phantom.to = Endpoint::Node(n);
                }
                to_members.push(phantom);
            }
        }
    }
    view.edges.extend(to_members);
    let alike = rank_alike(diagram, &view.edges);
    view.edges.extend(alike);
    Some(view)
}

/// For each overlay group, edges of the view that rank its nodes alike:
/// a neighbour outside `spans` that comes before (or after) one of them
/// comes before (or after) each of the others too, wherever that closes
/// no cycle. Nodes that the edges let share a rank then do, and one box
/// holds them (guarantee 10). Dropped by [`restore`] like the other
/// phantoms.
fn rank_alike(diagram: &Diagram, edges: &[Edge]) -> Vec<Edge> {
    let mut out: Vec<Edge> = Vec::new();
    let depth = rough_ranks(diagram, edges);
    let rank = |end: Endpoint| match end {
        Endpoint::Node(i) => depth[i],
        Endpoint::Group(g) => depth[diagram.nodes.len() + g],
    };
    for group in diagram.groups.iter().filter(|g| g.is_overlay()) {
        let member = |end: Endpoint| matches!(end, Endpoint::Node(i) if group.spans.contains(&i));
        let ranks: Vec<usize> = group.spans.iter().map(|&m| depth[m]).collect();
        if ranks.iter().all(|&r| r == ranks[0]) {
            continue;
        }
        for e in edges.iter().filter(|e| e.constraint && e.from != e.to) {
            if member(e.from) == member(e.to) {
                continue;
            }
            for &m in &group.spans {
                // Only where the neighbour would move the node.
                let (from, to) = if member(e.to) {
                    (e.from, Endpoint::Node(m))
                } else {
                    (Endpoint::Node(m), e.to)
                };
                if rank(from) < rank(to) {
                    continue;
                }
                let all = || edges.iter().chain(&out);
                if all().any(|x| x.constraint && x.from == from && x.to == to)
                    || reaches(all(), to, from)
                {
                    continue;
                }
                out.push(Edge {
                    from,
                    to,
                    label: None,
                    style: e.style,
                    arrow: e.arrow,
                    reversed: false,
                    constraint: true,
                });
            }
        }
    }
    out
}

/// A rough rank per node and group (nodes first): the longest path of
/// ranking edges into it, relaxed a bounded number of times (cycles stop
/// there). Only used to tell which overlay nodes the edges set apart.
fn rough_ranks(diagram: &Diagram, edges: &[Edge]) -> Vec<usize> {
    let n = diagram.nodes.len();
    let id = |end: Endpoint| diagram.vertex(end);
    let mut rank = vec![0usize; n + diagram.groups.len()];
    for _ in 0..rank.len().min(64) {
        let mut changed = false;
        for e in edges.iter().filter(|e| e.constraint && e.from != e.to) {
            let (a, b) = (id(e.from), id(e.to));
            if rank[b] < rank[a] + 1 {
                rank[b] = rank[a] + 1;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    rank
}

/// True when `to` can be reached from `from` along ranking edges.
pub(super) fn reaches<'a>(
    edges: impl Iterator<Item = &'a Edge> + Clone,
    from: Endpoint,
    to: Endpoint,
) -> bool {
    let mut seen = vec![from];
    let mut stack = vec![from];
    while let Some(at) = stack.pop() {
        if at == to {
            return true;
        }
        for e in edges.clone().filter(|e| e.constraint && e.from == at) {
            if !seen.contains(&e.to) {
                seen.push(e.to);
                stack.push(e.to);
            }
        }
    }
    false
}

/// For each border node's edge to something outside its `on` group, an
/// edge of the view between that other end and the group itself, in the
/// same direction: the engine then ranks the outside neighbour before (or
/// after) the whole group, so that the node, on the group's border, lies
/// between them along the flow. They are laid out like any edge and
/// dropped by [`restore`].
fn phantom_edges(diagram: &Diagram, index: &[Option<usize>]) -> Vec<crate::model::Edge> {
    let inside = |end: Endpoint, g: usize| match end {
        Endpoint::Node(i) => {
            diagram.nodes[i].on == Some(g)
                || diagram.nodes[i]
                    .group
                    .is_some_and(|h| diagram.group_ancestors(h).any(|a| a == g))
        }
        Endpoint::Group(h) => diagram.group_ancestors(h).any(|a| a == g),
    };
    let mut out = Vec::new();
    for edge in &diagram.edges {
        if edge.from == edge.to || !edge.constraint {
            continue;
        }
        let (first, second) = edge.rank_ends();
        for (end, other, border_first) in [(first, second, true), (second, first, false)] {
            let Endpoint::Node(n) = end else { continue };
            let Some(g) = diagram.nodes[n].on else {
                continue;
            };
            let Some(view_g) = index[g] else { continue };
            if inside(other, g) {
                continue;
            }
            let other = match other {
                Endpoint::Group(h) => match index[h] {
                    Some(v) => Endpoint::Group(v),
                    None => continue,
                },
                node => node,
            };
            let group = Endpoint::Group(view_g);
            let (from, to) = if border_first {
                (group, other)
            } else {
                (other, group)
            };
            out.push(crate::model::Edge {
                from,
                to,
                label: None,
                style: edge.style,
                arrow: edge.arrow,
                reversed: false,
                constraint: true,
            });
        }
    }
    out
}

/// The layout of the view, in the terms of `diagram`: nodes name their
/// real group and `on`; overlay groups are inserted at their index with a
/// box from [`super::overlay::place`].
pub fn restore(diagram: &Diagram, mut layout: Layout) -> Layout {
    for (n, node) in diagram.nodes.iter().enumerate() {
        if let (Some(on), Some(b)) = (node.on, layout.nodes.get_mut(n)) {
            b.on = Some(diagram.groups[on].id.clone());
            b.group = node.group.map(|g| diagram.groups[g].id.clone());
        }
    }
    let mut groups = Vec::with_capacity(diagram.groups.len());
    let mut laid = std::mem::take(&mut layout.groups).into_iter();
    for (g, group) in diagram.groups.iter().enumerate() {
        if group.is_overlay() {
            groups.push(super::overlay::placeholder(diagram, g));
        } else if let Some(b) = laid.next() {
            groups.push(b);
        }
    }
    layout.groups = groups;
    layout.edges.truncate(diagram.edges.len());
    for (edge, path) in diagram.edges.iter().zip(&mut layout.edges) {
        path.from = diagram.endpoint_id(edge.from).to_string();
        path.to = diagram.endpoint_id(edge.to).to_string();
        if edge.reversed {
            path.points.reverse();
            path.reversed = true;
            path.arrow = edge.arrow.as_str();
        }
    }
    layout
}
