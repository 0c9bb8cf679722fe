//! Arrowheads apart: no head lands on another edge.
//!
//! In: a finished [`Layout`] whose edge ends meet their icons (or groups'
//! borders). Out: the same layout where an arrowhead that touched another
//! edge (a shared head, a head on another edge's shaft or start) has slid
//! along its node's side, or its group's border, to the nearest place
//! where it touches none, its last segment moved with it; where no such
//! place is free, it stays.
//!
//! A slide keeps everything the router promised: the end stays on the
//! icon (or the label, or the border), the moved run crosses no node box
//! but its own ends', no group title and no edge label, and it neither
//! runs along another edge nor brings its line within reach of another
//! edge's end.

use super::ends::to_border;
use super::{Layout, Rect};
use std::collections::HashMap;

/// An end this close to another edge's line touches it (the readability
/// check counts 3 units).
pub(crate) const TOUCH: f64 = 3.5;
/// How far apart the places tried are, and the farthest slide.
const STEP: f64 = 4.0;
const FARTHEST: f64 = 24.0;

/// What an end may touch at each node (icon, label) or group (its box).
type Ink = HashMap<String, Vec<Rect>>;

/// Slides every arrowhead that touches another edge to a free place.
pub fn part_heads(layout: &mut Layout) {
    let mut ink: Ink = layout
        .nodes
        .iter()
        .map(|n| {
            let mut boxes = vec![n.icon_box];
            boxes.extend(n.label_box);
            (n.id.clone(), boxes)
        })
        .collect();
    for g in &layout.groups {
        ink.insert(g.id.clone(), vec![g.rect]);
    }
    let mut near = Grid::default();
    for (j, f) in layout.edges.iter().enumerate() {
        near.add_line(j, &f.points);
    }
    for i in 0..layout.edges.len() {
        let e = &layout.edges[i];
        if e.from == e.to || e.points.len() < 2 {
            continue;
        }
        let mut tips = Vec::new();
        if matches!(e.arrow, "forward" | "both") {
            tips.push(true);
        }
        if matches!(e.arrow, "back" | "both") {
            tips.push(false);
        }
        for at_end in tips {
            let pts = &layout.edges[i].points;
            let tip = if at_end { pts[pts.len() - 1] } else { pts[0] };
            if !touches_others(layout, &near, i, tip) {
                continue;
            }
            if let Some(moved) = free_slide(layout, &ink, &near, i, at_end) {
                near.add_line(i, &moved);
                layout.edges[i].points = moved;
            }
        }
    }
}

/// Edges by the cells of a coarse grid their lines pass through, so that
/// what lies near a point or a run is found without visiting every edge.
/// An edge that moves is added again; the cells it left still name it,
/// which only costs a look.
#[derive(Default)]
struct Grid {
    cells: HashMap<(i64, i64), Vec<usize>>,
}

/// The side of a grid cell.
const CELL: f64 = 64.0;

impl Grid {
    fn cell_range(a: [f64; 2], b: [f64; 2]) -> [(i64, i64); 2] {
        let c = |v: f64| (v / CELL).floor() as i64;
        let pad = TOUCH + 1.0;
        [
            (c(a[0].min(b[0]) - pad), c(a[1].min(b[1]) - pad)),
            (c(a[0].max(b[0]) + pad), c(a[1].max(b[1]) + pad)),
        ]
    }

    fn add_line(&mut self, j: usize, pts: &[[f64; 2]]) {
        for w in pts.windows(2) {
            let [lo, hi] = Self::cell_range(w[0], w[1]);
            for x in lo.0..=hi.0 {
                for y in lo.1..=hi.1 {
                    let v = self.cells.entry((x, y)).or_default();
                    if v.last() != Some(&j) {
                        v.push(j);
                    }
                }
            }
        }
    }

