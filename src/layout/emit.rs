//! From abstract coordinates to the page.
//!
//! In: positions along the flow (u) and across it (v). Out: page
//! coordinates (x, y) for the flow's direction, node and group boxes with
//! their icons and text placed in them, and a layout rounded to 1/100 so its
//! JSON is short and stable.

use super::measure::{self, Sizes};
use super::spacing::TITLE_INSET;
use super::{GroupBox, Layout, NodeBox, Rect, TextBlock};
use crate::model::{Diagram, Direction};
use crate::text;

/// A node's box on the page, `r`: its icon on top, its label below.
pub fn node_box(diagram: &Diagram, sizes: &Sizes, i: usize, r: Rect) -> NodeBox {
    let n = &diagram.nodes[i];
    let size = &sizes.nodes[i];
    let icon_box = Rect {
        x: r.x + (r.w - measure::ICON) / 2.0,
        y: r.y,
        w: measure::ICON,
        h: measure::ICON,
    };
    let label_top = r.y + measure::ICON + measure::ICON_LABEL_GAP;
    NodeBox {
        id: n.id.clone(),
        icon: n.icon.name().to_string(),
        label: n.label.clone(),
        group: n.group.map(|g| diagram.groups[g].id.clone()),
        on: n.on.map(|g| diagram.groups[g].id.clone()),
        rect: r,
        icon_box,
        label_text: text_block(
            &size.lines,
            measure::LABEL_SIZE,
            measure::LABEL_LINE,
            label_top,
            "middle",
            r.x + r.w / 2.0,
        ),
    }
}

/// A group's box on the page, `r`, with its title band at the top: the
/// title left-aligned, or `centred`.
pub fn group_box(diagram: &Diagram, sizes: &Sizes, g: usize, r: Rect, centred: bool) -> GroupBox {
    let group = &diagram.groups[g];
    let t = &sizes.groups[g];
    let tx = if centred {
        r.x + (r.w - t.w) / 2.0
    } else {
        r.x + TITLE_INSET
    };
    let title = Rect {
        x: tx,
        y: r.y + 4.0,
        w: t.w,
        h: measure::GROUP_TITLE_H,
    };
    let title_icon = t.has_icon.then(|| Rect {
        x: title.x + 2.0,
        y: title.y + (measure::GROUP_TITLE_H - measure::GROUP_ICON) / 2.0,
        w: measure::GROUP_ICON,
        h: measure::GROUP_ICON,
    });
    let text_x = title.x
        + if t.has_icon {
            measure::GROUP_ICON + 8.0
        } else {
            4.0
        };
    let line_top = title.y + (measure::GROUP_TITLE_H - measure::LABEL_LINE) / 2.0;
    GroupBox {
        id: group.id.clone(),
        kind: group.kind.as_str(),
        label: group.label.clone(),
        parent: group.parent.map(|p| diagram.groups[p].id.clone()),
        spans: group
            .spans
            .iter()
            .map(|&i| diagram.nodes[i].id.clone())
            .collect(),
        depth: diagram.group_depth(g),
        rect: r,
        title,
        title_icon,
        title_text: text_block(
            std::slice::from_ref(&t.line),
            measure::GROUP_TITLE_SIZE,
            measure::LABEL_LINE,
            line_top,
            "start",
            text_x,
        ),
    }
}

/// Lines of text in a block whose first line box starts at `top`.
pub fn text_block(
    lines: &[String],
    size: f64,
    line: f64,
    top: f64,
    anchor: &'static str,
    x: f64,
) -> TextBlock {
    let baseline = top + (line - text::ink_height(size)) / 2.0 + text::ascent(size);
    TextBlock {
        lines: lines.to_vec(),
        size,
        baseline,
        line_height: line,
        anchor,
        anchor_x: x,
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    pub u0: f64,
    pub u1: f64,
    pub v0: f64,
    pub v1: f64,
}

impl Default for Bounds {
    fn default() -> Self {
        Bounds {
            u0: f64::INFINITY,
            u1: f64::NEG_INFINITY,
            v0: f64::INFINITY,
            v1: f64::NEG_INFINITY,
        }
    }
}

impl Bounds {
    pub fn add(&mut self, u: f64, v: f64) {
        self.u0 = self.u0.min(u);
        self.u1 = self.u1.max(u);
        self.v0 = self.v0.min(v);
        self.v1 = self.v1.max(v);
    }
    pub fn valid(&self) -> bool {
        self.u0.is_finite() && self.v0.is_finite()
    }
}

/// Maps abstract (u along the flow, v across) to page coordinates.
pub struct Frame {
    pub direction: Direction,
    pub bounds: Bounds,
    pub left: f64,
    pub top: f64,
}

impl Frame {
    pub fn point(&self, u: f64, v: f64) -> [f64; 2] {
        let b = &self.bounds;
        match self.direction {
            Direction::Right => [self.left + u - b.u0, self.top + v - b.v0],
            Direction::Left => [self.left + b.u1 - u, self.top + v - b.v0],
            Direction::Down => [self.left + v - b.v0, self.top + u - b.u0],
            Direction::Up => [self.left + v - b.v0, self.top + b.u1 - u],
        }
    }

    pub fn rect(&self, u0: f64, u1: f64, v0: f64, v1: f64) -> Rect {
        let a = self.point(u0, v0);
        let b = self.point(u1, v1);
        Rect {
            x: a[0].min(b[0]),
            y: a[1].min(b[1]),
            w: (a[0] - b[0]).abs(),
            h: (a[1] - b[1]).abs(),
        }
    }
}

/// Rounds every coordinate to 1/100 so the JSON is short and stable.
pub fn round_layout(layout: &mut Layout) {
    fn r(x: &mut f64) {
        *x = (*x * 100.0).round() / 100.0;
        if *x == 0.0 {
            *x = 0.0; // no negative zero
        }
    }
    pub fn rect(b: &mut Rect) {
        r(&mut b.x);
        r(&mut b.y);
        r(&mut b.w);
        r(&mut b.h);
    }
    fn tb(t: &mut TextBlock) {
        r(&mut t.baseline);
        r(&mut t.anchor_x);
    }
    for n in &mut layout.nodes {
        rect(&mut n.rect);
        rect(&mut n.icon_box);
        tb(&mut n.label_text);
    }
    for g in &mut layout.groups {
        rect(&mut g.rect);
        rect(&mut g.title);
        if let Some(i) = &mut g.title_icon {
            rect(i);
        }
        tb(&mut g.title_text);
    }
    for e in &mut layout.edges {
        for p in &mut e.points {
            r(&mut p[0]);
            r(&mut p[1]);
        }
        if let Some(l) = &mut e.label {
            rect(&mut l.rect);
            tb(&mut l.lines);
        }
    }
    if let Some(t) = &mut layout.title {
        rect(&mut t.rect);
        tb(&mut t.text);
        if let Some(s) = &mut t.subtitle {
            tb(s);
        }
    }
}
