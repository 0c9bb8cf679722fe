//! A last check on edge labels: every label clear of nodes, titles and
//! other labels.
//!
//! In: the finished layout. Out: the same layout where every edge label that
//! overlaps a node, a group's title or an earlier label has moved to a free
//! spot beside its own edge (or, failing any, below the drawing, which then
//! grows), so guarantee 5 holds whatever the rare case the router met.
//!
//! Labels of ordinary edges already have slots of their own in the layered
//! layout and never move; this catches the labels of edges routed outside
//! the layers (self-loops, edges to a holding group, detours).

use super::{EdgeLabel, Layout, Rect};

const TOL: f64 = 0.5;
const GAP: f64 = 3.0;

/// Moves labels that overlap something onto free spots.
pub fn keep_clear(layout: &mut Layout) {
    let mut obstacles: Vec<Rect> = layout
        .nodes
        .iter()
        .map(|n| n.rect)
        .chain(layout.groups.iter().map(|g| g.title))
        .collect();
    if let Some(t) = &layout.title {
        obstacles.push(t.rect);
    }
    let mut placed: Vec<Rect> = Vec::new();
    let free = |r: &Rect, obstacles: &[Rect], placed: &[Rect], w: f64, h: f64| {
        r.x >= 0.0
            && r.y >= 0.0
            && r.right() <= w
            && r.bottom() <= h
            && !obstacles.iter().any(|o| r.overlaps(o, TOL))
            && !placed.iter().any(|o| r.overlaps(o, TOL))
    };
    // First every label that is already clear keeps its place (in edge
    // order), then the others look for a spot. Edges that carry one label
    // text in one box (self-loops of one label) show it once: the box is
    // placed once.
    let mut moving: Vec<usize> = Vec::new();
    let mut kept: Vec<(&str, Rect)> = Vec::new();
    for (e, edge) in layout.edges.iter().enumerate() {
        let Some(label) = edge.label.as_ref() else {
            continue;
        };
        let current = label.rect;
        if kept.contains(&(label.text.as_str(), current)) {
            continue;
        }
        if free(&current, &obstacles, &placed, layout.width, layout.height) {
            placed.push(current);
            kept.push((label.text.as_str(), current));
        } else {
            moving.push(e);
        }
    }
    for e in moving {
        let Some(label) = layout.edges[e].label.as_ref() else {
            continue;
        };
        let (w, h) = (label.rect.w, label.rect.h);
        let (width, height) = (layout.width, layout.height);
        let spot = candidates(&layout.edges[e].points, w, h)
            .into_iter()
            .find(|r| free(r, &obstacles, &placed, width, height));
        let target = spot.unwrap_or_else(|| {
            // Nothing free beside the edge: a row of its own below.
            let r = Rect {
                x: 24.0_f64.min(layout.width - w).max(0.0),
                y: layout.height,
                w,
                h,
            };
            layout.height = (layout.height + h + 8.0).ceil();
            layout.width = layout.width.max((r.right() + 24.0).ceil());
            r
        });
        if let Some(label) = layout.edges[e].label.as_mut() {
            shift(label, target.x - label.rect.x, target.y - label.rect.y);
        }
        placed.push(target);
    }
}

fn shift(label: &mut EdgeLabel, dx: f64, dy: f64) {
    label.rect.x += dx;
    label.rect.y += dy;
    label.lines.anchor_x += dx;
    label.lines.baseline += dy;
}

/// Spots for a `w` × `h` label beside the polyline, from its middle
/// outwards: above and below horizontal runs, left and right of vertical
/// ones.
fn candidates(points: &[[f64; 2]], w: f64, h: f64) -> Vec<Rect> {
    let mut out = Vec::new();
    let n = points.len();
    if n < 2 {
        return out;
    }
    let mut order: Vec<usize> = (0..n - 1).collect();
    let mid = (n - 2) as f64 / 2.0;
    order.sort_by(|&a, &b| (a as f64 - mid).abs().total_cmp(&(b as f64 - mid).abs()));
    for s in order {
        let (p, q) = (points[s], points[s + 1]);
        for t in [0.5, 0.25, 0.75, 0.1, 0.9] {
            let x = p[0] + (q[0] - p[0]) * t;
            let y = p[1] + (q[1] - p[1]) * t;
            if (q[1] - p[1]).abs() < 1e-6 {
                out.push(Rect {
                    x: x - w / 2.0,
                    y: y - GAP - h,
                    w,
                    h,
                });
                out.push(Rect {
                    x: x - w / 2.0,
                    y: y + GAP,
                    w,
                    h,
                });
            } else {
                out.push(Rect {
                    x: x + GAP,
                    y: y - h / 2.0,
                    w,
                    h,
                });
                out.push(Rect {
                    x: x - GAP - w,
                    y: y - h / 2.0,
                    w,
                    h,
                });
            }
        }
    }
    out
}
