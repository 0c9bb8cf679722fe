//! Border nodes: an icon centred on the border of its `on` group, half in
//! and half out (guarantee 9), its label outside.
//!
//! In: a finished layout of the engine view, in which each border node
//! was laid out inside its `on` group (so the group kept room for it, its
//! first thing from the border). Out: the node moved onto one of the
//! group's four sides, the one facing its outside neighbours ([`side_of`]:
//! a tie goes to the side the flow enters by; a side along the flow that
//! would point an edge backwards, or a side across it whose spot is taken,
//! is passed over), with a band opened outside that border
//! ([`super::insert::stretch`]) for its outer half and its label, and room
//! inside it on a side across the flow. The nodes of one side are spread
//! along it clear of each other and of the group's title, level with their
//! neighbours inside where the border allows ([`spread`]); their edges
//! follow them (the run at each end moves with the icon, so paths stay
//! orthogonal), and a run that would lie on the wall is lifted off it.
//! Whatever the move leaves overlapping is reported as a warning on the
//! layout.

use super::insert::{stretch, Axis};
use super::measure::{Sizes, ICON, ICON_LABEL_GAP, LABEL_LINE, LABEL_SIZE};
use super::{emit, Layout, Notes, Rect};
use crate::model::{Diagram, Direction, Endpoint};
use crate::text;

/// Gap between a border and the label beside it.
const LABEL_GAP: f64 = 4.0;
/// Room kept between a moved border node and what lay outside the border.
const CLEARANCE: f64 = 16.0;
/// Gap between two border nodes of one side, and between one and a corner.
const SPREAD_GAP: f64 = 8.0;

/// Moves every border node of `diagram` onto its group's border.
pub fn place(diagram: &Diagram, sizes: &Sizes, layout: &mut Layout, notes: &mut Notes) {
    // The border nodes of one side of one group share one band, opened
    // once (a second band would move the group off the first nodes).
    let mut sides: Vec<(usize, (Axis, bool), Vec<usize>)> = Vec::new();
    for (n, node) in diagram.nodes.iter().enumerate() {
        if let Some(g) = node.on {
            let side = side_of(diagram, layout, n, g);
            match sides.iter_mut().find(|(h, s, _)| *h == g && *s == side) {
                Some((_, _, list)) => list.push(n),
                None => sides.push((g, side, vec![n])),
            }
        }
    }
    for (g, side, list) in sides {
        place_side(diagram, sizes, layout, (g, side), &list, notes);
    }
    fit_page(layout);
}

/// Grows the page where a label put outside a border reaches past it.
fn fit_page(layout: &mut Layout) {
    let margin = super::measure::MARGIN;
    let (mut x0, mut y0, mut x1, mut y1) = (0.0f64, 0.0f64, layout.width, layout.height);
    for n in &layout.nodes {
        let r = n.rect;
        x0 = x0.min(r.x - margin);
        y0 = y0.min(r.y - margin);
        x1 = x1.max(r.right() + margin);
        y1 = y1.max(r.bottom() + margin);
    }
    // Everything moves by the overflow before the origin.
    stretch(layout, Axis::X, f64::NEG_INFINITY, -x0);
    stretch(layout, Axis::Y, f64::NEG_INFINITY, -y0);
    layout.width = layout.width.max(x1 - x0);
    layout.height = layout.height.max(y1 - y0);
}

/// Page coordinate along `axis` of a point.
fn along(p: [f64; 2], axis: Axis) -> f64 {
    match axis {
        Axis::X => p[0],
        Axis::Y => p[1],
    }
}

fn centre(r: &Rect) -> [f64; 2] {
    [r.x + r.w / 2.0, r.y + r.h / 2.0]
}

fn group_rect(layout: &Layout, g: usize) -> Rect {
    let b = &layout.groups[g];
    b.rect
}

