//! Clashes: whether a new polyline would read as part of one drawn before.
//!
//! In: a candidate polyline and the polylines drawn so far (the engine's
//! coordinates; every segment runs along or across the flow). Out: whether
//! the two would mislead a reader: a run along another line (collinear
//! for more than [`ALONG`] units), or an end of either within `TOUCH` of
//! the other's line, where its arrowhead would sit on the other edge. The
//! router tries a few places for a run and keeps the first clear one (the
//! final pass of [`crate::layout::heads`] measures the same way).

use super::Path;
use crate::layout::heads::{dist_to_seg, overlap, TOUCH};

/// Collinear overlap (units) from which two lines read as one.
const ALONG: f64 = 1.0;

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
