//! Overlay groups: one box drawn around exactly the nodes of `spans`,
//! across the walls of the groups that hold them (guarantee 10).
//!
//! In: a finished layout whose overlay groups are still empty
//! ([`placeholder`]). Out: each overlay's box, the hull of its nodes with
//! [`PAD`] around them and room inside for its title, at the top (or the
//! bottom) where it is clear of every other title, node and edge, or at
//! least of every node; drawn above the groups it crosses (one level
//! deeper than the deepest). Before the box is drawn, a band opens above
//! its nodes so that its top runs below the titles of the groups that hold
//! them ([`open_title_room`]), and, where its title finds no place clear of
//! edges and walls, a band beside them widens the box ([`open_side_room`]),
//! or, where nodes block both sides, a band between two of them opens room
//! for it between the edges and walls that come down ([`open_middle_room`]).
//! (The engine view ranks the nodes alike where it can:
//! `view::rank_alike`.) A box whose top or bottom border would run along
//! an edge takes another place first. When another
//! node or an unrelated group lies inside that hull (the edges forced the
//! nodes apart), no box can hold them and nothing else: the layout carries
//! an error that names the node in the way, and no box is drawn — unless
//! the edges leave that node the slack to rank clear of the overlay's
//! nodes: [`clearing_edges`] ranks it so for another run of the layout.

mod clear;

pub use clear::clearing_edges;

use super::emit::group_box;
use super::measure::{Sizes, GROUP_TITLE_H};
use super::{GroupBox, Layout, Notes, Rect};
use crate::model::{Diagram, Endpoint};

/// Padding between an overlay's border and its nodes (guarantee 10).
pub const PAD: f64 = 8.0;
/// Gap between an overlay's border and its title, inside the box.
const TITLE_INSET: f64 = 4.0;
/// Room above the nodes for the title, inside the box.
const TOP_ROOM: f64 = TITLE_INSET + GROUP_TITLE_H + TITLE_INSET;
/// How far apart the places tried for a title along a border lie.
const TITLE_STEP: f64 = 8.0;

/// The box of overlay `g` before it is placed: empty, at the origin.
pub fn placeholder(diagram: &Diagram, g: usize) -> GroupBox {
    let sizes = super::measure::measure(diagram);
    let zero = Rect {
        x: 0.0,
        y: 0.0,
        w: 0.0,
        h: 0.0,
    };
    group_box(diagram, &sizes, g, zero, false)
}

/// Places every overlay group of `diagram` in `layout`.
pub fn place(diagram: &Diagram, sizes: &Sizes, layout: &mut Layout, notes: &mut Notes) {
    for (g, group) in diagram.groups.iter().enumerate() {
        if group.is_overlay() {
            open_title_room(diagram, layout, g);
            let mut laid = overlay_box(diagram, sizes, layout, g, (0.0, 0.0));
            // A title that only found room across an edge or a wall gets
            // a place of its own left of the nodes, where that can open.
            if laid.as_ref().is_ok_and(|&(_, level)| level > 0) {
                if let Some(room) = open_side_room(layout, sizes, g, &group.spans) {
                    laid = overlay_box(diagram, sizes, layout, g, room);
                } else if open_middle_room(layout, sizes, g, &group.spans) {
                    laid = overlay_box(diagram, sizes, layout, g, (0.0, 0.0));
                }
            }
            match laid {
                Ok((b, _)) => layout.groups[g] = b,
                Err(message) => notes.errors.push(super::Refusal { group: g, message }),
            }
        }
    }
    cut_edges_at_overlays(diagram, layout);
}