/// The side of group `g` that border node `n` goes on: the axis across
/// that border and whether its outside lies at larger coordinates.
///
/// Each of the node's neighbours outside the group votes for the side it
/// lies beyond (the one it is furthest past); the most votes win, along
/// the flow or across it, and a tie goes to the side the flow enters by
/// when that side is among the tied. A side along the flow that would put
/// the node before a neighbour inside that precedes it, or after one that
/// follows it, breaks guarantee 7: its votes go to the side across the
/// flow nearer the node (where it keeps its place along the flow). Edges
/// on a cycle at their level (NAT gateways feeding back the IGW they are
/// reached through) may point back, so they forbid no side.
/// A side across the flow where another node straddles the border (the
/// band opened there would tear its edges off) is not taken. A node with
/// no outside neighbour takes the side along the flow the engine put it
/// nearer, or, mid-way, the entry side.
fn side_of(diagram: &Diagram, layout: &Layout, n: usize, g: usize) -> (Axis, bool) {
    let dir = diagram.direction;
    let flow = axis_of(dir);
    let across = match flow {
        Axis::X => Axis::Y,
        Axis::Y => Axis::X,
    };
    let gr = group_rect(layout, g);
    let inside = |end: Endpoint| match end {
        Endpoint::Node(i) => diagram.nodes[i]
            .group
            .is_some_and(|h| diagram.group_ancestors(h).any(|a| a == g)),
        Endpoint::Group(h) => diagram.group_ancestors(h).any(|a| a == g),
    };
    let entry = (flow, matches!(dir, Direction::Left | Direction::Up));
    let exit = (flow, !entry.1);
    let (mut after_inside, mut before_inside) = (false, false);
    let excused = crate::layout::levels::edges_on_level_cycles(diagram);
    for (e, _) in diagram.edges.iter().zip(&excused).filter(|(_, &x)| !x) {
        let (a, b) = e.rank_ends();
        after_inside |= b == Endpoint::Node(n) && inside(a);
        before_inside |= a == Endpoint::Node(n) && inside(b);
    }
    let allowed = |side: (Axis, bool)| {
        let against_flow = side == entry && after_inside || side == exit && before_inside;
        let crowded = side.0 == across
            && (wall_straddled(layout, g, side, &[n]) || spot_taken(layout, n, g, side));
        !(against_flow || crowded)
    };
    let across_towards = |c: [f64; 2]| (across, along(c, across) > along(centre(&gr), across));
    // Votes per side: left, right, top, bottom.
    let sides = [
        (Axis::X, false),
        (Axis::X, true),
        (Axis::Y, false),
        (Axis::Y, true),
    ];
    let mut votes = [0usize; 4];
    for e in &diagram.edges {
        let other = if e.from == Endpoint::Node(n) {
            e.to
        } else if e.to == Endpoint::Node(n) {
            e.from
        } else {
            continue;
        };
        if other == Endpoint::Node(n) || inside(other) {
            continue;
        }
        let c = match other {
            Endpoint::Node(i) => centre(&layout.nodes[i].rect),
            Endpoint::Group(h) => centre(&group_rect(layout, h)),
        };
        let past = [
            gr.x - c[0],
            c[0] - gr.right(),
            gr.y - c[1],
            c[1] - gr.bottom(),
        ];
        let (best, far) =
            past.iter().enumerate().fold(
                (0, f64::NEG_INFINITY),
                |b, (i, &d)| if d > b.1 { (i, d) } else { b },
            );
        let mut side = sides[best];
        if far <= 0.0 {
            continue;
        }
        if !allowed(side) {
            side = across_towards(centre(&layout.nodes[n].icon_box));
        }
        if let Some(k) = sides.iter().position(|&s| s == side && allowed(s)) {
            votes[k] += 1;
        }
    }
    let most = votes.iter().copied().max().unwrap_or(0);
    if most > 0 {
        let tied: Vec<(Axis, bool)> = (0..4)
            .filter(|&i| votes[i] == most)
            .map(|i| sides[i])
            .collect();
        if tied.contains(&entry) {
            return entry;
        }
        return tied
            .iter()
            .copied()
            .find(|s| s.0 == flow)
            .unwrap_or(tied[0]);
    }
    let near = along_side(diagram, layout, n, g);
    let icon_c = centre(&layout.nodes[n].icon_box);
    let across_near = across_towards(icon_c);
    [near, (flow, !near.1), across_near, (across, !across_near.1)]
        .into_iter()
        .find(|&s| allowed(s))
        .unwrap_or(near)
}

