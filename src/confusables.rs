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
use crate::layout::{
    text_block, Layout, NodeBox, Rect, GROUP_PAD, GROUP_TITLE_SIZE, ICON_LABEL_GAP, LABEL_LINE,
    LABEL_SIZE, MARGIN, SUBTITLE_LINE, TITLE_GAP, TITLE_LINE,
};
use crate::model::{CustomIcon, Diagram, Group, GroupKind, Icon, Node};
use crate::sheet::{group_box, sheet_title};
use crate::text;

/// The size of an icon on this sheet: the 32 px a reader must tell apart.
const ICON_32: f64 = 32.0;
const CELL_W: f64 = 100.0;
/// From a set box's top to its first icon (room for the box's title).
const BAND: f64 = 40.0;
/// Between the colour and the greyscale icon of a member.
const ROW_GAP: f64 = 8.0;
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
        .map(|set| text::width(&set_label(set), GROUP_TITLE_SIZE) + 16.0)
        .fold(0.0, f64::max);
    let width =
        (MARGIN * 2.0 + GROUP_PAD * 2.0 + (CELL_W * widest as f64).max(longest_label)).ceil();
    let mut diagram = Diagram {
        title: title.to_string(),
        subtitle: Some(subtitle.to_string()),
        ..Default::default()
    };
    let mut layout = Layout {
        width,
        height: 0.0,
        direction: "right",
        title: Some(sheet_title(&diagram)),
        nodes: Vec::new(),
        groups: Vec::new(),
        edges: Vec::new(),
    };
    let mut y = MARGIN + TITLE_LINE + SUBTITLE_LINE + TITLE_GAP;
    for (s, set) in rows.iter().enumerate() {
        let label = set_label(set);
        let label_lines = set
            .iter()
            .map(|key| text::wrap(key, CELL_W - 8.0, LABEL_SIZE).len())
            .max()
            .unwrap_or(1);
        let h = BAND
            + ICON_32
            + ROW_GAP
            + ICON_32
            + ICON_LABEL_GAP
            + LABEL_LINE * label_lines as f64
            + GROUP_PAD;
        let id = format!("set-{}", s + 1);
        diagram.groups.push(Group {
            id: id.clone(),
            kind: GroupKind::Generic,
            label: label.clone(),
            parent: None,
            spans: Vec::new(),
        });
        let r = Rect {
            x: MARGIN,
            y,
            w: width - 2.0 * MARGIN,
            h,
        };
        layout
            .groups
            .push(group_box(&id, &label, GroupKind::Generic, r, false));
        let entries = set.iter().filter_map(|key| catalog::by_key(key));
        for (k, key) in entries.map(|e| e.key).enumerate() {
            let cx = MARGIN + GROUP_PAD + CELL_W * (k as f64 + 0.5);
            for grey in [false, true] {
                let (node, node_box) = member(key, grey, &id, s, cx, y + BAND);
                diagram.nodes.push(node);
                layout.nodes.push(node_box);
            }
        }
        y += h + GROUP_PAD;
    }
    layout.height = (y - GROUP_PAD + MARGIN).ceil();
    (diagram, layout)
}

/// Member `key` of the set box `group` (index `g`), centred on `cx`: in
/// colour at `top`, or in greyscale under it with its key as the label.
fn member(
    key: &'static str,
    grey: bool,
    group: &str,
    g: usize,
    cx: f64,
    top: f64,
) -> (Node, NodeBox) {
    let icon_top = if grey { top + ICON_32 + ROW_GAP } else { top };
    let lines = if grey {
        text::wrap(key, CELL_W - 8.0, LABEL_SIZE)
    } else {
        Vec::new()
    };
    let id = format!("{group}-{key}{}", if grey { "-grey" } else { "" });
    let icon = if grey {
        greyscale_icon(key)
    } else {
        Icon::Builtin(key)
    };
    let w = text::widest(&lines, LABEL_SIZE).max(ICON_32).ceil() + 4.0;
    let label_top = icon_top + ICON_32 + ICON_LABEL_GAP;
    let node = Node {
        id: id.clone(),
        icon,
        label: key.to_string(),
        group: Some(g),
        on: None,
        implicit: false,
    };
    let node_box = NodeBox {
        id,
        icon: key.to_string(),
        label: key.to_string(),
        group: Some(group.to_string()),
        on: None,
        rect: Rect {
            x: cx - w / 2.0,
            y: icon_top,
            w,
            h: ICON_32 + ICON_LABEL_GAP + LABEL_LINE * lines.len() as f64,
        },
        icon_box: Rect {
            x: cx - ICON_32 / 2.0,
            y: icon_top,
            w: ICON_32,
            h: ICON_32,
        },
        label_text: text_block(&lines, LABEL_SIZE, LABEL_LINE, label_top, "middle", cx),
    };
    (node, node_box)
}

/// A set's title: its members' display names.
fn set_label(set: &[&str]) -> String {
    set.iter()
        .map(|key| catalog::by_key(key).map_or(*key, |e| e.name))
        .collect::<Vec<_>>()
        .join(" · ")
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
