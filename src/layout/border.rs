//! Border nodes: an icon centred on the border of its `on` group, half in
//! and half out (guarantee 9), its label outside.
//!
//! In: a finished layout of the engine view, in which each border node
//! was laid out inside its `on` group (so the group kept room for it, its
//! first thing from the border). Out: the node moved onto the side of the
//! group along the flow that faces its outside neighbours (a tie goes to
//! the side the flow enters by), with a band opened outside that border
//! ([`super::insert::stretch`]) for its outer half and its label; its
//! edges follow it (the run at each end moves with the icon, so paths stay
//! orthogonal). On a border across the flow the icon slides clear of the
//! group's title. Whatever the move leaves overlapping is reported as a
//! warning on the layout.

use super::insert::{stretch, Axis};
use super::measure::{Sizes, ICON, ICON_LABEL_GAP, LABEL_LINE, LABEL_SIZE};
use super::{emit, Layout, Notes, Rect};
use crate::model::{Diagram, Direction, Endpoint};
use crate::text;

/// Gap between a border and the label beside it.
const LABEL_GAP: f64 = 4.0;
/// Room kept between a moved border node and what lay outside the border.
const CLEARANCE: f64 = 16.0;

/// Moves every border node of `diagram` onto its group's border.
pub fn place(diagram: &Diagram, sizes: &Sizes, layout: &mut Layout, notes: &mut Notes) {
    // The border nodes of one side of one group share one band, opened
    // once (a second band would move the group off the first nodes).
    let mut sides: Vec<(usize, bool, Vec<usize>)> = Vec::new();
    for (n, node) in diagram.nodes.iter().enumerate() {
        if let Some(g) = node.on {
            let up = outward_is_up(diagram, layout, n, g);
            match sides.iter_mut().find(|(h, u, _)| *h == g && *u == up) {
                Some((_, _, list)) => list.push(n),
                None => sides.push((g, up, vec![n])),
            }
        }
    }
    for (g, up, list) in sides {
        place_side(diagram, sizes, layout, (g, up), &list, notes);
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

/// Page coordinate along `axis` of a point.
fn along(p: [f64; 2], axis: Axis) -> f64 {
    match axis {
        Axis::X => p[0],
        Axis::Y => p[1],
    }
}

fn centre(r: &Rect) -> [f64; 2] {
    [r.x + r.w / 2.0, r.y + r.h / 2.0]
}

fn group_rect(layout: &Layout, g: usize) -> Rect {
    let b = &layout.groups[g];
    b.rect
}

/// True when the outside of the chosen border lies at larger coordinates.
fn outward_is_up(diagram: &Diagram, layout: &Layout, n: usize, g: usize) -> bool {
    let dir = diagram.direction;
    let axis = axis_of(dir);
    let gr = group_rect(layout, g);
    let mid = along(centre(&gr), axis);
    let inside = |end: Endpoint| match end {
        Endpoint::Node(i) => diagram.nodes[i]
            .group
            .is_some_and(|h| diagram.group_ancestors(h).any(|a| a == g)),
        Endpoint::Group(h) => diagram.group_ancestors(h).any(|a| a == g),
    };
    let (mut low, mut high) = (0usize, 0usize);
    for e in &diagram.edges {
        let other = if e.from == Endpoint::Node(n) {
            e.to
        } else if e.to == Endpoint::Node(n) {
            e.from
        } else {
            continue;
        };
        if other == Endpoint::Node(n) || inside(other) {
            continue;
        }
        let c = match other {
            Endpoint::Node(i) => {
                let b = &layout.nodes[i];
                centre(&b.rect)
            }
            Endpoint::Group(h) => centre(&group_rect(layout, h)),
        };
        if along(c, axis) < mid {
            low += 1;
        } else {
            high += 1;
        }
    }
    // The flow enters at low coordinates for right and down, high for
    // left and up. A tie goes to the side the engine put the node nearer
    // (it ranked the node by its edges inside the group), and if it sits
    // mid-way, to the entry side.
    let entry_high = matches!(dir, Direction::Left | Direction::Up);
    if low != high {
        return high > low;
    }
    let at = along(centre(&layout.nodes[n].icon_box), axis);
    if (at - mid).abs() <= 1.0 {
        entry_high
    } else {
        at > mid
    }
}

fn axis_of(dir: Direction) -> Axis {
    if dir.is_horizontal() {
        Axis::X
    } else {
        Axis::Y
    }
}

/// The labels' extent of border nodes `list`, measured.
fn label_size(sizes: &Sizes, n: usize) -> (f64, f64) {
    let lines = &sizes.nodes[n].lines;
    (
        text::widest(lines, LABEL_SIZE).ceil(),
        LABEL_LINE * lines.len() as f64,
    )
}

/// Opens one band outside side `up` of group `g` and moves the border
/// nodes of `list` onto that border.
fn place_side(
    diagram: &Diagram,
    sizes: &Sizes,
    layout: &mut Layout,
    (g, up): (usize, bool),
    list: &[usize],
    notes: &mut Notes,
) {
    let axis = axis_of(diagram.direction);
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
    let gr = group_rect(layout, g);
    let border = match (axis, up) {
        (Axis::X, false) => gr.x,
        (Axis::X, true) => gr.right(),
        (Axis::Y, false) => gr.y,
        (Axis::Y, true) => gr.bottom(),
    };
    // Open the band outside the border: below it, everything from the
    // border on moves away; above it, everything past the border does.
    let (cut, new_border) = if up {
        (border + 1e-6, border)
    } else {
        (border, border + band)
    };
    stretch(layout, axis, cut, band);
    for &n in list {
        let (label_w, label_h) = label_size(sizes, n);
        let icon_c = centre(&layout.nodes[n].icon_box);
        let mut delta = [0.0, 0.0];
        match axis {
            Axis::X => delta[0] = new_border - icon_c[0],
            Axis::Y => delta[1] = new_border - icon_c[1],
        }
        let slide = if axis == Axis::Y {
            title_slide(layout, g, n, delta)
        } else {
            0.0
        };
        move_node(
            layout,
            n,
            [delta[0] + slide, delta[1]],
            (label_w, label_h, up, axis),
            &sizes.nodes[n].lines,
        );
        // One axis at a time, so each end's run stays straight.
        follow_edges(diagram, layout, n, delta);
        follow_edges(diagram, layout, n, [slide, 0.0]);
        snap_ends(diagram, layout, n);
    }
    // Labels again, now that every icon of the side is in place: one that
    // would run into a neighbour takes the other side of its icon.
    for &n in list {
        let (label_w, label_h) = label_size(sizes, n);
        let lines = &sizes.nodes[n].lines;
        move_node(layout, n, [0.0, 0.0], (label_w, label_h, up, axis), lines);
    }
    for &n in list {
        notes.warnings.extend(crossings(diagram, layout, n, g));
    }
}

/// How far across the flow a node on a top or bottom border must slide to
/// clear its group's title (0 when it is clear already).
fn title_slide(layout: &Layout, g: usize, n: usize, delta: [f64; 2]) -> f64 {
    let t = layout.groups[g].title;
    let icon = layout.nodes[n].icon_box;
    let (x0, y0) = (icon.x + delta[0], icon.y + delta[1]);
    let clear_y = y0 + icon.h <= t.y || y0 >= t.bottom();
    if clear_y || x0 >= t.right() + LABEL_GAP || x0 + icon.w <= t.x - LABEL_GAP {
        return 0.0;
    }
    t.right() + 2.0 * LABEL_GAP - x0
}

/// Moves node `n` by `delta` and puts its label outside the border: below
/// the icon and beyond the border for a flow across (`Axis::X`), beside
/// the icon and beyond the border for a flow down or up.
fn move_node(
    layout: &mut Layout,
    n: usize,
    delta: [f64; 2],
    (label_w, label_h, up, axis): (f64, f64, bool, Axis),
    lines: &[String],
) {
    let b = &mut layout.nodes[n];
    b.icon_box.x += delta[0];
    b.icon_box.y += delta[1];
    let icon = b.icon_box;
    let c = centre(&icon);
    let (lx, ly) = match (axis, up) {
        (Axis::X, false) => (c[0] - LABEL_GAP - label_w, icon.bottom() + ICON_LABEL_GAP),
        (Axis::X, true) => (c[0] + LABEL_GAP, icon.bottom() + ICON_LABEL_GAP),
        (Axis::Y, false) => (icon.right() + LABEL_GAP, c[1] - LABEL_GAP - label_h),
        (Axis::Y, true) => (icon.right() + LABEL_GAP, c[1] + LABEL_GAP),
    };
    // Beside the icon, the label takes the left where the right is taken.
    let taken = |x: f64| {
        let r = Rect {
            x,
            y: ly,
            w: label_w,
            h: label_h,
        };
        // The node's box is the hull of icon and label: it must not
        // cover a group's title either.
        let hull_x = r.x.min(icon.x);
        let hull = Rect {
            x: hull_x,
            y: r.y.min(icon.y),
            w: r.right().max(icon.right()) - hull_x,
            h: r.bottom().max(icon.bottom()) - r.y.min(icon.y),
        };
        layout.groups.iter().any(|g| overlaps(&hull, &g.title))
            || layout.nodes.iter().enumerate().any(|(i, o)| {
                let other = o.rect;
                i != n && overlaps(&hull, &other)
            })
    };
    let left = icon.x - LABEL_GAP - label_w;
    let lx = if axis == Axis::Y && taken(lx) && !taken(left) {
        left
    } else {
        lx
    };
    let b = &mut layout.nodes[n];
    let has_label = !lines.is_empty();
    b.label_box = emit::label_box(lines, ly, lx + label_w / 2.0);
    b.label_text = emit::text_block(
        lines,
        LABEL_SIZE,
        LABEL_LINE,
        ly,
        "middle",
        lx + label_w / 2.0,
    );
    let (mut x0, mut y0, mut x1, mut y1) = (icon.x, icon.y, icon.right(), icon.bottom());
    if has_label {
        x0 = x0.min(lx);
        y0 = y0.min(ly);
        x1 = x1.max(lx + label_w);
        y1 = y1.max(ly + label_h);
    }
    b.rect = Rect {
        x: x0,
        y: y0,
        w: x1 - x0,
        h: y1 - y0,
    };
}

/// Moves the ends of node `n`'s edges with it: the end point, and the
/// next point too when the first segment runs across `delta` (so it stays
/// straight); a path of one such segment gets a jog in the middle.
fn follow_edges(diagram: &Diagram, layout: &mut Layout, n: usize, delta: [f64; 2]) {
    for (e, edge) in diagram.edges.iter().enumerate() {
        let path = &mut layout.edges[e].points;
        if edge.from == Endpoint::Node(n) && edge.to == edge.from {
            // A self-loop moves whole with its node.
            for p in path.iter_mut() {
                p[0] += delta[0];
                p[1] += delta[1];
            }
            continue;
        }
        if edge.from == Endpoint::Node(n) {
            follow_start(path, delta);
        }
        if edge.to == Endpoint::Node(n) {
            path.reverse();
            follow_start(path, delta);
            path.reverse();
        }
    }
}

/// Puts the end of each of node `n`'s edges on its icon's border, on the
/// side its first segment leaves by (the label moved away from the icon,
/// so an end at the label's old place would float).
fn snap_ends(diagram: &Diagram, layout: &mut Layout, n: usize) {
    let icon = layout.nodes[n].icon_box;
    for (e, edge) in diagram.edges.iter().enumerate() {
        let path = &mut layout.edges[e].points;
        if edge.from == edge.to {
            continue;
        }
        if edge.from == Endpoint::Node(n) {
            snap_start(path, &icon);
        }
        if edge.to == Endpoint::Node(n) {
            path.reverse();
            snap_start(path, &icon);
            path.reverse();
        }
    }
}

fn snap_start(path: &mut [[f64; 2]], icon: &Rect) {
    let (Some(&p0), Some(&p1)) = (path.first(), path.get(1)) else {
        return;
    };
    let c = centre(icon);
    let inside = |v: f64, lo: f64, hi: f64| v >= lo - 0.5 && v <= hi + 0.5;
    if (p0[1] - p1[1]).abs() < 1e-6 && inside(p0[1], icon.y, icon.bottom()) {
        path[0][0] = if p1[0] > c[0] { icon.right() } else { icon.x };
    } else if (p0[0] - p1[0]).abs() < 1e-6 && inside(p0[0], icon.x, icon.right()) {
        path[0][1] = if p1[1] > c[1] { icon.bottom() } else { icon.y };
    }
}

fn follow_start(path: &mut Vec<[f64; 2]>, delta: [f64; 2]) {
    if path.len() < 2 {
        return;
    }
    let (p0, p1) = (path[0], path[1]);
    // A segment is across the move when it keeps the coordinate that moves.
    let across = (delta[0] != 0.0 && (p0[0] - p1[0]).abs() < 1e-6)
        || (delta[1] != 0.0 && (p0[1] - p1[1]).abs() < 1e-6);
    let moved = |p: [f64; 2]| [p[0] + delta[0], p[1] + delta[1]];
    if !across {
        path[0] = moved(p0);
        return;
    }
    if path.len() == 2 {
        let m = [(p0[0] + p1[0]) / 2.0, (p0[1] + p1[1]) / 2.0];
        let a = moved(p0);
        // The jog runs along the move, halfway.
        let (j0, j1) = if delta[0] != 0.0 {
            ([a[0], m[1]], [p1[0], m[1]])
        } else {
            ([m[0], a[1]], [m[0], p1[1]])
        };
        *path = vec![a, j0, j1, p1];
        return;
    }
    path[0] = moved(p0);
    path[1] = moved(p1);
}

fn overlaps(a: &Rect, b: &Rect) -> bool {
    a.x < b.right() - 0.5
        && b.x < a.right() - 0.5
        && a.y < b.bottom() - 0.5
        && b.y < a.bottom() - 0.5
}

/// What border node `n` now overlaps that the guarantees forbid.
fn crossings(diagram: &Diagram, layout: &Layout, n: usize, g: usize) -> Vec<String> {
    let b = &layout.nodes[n];
    let me = b.rect;
    let mut out = Vec::new();
    let holders: Vec<usize> = diagram.nodes[n]
        .group
        .map(|p| diagram.group_ancestors(p).collect())
        .unwrap_or_default();
    for (i, o) in layout.nodes.iter().enumerate() {
        let r = o.rect;
        if i != n && overlaps(&me, &r) {
            out.push(format!("border node `{}` overlaps node `{}`", b.id, o.id));
        }
    }
    for (h, o) in layout.groups.iter().enumerate() {
        if overlaps(&me, &o.title) {
            out.push(format!(
                "border node `{}` covers the title of `{}`",
                b.id, o.id
            ));
        }
        if h == g || holders.contains(&h) || diagram.groups[h].is_overlay() {
            continue;
        }
        if overlaps(&me, &group_rect(layout, h)) {
            out.push(format!("border node `{}` overlaps group `{}`", b.id, o.id));
        }
    }
    out
}