/// True when the place node `n` would take on side `side` of group `g`
/// (its icon on the border where it now lies along it, with a gap around)
/// is crossed by an edge of other nodes or covers another node or a
/// title: a band opened there would not clear them.
fn spot_taken(layout: &Layout, n: usize, g: usize, side: (Axis, bool)) -> bool {
    let at = wall(layout, g, side);
    let icon = layout.nodes[n].icon_box;
    let half = ICON / 2.0 + SPREAD_GAP;
    let spot = match side.0 {
        Axis::X => Rect {
            x: at - half,
            y: icon.y - SPREAD_GAP,
            w: 2.0 * half,
            h: icon.h + 2.0 * SPREAD_GAP,
        },
        Axis::Y => Rect {
            x: icon.x - SPREAD_GAP,
            y: at - half,
            w: icon.w + 2.0 * SPREAD_GAP,
            h: 2.0 * half,
        },
    };
    let id = &layout.nodes[n].id;
    let edges = layout
        .edges
        .iter()
        .filter(|e| &e.from != id && &e.to != id)
        .any(|e| e.points.windows(2).any(|s| spot.passed_by(s[0], s[1])));
    let nodes = layout
        .nodes
        .iter()
        .enumerate()
        .any(|(i, b)| i != n && b.rect.overlaps(&spot, 0.5));
    let titles = layout.groups.iter().any(|b| b.title.overlaps(&spot, 0.5));
    edges || nodes || titles
}

/// The side along the flow that border node `n` of group `g` lies nearer
/// (mid-way: the side the flow enters by).
fn along_side(diagram: &Diagram, layout: &Layout, n: usize, g: usize) -> (Axis, bool) {
    let dir = diagram.direction;
    let flow = axis_of(dir);
    let mid = along(centre(&group_rect(layout, g)), flow);
    let at = along(centre(&layout.nodes[n].icon_box), flow);
    if (at - mid).abs() <= 1.0 {
        (flow, matches!(dir, Direction::Left | Direction::Up))
    } else {
        (flow, at > mid)
    }
}

fn axis_of(dir: Direction) -> Axis {
    if dir.is_horizontal() {
        Axis::X
    } else {
        Axis::Y
    }
}

/// The labels' extent of border nodes `list`, measured.
fn label_size(sizes: &Sizes, n: usize) -> (f64, f64) {
    let lines = &sizes.nodes[n].lines;
    (
        text::widest(lines, LABEL_SIZE).ceil(),
        LABEL_LINE * lines.len() as f64,
    )
}

