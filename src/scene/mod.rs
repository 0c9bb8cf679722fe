//! The scene: everything the renderer draws, resolved, in drawing order.
//!
//! In: a validated [`Diagram`], its [`Layout`] and a [`Theme`]. Out: one
//! [`Scene`] value: boxes with their kinds resolved to colours and dash
//! patterns, icons resolved to their drawings, line styles and arrowheads
//! as enums, text with its anchor and colour, and the id prefix of the
//! document. This is the only place that matches the layout's boxes with
//! the diagram's nodes, groups and edges (by index); the SVG renderer
//! ([`crate::render::svg`]) then only draws, in the manner of usvg's
//! normalised tree for resvg.
//!
//! `style` holds every colour of the house style.

pub mod style;

pub use style::{GroupStyle, Palette, Theme};

use crate::icon_art;
use crate::layout::{EdgePath, GroupBox, Layout, NodeBox, Rect, TextBlock};
use crate::model::{Arrow, Diagram, Icon, LineStyle};

/// A whole picture, ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    /// The canvas size in user units.
    pub width: f64,
    pub height: f64,
    pub theme: Theme,
    /// The canvas colour.
    pub background: &'static str,
    /// Prefix of every id in the document, derived from the content so
    /// several pictures can share one HTML page.
    pub id_prefix: String,
    /// The accessible name and description (the title and subtitle on one
    /// line each; empty when there is none).
    pub name: String,
    pub description: String,
    /// The drawn title block.
    pub title: Option<Title>,
    /// Group boxes, outermost first (drawing order).
    pub groups: Vec<GroupShape>,
    /// Edges in the diagram's order; their labels are drawn over all edges.
    pub edges: Vec<EdgeShape>,
    /// Nodes in the diagram's order, drawn last.
    pub nodes: Vec<NodeShape>,
}

/// The diagram's title and subtitle.
#[derive(Debug, Clone, PartialEq)]
pub struct Title {
    pub text: Text,
    pub subtitle: Option<Text>,
}

/// How the lines of a text block sit on their anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// Lines begin at the anchor.
    Start,
    /// Lines are centred on the anchor.
    Middle,
}

/// Lines of text with their place and colour.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    pub lines: Vec<String>,
    /// Font size in user units.
    pub size: f64,
    /// Baseline of the first line; the others follow every `line_height`.
    pub baseline: f64,
    pub line_height: f64,
    pub anchor: Anchor,
    pub anchor_x: f64,
    pub fill: &'static str,
}

/// How a line is stroked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stroke {
    Solid,
    Dashed,
    /// A double rail: a thing carried, not a network link.
    Physical,
    /// Dotted: a path not taken (the edge also carries a cross mark).
    Dotted,
}

/// A drawing defined once in the document and placed by reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    /// The symbol's name, unique among the document's symbols (the id
    /// prefix is added when drawn).
    pub name: String,
    /// The drawing: an SVG document of our own icon files.
    pub art: &'static str,
}

/// A group's box, its tab icon and its name.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupShape {
    /// The group's index in the diagram (for its element id).
    pub index: usize,
    pub label: String,
    pub rect: Rect,
    pub fill: Option<&'static str>,
    pub border: &'static str,
    pub stroke: Stroke,
    /// The tab icon and where it goes, for kinds that have one.
    pub tab_icon: Option<(Symbol, Rect)>,
    pub title: Text,
}

/// Which ends of an edge carry an arrowhead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Heads {
    pub start: bool,
    pub end: bool,
}

/// An edge's polyline, arrowheads and label.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeShape {
    /// The edge's index in the diagram (for its element id).
    pub index: usize,
    /// The ids of its ends, for the accessible label.
    pub from: String,
    pub to: String,
    pub points: Vec<[f64; 2]>,
    pub stroke: Stroke,
    pub heads: Heads,
    pub colour: &'static str,
    /// The centre of the cross drawn on a negated edge.
    pub cross: Option<[f64; 2]>,
    pub label: Option<LabelShape>,
}

/// An edge label: a plate behind the text, and the text.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelShape {
    pub text: String,
    pub rect: Rect,
    pub background: &'static str,
    pub lines: Text,
}

