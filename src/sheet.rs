//! The icon contact sheet: the catalog in, a picture of every icon out.
//!
//! In: the icon catalog. Out: a [`Diagram`] and its [`Layout`]: one box per
//! category holding every icon of the category with its key under it, and a
//! last box showing every group kind with its tab icon. The geometry is a
//! plain grid (no layered layout needed), and the ordinary renderer draws
//! it, so the sheet shows the icons exactly as diagrams do.

use crate::catalog::{Category, ICONS};
use crate::layout::{GroupBox, Layout, NodeBox, Rect, TextBlock, TitleBox};
use crate::model::{Diagram, Group, GroupKind, Icon, Node};
use crate::text;

const COLUMNS: usize = 8;
const CELL_W: f64 = 124.0;
const CELL_H: f64 = 104.0;
const PAD: f64 = 16.0;
const BAND: f64 = 40.0;
const MARGIN: f64 = 24.0;
const LABEL: f64 = 12.0;
const LINE: f64 = 15.0;

fn block(
    lines: Vec<String>,
    size: f64,
    line: f64,
    top: f64,
    anchor: &'static str,
    x: f64,
) -> TextBlock {
    crate::layout::text_block(&lines, size, line, top, anchor, x)
}

/// The contact sheet as a diagram and its geometry.
pub fn contact_sheet() -> (Diagram, Layout) {
    let mut diagram = Diagram {
        title: "archflow icons".to_string(),
        subtitle: Some(format!(
            "{} icons in {} categories, and the group kinds",
            ICONS.len(),
            Category::ALL.len()
        )),
        ..Default::default()
    };
    let mut layout = Layout {
        width: 0.0,
        height: 0.0,
        direction: "right",
        title: None,
        nodes: Vec::new(),
        groups: Vec::new(),
        edges: Vec::new(),
    };
    let width = MARGIN * 2.0 + PAD * 2.0 + CELL_W * COLUMNS as f64;
    let mut y = MARGIN + 26.0 + 18.0 + 20.0;
    let group_box = |id: &str, label: &str, kind: GroupKind, y: f64, h: f64, has_icon: bool| {
        let text_w = text::width(label, LABEL);
        let icon_w = if has_icon { 26.0 } else { 0.0 };
        let title = Rect {
            x: MARGIN + 8.0,
            y: y + 4.0,
            w: (icon_w + text_w + 8.0).ceil(),
            h: 24.0,
        };
        GroupBox {
            id: id.to_string(),
            kind: kind.as_str(),
            label: label.to_string(),
            parent: None,
            depth: 1,
            x: MARGIN,
            y,
            w: width - 2.0 * MARGIN,
            h,
            title,
            title_icon: has_icon.then_some(Rect {
                x: title.x + 2.0,
                y: title.y + 2.0,
                w: 20.0,
                h: 20.0,
            }),
            title_text: block(
                vec![label.to_string()],
                LABEL,
                LINE,
                title.y + 4.5,
                "start",
                title.x + icon_w + 4.0,
            ),
        }
    };
    for category in Category::ALL {
        let entries: Vec<_> = ICONS.iter().filter(|e| e.category == category).collect();
        let rows = entries.len().div_ceil(COLUMNS);
        let h = BAND + CELL_H * (rows as f64 - 1.0) + 78.0 + PAD;
        let id = category.folder().to_string();
        diagram.groups.push(Group {
            id: id.clone(),
            kind: GroupKind::Generic,
            label: category.as_str().to_string(),
            parent: None,
        });
        layout.groups.push(group_box(
            &id,
            category.as_str(),
            GroupKind::Generic,
            y,
            h,
            false,
        ));
        for (k, entry) in entries.iter().enumerate() {
            let cx = MARGIN + PAD + CELL_W * ((k % COLUMNS) as f64 + 0.5);
            let top = y + BAND + CELL_H * (k / COLUMNS) as f64;
            let lines = text::wrap(entry.key, CELL_W - 12.0, LABEL);
            let w = text::widest(&lines, LABEL).max(48.0).ceil() + 4.0;
            let nh = 48.0 + 6.0 + LINE * lines.len() as f64;
            diagram.nodes.push(Node {
                id: entry.key.to_string(),
                icon: Icon::Builtin(entry.key),
                label: entry.key.to_string(),
                group: Some(diagram.groups.len() - 1),
                implicit: false,
            });
            layout.nodes.push(NodeBox {
                id: entry.key.to_string(),
                icon: entry.key.to_string(),
                label: entry.key.to_string(),
                group: Some(id.clone()),
                x: cx - w / 2.0,
                y: top,
                w,
                h: nh,
                icon_box: Rect {
                    x: cx - 24.0,
                    y: top,
                    w: 48.0,
                    h: 48.0,
                },
                label_box: crate::layout::label_box(&lines, top + 54.0, cx),
                label_text: block(lines, LABEL, LINE, top + 54.0, "middle", cx),
            });
        }
        y += h + 16.0;
    }
    // Every group kind, as a small box of its own.
    let kinds = GroupKind::ALL;
    let per_row = 4;
    let kind_w = (width - 2.0 * MARGIN - PAD * (per_row as f64 + 1.0)) / per_row as f64;
    for (k, kind) in kinds.iter().enumerate() {
        let gx = MARGIN + PAD + (kind_w + PAD) * (k % per_row) as f64;
        let gy = y + (56.0 + PAD) * (k / per_row) as f64;
        let label = kind.as_str();
        let has_icon = crate::layout::kind_has_icon(*kind);
        let mut g = group_box(label, label, *kind, gy, 56.0, has_icon);
        g.x = gx;
        g.w = kind_w;
        g.title.x = gx + 8.0;
        if let Some(r) = &mut g.title_icon {
            r.x = g.title.x + 2.0;
        }
        g.title_text.anchor_x = g.title.x + if has_icon { 30.0 } else { 4.0 };
        diagram.groups.push(Group {
            id: label.to_string(),
            kind: *kind,
            label: label.to_string(),
            parent: None,
        });
        layout.groups.push(g);
    }
    y += (56.0 + PAD) * kinds.len().div_ceil(per_row) as f64;
    layout.width = width.ceil();
    layout.height = (y + MARGIN).ceil();
    layout.title = Some(TitleBox {
        x: MARGIN,
        y: MARGIN,
        w: text::width(&diagram.title, 20.0).ceil(),
        h: 44.0,
        text: block(
            vec![diagram.title.clone()],
            20.0,
            26.0,
            MARGIN,
            "start",
            MARGIN,
        ),
        subtitle: diagram
            .subtitle
            .clone()
            .map(|s| block(vec![s], 13.0, 18.0, MARGIN + 26.0, "start", MARGIN)),
    });
    (diagram, layout)
}
