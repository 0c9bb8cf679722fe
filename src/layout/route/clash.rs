//! Clashes: whether a new polyline would read as part of one drawn before.
//!
//! In: a candidate polyline and the polylines drawn so far (the engine's
//! coordinates; every segment runs along or across the flow). Out: whether
//! the two would mislead a reader: a run along another line (collinear
//! for more than [`ALONG`] units), or an end of either within [`TOUCH`] of
//! the other's line, where its arrowhead would sit on the other edge. The
//! router tries a few places for a run and keeps the first clear one.

use super::Path;

/// Collinear overlap (units) from which two lines read as one.
const ALONG: f64 = 1.0;
/// An end this close to another line reads as landing on it (the
/// readability check counts 3 units).
const TOUCH: f64 = 3.5;

/// Whether `pts` clashes with any of `drawn` other than edge `own`.
pub(super) fn clashes(pts: &[[f64; 2]], drawn: &[Path], own: usize) -> bool {
    drawn
        .iter()
        .filter(|(e, _, _)| *e != own)
        .any(|(_, other, _)| pair_clashes(pts, other))
}

fn pair_clashes(a: &[[f64; 2]], b: &[[f64; 2]]) -> bool {
    let ends = |p: &[[f64; 2]]| [p.first().copied(), p.last().copied()];
    let touches = |end: Option<[f64; 2]>, line: &[[f64; 2]]| {
        end.is_some_and(|q| line.windows(2).any(|w| dist_to_seg(q, w[0], w[1]) <= TOUCH))
    };
    ends(a).into_iter().any(|q| touches(q, b))
        || ends(b).into_iter().any(|q| touches(q, a))
        || a.windows(2).any(|s| {
            b.windows(2)
                .any(|t| overlap(s[0], s[1], t[0], t[1]) > ALONG)
        })
}

/// The distance from `p` to the segment `a`-`b`.
fn dist_to_seg(p: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
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
fn overlap(a: [f64; 2], b: [f64; 2], c: [f64; 2], d: [f64; 2]) -> f64 {
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
