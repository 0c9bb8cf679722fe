//! The confusables sheet: the services a reader must tell apart, side by
//! side, the way a diagram shows them.
//!
//! In: the told-apart sets of `icon_likeness` (those of `icons.md`). Out: a
//! [`Diagram`] and its [`Layout`]: one box per set, holding every member
//! at 32 px in colour, and under it the same icons in greyscale (the tile
//! colour turned into its own luminance), each with its key. The ordinary
//! renderer draws it, like the contact sheet (`sheet.rs`).

use crate::catalog;
use crate::icon_art;
use crate::icon_likeness::TOLD_APART;
use crate::layout::{text_block, GroupBox, Layout, NodeBox, Rect, TitleBox};
use crate::model::{CustomIcon, Diagram, Group, GroupKind, Icon, Node};
use crate::text;

const ICON: f64 = 32.0;
const CELL_W: f64 = 100.0;
const MARGIN: f64 = 24.0;
const PAD: f64 = 16.0;
/// From a set box's top to its first icon (room for the box's title).
const BAND: f64 = 40.0;
const ROW_GAP: f64 = 8.0;
const LABEL: f64 = 12.0;
const LINE: f64 = 15.0;
/// The colour a General drawing takes on a light canvas.
const GENERAL_INK: &str = "#232F3E";

/// The confusables sheet as a diagram and its geometry.
pub fn confusables_sheet() -> (Diagram, Layout) {
    rows_sheet(
        "archflow icons told apart at a glance",
        &format!(
            "the {} sets of icons.md, at 32 px in colour and in greyscale",
            TOLD_APART.len()
        ),
        TOLD_APART,
    )
}

/// A sheet of `rows` of catalog keys, each row in colour and in greyscale.
pub fn rows_sheet(title: &str, subtitle: &str, rows: &[&[&str]]) -> (Diagram, Layout) {
    let widest = rows.iter().map(|s| s.len()).max().unwrap_or(1);
    let longest_label = rows
        .iter()
        .map(|set| text::width(&set_label(set), LABEL) + 16.0)
        .fold(0.0, f64::max);
    let width = (MARGIN * 2.0 + PAD * 2.0 + (CELL_W * widest as f64).max(longest_label)).ceil();
    let mut diagram = Diagram {
        title: title.to_string(),
        subtitle: Some(subtitle.to_string()),
        ..Default::default()
    };
    let mut layout = Layout {
        width,
        height: 0.0,
        direction: "right",
        title: Some(title_box(&diagram)),
        nodes: Vec::new(),
        groups: Vec::new(),
        edges: Vec::new(),
    };
    let mut y = MARGIN + 64.0;
    for (s, set) in rows.iter().enumerate() {
        let label = set_label(set);
        let label_lines = set
            .iter()
            .map(|key| text::wrap(key, CELL_W - 8.0, LABEL).len())
            .max()
            .unwrap_or(1);
        let h = BAND + ICON + ROW_GAP + ICON + 6.0 + LINE * label_lines as f64 + PAD;
        let id = format!("set-{}", s + 1);
        diagram.groups.push(Group {
            id: id.clone(),
            kind: GroupKind::Generic,
            label: label.clone(),
            parent: None,
            spans: Vec::new(),
        });
        layout.groups.push(set_box(&id, &label, y, width, h));
        let entries = set.iter().filter_map(|key| catalog::by_key(key));
        for (k, key) in entries.map(|e| e.key).enumerate() {
            let cx = MARGIN + PAD + CELL_W * (k as f64 + 0.5);
            let top = y + BAND;
            for (grey, icon) in [(false, Icon::Builtin(key)), (true, greyscale_icon(key))] {
                let icon_top = if grey { top + ICON + ROW_GAP } else { top };
                let lines = if grey {
                    text::wrap(key, CELL_W - 8.0, LABEL)
                } else {
                    Vec::new()
                };
                let node_id = format!("{id}-{key}{}", if grey { "-grey" } else { "" });
                diagram.nodes.push(Node {
                    id: node_id.clone(),
                    icon,
                    label: key.to_string(),
                    group: Some(s),
                    on: None,
                    implicit: false,
                });
                let w = text::widest(&lines, LABEL).max(ICON).ceil() + 4.0;
                layout.nodes.push(NodeBox {
                    id: node_id,
                    icon: key.to_string(),
                    label: key.to_string(),
                    group: Some(id.clone()),
                    on: None,
                    rect: Rect {
                        x: cx - w / 2.0,
                        y: icon_top,
                        w,
                        h: ICON + 6.0 + LINE * lines.len() as f64,
                    },
                    icon_box: Rect {
                        x: cx - ICON / 2.0,
                        y: icon_top,
                        w: ICON,
                        h: ICON,
                    },
                    label_text: text_block(
                        &lines,
                        LABEL,
                        LINE,
                        icon_top + ICON + 6.0,
                        "middle",
                        cx,
                    ),
                });
            }
        }
        y += h + PAD;
    }
    layout.height = (y - PAD + MARGIN).ceil();
    (diagram, layout)
}