/// Opens a band above the nodes of overlay `g`, across the page, deep
/// enough that the overlay's top border and title fit under whatever lies
/// above them (the titles of the subnets that hold them, a node, an edge
/// label), so the box crosses the walls between its nodes' groups below
/// their titles rather than striking them out. Nothing is opened when a
/// node spans the cut (in a flow across, the nodes of other ranks).
fn open_title_room(diagram: &Diagram, layout: &mut Layout, g: usize) {
    let spans = &diagram.groups[g].spans;
    let Some(top) = spans
        .iter()
        .map(|&n| layout.nodes[n].rect.y)
        .reduce(f64::min)
    else {
        return;
    };
    let x0 = spans
        .iter()
        .map(|&n| layout.nodes[n].rect.x)
        .fold(f64::INFINITY, f64::min)
        - PAD;
    let x1 = spans
        .iter()
        .map(|&n| layout.nodes[n].rect.right())
        .fold(f64::NEG_INFINITY, f64::max)
        + PAD;
    let cut = top - 0.5;
    if layout
        .nodes
        .iter()
        .any(|b| b.rect.y < cut && cut < b.rect.bottom())
    {
        return;
    }
    let across = |r: &Rect| r.x < x1 && x0 < r.right() && r.bottom() <= cut;
    let titles = layout
        .groups
        .iter()
        .filter(|b| b.spans.is_empty())
        .map(|b| b.title);
    let nodes = layout
        .nodes
        .iter()
        .enumerate()
        .filter(|(n, _)| !spans.contains(n))
        .map(|(_, b)| b.rect);
    let labels = layout
        .edges
        .iter()
        .filter_map(|e| e.label.as_ref().map(|l| l.rect));
    let lowest = titles
        .chain(nodes)
        .chain(labels)
        .filter(|r| across(r))
        .map(|r| r.bottom())
        .fold(f64::NEG_INFINITY, f64::max);
    let by = lowest + TITLE_INSET - (top - TOP_ROOM);
    if by > 0.0 {
        super::insert::stretch(layout, super::insert::Axis::Y, cut, by.ceil());
    }
}

/// Opens a band across the page just left of overlay `g`'s nodes (or,
/// where a node spans that cut, just right of them), as wide as its title,
/// so that the title sits inside a top corner of the box clear of the
/// edges that come into the nodes: the room opened on the left and on the
/// right, or `None` when nodes span both cuts.
fn open_side_room(
    layout: &mut Layout,
    sizes: &Sizes,
    g: usize,
    spans: &[usize],
) -> Option<(f64, f64)> {
    let x0 = spans
        .iter()
        .map(|&n| layout.nodes[n].rect.x)
        .reduce(f64::min)?;
    let x1 = spans
        .iter()
        .map(|&n| layout.nodes[n].rect.right())
        .reduce(f64::max)?;
    let room = (sizes.groups[g].w + 2.0 * TITLE_INSET).ceil();
    let spanned = |cut: f64| {
        layout
            .nodes
            .iter()
            .any(|b| b.rect.x < cut && cut < b.rect.right())
    };
    let (cut, sides) = if !spanned(x0 - 0.5) {
        (x0 - 0.5, (room, 0.0))
    } else if !spanned(x1 + 0.5) {
        (x1 + 0.5, (0.0, room))
    } else {
        return None;
    };
    // The page grows only as far as the drawing does (a wide title may
    // already have left room on the right).
    let (width, right) = (layout.width, content_right(layout));
    super::insert::stretch(layout, super::insert::Axis::X, cut, room);
    layout.width = width.max((right + room + super::measure::MARGIN).ceil());
    Some(sides)
}

