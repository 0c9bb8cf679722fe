//! Border nodes: an icon centred on the border of its `on` group, half in
//! and half out (guarantee 9), its label outside.
//!
//! In: a finished layout of the engine view, in which each border node
//! was laid out inside its `on` group (so the group kept room for it, its
//! first thing from the border). Out: the node moved onto one of the
//! group's four sides, with a band opened outside that border
//! ([`super::insert::stretch`]) for its outer half and its label, and room
//! inside it on a side across the flow ([`place`]); whatever the move
//! leaves overlapping is reported as a warning on the layout. One job per
//! file:
//! - [`side`]: which side each node takes (the one facing its outside
//!   neighbours; a tie goes to the side the flow enters by);
//! - [`spread`]: the nodes of one side spread along it, clear of each
//!   other and of the title, level with their neighbours inside where
//!   nothing lies between;
//! - [`labels`]: the icon moved and its label put outside the border,
//!   clear of edges, titles, nodes and other groups;
//! - [`follow`]: the node's edges kept on it as it moves, and lifted off
//!   the wall;
//! - [`straight`]: its edges to a node it now lines up with drawn
//!   straight;
//! - [`geometry`]: where a border runs, shared by the others.

mod follow;
mod geometry;
mod labels;
mod side;
mod spread;
mod straight;

use super::insert::{stretch, Axis};
use super::measure::{Sizes, ICON};
use super::{Layout, Notes};
use crate::model::Diagram;
use follow::{follow_edges, lift_off_wall, snap_ends};
use geometry::{axis_of, centre, group_rect, label_size, wall};
use labels::move_node;
use side::side_of;
use spread::spread;
use straight::straighten_edges;

/// Gap between a border and the label beside it.
const LABEL_GAP: f64 = 4.0;

/// Room kept between a moved border node and what lay outside the border.
const CLEARANCE: f64 = 16.0;

/// Gap between two border nodes of one side, and between one and a corner.
const SPREAD_GAP: f64 = 8.0;

/// Room between a node and the border of a group that holds it (guarantee 2).
const HOLDER_PAD: f64 = 8.0;

/// Moves every border node of `diagram` onto its group's border.
pub fn place(diagram: &Diagram, sizes: &Sizes, layout: &mut Layout, notes: &mut Notes) {
    // The border nodes of one side of one group share one band, opened
    // once (a second band would move the group off the first nodes).
    let mut sides: Vec<(usize, (Axis, bool), Vec<usize>)> = Vec::new();
    for (n, node) in diagram.nodes.iter().enumerate() {
        if let Some(g) = node.on {
            let side = side_of(diagram, layout, n, g);
            match sides.iter_mut().find(|(h, s, _)| *h == g && *s == side) {
                Some((_, _, list)) => list.push(n),
                None => sides.push((g, side, vec![n])),
            }
        }
    }
    for (g, side, list) in sides {
        place_side(diagram, sizes, layout, (g, side), &list, notes);
    }
    fit_page(layout);
}

/// Grows the page where a label put outside a border reaches past it.
fn fit_page(layout: &mut Layout) {
    let margin = super::measure::MARGIN;
    let (mut x0, mut y0, mut x1, mut y1) = (0.0f64, 0.0f64, layout.width, layout.height);
    for n in &layout.nodes {
        let r = n.rect;
        x0 = x0.min(r.x - margin);
        y0 = y0.min(r.y - margin);
        x1 = x1.max(r.right() + margin);
        y1 = y1.max(r.bottom() + margin);
    }
    // Everything moves by the overflow before the origin.
    stretch(layout, Axis::X, f64::NEG_INFINITY, -x0);
    stretch(layout, Axis::Y, f64::NEG_INFINITY, -y0);
    layout.width = layout.width.max(x1 - x0);
    layout.height = layout.height.max(y1 - y0);
}