/// The coordinate of side `(axis, up)` of group `g`'s border.
fn wall(layout: &Layout, g: usize, (axis, up): (Axis, bool)) -> f64 {
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
fn wall_straddled(layout: &Layout, g: usize, side: (Axis, bool), list: &[usize]) -> bool {
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

/// Opens one band outside side `(axis, up)` of group `g` and moves the
/// border nodes of `list` onto that border, spread apart along it and
/// clear of the group's title.
fn place_side(
    diagram: &Diagram,
    sizes: &Sizes,
    layout: &mut Layout,
    (g, (axis, up)): (usize, (Axis, bool)),
    list: &[usize],
    notes: &mut Notes,
) {
    // How far the nodes reach outside the border, and the band to open.
    let reach = list
        .iter()
        .map(|&n| {
            let (w, h) = label_size(sizes, n);
            match axis {
                Axis::X => (ICON / 2.0).max(LABEL_GAP + w),
                Axis::Y => (ICON / 2.0).max(LABEL_GAP + h),
            }
        })
        .fold(0.0, f64::max);
    let band = reach + CLEARANCE;
    let border = wall(layout, g, (axis, up));
    // On a border across the flow the inner half of each icon needs room
    // too (the engine kept it only along the flow, in the node's rank).
    let inner = if axis == axis_of(diagram.direction) {
        0.0
    } else {
        ICON / 2.0 + SPREAD_GAP
    };
    // Open the band outside the border, and the room inside it: below
    // it, everything from the border on moves away; above it, everything
    // past the border does.
    let new_border = if up {
        stretch(layout, axis, border - 1e-6, inner);
        stretch(layout, axis, border + inner + 1e-6, band);
        border + inner
    } else {
        stretch(layout, axis, border, band);
        stretch(layout, axis, border + band + 1e-6, inner);
        border + band
    };
    for &n in list {
        let (label_w, label_h) = label_size(sizes, n);
        let icon_c = centre(&layout.nodes[n].icon_box);
        let mut delta = [0.0, 0.0];
        match axis {
            Axis::X => delta[0] = new_border - icon_c[0],
            Axis::Y => delta[1] = new_border - icon_c[1],
        }
        let lines = &sizes.nodes[n].lines;
        move_node(layout, n, delta, (label_w, label_h, up, axis), lines);
        follow_edges(diagram, layout, n, delta);
        snap_ends(diagram, layout, n);
    }
    spread(diagram, sizes, layout, (g, (axis, up)), list);
    for &n in list {
        lift_off_wall(diagram, layout, n, (g, (axis, up)));
    }
    // Labels again, now that every icon of the side is in place: one that
    // would run into a neighbour takes the other side of its icon.
    for &n in list {
        let (label_w, label_h) = label_size(sizes, n);
        let lines = &sizes.nodes[n].lines;
        move_node(layout, n, [0.0, 0.0], (label_w, label_h, up, axis), lines);
    }
    for &n in list {
        notes.warnings.extend(crossings(diagram, layout, n, g));
    }
}

/// Lifts each edge of border node `n` whose first run lies on the border
/// line (it would read as the group's wall) a little off it, on the side of
/// its other end: the edge leaves the icon by its outer face (inner face,
/// for an end inside the group), runs beside the wall, and rejoins its path
/// where it turned off the wall.
fn lift_off_wall(
    diagram: &Diagram,
    layout: &mut Layout,
    n: usize,
    (g, side): (usize, (Axis, bool)),
) {
    let line = wall(layout, g, side);
    let icon = layout.nodes[n].icon_box;
    let c = centre(&icon);
    let (normal, out) = match side {
        (axis, true) => (axis, 1.0),
        (axis, false) => (axis, -1.0),
    };
    let inside = |end: Endpoint| match end {
        Endpoint::Node(i) => diagram.nodes[i]
            .group
            .is_some_and(|h| diagram.group_ancestors(h).any(|a| a == g)),
        Endpoint::Group(h) => diagram.group_ancestors(h).any(|a| a == g),
    };
    let at = |along_wall: f64, across_wall: f64| match normal {
        Axis::X => [across_wall, along_wall],
        Axis::Y => [along_wall, across_wall],
    };
    let on_line = |p: [f64; 2]| (along(p, normal) - line).abs() < 1.0;
    let other = match normal {
        Axis::X => Axis::Y,
        Axis::Y => Axis::X,
    };
    for (e, edge) in diagram.edges.iter().enumerate() {
        if edge.from == edge.to {
            continue;
        }
        for at_start in [true, false] {
            let end = if at_start { edge.from } else { edge.to };
            if end != Endpoint::Node(n) {
                continue;
            }
            // Beside the wall on the side of the edge's other end.
            let far = if at_start { edge.to } else { edge.from };
            let towards = if inside(far) { -out } else { out };
            let off = line + towards * (ICON / 2.0 + SPREAD_GAP);
            let face = line + towards * ICON / 2.0;
            let path = &mut layout.edges[e].points;
            if !at_start {
                path.reverse();
            }
            if path.len() >= 2 && on_line(path[0]) && on_line(path[1]) {
                let turn = along(path[1], other);
                let mut lifted = vec![
                    at(along(c, other), face),
                    at(along(c, other), off),
                    at(turn, off),
                ];
                // The run off the wall carries on where the path left it.
                let rest = if path.len() > 2 {
                    &path[2..]
                } else {
                    &path[1..]
                };
                lifted.extend_from_slice(rest);
                *path = lifted;
            }
            if !at_start {
                path.reverse();
            }
        }
    }
}

/// The nodes inside group `g` that share an edge with node `n`.
fn inside_neighbours<'a>(
    diagram: &'a Diagram,
    n: usize,
    g: usize,
) -> impl Iterator<Item = usize> + 'a {
    diagram.edges.iter().filter_map(move |e| {
        let other = if e.from == Endpoint::Node(n) {
            e.to
        } else if e.to == Endpoint::Node(n) {
            e.from
        } else {
            return None;
        };
        match other {
            Endpoint::Node(i) if i != n => diagram.nodes[i]
                .group
                .is_some_and(|h| diagram.group_ancestors(h).any(|a| a == g))
                .then_some(i),
            _ => None,
        }
    })
}

