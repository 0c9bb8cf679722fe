//! The edges of a moved border node, kept on it.
//!
//! In: a layout whose border node just moved by some delta. Out: its
//! edges' ends moved with it, the paths kept orthogonal ([`follow_edges`]),
//! each end on the icon's border ([`snap_ends`]), and a run that would lie
//! on the group's wall lifted off it ([`lift_off_wall`]).

use crate::layout::insert::Axis;
use crate::layout::measure::ICON;
use crate::layout::{Layout, Rect};
use crate::model::{Diagram, Endpoint};

use super::geometry::{along, centre, wall};
use super::SPREAD_GAP;

/// Lifts each edge of border node `n` whose first run lies on the border
/// line (it would read as the group's wall) a little off it, on the side of
/// its other end: the edge leaves the icon by its outer face (inner face,
/// for an end inside the group), runs beside the wall, and rejoins its path
/// where it turned off the wall.
pub(super) fn lift_off_wall(
    diagram: &Diagram,
    layout: &mut Layout,
    n: usize,
    (g, side): (usize, (Axis, bool)),
) {
    let line = wall(layout, g, side);
    let icon = layout.nodes[n].icon_box;
    let c = centre(&icon);
    let (normal, out) = match side {
        (axis, true) => (axis, 1.0),
        (axis, false) => (axis, -1.0),
    };
    let inside = |end: Endpoint| match end {
        Endpoint::Node(i) => diagram.nodes[i]
            .group
            .is_some_and(|h| diagram.group_ancestors(h).any(|a| a == g)),
        Endpoint::Group(h) => diagram.group_ancestors(h).any(|a| a == g),
    };
    let at = |along_wall: f64, across_wall: f64| match normal {
        Axis::X => [across_wall, along_wall],
        Axis::Y => [along_wall, across_wall],
    };
    let on_line = |p: [f64; 2]| (along(p, normal) - line).abs() < 1.0;
    let other = match normal {
        Axis::X => Axis::Y,
        Axis::Y => Axis::X,
    };
    for (e, edge) in diagram.edges.iter().enumerate() {
        if edge.from == edge.to {
            continue;
        }
        for at_start in [true, false] {
            let end = if at_start { edge.from } else { edge.to };
            if end != Endpoint::Node(n) {
                continue;
            }
            // Beside the wall on the side of the edge's other end.
            let far = if at_start { edge.to } else { edge.from };
            let towards = if inside(far) { -out } else { out };
            let off = line + towards * (ICON / 2.0 + SPREAD_GAP);
            let face = line + towards * ICON / 2.0;
            let path = &mut layout.edges[e].points;
            if !at_start {
                path.reverse();
            }
            if path.len() >= 2 && on_line(path[0]) && on_line(path[1]) {
                let turn = along(path[1], other);
                let mut lifted = vec![
                    at(along(c, other), face),
                    at(along(c, other), off),
                    at(turn, off),
                ];
                // The run off the wall carries on where the path left it.
                let rest = if path.len() > 2 {
                    &path[2..]
                } else {
                    &path[1..]
                };
                lifted.extend_from_slice(rest);
                *path = lifted;
            }
            if !at_start {
                path.reverse();
            }
        }
    }
}

/// Moves the ends of node `n`'s edges with it: the end point, and the
/// next point too when the first segment runs across `delta` (so it stays
/// straight); a path of one such segment gets a jog in the middle.
pub(super) fn follow_edges(diagram: &Diagram, layout: &mut Layout, n: usize, delta: [f64; 2]) {
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
pub(super) fn snap_ends(diagram: &Diagram, layout: &mut Layout, n: usize) {
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

pub(super) fn snap_start(path: &mut [[f64; 2]], icon: &Rect) {
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

pub(super) fn follow_start(path: &mut Vec<[f64; 2]>, delta: [f64; 2]) {
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
