//! The places along a group's border that the border modules share.
//!
//! In: a layout, a group and one of its sides (the axis across that
//! border, and whether its outside lies at larger coordinates). Out: where
//! that border runs, whether a node straddles it, the centre of a box, a
//! point's coordinate along an axis, the axis of the flow, and the size of
//! a border node's label.

use crate::layout::insert::Axis;
use crate::layout::measure::{Sizes, LABEL_LINE, LABEL_SIZE};
use crate::layout::{Layout, Rect};
use crate::model::Direction;
use crate::text;

/// Page coordinate along `axis` of a point.
pub(super) fn along(p: [f64; 2], axis: Axis) -> f64 {
    match axis {
        Axis::X => p[0],
        Axis::Y => p[1],
    }
}

pub(super) fn centre(r: &Rect) -> [f64; 2] {
    [r.x + r.w / 2.0, r.y + r.h / 2.0]
}

pub(super) fn group_rect(layout: &Layout, g: usize) -> Rect {
    let b = &layout.groups[g];
    b.rect
}

pub(super) fn axis_of(dir: Direction) -> Axis {
    if dir.is_horizontal() {
        Axis::X
    } else {
        Axis::Y
    }
}

/// The labels' extent of border nodes `list`, measured.
pub(super) fn label_size(sizes: &Sizes, n: usize) -> (f64, f64) {
    let lines = &sizes.nodes[n].lines;
    (
        text::widest(lines, LABEL_SIZE).ceil(),
        LABEL_LINE * lines.len() as f64,
    )
}

/// The coordinate of side `(axis, up)` of group `g`'s border.
pub(super) fn wall(layout: &Layout, g: usize, (axis, up): (Axis, bool)) -> f64 {
    let gr = group_rect(layout, g);
    match (axis, up) {
        (Axis::X, false) => gr.x,
        (Axis::X, true) => gr.right(),
        (Axis::Y, false) => gr.y,
        (Axis::Y, true) => gr.bottom(),
    }
}

/// True when a node other than `list` straddles side `side` of group `g`
/// (the band opened there would tear its edges off it).
pub(super) fn wall_straddled(
    layout: &Layout,
    g: usize,
    side: (Axis, bool),
    list: &[usize],
) -> bool {
    let at = wall(layout, g, side);
    layout.nodes.iter().enumerate().any(|(i, b)| {
        let r = b.rect;
        let (lo, hi) = match side.0 {
            Axis::X => (r.x, r.right()),
            Axis::Y => (r.y, r.bottom()),
        };
        !list.contains(&i) && lo < at - 0.5 && at + 0.5 < hi
    })
}