/// Where nodes span the cuts on both sides of overlay `g`'s nodes, widens
/// the gap between two of its nodes instead, so that the edges and walls
/// that run through the band above them (where the title goes) leave room
/// for the title between two of them: the cut goes into the widest such
/// stretch that a cut no node spans can widen. True when it opened room.
fn open_middle_room(layout: &mut Layout, sizes: &Sizes, g: usize, spans: &[usize]) -> bool {
    let mut xs: Vec<(f64, f64)> = spans
        .iter()
        .map(|&n| (layout.nodes[n].rect.x, layout.nodes[n].rect.right()))
        .collect();
    xs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let Some(top) = spans
        .iter()
        .map(|&n| layout.nodes[n].rect.y)
        .reduce(f64::min)
    else {
        return false;
    };
    let (x0, x1) = (xs[0].0 - PAD, xs[xs.len() - 1].1 + PAD);
    let mut stops = band_crossings(layout, g, (top - TOP_ROOM, top));
    stops.retain(|&x| x0 < x && x < x1);
    stops.extend([x0, x1]);
    stops.sort_by(f64::total_cmp);
    let spanned = |cut: f64| {
        layout
            .nodes
            .iter()
            .any(|b| b.rect.x <= cut && cut <= b.rect.right())
    };
    // A cut between two of the nodes, inside the stretch (lo, hi).
    let cut_in = |lo: f64, hi: f64| {
        xs.windows(2)
            .map(|w| (w[0].1.max(lo), w[1].0.min(hi)))
            .filter(|(a, b)| a < b)
            .flat_map(|(a, b)| {
                let ends = layout
                    .nodes
                    .iter()
                    .flat_map(|n| [n.rect.x - 0.5, n.rect.right() + 0.5]);
                std::iter::once((a + b) / 2.0).chain(ends.filter(move |&c| a < c && c < b))
            })
            .find(|&c| !spanned(c))
    };
    let Some((width, cut)) = stops
        .windows(2)
        .filter_map(|w| cut_in(w[0], w[1]).map(|c| (w[1] - w[0], c)))
        .max_by(|a, b| a.0.total_cmp(&b.0))
    else {
        return false;
    };
    let need = sizes.groups[g].w + 2.0 * (TITLE_INSET + TITLE_STEP) - width;
    if need <= 0.0 {
        return false;
    }
    super::insert::stretch(layout, super::insert::Axis::X, cut, need.ceil());
    true
}

/// Where the upright edge segments and the side walls of groups other
/// than overlay `g` cross the band `(y0, y1)` of the page.
fn band_crossings(layout: &Layout, g: usize, (y0, y1): (f64, f64)) -> Vec<f64> {
    let edges = layout.edges.iter().flat_map(|e| {
        e.points.windows(2).filter_map(move |s| {
            let (lo, hi) = (s[0][1].min(s[1][1]), s[0][1].max(s[1][1]));
            (lo < y1 && hi > y0 && s[0][0] == s[1][0]).then_some(s[0][0])
        })
    });
    let walls = layout
        .groups
        .iter()
        .enumerate()
        .filter(|&(h, b)| h != g && b.rect.y < y1 && y0 < b.rect.bottom())
        .flat_map(|(_, b)| [b.rect.x, b.rect.right()]);
    edges.chain(walls).collect()
}

/// The right end of everything drawn but the title.
fn content_right(layout: &Layout) -> f64 {
    let nodes = layout.nodes.iter().map(|n| n.rect.right());
    let groups = layout.groups.iter().map(|g| g.rect.right());
    let points = layout
        .edges
        .iter()
        .flat_map(|e| e.points.iter().map(|p| p[0]));
    let labels = layout
        .edges
        .iter()
        .filter_map(|e| e.label.as_ref().map(|l| l.rect.right()));
    nodes
        .chain(groups)
        .chain(points)
        .chain(labels)
        .fold(0.0, f64::max)
}

/// An edge that ends at an overlay group was laid out to its first node;
/// it now stops where it first meets the overlay's box (guarantee 6).
fn cut_edges_at_overlays(diagram: &Diagram, layout: &mut Layout) {
    for (e, edge) in diagram.edges.iter().enumerate() {
        for (end, at_start) in [(edge.to, false), (edge.from, true)] {
            let Endpoint::Group(g) = end else { continue };
            if !diagram.groups[g].is_overlay() || edge.from == edge.to {
                continue;
            }
            let b = &layout.groups[g];
            let r = b.rect;
            let path = &mut layout.edges[e].points;
            if at_start {
                path.reverse();
            }
            cut_at_entry(path, &r);
            if at_start {
                path.reverse();
            }
        }
    }
}