    /// The edges whose lines may come within reach of the segment `a`-`b`,
    /// sorted, each once.
    fn near(&self, a: [f64; 2], b: [f64; 2]) -> Vec<usize> {
        let [lo, hi] = Self::cell_range(a, b);
        let mut out = Vec::new();
        for x in lo.0..=hi.0 {
            for y in lo.1..=hi.1 {
                out.extend(self.cells.get(&(x, y)).into_iter().flatten());
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Whether `p` lies within [`TOUCH`] of an edge other than `own`.
fn touches_others(layout: &Layout, near: &Grid, own: usize, p: [f64; 2]) -> bool {
    near.near(p, p).into_iter().filter(|&j| j != own).any(|j| {
        let f = &layout.edges[j];
        f.points
            .windows(2)
            .any(|w| dist_to_seg(p, w[0], w[1]) <= TOUCH)
    })
}

/// The polyline of edge `i` with its end (`at_end`) or start slid across
/// its last (first) segment to the nearest free place, if any.
fn free_slide(
    layout: &Layout,
    ink: &Ink,
    near: &Grid,
    i: usize,
    at_end: bool,
) -> Option<Vec<[f64; 2]>> {
    let e = &layout.edges[i];
    let mut pts = e.points.clone();
    if !at_end {
        pts.reverse();
    }
    let n = pts.len();
    let (p, q) = (pts[n - 1], pts[n - 2]);
    // The last segment runs along axis `along`; the slide is across it.
    let along = if (p[0] - q[0]).abs() < 1e-6 {
        1
    } else if (p[1] - q[1]).abs() < 1e-6 {
        0
    } else {
        return None;
    };
    let across = 1 - along;
    // A bend before the last segment must run across, so that moving the
    // corner only lengthens or shortens it; a straight edge moves whole.
    if n >= 3 && (pts[n - 3][along] - q[along]).abs() > 1e-6 {
        return None;
    }
    let (tip_id, tail_id) = if at_end {
        (&e.to, &e.from)
    } else {
        (&e.from, &e.to)
    };
    let moved_from = if n == 2 { 0 } else { n - 2 };
    let slides =
        (1..=(FARTHEST / STEP) as usize).flat_map(|k| [k as f64 * STEP, -(k as f64) * STEP]);
    for d in slides {
        let mut cand = pts.clone();
        for c in &mut cand[moved_from..] {
            c[across] += d;
        }
        let ends_ok = on_ink(ink, tip_id, cand[n - 1], across)
            && (n > 2 || on_ink(ink, tail_id, cand[0], across));
        if ends_ok
            && clear(
                layout,
                near,
                i,
                (&pts, &cand),
                moved_from,
                (tip_id, tail_id),
            )
        {
            if !at_end {
                cand.reverse();
            }
            return Some(cand);
        }
    }
    None
}

/// Whether `p`, slid across (axis `across`), still meets what it met: the
/// border of an ink box of its node (within its extent across, 2 units
/// in), or its group's border.
fn on_ink(ink: &Ink, id: &str, p: [f64; 2], across: usize) -> bool {
    let Some(boxes) = ink.get(id) else {
        return false;
    };
    boxes.iter().any(|b| {
        let (lo, hi) = if across == 0 {
            (b.x, b.right())
        } else {
            (b.y, b.bottom())
        };
        let near = to_border(p, b) <= 1.0;
        near && lo + 2.0 <= p[across] && p[across] <= hi - 2.0
    })
}

/// Whether the moved run (`new[from..]`, was `old[from..]`) of edge `own`
/// is clear: of every node box but its ends' (and of their label text),
/// of titles and edge labels,
/// of groups it did not pass through before, of other edges' lines (no run
/// along them, nor near their ends, unless they share an end and the line
/// style: a trunk whose own heads move next), and its new tip of every
/// other edge.
fn clear(
    layout: &Layout,
    near: &Grid,
    own: usize,
    (old, new): (&[[f64; 2]], &[[f64; 2]]),
    from: usize,
    ends: (&String, &String),
) -> bool {
    let run = |pts: &[[f64; 2]]| -> Vec<([f64; 2], [f64; 2])> {
        pts[from.saturating_sub(1)..]
            .windows(2)
            .map(|w| (w[0], w[1]))
            .collect()
    };
    let (was, segs) = (run(old), run(new));
    let hits =
        |segs: &[([f64; 2], [f64; 2])], b: &Rect| segs.iter().any(|&(a, c)| b.passed_by(a, c));
    let own_end = |id: &String| id == ends.0 || id == ends.1;
    let foreign_node = layout.nodes.iter().any(|n| {
        if own_end(&n.id) {
            n.label_box.is_some_and(|b| hits(&segs, &b))
        } else {
            hits(&segs, &n.rect)
        }
    });
    let group_changed = layout
        .groups
        .iter()
        .any(|g| hits(&segs, &g.title) || hits(&segs, &g.rect) != hits(&was, &g.rect));
    if foreign_node || group_changed {
        return false;
    }
    let tip = new[new.len() - 1];
    let mut others: Vec<usize> = segs.iter().flat_map(|&(a, c)| near.near(a, c)).collect();
    others.sort_unstable();
    others.dedup();
    if layout
        .edges
        .iter()
        .any(|f| f.label.as_ref().is_some_and(|l| hits(&segs, &l.rect)))
    {
        return false;
    }
    let me = &layout.edges[own];
    others.into_iter().filter(|&j| j != own).all(|j| {
        let f = &layout.edges[j];
        // Edges of one style with an end in common may share a trunk.
        let trunk_mate = f.style == me.style
            && [&f.from, &f.to]
                .iter()
                .any(|id| **id == me.from || **id == me.to);
        let on_tip = f
            .points
            .windows(2)
            .any(|w| dist_to_seg(tip, w[0], w[1]) <= TOUCH);
        let near_run = [f.points.first(), f.points.last()]
            .into_iter()
            .flatten()
            .any(|&q| segs.iter().any(|&(a, c)| dist_to_seg(q, a, c) <= TOUCH));
        let along = segs
            .iter()
            .any(|&(a, c)| f.points.windows(2).any(|w| overlap(a, c, w[0], w[1]) > 1.0));
        !on_tip && (trunk_mate || !(near_run || along))
    })
}

/// The distance from `p` to the segment `a`-`b`.
pub(crate) fn dist_to_seg(p: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len = dx * dx + dy * dy;
    let t = if len == 0.0 {
        0.0
    } else {
        (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len).clamp(0.0, 1.0)
    };
    ((p[0] - a[0] - t * dx).powi(2) + (p[1] - a[1] - t * dy).powi(2)).sqrt()
}

/// How far two axis-parallel segments run along one line together.
pub(crate) fn overlap(a: [f64; 2], b: [f64; 2], c: [f64; 2], d: [f64; 2]) -> f64 {
    let shared = |k: usize| {
        let o = 1 - k;
        let on_line =
            (a[o] - b[o]).abs() < 0.5 && (c[o] - d[o]).abs() < 0.5 && (a[o] - c[o]).abs() < 0.5;
        if !on_line {
            return 0.0;
        }
        let lo = a[k].min(b[k]).max(c[k].min(d[k]));
        let hi = a[k].max(b[k]).min(c[k].max(d[k]));
        (hi - lo).max(0.0)
    };
    shared(0).max(shared(1))
}
