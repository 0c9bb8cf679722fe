//! Room made in a finished layout by stretching it at a cut line.
//!
//! In: a [`Layout`], an axis, a cut coordinate and a length. Out: the same
//! layout with every coordinate past the cut moved by that length: boxes
//! that start past it move whole (nodes, labels and titles keep their
//! size), groups across it grow, and polylines stretch (a segment across
//! the cut gets longer, none turns). Since the order of all coordinates
//! along the axis is kept, nothing that did not overlap before overlaps
//! after, and orthogonal paths stay orthogonal: [`super::border`] uses it
//! to open a band where a node must go, and [`super::compact`] takes
//! out a band where nothing is.

use super::{Layout, TextBlock};

/// Which page axis a cut runs across.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Axis {
    /// The cut is a vertical line `x = at`; things move right.
    X,
    /// The cut is a horizontal line `y = at`; things move down.
    Y,
}

/// The cut: where it runs, and how far what lies past it moves.
#[derive(Clone, Copy)]
struct Cut {
    axis: Axis,
    at: f64,
    by: f64,
}

impl Cut {
    fn moved(self, c: f64) -> f64 {
        if c >= self.at {
            c + self.by
        } else {
            c
        }
    }

    /// The coordinate along the axis of `(x, y)`.
    fn pick<'a>(self, x: &'a mut f64, y: &'a mut f64) -> &'a mut f64 {
        match self.axis {
            Axis::X => x,
            Axis::Y => y,
        }
    }

    /// Moves a box of fixed size whose start is at `(x, y)`, and returns
    /// how far it moved.
    fn move_whole(self, x: &mut f64, y: &mut f64) -> f64 {
        let c = self.pick(x, y);
        let shift = self.moved(*c) - *c;
        *c += shift;
        shift
    }

    /// Moves the ends of a box that may grow across the cut.
    fn stretch_box(self, x: &mut f64, y: &mut f64, w: &mut f64, h: &mut f64) {
        let (start, len) = match self.axis {
            Axis::X => (x, w),
            Axis::Y => (y, h),
        };
        let end = self.moved(*start + *len);
        *start = self.moved(*start);
        *len = end - *start;
    }

    fn text(self, t: &mut TextBlock, shift: f64) {
        match self.axis {
            Axis::X => t.anchor_x += shift,
            Axis::Y => t.baseline += shift,
        }
    }
}

/// Moves everything at or past `at` along `axis` by `by` (>= 0).
pub fn stretch(layout: &mut Layout, axis: Axis, at: f64, by: f64) {
    if by <= 0.0 {
        return;
    }
    shift_past(layout, Cut { axis, at, by });
}

/// Takes out the empty band of length `by` (> 0) that starts at `at`:
/// everything past the band moves back by `by`. The caller makes sure
/// that no coordinate lies inside the band, so that the order of all
/// coordinates is kept, as with [`stretch`].
pub fn close(layout: &mut Layout, axis: Axis, at: f64, by: f64) {
    if by <= 0.0 {
        return;
    }
    shift_past(layout, Cut { axis, at, by: -by });
}

/// Moves everything at or past the cut by its length.
fn shift_past(layout: &mut Layout, cut: Cut) {
    let by = cut.by;
    for n in &mut layout.nodes {
        // A node never spans a cut (cuts run between things).
        let shift = cut.move_whole(&mut n.rect.x, &mut n.rect.y);
        *cut.pick(&mut n.icon_box.x, &mut n.icon_box.y) += shift;
        if let Some(label) = &mut n.label_box {
            *cut.pick(&mut label.x, &mut label.y) += shift;
        }
        cut.text(&mut n.label_text, shift);
    }
    for g in &mut layout.groups {
        cut.stretch_box(&mut g.rect.x, &mut g.rect.y, &mut g.rect.w, &mut g.rect.h);
        let shift = cut.move_whole(&mut g.title.x, &mut g.title.y);
        if let Some(icon) = &mut g.title_icon {
            *cut.pick(&mut icon.x, &mut icon.y) += shift;
        }
        cut.text(&mut g.title_text, shift);
    }
    for e in &mut layout.edges {
        for p in &mut e.points {
            let [x, y] = p;
            let c = cut.pick(x, y);
            *c = cut.moved(*c);
        }
        if let Some(l) = &mut e.label {
            let shift = cut.move_whole(&mut l.rect.x, &mut l.rect.y);
            cut.text(&mut l.lines, shift);
        }
    }
    if let Some(t) = &mut layout.title {
        let shift = cut.move_whole(&mut t.rect.x, &mut t.rect.y);
        cut.text(&mut t.text, shift);
        if let Some(s) = &mut t.subtitle {
            cut.text(s, shift);
        }
    }
    match cut.axis {
        Axis::X => layout.width += by,
        Axis::Y => layout.height += by,
    }
}