/// What a node's icon is drawn with.
#[derive(Debug, Clone, PartialEq)]
pub enum IconShape {
    /// One of our drawings; `tint` is the colour of the grey General
    /// drawings (they draw in `currentColor`).
    Symbol {
        symbol: Symbol,
        tint: Option<&'static str>,
    },
    /// A catalog key without a drawing: a plain tile.
    Placeholder,
    /// A user's own icon: a sanitised, self-contained SVG document.
    Image { svg: String },
}

/// A node: its icon and its label.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeShape {
    /// The node's index in the diagram (for its element id).
    pub index: usize,
    pub label: String,
    pub icon_box: Rect,
    pub icon: IconShape,
    pub label_text: Text,
}

/// The scene of `layout`, the geometry of `diagram`, in `theme`.
pub fn build(diagram: &Diagram, layout: &Layout, theme: Theme) -> Scene {
    let palette = style::palette(theme);
    let joined = |t: &TextBlock| t.lines.join(" ");
    Scene {
        width: layout.width,
        height: layout.height,
        theme,
        background: palette.canvas,
        id_prefix: id_prefix(layout, theme),
        name: layout
            .title
            .as_ref()
            .map(|t| joined(&t.text))
            .unwrap_or_default(),
        description: layout
            .title
            .as_ref()
            .and_then(|t| t.subtitle.as_ref())
            .map(joined)
            .unwrap_or_default(),
        title: layout.title.as_ref().map(|t| Title {
            text: text(&t.text, palette.text),
            subtitle: t.subtitle.as_ref().map(|s| text(s, palette.subtitle)),
        }),
        groups: groups(diagram, layout, theme),
        edges: layout
            .edges
            .iter()
            .zip(&diagram.edges)
            .enumerate()
            .map(|(i, (e, edge))| edge_shape(i, e, edge.style, edge.arrow, palette))
            .collect(),
        nodes: layout
            .nodes
            .iter()
            .zip(&diagram.nodes)
            .enumerate()
            .map(|(i, (n, node))| node_shape(i, n, &node.icon, palette))
            .collect(),
    }
}

/// The document's id prefix: a hash of the geometry and the theme.
fn id_prefix(layout: &Layout, theme: Theme) -> String {
    let content = format!("{}{}", layout.to_json(), theme.as_str());
    format!("af{:08x}", fnv1a(content.as_bytes()) as u32)
}

/// 64-bit FNV-1a, for a content-derived id prefix.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn text(block: &TextBlock, fill: &'static str) -> Text {
    Text {
        lines: block.lines.clone(),
        size: block.size,
        baseline: block.baseline,
        line_height: block.line_height,
        anchor: match block.anchor {
            "middle" => Anchor::Middle,
            _ => Anchor::Start,
        },
        anchor_x: block.anchor_x,
        fill,
    }
}

fn stroke(dashed: bool) -> Stroke {
    if dashed {
        Stroke::Dashed
    } else {
        Stroke::Solid
    }
}

/// The groups outermost first (then in diagram order).
fn groups(diagram: &Diagram, layout: &Layout, theme: Theme) -> Vec<GroupShape> {
    let mut order: Vec<(usize, &GroupBox)> = layout.groups.iter().enumerate().collect();
    order.sort_by_key(|(i, g)| (g.depth, *i));
    order
        .into_iter()
        .filter_map(|(i, g)| Some(group_shape(i, g, diagram.groups.get(i)?.kind, theme)))
        .collect()
}

fn group_shape(
    index: usize,
    g: &GroupBox,
    kind: crate::model::GroupKind,
    theme: Theme,
) -> GroupShape {
    let st = style::group_style(kind, theme);
    let tab_icon = match (g.title_icon, icon_art::group(kind)) {
        (Some(r), Some(art)) => Some((
            Symbol {
                name: format!("grp-{}", kind.as_str()),
                art,
            },
            r,
        )),
        _ => None,
    };
    GroupShape {
        index,
        label: g.label.clone(),
        rect: g.rect,
        // An overlay is drawn above the groups it crosses: no fill that
        // would hide them.
        fill: st.fill.filter(|_| g.spans.is_empty()),
        border: st.border,
        stroke: stroke(st.dashed),
        tab_icon,
        title: text(&g.title_text, st.text),
    }
}

