//! Empty bands closed: no stretch of the page wider than it needs to be.
//!
//! In: a finished [`Layout`] (border nodes and overlays placed). Out: the
//! same layout with every empty band narrowed to [`WIDEST_BAND`]. A band
//! is a stretch of one page axis in which no box starts or ends (node,
//! node label, edge label, group title, page title), no group border runs
//! and no point of any edge lies, so that only the insides of groups and
//! straight runs of edges along that axis cross it. Closing it moves
//! everything past it back by the same length ([`insert::close`]), which
//! keeps the order of every coordinate: nothing that was apart comes to
//! overlap, every path stays orthogonal, and every end stays on its node.
//! Such bands are left where a border node was laid out inside its group
//! and then moved onto the group's border. A band stays where closing it
//! would turn an edge with a group end backwards (guarantee 7).

use super::insert::{self, Axis};
use super::{EdgePath, Layout, Rect};

/// The widest empty band kept: the gap the engine leaves between two ranks
/// joined by a straight edge, so that a closed band reads like any other.
pub const WIDEST_BAND: f64 = 56.0;
/// A band is closed only when that saves at least this much: a unit or
/// two more than the usual gap is the rounding of the ranks, not waste.
const WORTH_CLOSING: f64 = 8.0;

/// Narrows every empty band of `layout`, across both axes.
pub fn close_bands(layout: &mut Layout) {
    for axis in [Axis::X, Axis::Y] {
        // From the far end back, so that the bands still to close keep
        // their coordinates.
        for (start, end) in empty_bands(layout, axis).into_iter().rev() {
            let mut closed = layout.clone();
            let (at, by) = (start + WIDEST_BAND, end - start - WIDEST_BAND);
            insert::close(&mut closed, axis, at, by);
            if keeps_group_ends_forward(layout, &closed) {
                *layout = closed;
            }
        }
    }
}

/// Whether every edge with a group end that pointed forwards along the
/// flow (centre to centre, guarantee 7) in `before` still does in `after`.
/// Closing a band keeps the order of every coordinate, but a group across
/// the band shrinks, so its centre moves by half the band: a group that
/// the router stretched for an edge of its own must keep that room.
fn keeps_group_ends_forward(before: &Layout, after: &Layout) -> bool {
    let is_group = |id: &str| before.groups.iter().any(|g| g.id == id);
    before.edges.iter().zip(&after.edges).all(|(b, a)| {
        if !(is_group(&b.from) || is_group(&b.to)) {
            return true;
        }
        match (ahead(before, b), ahead(after, a)) {
            (Some(was), Some(now)) => now >= was.min(1.0),
            _ => true,
        }
    })
}

/// How far edge `e` runs along the flow, centre to centre.
fn ahead(layout: &Layout, e: &EdgePath) -> Option<f64> {
    let centre = |id: &str| -> Option<[f64; 2]> {
        let rect = layout
            .groups
            .iter()
            .find(|g| g.id == id)
            .map(|g| g.rect)
            .or_else(|| layout.nodes.iter().find(|n| n.id == id).map(|n| n.rect))?;
        Some([rect.x + rect.w / 2.0, rect.y + rect.h / 2.0])
    };
    let (from, to) = (centre(&e.from)?, centre(&e.to)?);
    Some(match layout.direction {
        "left" => from[0] - to[0],
        "down" => to[1] - from[1],
        "up" => from[1] - to[1],
        _ => to[0] - from[0],
    })
}

/// The bands along `axis` worth narrowing to [`WIDEST_BAND`], in order.
fn empty_bands(layout: &Layout, axis: Axis) -> Vec<(f64, f64)> {
    let mut taken = occupied(layout, axis);
    taken.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let mut bands = Vec::new();
    let Some(&(_, first_end)) = taken.first() else {
        return bands;
    };
    let mut reached = first_end;
    for &(start, end) in &taken[1..] {
        if start - reached >= WIDEST_BAND + WORTH_CLOSING {
            bands.push((reached, start));
        }
        reached = reached.max(end);
    }
    bands
}