/// Cuts `path` where it first enters `r` from its start (left as it is
/// when it starts inside).
fn cut_at_entry(path: &mut Vec<[f64; 2]>, r: &Rect) {
    let inside = |p: [f64; 2]| p[0] > r.x && p[0] < r.right() && p[1] > r.y && p[1] < r.bottom();
    if path.first().is_none_or(|&p| inside(p)) {
        return;
    }
    for i in 0..path.len().saturating_sub(1) {
        let (p, q) = (path[i], path[i + 1]);
        // Liang–Barsky: where the segment p -> q enters the box.
        let d = [q[0] - p[0], q[1] - p[1]];
        let (mut t0, mut t1) = (0.0f64, 1.0f64);
        let sides = [
            (-d[0], p[0] - r.x),
            (d[0], r.right() - p[0]),
            (-d[1], p[1] - r.y),
            (d[1], r.bottom() - p[1]),
        ];
        let mut hits = true;
        for (den, num) in sides {
            if den == 0.0 {
                if num < 0.0 {
                    hits = false;
                }
            } else {
                let t = num / den;
                if den < 0.0 {
                    t0 = t0.max(t);
                } else {
                    t1 = t1.min(t);
                }
            }
        }
        if hits && t0 <= t1 && t0 > 0.0 {
            let entry = [p[0] + d[0] * t0, p[1] + d[1] * t0];
            path.truncate(i + 1);
            path.push(entry);
            return;
        }
    }
}

fn rect_of(x: f64, y: f64, w: f64, h: f64) -> Rect {
    Rect { x, y, w, h }
}

/// The extent `[x0, y0, x1, y1]` of the nodes `spans` (infinite the
/// wrong way round when there are none).
fn members_extent(layout: &Layout, spans: &[usize]) -> [f64; 4] {
    let mut extent = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    for &n in spans {
        let b = layout.nodes[n].rect;
        extent = [
            extent[0].min(b.x),
            extent[1].min(b.y),
            extent[2].max(b.right()),
            extent[3].max(b.bottom()),
        ];
    }
    extent
}

/// The smallest box an overlay of the nodes `spans` can have: their hull
/// with [`PAD`] round it and room for the title on top.
fn smallest_box(layout: &Layout, spans: &[usize]) -> Rect {
    let [x0, y0, x1, y1] = members_extent(layout, spans);
    rect_of(
        x0 - PAD,
        y0 - TOP_ROOM,
        x1 - x0 + 2.0 * PAD,
        y1 - y0 + PAD + TOP_ROOM,
    )
}

