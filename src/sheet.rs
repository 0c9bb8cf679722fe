//! The icon contact sheet: the catalog in, a picture of every icon out.
//!
//! In: the icon catalog. Out: a [`Diagram`] and its [`Layout`]: one box per
//! category holding every icon of the category with its key under it, and a
//! last box showing every group kind with its tab icon. The geometry is a
//! plain grid (no layered layout needed) in the house sizes of the layout
//! engine (icon, label and title sizes, margins); the pipeline's
//! [`draw`](crate::pipeline::draw) then builds the same scene and SVG as
//! for any diagram, so the sheet shows the icons exactly as diagrams do.

use crate::catalog::{Category, IconEntry, ICONS};
use crate::layout::{
    kind_has_icon, text_block, GroupBox, Layout, NodeBox, Rect, TitleBox, GROUP_ICON, GROUP_PAD,
    GROUP_TITLE_H, GROUP_TITLE_SIZE, ICON, ICON_LABEL_GAP, LABEL_LINE, LABEL_SIZE, MARGIN,
    SUBTITLE_LINE, SUBTITLE_SIZE, TITLE_GAP, TITLE_INSET, TITLE_LINE, TITLE_SIZE,
};
use crate::model::{Diagram, Group, GroupKind, Icon, Node};
use crate::text;

/// Icon cells per row, and the size of a cell.
const COLUMNS: usize = 8;
const CELL_W: f64 = 124.0;
const CELL_H: f64 = 104.0;
/// From a category box's top to its first row of icons.
const BAND: f64 = 40.0;
/// The height of a category's last row (icon and label, no gap below).
const LAST_ROW_H: f64 = 78.0;
/// Space between category boxes.
const BOX_GAP: f64 = 16.0;
/// Group-kind boxes: per row, and their height.
const KINDS_PER_ROW: usize = 4;
const KIND_BOX_H: f64 = 56.0;
/// From a box's top to its title.
const TITLE_TOP: f64 = 4.0;
/// Around the tab icon and the name inside the title.
const TITLE_ICON_PAD: f64 = 2.0;
const TITLE_TEXT_PAD: f64 = 4.0;

/// The contact sheet as a diagram and its geometry.
pub fn contact_sheet() -> (Diagram, Layout) {
    let mut sheet = Sheet {
        diagram: Diagram {
            title: "archflow icons".to_string(),
            subtitle: Some(format!(
                "{} icons in {} categories, and the group kinds",
                ICONS.len(),
                Category::ALL.len()
            )),
            ..Default::default()
        },
        layout: Layout {
            width: 0.0,
            height: 0.0,
            direction: "right",
            title: None,
            nodes: Vec::new(),
            groups: Vec::new(),
            edges: Vec::new(),
        },
        width: MARGIN * 2.0 + GROUP_PAD * 2.0 + CELL_W * COLUMNS as f64,
    };
    let mut y = MARGIN + TITLE_LINE + SUBTITLE_LINE + TITLE_GAP;
    for category in Category::ALL {
        y = sheet.category(category, y) + BOX_GAP;
    }
    y = sheet.group_kinds(y);
    sheet.layout.width = sheet.width.ceil();
    sheet.layout.height = (y + MARGIN).ceil();
    sheet.layout.title = Some(sheet.title());
    (sheet.diagram, sheet.layout)
}

/// The sheet being built: the diagram and its geometry side by side.
struct Sheet {
    diagram: Diagram,
    layout: Layout,
    /// The page width.
    width: f64,
}

impl Sheet {
    /// The box of `category` at `y` with every icon of it; returns the
    /// box's bottom.
    fn category(&mut self, category: Category, y: f64) -> f64 {
        let entries: Vec<&IconEntry> = ICONS.iter().filter(|e| e.category == category).collect();
        let rows = entries.len().div_ceil(COLUMNS);
        let h = BAND + CELL_H * (rows as f64 - 1.0) + LAST_ROW_H + GROUP_PAD;
        let id = category.folder().to_string();
        self.diagram.groups.push(Group {
            id: id.clone(),
            kind: GroupKind::Generic,
            label: category.as_str().to_string(),
            parent: None,
            spans: Vec::new(),
        });
        let r = Rect {
            x: MARGIN,
            y,
            w: self.width - 2.0 * MARGIN,
            h,
        };
        let g = group_box(&id, category.as_str(), GroupKind::Generic, r, false);
        self.layout.groups.push(g);
        for (k, entry) in entries.iter().enumerate() {
            self.icon_cell(entry, &id, k, y);
        }
        y + h
    }

