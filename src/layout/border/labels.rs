//! A border node's icon moved and its label put outside the border.
//!
//! In: a layout, a border node, how far it moves and its label's size.
//! Out: the icon moved ([`move_node`]) and its label outside the group:
//! below the icon for a flow across, beside it for a flow down or up, on
//! the other side or past the icon where an edge, a title, a node or a
//! group it is not in lies there; its own edges that run through a label
//! past the icon stop at the label ([`stop_at_label`]).

use crate::layout::insert::Axis;
use crate::layout::measure::{ICON_LABEL_GAP, LABEL_LINE, LABEL_SIZE};
use crate::layout::{emit, Layout, Rect};
use crate::model::Diagram;

use super::geometry::centre;
use super::{HOLDER_PAD, LABEL_GAP};

/// Moves node `n` by `delta` and puts its label outside the border: below
/// the icon and beyond the border for a flow across (`Axis::X`), beside
/// the icon and beyond the border for a flow down or up.
pub(super) fn move_node(
    diagram: &Diagram,
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
    let (lx, mut ly) = match (axis, up) {
        (Axis::X, false) => (c[0] - LABEL_GAP - label_w, icon.bottom() + ICON_LABEL_GAP),
        (Axis::X, true) => (c[0] + LABEL_GAP, icon.bottom() + ICON_LABEL_GAP),
        (Axis::Y, false) => (icon.right() + LABEL_GAP, c[1] - LABEL_GAP - label_h),
        (Axis::Y, true) => (icon.right() + LABEL_GAP, c[1] + LABEL_GAP),
    };
    // Below the icon, the label goes above it where one of the node's own
    // edges runs through (guarantee 4) and no edge runs above.
    let crossed = |y: f64, own_only: bool| {
        let r = Rect {
            x: lx,
            y,
            w: label_w,
            h: label_h,
        };
        let id = &layout.nodes[n].id;
        layout
            .edges
            .iter()
            .filter(|e| !own_only || &e.from == id || &e.to == id)
            .any(|e| e.points.windows(2).any(|s| r.passed_by(s[0], s[1])))
    };
    if axis == Axis::X && crossed(ly, true) {
        let above = icon.y - ICON_LABEL_GAP - label_h;
        if !crossed(above, false) {
            ly = above;
        }
    }
    // Beside the icon, the label takes the left where the right is taken,
    // and goes past the icon, outside the wall, where both are.
    // The groups its box may overlap (guarantee 3).
    let holders: Vec<usize> = diagram.node_holders(n).collect();
    let taken = |x: f64, ly: f64| {
        let r = Rect {
            x,
            y: ly,
            w: label_w,
            h: label_h,
        };
        label_spot_taken(layout, n, &holders, &r)
    };
    let left = icon.x - LABEL_GAP - label_w;
    let mut past_icon = false;
    let (lx, ly) = match axis {
        Axis::Y if taken(lx, ly) && !taken(left, ly) => (left, ly),
        Axis::Y if taken(lx, ly) => {
            past_icon = true;
            let past = if up {
                icon.bottom() + ICON_LABEL_GAP
            } else {
                icon.y - ICON_LABEL_GAP - label_h
            };
            (c[0] - label_w / 2.0, past)
        }
        _ => (lx, ly),
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
    if let (true, Some(label)) = (past_icon, b.label_box) {
        stop_at_label(layout, n, label);
    }
}

/// True when border node `n`'s label at `r`, beside its icon, would run
/// into something: an edge, a group's title, a group that does not hold
/// the node, the inner edge of a group that holds its border, or another
/// node.
pub(super) fn label_spot_taken(layout: &Layout, n: usize, holders: &[usize], r: &Rect) -> bool {
    let icon = layout.nodes[n].icon_box;
    // The node's box is the hull of icon and label: it must not
    // cover a group's title either.
    let hull_x = r.x.min(icon.x);
    let hull = Rect {
        x: hull_x,
        y: r.y.min(icon.y),
        w: r.right().max(icon.right()) - hull_x,
        h: r.bottom().max(icon.bottom()) - r.y.min(icon.y),
    };
    // No edge may run through the label beside the icon, not even
    // one of the node's own (guarantee 4).
    let edges = layout
        .edges
        .iter()
        .any(|e| e.points.windows(2).any(|s| r.passed_by(s[0], s[1])));
    // Inside the groups that hold the border with room to spare
    // (guarantee 2).
    let on = holders.first().copied();
    let outside = |q: &Rect| {
        hull.x < q.x + HOLDER_PAD - 0.5
            || hull.y < q.y + HOLDER_PAD - 0.5
            || hull.right() > q.right() - HOLDER_PAD + 0.5
            || hull.bottom() > q.bottom() - HOLDER_PAD + 0.5
    };
    edges
        || layout
            .groups
            .iter()
            .enumerate()
            .any(|(h, g)| holders.contains(&h) && Some(h) != on && outside(&g.rect))
        || layout.groups.iter().enumerate().any(|(h, g)| {
            hull.overlaps(&g.title, 0.5) || (!holders.contains(&h) && hull.overlaps(&g.rect, 0.5))
        })
        || layout.nodes.iter().enumerate().any(|(i, o)| {
            let other = o.rect;
            i != n && hull.overlaps(&other, 0.5)
        })
}

/// The node's own edges that run through its label (placed past the icon,
/// where they arrive from outside) end at the label's far side instead
/// (guarantees 4 and 6: an edge may meet the label it arrives at). Where
/// the edge turns inside the label, the run after the turn moves past the
/// label first.
pub(super) fn stop_at_label(layout: &mut Layout, n: usize, label: Rect) {
    let id = layout.nodes[n].id.clone();
    for e in &mut layout.edges {
        let len = e.points.len();
        if len < 2 {
            continue;
        }
        let ends = [
            (e.from == id, 0, 1, 2),
            (e.to == id, len - 1, len - 2, len.wrapping_sub(3)),
        ];
        for (mine, at, next, after) in ends {
            if !mine {
                continue;
            }
            let (p, q) = (e.points[at], e.points[next]);
            if !label.passed_by(p, q) {
                continue;
            }
            // Along the segment's axis `k`, to the label side facing `q`.
            let k = if (p[0] - q[0]).abs() < 1e-6 {
                1
            } else if (p[1] - q[1]).abs() < 1e-6 {
                0
            } else {
                continue;
            };
            let (lo, hi) = if k == 0 {
                (label.x, label.right())
            } else {
                (label.y, label.bottom())
            };
            let forward = q[k] > p[k];
            let far = if forward { hi } else { lo };
            let turns_inside = if forward { q[k] < far } else { q[k] > far };
            // (Not where the run after the turn ends at the other node.)
            if turns_inside && len >= 4 {
                let past = if forward {
                    far + LABEL_GAP
                } else {
                    far - LABEL_GAP
                };
                e.points[next][k] = past;
                e.points[after][k] = past;
            }
            e.points[at][k] = far;
        }
    }
}
