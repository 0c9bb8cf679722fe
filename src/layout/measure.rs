//! Sizes of everything that holds text, measured with the bundled font.
//!
//! In: the diagram. Out: [`Sizes`]: each node's box (icon plus wrapped
//! label), each edge label's box, each group title's width, and the
//! diagram title's box. Also the spacing constants of the house style.

use crate::model::{Diagram, GroupKind};
use crate::text;

/// Icon tiles are drawn 48 units square, as in AWS's diagrams.
pub const ICON: f64 = 48.0;
/// Space between an icon and its label.
pub const ICON_LABEL_GAP: f64 = 6.0;
/// Node label font size and line height.
pub const LABEL_SIZE: f64 = 12.0;
pub const LABEL_LINE: f64 = 15.0;
/// Node labels wrap at this width.
pub const LABEL_WRAP: f64 = 108.0;
/// Edge label font size, line height, wrap width and padding.
pub const EDGE_LABEL_SIZE: f64 = 11.0;
pub const EDGE_LABEL_LINE: f64 = 14.0;
pub const EDGE_LABEL_WRAP: f64 = 120.0;
pub const EDGE_LABEL_PAD: f64 = 3.0;
/// Group title: font size, tab icon size, height of the title box.
pub const GROUP_TITLE_SIZE: f64 = 12.0;
pub const GROUP_ICON: f64 = 20.0;
pub const GROUP_TITLE_H: f64 = 24.0;
/// Padding between a group's border and what it holds (sides and bottom).
pub const GROUP_PAD: f64 = 16.0;
/// Room at the top of a group for its title: the title box starts 4 below
/// the border and is followed by 10 of air.
pub const GROUP_TITLE_BAND: f64 = 4.0 + GROUP_TITLE_H + 10.0;
/// Diagram title and subtitle.
pub const TITLE_SIZE: f64 = 20.0;
pub const TITLE_LINE: f64 = 26.0;
pub const SUBTITLE_SIZE: f64 = 13.0;
pub const SUBTITLE_LINE: f64 = 18.0;
/// Margin around the whole drawing.
pub const MARGIN: f64 = 24.0;
/// Space between the title block and the diagram.
pub const TITLE_GAP: f64 = 20.0;

/// A node's measured box and wrapped label.
#[derive(Debug, Clone)]
pub struct NodeSize {
    pub w: f64,
    pub h: f64,
    pub lines: Vec<String>,
}

/// An edge label's measured box and wrapped lines.
#[derive(Debug, Clone)]
pub struct LabelSize {
    pub w: f64,
    pub h: f64,
    pub lines: Vec<String>,
}

/// A group title's measured width (tab icon, gap and name).
#[derive(Debug, Clone)]
pub struct GroupTitleSize {
    pub w: f64,
    pub has_icon: bool,
    pub line: String,
}

/// Everything measured.
#[derive(Debug, Clone)]
pub struct Sizes {
    pub nodes: Vec<NodeSize>,
    pub edge_labels: Vec<Option<LabelSize>>,
    pub groups: Vec<GroupTitleSize>,
    pub title_lines: Vec<String>,
    pub subtitle_lines: Vec<String>,
    pub title_w: f64,
    pub title_h: f64,
}

/// Whether a group kind draws a tab icon beside its name (style.md).
pub fn kind_has_icon(kind: GroupKind) -> bool {
    !matches!(
        kind,
        GroupKind::AvailabilityZone | GroupKind::SecurityGroup | GroupKind::Generic
    )
}

/// Title wrap width: long titles wrap rather than widen the canvas forever.
const TITLE_WRAP: f64 = 900.0;
/// Longest group title before it wraps to an ellipsis-free second line is
/// not supported: group names are cut to this width.
const GROUP_TITLE_MAX: f64 = 360.0;

/// Measures every text-bearing part of `diagram`.
pub fn measure(diagram: &Diagram) -> Sizes {
    let nodes = diagram
        .nodes
        .iter()
        .map(|n| {
            let lines = text::wrap(&n.label, LABEL_WRAP, LABEL_SIZE);
            let label_w = text::widest(&lines, LABEL_SIZE);
            let w = (label_w + 4.0).max(ICON).ceil();
            let h = ICON + ICON_LABEL_GAP + LABEL_LINE * lines.len() as f64;
            NodeSize { w, h, lines }
        })
        .collect();
    let edge_labels = diagram
        .edges
        .iter()
        .map(|e| {
            e.label.as_ref().map(|l| {
                let lines = text::wrap(l, EDGE_LABEL_WRAP, EDGE_LABEL_SIZE);
                let w = (text::widest(&lines, EDGE_LABEL_SIZE) + 2.0 * EDGE_LABEL_PAD).ceil();
                let h = EDGE_LABEL_LINE * lines.len() as f64 + 2.0;
                LabelSize { w, h, lines }
            })
        })
        .collect();
    let groups = diagram
        .groups
        .iter()
        .map(|g| {
            let has_icon = kind_has_icon(g.kind);
            let first = g.label.split('\n').next().unwrap_or("").trim();
            let line = text::first_line(first, GROUP_TITLE_MAX, GROUP_TITLE_SIZE);
            let text_w = text::width(&line, GROUP_TITLE_SIZE);
            let icon_w = if has_icon { GROUP_ICON + 6.0 } else { 0.0 };
            GroupTitleSize {
                w: (icon_w + text_w + 8.0).ceil(),
                has_icon,
                line,
            }
        })
        .collect();
    let title_lines = text::wrap(&diagram.title, TITLE_WRAP, TITLE_SIZE);
    let subtitle_lines = diagram
        .subtitle
        .as_ref()
        .map(|s| text::wrap(s, TITLE_WRAP, SUBTITLE_SIZE))
        .unwrap_or_default();
    let title_w = text::widest(&title_lines, TITLE_SIZE)
        .max(text::widest(&subtitle_lines, SUBTITLE_SIZE))
        .ceil();
    let title_h =
        TITLE_LINE * title_lines.len() as f64 + SUBTITLE_LINE * subtitle_lines.len() as f64;
    Sizes {
        nodes,
        edge_labels,
        groups,
        title_lines,
        subtitle_lines,
        title_w,
        title_h,
    }
}