/// Each border node of `list` with where it starts along the border and
/// how long it is there, in order along the border.
type Spread = (Vec<(usize, f64, f64)>, Vec<f64>);

/// Where each border node of one side starts along the border once
/// spread (see [`spread`]); `Err` with how far the last one runs past the
/// group's far end, and the places pushed back from there.
fn spread_starts(
    diagram: &Diagram,
    sizes: &Sizes,
    layout: &Layout,
    (g, (axis, up)): (usize, (Axis, bool)),
    list: &[usize],
) -> Result<Spread, (f64, Spread)> {
    let gr = group_rect(layout, g);
    let title = layout.groups[g].title;
    // Along the border: x on a top or bottom one, y on a left or right one.
    let (lo_end, hi_end) = match axis {
        Axis::X => (gr.y, gr.bottom()),
        Axis::Y => (gr.x, gr.right()),
    };
    let items: Vec<(usize, f64, f64)> = list
        .iter()
        .map(|&n| {
            let icon = layout.nodes[n].icon_box;
            let (w, h) = label_size(sizes, n);
            match axis {
                Axis::X => (n, icon.y, icon.h + ICON_LABEL_GAP + h),
                Axis::Y => (n, icon.x, icon.w + LABEL_GAP + w),
            }
        })
        .collect();
    // On a border along the flow, each node would rather sit level with
    // its neighbours inside (a NAT gateway feeding an Internet gateway).
    let wanted = |&(n, start, _): &(usize, f64, f64)| {
        if axis != axis_of(diagram.direction) {
            return start;
        }
        let across = |r: &Rect| match axis {
            Axis::X => r.y + r.h / 2.0,
            Axis::Y => r.x + r.w / 2.0,
        };
        let level: Vec<f64> = inside_neighbours(diagram, n, g)
            .map(|i| across(&layout.nodes[i].icon_box))
            .collect();
        if level.is_empty() {
            return start;
        }
        let want = level.iter().sum::<f64>() / level.len() as f64 - ICON / 2.0;
        // Only where the icon there, half inside, meets no group but its
        // own and those holding it (a subnet close to the wall).
        let icon = layout.nodes[n].icon_box;
        let there = match axis {
            Axis::X => Rect { y: want, ..icon },
            Axis::Y => Rect { x: want, ..icon },
        };
        let holders: Vec<usize> = diagram.group_ancestors(g).collect();
        let blocked = layout.groups.iter().enumerate().any(|(h, b)| {
            !holders.contains(&h) && !diagram.groups[h].is_overlay() && there.overlaps(&b.rect, 0.5)
        });
        if blocked {
            start
        } else {
            want
        }
    };
    let mut items: Vec<(usize, f64, f64, f64)> = items
        .iter()
        .map(|item| (item.0, item.1, item.2, wanted(item)))
        .collect();
    items.sort_by(|a, b| a.3.total_cmp(&b.3));
    // The first free place: past the title where an icon on this border
    // would reach it.
    let border = wall(layout, g, (axis, up));
    let (t_lo, t_hi, t_end) = match axis {
        Axis::X => (title.x, title.right(), title.bottom()),
        Axis::Y => (title.y, title.bottom(), title.right()),
    };
    let meets_title = t_lo < border + ICON / 2.0 && border - ICON / 2.0 < t_hi;
    let mut free = lo_end + SPREAD_GAP;
    if meets_title {
        free = free.max(t_end + 2.0 * LABEL_GAP);
    }
    let mut starts: Vec<f64> = Vec::with_capacity(items.len());
    for &(_, _, len, want) in &items {
        let at = want.max(free);
        starts.push(at);
        free = at + len + SPREAD_GAP;
    }
    let items: Vec<(usize, f64, f64)> = items.iter().map(|&(n, at, len, _)| (n, at, len)).collect();
    let overflow = free - hi_end;
    if overflow <= 0.0 {
        return Ok((items, starts));
    }
    let mut limit = hi_end - SPREAD_GAP;
    for (k, &(_, _, len)) in items.iter().enumerate().rev() {
        if starts[k] + len <= limit {
            break;
        }
        starts[k] = limit - len;
        limit = starts[k] - SPREAD_GAP;
    }
    Err((overflow, (items, starts)))
}