/// Every stretch of `axis` that something lies in (a point is a stretch
/// of length 0), the page's two ends included.
fn occupied(layout: &Layout, axis: Axis) -> Vec<(f64, f64)> {
    let span = |r: &Rect| match axis {
        Axis::X => (r.x, r.x + r.w),
        Axis::Y => (r.y, r.y + r.h),
    };
    let point = |c: f64| (c, c);
    let page = match axis {
        Axis::X => layout.width,
        Axis::Y => layout.height,
    };
    let mut out = vec![point(0.0), point(page)];
    if let Some(t) = &layout.title {
        out.push(span(&t.rect));
    }
    for n in &layout.nodes {
        out.push(span(&n.rect));
        out.push(span(&n.icon_box));
        out.extend(n.label_box.as_ref().map(span));
    }
    for g in &layout.groups {
        let (start, end) = span(&g.rect);
        out.extend([point(start), point(end), span(&g.title)]);
        out.extend(g.title_icon.as_ref().map(span));
    }
    for e in &layout.edges {
        out.extend(e.points.iter().map(|p| match axis {
            Axis::X => point(p[0]),
            Axis::Y => point(p[1]),
        }));
        out.extend(e.label.as_ref().map(|l| span(&l.rect)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The widest empty band inside any group, along either axis: a
    /// stretch of the group that none of what it holds covers (member
    /// nodes, child groups, its title, edge labels and edge points inside
    /// it), beyond the group's padding; with the group's id and the axis.
    fn widest_band_in_groups(layout: &Layout) -> (f64, String) {
        let pad = super::super::measure::GROUP_PAD;
        let mut widest = (0.0, String::new());
        for g in &layout.groups {
            let inside = |r: &Rect| {
                r.x >= g.rect.x
                    && r.y >= g.rect.y
                    && r.right() <= g.rect.right()
                    && r.bottom() <= g.rect.bottom()
            };
            let dot = |p: &[f64; 2]| Rect {
                x: p[0],
                y: p[1],
                w: 0.0,
                h: 0.0,
            };
            let mut held: Vec<Rect> = vec![g.title];
            held.extend(layout.nodes.iter().map(|n| n.rect));
            held.extend(
                layout
                    .groups
                    .iter()
                    .filter(|h| h.depth > g.depth)
                    .map(|h| h.rect),
            );
            for e in &layout.edges {
                held.extend(e.label.as_ref().map(|l| l.rect));
                held.extend(e.points.iter().map(dot));
            }
            held.retain(|r| inside(r));
            for axis in [Axis::X, Axis::Y] {
                let span = |r: &Rect| match axis {
                    Axis::X => (r.x, r.right()),
                    Axis::Y => (r.y, r.bottom()),
                };
                let (lo, hi) = span(&g.rect);
                let mut spans: Vec<(f64, f64)> = held
                    .iter()
                    .map(span)
                    .map(|(a, b)| (a - pad, b + pad))
                    .collect();
                spans.sort_by(|a, b| a.0.total_cmp(&b.0));
                let mut at = lo;
                for (a, b) in spans.into_iter().chain([(hi, hi)]) {
                    if a - at > widest.0 {
                        widest = (a - at, format!("{} {axis:?} {at}..{a}", g.id));
                    }
                    at = at.max(b);
                }
            }
        }
        widest
    }

    fn laid_out(path: &str) -> Layout {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let diagram = crate::load_file(&root.join(path))
            .unwrap_or_else(|report| panic!("{}", report.render(false)));
        super::super::layout(&diagram)
    }

    #[test]
    fn border_nodes_leave_no_empty_band_in_their_group() {
        for path in [
            "scenarios/01-lambda/q1-lambda-backbone-considerations.toml",
            "scenarios/14-dms/q2-postgres-to-aurora-ongoing.toml",
            "scenarios/15-nat/q1-nat-in-public-subnet.toml",
            "scenarios/22-ecs/q1-monolith-to-ecs-alb.toml",
        ] {
            let layout = laid_out(path);
            let (band, at) = widest_band_in_groups(&layout);
            assert!(band <= WIDEST_BAND, "{path}: an empty band at {at}");
        }
    }

    #[test]
    fn fifteen_nat_canvas_stays_within_its_content() {
        // 841 x 1089 before the bands closed (eight nodes); the room the
        // Internet gateway left inside the VPC is gone.
        let layout = laid_out("scenarios/15-nat/q1-nat-in-public-subnet.toml");
        let area = layout.width * layout.height;
        assert!(
            area < 890_000.0,
            "canvas {} x {}",
            layout.width,
            layout.height
        );
    }

    #[test]
    fn no_empty_band_is_left_on_the_page() {
        let layout = laid_out("scenarios/15-nat/q1-nat-in-public-subnet.toml");
        for axis in [Axis::X, Axis::Y] {
            assert_eq!(empty_bands(&layout, axis), vec![]);
        }
    }

    #[test]
    fn a_route_table_with_no_edge_sits_beside_its_subnet_nodes() {
        // 15-nat: the public route table has no edge; ranked at the
        // subnet's entry it stretched the public subnet down beside the
        // private one, and the instance's path to the NAT gateway climbed
        // round it. Ranked with the NAT gateway, the public subnet sits
        // wholly above the private one and the table beside the gateway.
        let layout = laid_out("scenarios/15-nat/q1-nat-in-public-subnet.toml");
        let group = |id: &str| {
            layout
                .groups
                .iter()
                .find(|g| g.id == id)
                .expect("group")
                .rect
        };
        let node = |id: &str| layout.nodes.iter().find(|n| n.id == id).expect("node");
        assert!(group("public").bottom() < group("private").y);
        let (table, gateway) = (node("rt_public").icon_box, node("natgw").icon_box);
        assert!(
            (table.y - gateway.y).abs() < table.h / 2.0,
            "{table:?} {gateway:?}"
        );
    }
}