    /// Icon `entry` in cell `k` of the category box `group` at `y`.
    fn icon_cell(&mut self, entry: &IconEntry, group: &str, k: usize, y: f64) {
        let cx = MARGIN + GROUP_PAD + CELL_W * ((k % COLUMNS) as f64 + 0.5);
        let top = y + BAND + CELL_H * (k / COLUMNS) as f64;
        let lines = text::wrap(entry.key, CELL_W - 12.0, LABEL_SIZE);
        let w = text::widest(&lines, LABEL_SIZE).max(ICON).ceil() + 4.0;
        let h = ICON + ICON_LABEL_GAP + LABEL_LINE * lines.len() as f64;
        let label_top = ICON + ICON_LABEL_GAP;
        self.diagram.nodes.push(Node {
            id: entry.key.to_string(),
            icon: Icon::Builtin(entry.key),
            label: entry.key.to_string(),
            group: Some(self.diagram.groups.len() - 1),
            on: None,
            implicit: false,
        });
        self.layout.nodes.push(NodeBox {
            id: entry.key.to_string(),
            icon: entry.key.to_string(),
            label: entry.key.to_string(),
            group: Some(group.to_string()),
            on: None,
            rect: Rect {
                x: cx - w / 2.0,
                y: top,
                w,
                h,
            },
            icon_box: Rect {
                x: cx - ICON / 2.0,
                y: top,
                w: ICON,
                h: ICON,
            },
            label_text: text_block(
                &lines,
                LABEL_SIZE,
                LABEL_LINE,
                top + label_top,
                "middle",
                cx,
            ),
        });
    }

    /// Every group kind as a small box of its own, from `y`; returns the
    /// bottom of the last row.
    fn group_kinds(&mut self, y: f64) -> f64 {
        let kinds = GroupKind::ALL;
        let per_row = KINDS_PER_ROW as f64;
        let kind_w = (self.width - 2.0 * MARGIN - GROUP_PAD * (per_row + 1.0)) / per_row;
        for (k, kind) in kinds.iter().enumerate() {
            let gx = MARGIN + GROUP_PAD + (kind_w + GROUP_PAD) * (k % KINDS_PER_ROW) as f64;
            let gy = y + (KIND_BOX_H + GROUP_PAD) * (k / KINDS_PER_ROW) as f64;
            let label = kind.as_str();
            let r = Rect {
                x: gx,
                y: gy,
                w: kind_w,
                h: KIND_BOX_H,
            };
            let g = group_box(label, label, *kind, r, kind_has_icon(*kind));
            self.diagram.groups.push(Group {
                id: label.to_string(),
                kind: *kind,
                label: label.to_string(),
                parent: None,
                spans: Vec::new(),
            });
            self.layout.groups.push(g);
        }
        y + (KIND_BOX_H + GROUP_PAD) * kinds.len().div_ceil(KINDS_PER_ROW) as f64
    }

    /// The sheet's title and subtitle.
    fn title(&self) -> TitleBox {
        sheet_title(&self.diagram)
    }
}

/// A sheet's title and subtitle at the top left.
pub(crate) fn sheet_title(d: &Diagram) -> TitleBox {
    TitleBox {
        rect: Rect {
            x: MARGIN,
            y: MARGIN,
            w: text::width(&d.title, TITLE_SIZE).ceil(),
            h: TITLE_LINE + SUBTITLE_LINE,
        },
        text: text_block(
            std::slice::from_ref(&d.title),
            TITLE_SIZE,
            TITLE_LINE,
            MARGIN,
            "start",
            MARGIN,
        ),
        subtitle: d.subtitle.as_ref().map(|s| {
            text_block(
                std::slice::from_ref(s),
                SUBTITLE_SIZE,
                SUBTITLE_LINE,
                MARGIN + TITLE_LINE,
                "start",
                MARGIN,
            )
        }),
    }
}

/// The group box `r` with its title at the top left.
pub(crate) fn group_box(
    id: &str,
    label: &str,
    kind: GroupKind,
    r: Rect,
    has_icon: bool,
) -> GroupBox {
    let text_w = text::width(label, GROUP_TITLE_SIZE);
    let icon_w = if has_icon { GROUP_ICON + 6.0 } else { 0.0 };
    let title = Rect {
        x: r.x + TITLE_INSET,
        y: r.y + TITLE_TOP,
        w: (icon_w + text_w + 8.0).ceil(),
        h: GROUP_TITLE_H,
    };
    let line_top = (GROUP_TITLE_H - LABEL_LINE) / 2.0;
    GroupBox {
        id: id.to_string(),
        kind: kind.as_str(),
        label: label.to_string(),
        parent: None,
        spans: Vec::new(),
        depth: 1,
        rect: r,
        title,
        title_icon: has_icon.then_some(Rect {
            x: title.x + TITLE_ICON_PAD,
            y: title.y + TITLE_ICON_PAD,
            w: GROUP_ICON,
            h: GROUP_ICON,
        }),
        title_text: text_block(
            &[label.to_string()],
            GROUP_TITLE_SIZE,
            LABEL_LINE,
            title.y + line_top,
            "start",
            title.x + icon_w + TITLE_TEXT_PAD,
        ),
    }
}