/// Opens one band outside side `(axis, up)` of group `g` and moves the
/// border nodes of `list` onto that border, spread apart along it and
/// clear of the group's title.
fn place_side(
    diagram: &Diagram,
    sizes: &Sizes,
    layout: &mut Layout,
    (g, (axis, up)): (usize, (Axis, bool)),
    list: &[usize],
    notes: &mut Notes,
) {
    // How far the nodes reach outside the border, and the band to open.
    let reach = list
        .iter()
        .map(|&n| {
            let (w, h) = label_size(sizes, n);
            match axis {
                Axis::X => (ICON / 2.0).max(LABEL_GAP + w),
                Axis::Y => (ICON / 2.0).max(LABEL_GAP + h),
            }
        })
        .fold(0.0, f64::max);
    let band = reach + CLEARANCE;
    let border = wall(layout, g, (axis, up));
    // On a border across the flow the inner half of each icon needs room
    // too (the engine kept it only along the flow, in the node's rank).
    let inner = if axis == axis_of(diagram.direction) {
        0.0
    } else {
        ICON / 2.0 + SPREAD_GAP
    };
    // Open the band outside the border, and the room inside it: below
    // it, everything from the border on moves away; above it, everything
    // past the border does.
    let new_border = if up {
        stretch(layout, axis, border - 1e-6, inner);
        stretch(layout, axis, border + inner + 1e-6, band);
        border + inner
    } else {
        stretch(layout, axis, border, band);
        stretch(layout, axis, border + band + 1e-6, inner);
        border + band
    };
    for &n in list {
        let (label_w, label_h) = label_size(sizes, n);
        let icon_c = centre(&layout.nodes[n].icon_box);
        let mut delta = [0.0, 0.0];
        match axis {
            Axis::X => delta[0] = new_border - icon_c[0],
            Axis::Y => delta[1] = new_border - icon_c[1],
        }
        let lines = &sizes.nodes[n].lines;
        move_node(
            diagram,
            layout,
            n,
            delta,
            (label_w, label_h, up, axis),
            lines,
        );
        follow_edges(diagram, layout, n, delta);
        snap_ends(diagram, layout, n);
    }
    spread(diagram, sizes, layout, (g, (axis, up)), list);
    for &n in list {
        lift_off_wall(diagram, layout, n, (g, (axis, up)));
    }
    // Labels again, now that every icon of the side is in place: one that
    // would run into a neighbour takes the other side of its icon.
    for &n in list {
        let (label_w, label_h) = label_size(sizes, n);
        let lines = &sizes.nodes[n].lines;
        move_node(
            diagram,
            layout,
            n,
            [0.0, 0.0],
            (label_w, label_h, up, axis),
            lines,
        );
    }
    for &n in list {
        straighten_edges(diagram, layout, n);
        notes.warnings.extend(crossings(diagram, layout, n, g));
    }
}

/// What border node `n` now overlaps that the guarantees forbid.
fn crossings(diagram: &Diagram, layout: &Layout, n: usize, g: usize) -> Vec<String> {
    let b = &layout.nodes[n];
    let me = b.rect;
    let mut out = Vec::new();
    let holders: Vec<usize> = diagram.node_holders(n).collect();
    for (i, o) in layout.nodes.iter().enumerate() {
        let r = o.rect;
        if i != n && me.overlaps(&r, 0.5) {
            out.push(format!("border node `{}` overlaps node `{}`", b.id, o.id));
        }
    }
    for (h, o) in layout.groups.iter().enumerate() {
        if me.overlaps(&o.title, 0.5) {
            out.push(format!(
                "border node `{}` covers the title of `{}`",
                b.id, o.id
            ));
        }
        if h == g || holders.contains(&h) || diagram.groups[h].is_overlay() {
            continue;
        }
        if me.overlaps(&group_rect(layout, h), 0.5) {
            out.push(format!("border node `{}` overlaps group `{}`", b.id, o.id));
        }
    }
    out
}