/// Slides the border nodes of one side along their border so that no two
/// of them (icon and label) overlap and none covers the group's title:
/// in the order the engine left them, each pushed past the one before
/// from the first free place after the title; where the last then runs
/// past the group's far end, the group grows there (or, where something
/// straddles that end, they are pushed back from it). Their edges follow.
fn spread(
    diagram: &Diagram,
    sizes: &Sizes,
    layout: &mut Layout,
    (g, (axis, up)): (usize, (Axis, bool)),
    list: &[usize],
) {
    let (items, starts) = match spread_starts(diagram, sizes, layout, (g, (axis, up)), list) {
        Ok(laid) => laid,
        Err((overflow, _)) => {
            // The group's border is too short for them: it grows at its far
            // end where nothing straddles that cut.
            let along_wall = match axis {
                Axis::X => Axis::Y,
                Axis::Y => Axis::X,
            };
            let far = wall(layout, g, (along_wall, true)) - 0.5;
            if !wall_straddled(layout, g, (along_wall, true), list) {
                stretch(layout, along_wall, far, overflow.ceil());
            }
            match spread_starts(diagram, sizes, layout, (g, (axis, up)), list) {
                Ok(laid) | Err((_, laid)) => laid,
            }
        }
    };
    for (&(n, start, _), &at) in items.iter().zip(&starts) {
        if (at - start).abs() < 1e-6 {
            continue;
        }
        let delta = match axis {
            Axis::X => [0.0, at - start],
            Axis::Y => [at - start, 0.0],
        };
        let (w, h) = label_size(sizes, n);
        move_node(layout, n, delta, (w, h, up, axis), &sizes.nodes[n].lines);
        follow_edges(diagram, layout, n, delta);
        snap_ends(diagram, layout, n);
        // A slide level with the other end leaves a jog of no length.
        for (e, edge) in diagram.edges.iter().enumerate() {
            if edge.from != edge.to && [edge.from, edge.to].contains(&Endpoint::Node(n)) {
                let path = std::mem::take(&mut layout.edges[e].points);
                layout.edges[e].points = super::route::simplify(path);
            }
        }
    }
}

/// Moves node `n` by `delta` and puts its label outside the border: below
/// the icon and beyond the border for a flow across (`Axis::X`), beside
/// the icon and beyond the border for a flow down or up.
fn move_node(
    layout: &mut Layout,
    n: usize,
    delta: [f64; 2],
    (label_w, label_h, up, axis): (f64, f64, bool, Axis),
    lines: &[String],
) {
    let b = &mut layout.nodes[n];
    b.icon_box.x += delta[0];
    b.icon_box.y += delta[1];
    let icon = b.icon_box;
    let c = centre(&icon);
    let (lx, mut ly) = match (axis, up) {
        (Axis::X, false) => (c[0] - LABEL_GAP - label_w, icon.bottom() + ICON_LABEL_GAP),
        (Axis::X, true) => (c[0] + LABEL_GAP, icon.bottom() + ICON_LABEL_GAP),
        (Axis::Y, false) => (icon.right() + LABEL_GAP, c[1] - LABEL_GAP - label_h),
        (Axis::Y, true) => (icon.right() + LABEL_GAP, c[1] + LABEL_GAP),
    };
    // Below the icon, the label goes above it where one of the node's own
    // edges runs through (guarantee 4) and no edge runs above.
    let crossed = |y: f64, own_only: bool| {
        let r = Rect {
            x: lx,
            y,
            w: label_w,
            h: label_h,
        };
        let id = &layout.nodes[n].id;
        layout
            .edges
            .iter()
            .filter(|e| !own_only || &e.from == id || &e.to == id)
            .any(|e| e.points.windows(2).any(|s| r.passed_by(s[0], s[1])))
    };
    if axis == Axis::X && crossed(ly, true) {
        let above = icon.y - ICON_LABEL_GAP - label_h;
        if !crossed(above, false) {
            ly = above;
        }
    }
    // Beside the icon, the label takes the left where the right is taken,
    // and goes past the icon, outside the wall, where both are.
    let holders = holding_groups(layout, n);
    let taken = |x: f64, ly: f64| {
        let r = Rect {
            x,
            y: ly,
            w: label_w,
            h: label_h,
        };
        // The node's box is the hull of icon and label: it must not
        // cover a group's title either.
        let hull_x = r.x.min(icon.x);
        let hull = Rect {
            x: hull_x,
            y: r.y.min(icon.y),
            w: r.right().max(icon.right()) - hull_x,
            h: r.bottom().max(icon.bottom()) - r.y.min(icon.y),
        };
        layout.groups.iter().any(|g| {
            hull.overlaps(&g.title, 0.5)
                || (!holders.contains(&g.id) && hull.overlaps(&g.rect, 0.5))
        }) || layout.nodes.iter().enumerate().any(|(i, o)| {
            let other = o.rect;
            i != n && hull.overlaps(&other, 0.5)
        })
    };
    let left = icon.x - LABEL_GAP - label_w;
    let mut past_icon = false;
    let (lx, ly) = match axis {
        Axis::Y if taken(lx, ly) && !taken(left, ly) => (left, ly),
        Axis::Y if taken(lx, ly) => {
            past_icon = true;
            let past = if up {
                icon.bottom() + ICON_LABEL_GAP
            } else {
                icon.y - ICON_LABEL_GAP - label_h
            };
            (c[0] - label_w / 2.0, past)
        }
        _ => (lx, ly),
    };
    let b = &mut layout.nodes[n];
    let has_label = !lines.is_empty();
    b.label_box = emit::label_box(lines, ly, lx + label_w / 2.0);
    b.label_text = emit::text_block(
        lines,
        LABEL_SIZE,
        LABEL_LINE,
        ly,
        "middle",
        lx + label_w / 2.0,
    );
    let (mut x0, mut y0, mut x1, mut y1) = (icon.x, icon.y, icon.right(), icon.bottom());
    if has_label {
        x0 = x0.min(lx);
        y0 = y0.min(ly);
        x1 = x1.max(lx + label_w);
        y1 = y1.max(ly + label_h);
    }
    b.rect = Rect {
        x: x0,
        y: y0,
        w: x1 - x0,
        h: y1 - y0,
    };
    if let (true, Some(label)) = (past_icon, b.label_box) {
        stop_at_label(layout, n, label);
    }
}

