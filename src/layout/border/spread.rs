//! Spreading the border nodes of one side along it.
//!
//! In: a layout whose border nodes of one side already sit on that border.
//! Out: each slid along it ([`spread`]) clear of the others and of the
//! group's title, level with its neighbours inside where the border allows
//! and nothing lies between; the group grows at its far end where they do
//! not fit. Their edges follow.

use crate::layout::insert::{stretch, Axis};
use crate::layout::measure::{Sizes, ICON, ICON_LABEL_GAP};
use crate::layout::{Layout, Rect};
use crate::model::{Diagram, Endpoint};

use super::follow::{follow_edges, snap_ends};
use super::geometry::{axis_of, group_rect, label_size, wall, wall_straddled};
use super::labels::move_node;
use super::{LABEL_GAP, SPREAD_GAP};

/// The nodes inside group `g` that share an edge with node `n`.
pub(super) fn inside_neighbours<'a>(
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
pub(super) type Spread = (Vec<(usize, f64, f64)>, Vec<f64>);

/// Where each border node of one side starts along the border once
/// spread (see [`spread`]); `Err` with how far the last one runs past the
/// group's far end, and the places pushed back from there.
pub(super) fn spread_starts(
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
        let inner: Vec<usize> = inside_neighbours(diagram, n, g).collect();
        let level: Vec<f64> = inner
            .iter()
            .map(|&i| across(&layout.nodes[i].icon_box))
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
        let holders: Vec<usize> = diagram.node_holders(n).collect();
        let blocked = layout.groups.iter().enumerate().any(|(h, b)| {
            !holders.contains(&h) && !diagram.groups[h].is_overlay() && there.overlaps(&b.rect, 0.5)
        }) || level_blocked(layout, n, &inner, &there);
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

/// True when border node `n`'s icon at `there` would sit on an edge of
/// other nodes, or another node lies between it and one of its neighbours
/// `inner` (the edge between them would run through that node), or the
/// line to one of them runs through a group's title.
pub(super) fn level_blocked(layout: &Layout, n: usize, inner: &[usize], there: &Rect) -> bool {
    let id = &layout.nodes[n].id;
    let on_edge = layout
        .edges
        .iter()
        .filter(|e| &e.from != id && &e.to != id)
        .any(|e| e.points.windows(2).any(|s| there.passed_by(s[0], s[1])));
    let between = inner.iter().any(|&i| {
        let b = layout.nodes[i].icon_box;
        let x0 = there.x.min(b.x);
        let y0 = there.y.min(b.y);
        let corridor = Rect {
            x: x0,
            y: y0,
            w: there.right().max(b.right()) - x0,
            h: there.bottom().max(b.bottom()) - y0,
        };
        layout
            .nodes
            .iter()
            .enumerate()
            .any(|(k, o)| k != n && k != i && o.rect.overlaps(&corridor, 0.5))
    });
    // The straight edge to a neighbour level with it, centre to centre,
    // would run through a group's title (the subnet the neighbour sits in).
    let mid = |r: &Rect| [r.x + r.w / 2.0, r.y + r.h / 2.0];
    let through_title = inner.iter().any(|&i| {
        let (p, q) = (mid(there), mid(&layout.nodes[i].icon_box));
        let level = (p[0] - q[0]).abs() < 0.5 || (p[1] - q[1]).abs() < 0.5;
        level && layout.groups.iter().any(|g| g.title.passed_by(p, q))
    });
    on_edge || between || through_title
}

/// Slides the border nodes of one side along their border so that no two
/// of them (icon and label) overlap and none covers the group's title:
/// in the order the engine left them, each pushed past the one before
/// from the first free place after the title; where the last then runs
/// past the group's far end, the group grows there (or, where something
/// straddles that end, they are pushed back from it). Their edges follow.
pub(super) fn spread(
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
        move_node(
            diagram,
            layout,
            n,
            delta,
            (w, h, up, axis),
            &sizes.nodes[n].lines,
        );
        follow_edges(diagram, layout, n, delta);
        snap_ends(diagram, layout, n);
        // A slide level with the other end leaves a jog of no length.
        for (e, edge) in diagram.edges.iter().enumerate() {
            if edge.from != edge.to && [edge.from, edge.to].contains(&Endpoint::Node(n)) {
                let path = std::mem::take(&mut layout.edges[e].points);
                layout.edges[e].points = crate::layout::route::simplify(path);
            }
        }
    }
}