/// A set's title: its members' display names.
fn set_label(set: &[&str]) -> String {
    set.iter()
        .map(|key| catalog::by_key(key).map_or(*key, |e| e.name))
        .collect::<Vec<_>>()
        .join(" · ")
}

fn set_box(id: &str, label: &str, y: f64, width: f64, h: f64) -> GroupBox {
    let title = Rect {
        x: MARGIN + 8.0,
        y: y + 4.0,
        w: (text::width(label, LABEL) + 8.0).ceil(),
        h: 24.0,
    };
    GroupBox {
        id: id.to_string(),
        kind: GroupKind::Generic.as_str(),
        label: label.to_string(),
        parent: None,
        spans: Vec::new(),
        depth: 1,
        rect: Rect {
            x: MARGIN,
            y,
            w: width - 2.0 * MARGIN,
            h,
        },
        title,
        title_icon: None,
        title_text: text_block(
            &[label.to_string()],
            LABEL,
            LINE,
            title.y + 4.5,
            "start",
            title.x + 4.0,
        ),
    }
}

fn title_box(diagram: &Diagram) -> TitleBox {
    TitleBox {
        rect: Rect {
            x: MARGIN,
            y: MARGIN,
            w: text::width(&diagram.title, 20.0).ceil(),
            h: 44.0,
        },
        text: text_block(
            std::slice::from_ref(&diagram.title),
            20.0,
            26.0,
            MARGIN,
            "start",
            MARGIN,
        ),
        subtitle: diagram
            .subtitle
            .clone()
            .map(|s| text_block(&[s], 13.0, 18.0, MARGIN + 26.0, "start", MARGIN)),
    }
}

/// The icon of `key` with every colour turned into its grey of the same
/// luminance, as a greyscale printout or a colour-blind reader sees it.
fn greyscale_icon(key: &str) -> Icon {
    let art = icon_art::service(key).unwrap_or_default();
    let mut svg = art.replace("currentColor", GENERAL_INK);
    let mut colours: Vec<String> = Vec::new();
    for (i, _) in svg.match_indices('#') {
        let hex = svg.get(i + 1..i + 7).unwrap_or_default();
        if hex.len() == 6 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
            colours.push(format!("#{hex}"));
        }
    }
    colours.sort();
    colours.dedup();
    for colour in colours {
        svg = svg.replace(&colour, &grey_of(&colour));
    }
    Icon::Custom(CustomIcon {
        written_as: format!("{key} (greyscale)"),
        svg,
    })
}

/// `#RRGGBB` as the grey of its luminance (Rec. 601 weights).
fn grey_of(colour: &str) -> String {
    let channel = |i: usize| {
        colour
            .get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .map_or(0.0, f64::from)
    };
    let luma = (0.299 * channel(1) + 0.587 * channel(3) + 0.114 * channel(5)).round() as u8;
    format!("#{luma:02X}{luma:02X}{luma:02X}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greys_keep_luminance() {
        assert_eq!(grey_of("#FFFFFF"), "#FFFFFF");
        assert_eq!(grey_of("#000000"), "#000000");
        assert_eq!(grey_of("#ED7100"), "#898989");
    }

    #[test]
    fn the_greyscale_icon_has_no_colour_left() {
        let Icon::Custom(c) = greyscale_icon("lambda") else {
            panic!("a custom icon");
        };
        assert!(!c.svg.contains("#ED7100"));
        assert!(c.svg.contains("#898989"));
    }

    #[test]
    fn every_member_of_every_set_is_on_the_sheet_twice() {
        let (diagram, layout) = confusables_sheet();
        let members: usize = TOLD_APART.iter().map(|s| s.len()).sum();
        assert_eq!(diagram.nodes.len(), 2 * members);
        assert_eq!(layout.nodes.len(), diagram.nodes.len());
        assert_eq!(layout.groups.len(), TOLD_APART.len());
    }
}