/// The box of overlay `g` and the level of clearance its title found (0:
/// clear of everything, 1: crosses an edge, 2: clear of nodes only); the
/// box reaches `room` further left and right than its nodes need.
fn overlay_box(
    diagram: &Diagram,
    sizes: &Sizes,
    layout: &Layout,
    g: usize,
    (left_room, right_room): (f64, f64),
) -> Result<(GroupBox, u8), String> {
    let group = &diagram.groups[g];
    let [x0, y0, x1, y1] = members_extent(layout, &group.spans);
    // What may lie under the box: its nodes and the groups that hold them.
    let mut allowed: Vec<usize> = group
        .spans
        .iter()
        .flat_map(|&n| diagram.node_holders(n))
        .collect();
    allowed.extend(
        group
            .parent
            .map(|p| diagram.group_ancestors(p))
            .into_iter()
            .flatten(),
    );
    allowed.push(g);
    let depth = allowed
        .iter()
        .map(|&h| diagram.group_depth(h))
        .max()
        .unwrap_or(0)
        + 1;
    // The title sits inside the top border; where the titles and edges of
    // the groups below leave no room for it there, the box reaches a
    // little higher, or the title sits on the bottom border.
    let candidates = [
        (0.0, 0.0),
        (16.0, 0.0),
        (32.0, 0.0),
        (48.0, 0.0),
        (0.0, TOP_ROOM - PAD),
    ];
    // First a place clear of everything (level 0); else one that only
    // crosses edges (1); else one clear of nodes, which the guarantees ask
    // (2). A title over a node breaks guarantee 2, so there is no
    // fallback past level 2: the overlay is refused with a reason.
    for level in 0..3 {
        for &(lift, drop) in &candidates {
            let top = TOP_ROOM + lift;
            let r = rect_of(
                x0 - PAD - left_room,
                y0 - top,
                x1 - x0 + 2.0 * PAD + left_room + right_room,
                y1 - y0 + PAD + drop + top,
            );
            if clear_of_others(diagram, layout, g, &allowed, &r).is_err()
                || !inside_parent(diagram, layout, g, &r)
            {
                continue;
            }
            if level < 2 && border_through_titles(layout, &diagram.groups[g].id, &r) {
                continue;
            }
            if level == 0 && border_along_edges(layout, &r) {
                continue;
            }
            let mut out = group_box(diagram, sizes, g, r, false);
            out.depth = depth;
            out.spans = group
                .spans
                .iter()
                .map(|&n| diagram.nodes[n].id.clone())
                .collect();
            if settle_title(layout, &mut out, drop > 0.0, level) {
                return Ok((out, level));
            }
        }
    }
    // Every candidate covers something: the smallest one says what.
    let r = smallest_box(layout, &group.spans);
    clear_of_others(diagram, layout, g, &allowed, &r)?;
    Err(format!(
        "overlay group `{}` cannot be drawn: its title finds no room clear of the nodes along its border",
        diagram.groups[g].id
    ))
}

/// True when the top or bottom border of box `r` would run through the
/// title of another group (the dashed line striking the name out).
fn border_through_titles(layout: &Layout, id: &str, r: &Rect) -> bool {
    layout.groups.iter().filter(|g| g.id != id).any(|g| {
        let t = &g.title;
        let across = t.x < r.right() && r.x < t.right();
        across && [r.y, r.bottom()].iter().any(|&y| t.y < y && y < t.bottom())
    })
}

/// True when the top or bottom border of box `r` runs along a stretch of
/// an edge, so close that the two lines read as one.
fn border_along_edges(layout: &Layout, r: &Rect) -> bool {
    layout
        .edges
        .iter()
        .flat_map(|e| e.points.windows(2))
        .filter(|s| s[0][1] == s[1][1])
        .any(|s| {
            let (lo, hi) = (s[0][0].min(s[1][0]), s[0][0].max(s[1][0]));
            let shared = hi.min(r.right()) - lo.max(r.x);
            shared > PAD
                && [r.y, r.bottom()]
                    .iter()
                    .any(|&y| (s[0][1] - y).abs() < PAD / 2.0)
        })
}

/// True when box `r` of overlay `g` lies inside its parent group with
/// [`PAD`] to spare (guarantee 2), or it has none.
fn inside_parent(diagram: &Diagram, layout: &Layout, g: usize, r: &Rect) -> bool {
    diagram.groups[g].parent.is_none_or(|p| {
        let q = layout.groups[p].rect;
        r.x >= q.x + PAD - 0.5
            && r.y >= q.y + PAD - 0.5
            && r.right() <= q.right() - PAD + 0.5
            && r.bottom() <= q.bottom() - PAD + 0.5
    })
}