fn edge_shape(
    index: usize,
    e: &EdgePath,
    style: LineStyle,
    arrow: Arrow,
    palette: Palette,
) -> EdgeShape {
    EdgeShape {
        index,
        from: e.from.clone(),
        to: e.to.clone(),
        points: e.points.clone(),
        stroke: match style {
            LineStyle::Solid => Stroke::Solid,
            LineStyle::Dashed => Stroke::Dashed,
            LineStyle::Physical => Stroke::Physical,
            LineStyle::Negated => Stroke::Dotted,
        },
        heads: Heads {
            start: matches!(arrow, Arrow::Both | Arrow::Back),
            end: matches!(arrow, Arrow::Forward | Arrow::Both),
        },
        colour: if style == LineStyle::Negated {
            palette.negated
        } else {
            palette.edge
        },
        cross: (style == LineStyle::Negated)
            .then(|| cross_centre(&e.points, e.label.as_ref().map(|l| l.rect))),
        label: e.label.as_ref().map(|l| LabelShape {
            text: l.text.clone(),
            rect: l.rect,
            background: palette.label_bg,
            lines: text(&l.lines, palette.text),
        }),
    }
}

/// Where a negated edge's cross goes: on a straight run, in the middle
/// of the longest stretch that the label's plate leaves free (ties to the
/// stretch nearer the source unless another is clearly longer), so the cross never sits on a corner, under
/// the label or against an arrowhead. A line covered everywhere keeps the
/// cross at the middle of its first run.
fn cross_centre(points: &[[f64; 2]], label: Option<Rect>) -> [f64; 2] {
    const STEPS: usize = 40;
    // Room kept free at both ends of the line for the arrowheads.
    const END_ROOM: f64 = 16.0;
    let (first, last) = match points {
        [a, .., b] => (*a, *b),
        _ => return points.first().copied().unwrap_or([0.0, 0.0]),
    };
    let margin = CROSS_HALF + 2.0;
    let covered = |p: [f64; 2]| {
        (p[0] - first[0]).hypot(p[1] - first[1]) < END_ROOM
            || (p[0] - last[0]).hypot(p[1] - last[1]) < END_ROOM
            || label.is_some_and(|r| {
                p[0] > r.x - margin
                    && p[0] < r.right() + margin
                    && p[1] > r.y - margin
                    && p[1] < r.bottom() + margin
            })
    };
    let at =
        |a: [f64; 2], b: [f64; 2], t: f64| [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
    let mut best: Option<(f64, [f64; 2])> = None;
    for w in points.windows(2) {
        let len = (w[1][0] - w[0][0]).hypot(w[1][1] - w[0][1]);
        let free: Vec<bool> = (0..=STEPS)
            .map(|i| !covered(at(w[0], w[1], i as f64 / STEPS as f64)))
            .collect();
        // The longest stretch of free samples on this run.
        let (mut from, mut run, mut best_run) = (0, 0, (0, 0));
        for (i, f) in free.iter().enumerate() {
            if *f {
                if run == 0 {
                    from = i;
                }
                run += 1;
                if run > best_run.1 {
                    best_run = (from, run);
                }
            } else {
                run = 0;
            }
        }
        let stretch = len * best_run.1 as f64 / (STEPS + 1) as f64;
        if best_run.1 > 0 && best.is_none_or(|(l, _)| stretch > 1.25 * l) {
            let mid = (2 * best_run.0 + best_run.1 - 1) as f64 / (2 * STEPS) as f64;
            best = Some((stretch, at(w[0], w[1], mid)));
        }
    }
    best.map_or_else(|| at(points[0], points[1], 0.5), |(_, p)| p)
}

/// Half the width of the cross on a negated edge.
pub const CROSS_HALF: f64 = 5.0;

fn node_shape(index: usize, n: &NodeBox, icon: &Icon, palette: Palette) -> NodeShape {
    let icon = match icon {
        Icon::Builtin(key) => match icon_art::service(key) {
            Some(art) => IconShape::Symbol {
                symbol: Symbol {
                    name: format!("icon-{key}"),
                    art,
                },
                tint: icon_art::is_general(key).then_some(palette.general_icon),
            },
            None => IconShape::Placeholder,
        },
        Icon::Custom(c) => IconShape::Image { svg: c.svg.clone() },
    };
    NodeShape {
        index,
        label: n.label.clone(),
        icon_box: n.icon_box,
        icon,
        label_text: text(&n.label_text, palette.text),
    }
}
