//! The diagram the layered engine sees, and the layout put back in the
//! terms of the real diagram.
//!
//! In: a validated [`Diagram`]. Out: [`engine_view`], the same diagram
//! with every border node inside its `on` group (so the group keeps room
//! for it next to its border) and every overlay group left out (it holds
//! nothing; its box is drawn afterwards by [`super::overlay`]) — or `None`
//! when the diagram has neither, so plain diagrams take the old path
//! unchanged. [`restore`] turns the view's layout back: border nodes name
//! their `on` group and its parent, and overlay groups get their place in
//! the list of groups (in file order), boxed by [`super::overlay`].

use crate::model::{Diagram, Endpoint};

use super::Layout;

/// The diagram to lay out in place of `diagram`, when it has border nodes
/// or overlay groups.
pub fn engine_view(diagram: &Diagram) -> Option<Diagram> {
    let overlays = diagram.groups.iter().any(|g| g.is_overlay());
    let borders = diagram.nodes.iter().any(|n| n.on.is_some());
    if !overlays && !borders {
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
        for end in [&mut edge.from, &mut edge.to] {
            if let Endpoint::Group(g) = *end {
                if let Some(h) = index[g] {
                    *end = Endpoint::Group(h);
                }
            }
        }
    }
    Some(view)
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
    layout
}