/// An error when box `r` of overlay `g` would cover a node it does not
/// list or a group other than those `allowed`.
fn clear_of_others(
    diagram: &Diagram,
    layout: &Layout,
    g: usize,
    allowed: &[usize],
    r: &Rect,
) -> Result<(), String> {
    let group = &diagram.groups[g];
    for (n, b) in layout.nodes.iter().enumerate() {
        if !group.spans.contains(&n) && r.overlaps(&b.rect, 0.0) {
            return Err(conflict(diagram, g, &format!("node `{}`", b.id)));
        }
    }
    for (h, b) in layout.groups.iter().enumerate() {
        let other = &diagram.groups[h];
        if allowed.contains(&h) || other.is_overlay() {
            continue;
        }
        if r.overlaps(&b.rect, 0.0) {
            return Err(conflict(diagram, g, &format!("group `{}`", other.id)));
        }
    }
    Ok(())
}

/// Moves the title onto the top (or bottom) border, inside it, at
/// the first place from the left that is clear of every node, every other
/// title and every edge; false when there is none (it then stays at the
/// left).
fn settle_title(layout: &Layout, b: &mut GroupBox, on_bottom: bool, level: u8) -> bool {
    let line = if on_bottom { b.rect.bottom() } else { b.rect.y };
    let top = if on_bottom {
        line - TITLE_INSET - GROUP_TITLE_H
    } else {
        line + TITLE_INSET
    };
    let dy = top - b.title.y;
    let step = TITLE_STEP;
    let limit = (b.rect.w - b.title.w - 16.0).max(0.0);
    let busy = |dx: f64| {
        let t = rect_of(b.title.x + dx, b.title.y + dy, b.title.w, b.title.h);
        let crossed = layout.edges.iter().any(|e| {
            e.points.windows(2).any(|s| {
                let (lo_x, hi_x) = (s[0][0].min(s[1][0]), s[0][0].max(s[1][0]));
                let (lo_y, hi_y) = (s[0][1].min(s[1][1]), s[0][1].max(s[1][1]));
                lo_x <= t.right() && hi_x >= t.x && lo_y <= t.bottom() && hi_y >= t.y
            })
        });
        // Another group's border through the title strikes its name out.
        let struck = layout.groups.iter().any(|g| {
            let r = &g.rect;
            g.id != b.id
                && ([r.x, r.right()].iter().any(|&x| t.x < x && x < t.right())
                    && r.y < t.bottom()
                    && t.y < r.bottom()
                    || [r.y, r.bottom()].iter().any(|&y| t.y < y && y < t.bottom())
                        && r.x < t.right()
                        && t.x < r.right())
        });
        (level == 0 && crossed)
            || (level < 2 && struck)
            || layout.nodes.iter().any(|n| t.overlaps(&n.rect, 0.0))
            || layout
                .edges
                .iter()
                .filter_map(|e| e.label.as_ref())
                .any(|l| t.overlaps(&l.rect, 0.0))
            || (level < 2
                && layout
                    .groups
                    .iter()
                    .any(|g| g.id != b.id && t.overlaps(&g.title, 0.0)))
    };
    let mut dx = 0.0;
    while dx <= limit && busy(dx) {
        dx += step;
    }
    let clear = dx <= limit;
    if !clear {
        dx = 0.0;
    }
    b.title.x += dx;
    b.title.y += dy;
    if let Some(icon) = &mut b.title_icon {
        icon.x += dx;
        icon.y += dy;
    }
    b.title_text.anchor_x += dx;
    b.title_text.baseline += dy;
    clear
}

/// The error for an overlay whose nodes cannot share one box.
fn conflict(diagram: &Diagram, g: usize, what: &str) -> String {
    let group = &diagram.groups[g];
    let names: Vec<String> = group
        .spans
        .iter()
        .map(|&n| format!("`{}`", diagram.nodes[n].id))
        .collect();
    format!(
        "overlay group `{}` cannot be drawn: {what} lies between its nodes {} (the edges place them apart); \
         list fewer nodes in `spans`, or give those nodes the same neighbours so they line up",
        group.id,
        names.join(", ")
    )
}