/// The node's own edges that run through its label (placed past the icon,
/// where they arrive from outside) end at the label's far side instead
/// (guarantees 4 and 6: an edge may meet the label it arrives at).
fn stop_at_label(layout: &mut Layout, n: usize, label: Rect) {
    let id = layout.nodes[n].id.clone();
    for e in &mut layout.edges {
        let len = e.points.len();
        let ends = [(e.from == id, 0, 1), (e.to == id, len - 1, len - 2)];
        for (mine, at, next) in ends {
            if !mine || len < 2 {
                continue;
            }
            let (p, q) = (e.points[at], e.points[next]);
            if !label.passed_by(p, q) {
                continue;
            }
            // Along the segment's axis, to the label side facing `q`.
            if (p[0] - q[0]).abs() < 1e-6 {
                e.points[at][1] = if q[1] > p[1] { label.bottom() } else { label.y };
            } else if (p[1] - q[1]).abs() < 1e-6 {
                e.points[at][0] = if q[0] > p[0] { label.right() } else { label.x };
            }
        }
    }
}

/// The ids of the groups that hold node `n` or carry it on their border,
/// with all their ancestors: the groups its box may overlap (guarantee 3).
fn holding_groups(layout: &Layout, n: usize) -> Vec<String> {
    let node = &layout.nodes[n];
    let mut out: Vec<String> = Vec::new();
    let mut todo: Vec<String> = node.group.iter().chain(&node.on).cloned().collect();
    while let Some(id) = todo.pop() {
        if out.contains(&id) {
            continue;
        }
        if let Some(g) = layout.groups.iter().find(|g| g.id == id) {
            todo.extend(g.parent.clone());
        }
        out.push(id);
    }
    out
}

