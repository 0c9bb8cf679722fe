//! Edge ends that meet the icon (or the label) they point at.
//!
//! In: a finished [`Layout`] whose edges end on their nodes' boxes. Out: the
//! same layout with every end at a node moved along its last segment onto
//! that node's icon box, or onto its label box when the segment arrives in
//! the label's rows (guarantee 6 of layout-json.md).
//!
//! A node's box is as wide as its label, so an edge that stops at the box
//! stops short of the icon by up to half the label's width. The router
//! keeps its ports within the icon's extent across the flow; this pass only
//! carries each end on, straight, through the empty margin of the box.

use super::{Layout, Rect};
use std::collections::HashMap;

/// An end closer than this to its icon or label box stays where it is.
const NEAR: f64 = 0.01;

/// Moves every edge end at a node onto the node's icon or label box.
pub fn meet_ink(layout: &mut Layout) {
    let ink: HashMap<&str, (Rect, Option<Rect>)> = layout
        .nodes
        .iter()
        .map(|n| (n.id.as_str(), (n.icon_box, n.label_box)))
        .collect();
    for e in &mut layout.edges {
        let n = e.points.len();
        if n < 2 {
            continue;
        }
        if let Some(&(icon, label)) = ink.get(e.from.as_str()) {
            if n >= 3 {
                slide_onto_ink(&mut e.points, [0, 1], icon, label);
            }
            let (p, q) = (e.points[0], e.points[1]);
            e.points[0] = onto_ink(p, q, icon, label);
        }
        if let Some(&(icon, label)) = ink.get(e.to.as_str()) {
            if n >= 3 {
                slide_onto_ink(&mut e.points, [n - 1, n - 2], icon, label);
            }
            let (p, q) = (e.points[n - 1], e.points[n - 2]);
            e.points[n - 1] = onto_ink(p, q, icon, label);
        }
    }
}

/// Distance from `p` to the border of `b` (inside or out).
pub fn to_border(p: [f64; 2], b: &Rect) -> f64 {
    let (x0, y0, x1, y1) = (b.x, b.y, b.right(), b.bottom());
    if x0 <= p[0] && p[0] <= x1 && y0 <= p[1] && p[1] <= y1 {
        return (p[0] - x0).min(x1 - p[0]).min(p[1] - y0).min(y1 - p[1]);
    }
    let dx = (x0 - p[0]).max(0.0).max(p[0] - x1);
    let dy = (y0 - p[1]).max(0.0).max(p[1] - y1);
    dx.hypot(dy)
}

/// An end whose last segment's line misses both the icon and the label
/// (a port in the gap between them, where a crowded side spilled over)
/// slides across, with the bend before it, onto the nearest of the two.
/// `at` is the end's index and its neighbour's; the neighbour is a bend.
fn slide_onto_ink(points: &mut [[f64; 2]], at: [usize; 2], icon: Rect, label: Option<Rect>) {
    let (p, q) = (points[at[0]], points[at[1]]);
    let axis = if (p[1] - q[1]).abs() < 1e-6 {
        1
    } else if (p[0] - q[0]).abs() < 1e-6 {
        0
    } else {
        return;
    };
    let range = |b: &Rect| {
        if axis == 1 {
            (b.y, b.bottom())
        } else {
            (b.x, b.right())
        }
    };
    let boxes: Vec<Rect> = std::iter::once(icon).chain(label).collect();
    if boxes.iter().any(|b| {
        let (lo, hi) = range(b);
        lo <= p[axis] && p[axis] <= hi
    }) {
        return;
    }
    let target = boxes
        .iter()
        .map(|b| {
            let (lo, hi) = range(b);
            p[axis].clamp(lo + 1.0, (hi - 1.0).max(lo + 1.0))
        })
        .min_by(|a, b| (a - p[axis]).abs().total_cmp(&(b - p[axis]).abs()));
    if let Some(t) = target {
        points[at[0]][axis] = t;
        points[at[1]][axis] = t;
    }
}

/// End `p`, reached from `q` along an axis, carried along that axis to the
/// first side of `icon` or `label` it meets (never back past `q`). An end
/// that already touches one, or whose line meets neither, stays.
fn onto_ink(p: [f64; 2], q: [f64; 2], icon: Rect, label: Option<Rect>) -> [f64; 2] {
    let boxes: Vec<Rect> = std::iter::once(icon).chain(label).collect();
    if boxes.iter().any(|b| to_border(p, b) <= NEAR) {
        return p;
    }
    // Axis of the last segment: 0 for x, 1 for y; `dir` points into the node.
    let (axis, dir) = if (p[1] - q[1]).abs() < 1e-6 {
        (0, (p[0] - q[0]).signum())
    } else if (p[0] - q[0]).abs() < 1e-6 {
        (1, (p[1] - q[1]).signum())
    } else {
        return p;
    };
    let other = 1 - axis;
    let lo_hi = |b: &Rect| {
        if axis == 0 {
            ((b.y, b.bottom()), (b.x, b.right()))
        } else {
            ((b.x, b.right()), (b.y, b.bottom()))
        }
    };
    // The near side of each box the line meets, as a signed distance from
    // `p` into the node.
    let hit = boxes
        .iter()
        .filter_map(|b| {
            let ((c0, c1), (a0, a1)) = lo_hi(b);
            let within = c0 <= p[other] && p[other] <= c1;
            let side = if dir > 0.0 { a0 } else { a1 };
            within.then_some((side - p[axis]) * dir)
        })
        .filter(|&t| t > -(p[axis] - q[axis]).abs())
        .min_by(f64::total_cmp);
    match hit {
        Some(t) => {
            let mut out = p;
            out[axis] = p[axis] + t * dir;
            out
        }
        None => p,
    }
}