/// Moves the ends of node `n`'s edges with it: the end point, and the
/// next point too when the first segment runs across `delta` (so it stays
/// straight); a path of one such segment gets a jog in the middle.
fn follow_edges(diagram: &Diagram, layout: &mut Layout, n: usize, delta: [f64; 2]) {
    for (e, edge) in diagram.edges.iter().enumerate() {
        let path = &mut layout.edges[e].points;
        if edge.from == Endpoint::Node(n) && edge.to == edge.from {
            // A self-loop moves whole with its node.
            for p in path.iter_mut() {
                p[0] += delta[0];
                p[1] += delta[1];
            }
            continue;
        }
        if edge.from == Endpoint::Node(n) {
            follow_start(path, delta);
        }
        if edge.to == Endpoint::Node(n) {
            path.reverse();
            follow_start(path, delta);
            path.reverse();
        }
    }
}

/// Puts the end of each of node `n`'s edges on its icon's border, on the
/// side its first segment leaves by (the label moved away from the icon,
/// so an end at the label's old place would float).
fn snap_ends(diagram: &Diagram, layout: &mut Layout, n: usize) {
    let icon = layout.nodes[n].icon_box;
    for (e, edge) in diagram.edges.iter().enumerate() {
        let path = &mut layout.edges[e].points;
        if edge.from == edge.to {
            continue;
        }
        if edge.from == Endpoint::Node(n) {
            snap_start(path, &icon);
        }
        if edge.to == Endpoint::Node(n) {
            path.reverse();
            snap_start(path, &icon);
            path.reverse();
        }
    }
}

fn snap_start(path: &mut [[f64; 2]], icon: &Rect) {
    let (Some(&p0), Some(&p1)) = (path.first(), path.get(1)) else {
        return;
    };
    let c = centre(icon);
    let inside = |v: f64, lo: f64, hi: f64| v >= lo - 0.5 && v <= hi + 0.5;
    if (p0[1] - p1[1]).abs() < 1e-6 && inside(p0[1], icon.y, icon.bottom()) {
        path[0][0] = if p1[0] > c[0] { icon.right() } else { icon.x };
    } else if (p0[0] - p1[0]).abs() < 1e-6 && inside(p0[0], icon.x, icon.right()) {
        path[0][1] = if p1[1] > c[1] { icon.bottom() } else { icon.y };
    }
}

fn follow_start(path: &mut Vec<[f64; 2]>, delta: [f64; 2]) {
    if path.len() < 2 {
        return;
    }
    let (p0, p1) = (path[0], path[1]);
    // A segment is across the move when it keeps the coordinate that moves.
    let across = (delta[0] != 0.0 && (p0[0] - p1[0]).abs() < 1e-6)
        || (delta[1] != 0.0 && (p0[1] - p1[1]).abs() < 1e-6);
    let moved = |p: [f64; 2]| [p[0] + delta[0], p[1] + delta[1]];
    if !across {
        path[0] = moved(p0);
        return;
    }
    if path.len() == 2 {
        let m = [(p0[0] + p1[0]) / 2.0, (p0[1] + p1[1]) / 2.0];
        let a = moved(p0);
        // The jog runs along the move, halfway.
        let (j0, j1) = if delta[0] != 0.0 {
            ([a[0], m[1]], [p1[0], m[1]])
        } else {
            ([m[0], a[1]], [m[0], p1[1]])
        };
        *path = vec![a, j0, j1, p1];
        return;
    }
    path[0] = moved(p0);
    path[1] = moved(p1);
}

/// What border node `n` now overlaps that the guarantees forbid.
fn crossings(diagram: &Diagram, layout: &Layout, n: usize, g: usize) -> Vec<String> {
    let b = &layout.nodes[n];
    let me = b.rect;
    let mut out = Vec::new();
    let holders: Vec<usize> = diagram.nodes[n]
        .group
        .map(|p| diagram.group_ancestors(p).collect())
        .unwrap_or_default();
    for (i, o) in layout.nodes.iter().enumerate() {
        let r = o.rect;
        if i != n && me.overlaps(&r, 0.5) {
            out.push(format!("border node `{}` overlaps node `{}`", b.id, o.id));
        }
    }
    for (h, o) in layout.groups.iter().enumerate() {
        if me.overlaps(&o.title, 0.5) {
            out.push(format!(
                "border node `{}` covers the title of `{}`",
                b.id, o.id
            ));
        }
        if h == g || holders.contains(&h) || diagram.groups[h].is_overlay() {
            continue;
        }
        if me.overlaps(&group_rect(layout, h), 0.5) {
            out.push(format!("border node `{}` overlaps group `{}`", b.id, o.id));
        }
    }
    out
}
