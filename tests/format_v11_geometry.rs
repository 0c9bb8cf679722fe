//! Where flow-format v1.1 puts things, measured on fixtures: border nodes
//! centred on the expected side of their group's border, on any of its four
//! sides, spread apart and clear of the title; overlay boxes holding
//! exactly their nodes, crossing the walls between their groups below the
//! titles of those groups, their own title clear of other titles and of
//! edges. Every fixture keeps guarantees 1-10 as well.

#[path = "support/guarantees.rs"]
mod guarantees;

use std::path::Path;

use archflow::layout::{Layout, Rect};

fn laid(path: &str) -> Layout {
    let d = archflow::load_file(Path::new(path)).unwrap_or_else(|r| panic!("{}", r.render(false)));
    let (layout, notes) = archflow::layout::layout_with_notes(&d);
    assert_eq!(notes.errors, Vec::<String>::new(), "{path}");
    assert_eq!(notes.warnings, Vec::<String>::new(), "{path}");
    assert_eq!(
        guarantees::violations(&layout),
        Vec::<String>::new(),
        "{path}"
    );
    layout
}

fn fixture(name: &str) -> Layout {
    laid(&format!("tests/fixtures/flows/v11/{name}.toml"))
}

fn node<'a>(l: &'a Layout, id: &str) -> &'a archflow::layout::NodeBox {
    l.nodes.iter().find(|n| n.id == id).expect("node")
}

fn group<'a>(l: &'a Layout, id: &str) -> &'a archflow::layout::GroupBox {
    l.groups.iter().find(|g| g.id == id).expect("group")
}

fn overlaps(a: &Rect, b: &Rect) -> bool {
    a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom()
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Side {
    Left,
    Right,
    Top,
    Bottom,
}

/// The side of `group`'s border that the icon of `node` is centred on
/// (within 1 unit, guarantee 9), and the centre's place along that side.
fn side(l: &Layout, node_id: &str, group_id: &str) -> (Side, f64) {
    let i = node(l, node_id).icon_box;
    let g = group(l, group_id).rect;
    let (cx, cy) = (i.x + i.w / 2.0, i.y + i.h / 2.0);
    let within_x = g.x - 1.0 <= cx && cx <= g.right() + 1.0;
    let within_y = g.y - 1.0 <= cy && cy <= g.bottom() + 1.0;
    if (cx - g.x).abs() <= 1.0 && within_y {
        (Side::Left, cy)
    } else if (cx - g.right()).abs() <= 1.0 && within_y {
        (Side::Right, cy)
    } else if (cy - g.y).abs() <= 1.0 && within_x {
        (Side::Top, cx)
    } else if (cy - g.bottom()).abs() <= 1.0 && within_x {
        (Side::Bottom, cx)
    } else {
        panic!("{node_id} at ({cx}, {cy}) is off the border of {group_id} {g:?}")
    }
}

/// The label of a border node lies outside its group.
fn label_outside(l: &Layout, node_id: &str, group_id: &str) {
    let label = node(l, node_id).label_box.expect("label");
    let g = group(l, group_id).rect;
    let inner = Rect {
        x: g.x + 0.5,
        y: g.y + 0.5,
        w: g.w - 1.0,
        h: g.h - 1.0,
    };
    assert!(
        !overlaps(&label, &inner),
        "{node_id}'s label {label:?} is inside {g:?}"
    );
}

#[test]
fn a_border_node_across_the_flow_keeps_its_edges_forward() {
    // Flow to the right; the endpoint follows `web` and faces the logs
    // below it: it sits on the bottom border, right of `web`.
    let l = fixture("endpoint-across");
    let (s, x) = side(&l, "endpoint", "vpc");
    assert_eq!(s, Side::Bottom);
    let web = node(&l, "web").icon_box;
    assert!(x > web.x + web.w / 2.0, "endpoint at {x}, web at {web:?}");
    label_outside(&l, "endpoint", "vpc");
    // Its edge to the logs leaves by the icon's outer face, not along the
    // VPC's wall.
    let e = l.edges.iter().find(|e| e.to == "logs").expect("edge");
    let g = group(&l, "vpc").rect;
    let on_wall = e
        .points
        .windows(2)
        .any(|s| (s[0][1] - g.bottom()).abs() < 1.0 && (s[1][1] - g.bottom()).abs() < 1.0);
    assert!(
        !on_wall,
        "{:?} runs along the wall at {}",
        e.points,
        g.bottom()
    );
}

#[test]
fn border_nodes_face_their_outside_neighbours() {
    let l = fixture("direct-connect");
    assert_eq!(side(&l, "dx", "region").0, Side::Left);
    assert_eq!(side(&l, "vgw", "vpc").0, Side::Left);
    let l = fixture("gateway-endpoint");
    assert_eq!(side(&l, "endpoint", "vpc").0, Side::Right);
    let l = fixture("three-tier");
    assert_eq!(side(&l, "igw", "vpc").0, Side::Top);
    label_outside(&l, "igw", "vpc");
}

#[test]
fn two_border_nodes_of_one_side_stand_apart_and_clear_of_the_title() {
    let l = fixture("two-gateways");
    let (igw, at_igw) = side(&l, "igw", "vpc");
    let (vgw, at_vgw) = side(&l, "vgw", "vpc");
    assert_eq!((igw, vgw), (Side::Top, Side::Top));
    // Users feed the IGW from the left, the servers the VGW from the right.
    assert!(at_igw < at_vgw);
    let (a, b) = (node(&l, "igw"), node(&l, "vgw"));
    assert!(!overlaps(&a.rect, &b.rect), "{:?} and {:?}", a.rect, b.rect);
    let title = group(&l, "vpc").title;
    for n in [a, b] {
        assert!(!overlaps(&n.rect, &title), "{} covers the title", n.id);
        label_outside(&l, &n.id, "vpc");
    }
}

/// The overlay box of `id` holds exactly its nodes, with 8 units to
/// spare, and its title crosses no edge and no other title.
fn holds_exactly(l: &Layout, id: &str) -> Rect {
    let o = group(l, id);
    let r = o.rect;
    for n in &l.nodes {
        let b = n.rect;
        if o.spans.contains(&n.id) {
            let inside = b.x >= r.x + 8.0 - 0.5
                && b.y >= r.y + 8.0 - 0.5
                && b.right() <= r.right() - 8.0 + 0.5
                && b.bottom() <= r.bottom() - 8.0 + 0.5;
            assert!(inside, "{} {b:?} not inside {id} {r:?}", n.id);
        } else {
            assert!(!overlaps(&b, &r), "{} {b:?} under {id} {r:?}", n.id);
        }
    }
    let t = o.title;
    for g in l.groups.iter().filter(|g| g.id != id) {
        assert!(!overlaps(&t, &g.title), "{id}'s title on {}'s", g.id);
    }
    for e in &l.edges {
        for s in e.points.windows(2) {
            let seg = Rect {
                x: s[0][0].min(s[1][0]),
                y: s[0][1].min(s[1][1]),
                w: (s[0][0] - s[1][0]).abs().max(0.01),
                h: (s[0][1] - s[1][1]).abs().max(0.01),
            };
            assert!(
                !overlaps(&seg, &t),
                "{}->{} crosses {id}'s title",
                e.from,
                e.to
            );
        }
    }
    r
}

#[test]
fn an_overlay_across_two_azs_runs_below_the_subnet_titles() {
    let path = "scenarios/20-auto-scaling-group/q1-target-tracking-cpu40.toml";
    let l = laid(path);
    let r = holds_exactly(&l, "web_asg");
    let (a, b) = (node(&l, "web_a").icon_box, node(&l, "web_b").icon_box);
    assert_eq!(a.y, b.y, "the EC2s share one rank");
    assert!(a.x < b.x, "AZ a before AZ b");
    // It crosses the walls between the AZs, below the titles of the
    // subnets and AZs that hold its nodes.
    for holder in ["az_a", "az_b", "priv_a", "priv_b"] {
        let g = group(&l, holder);
        assert!(g.title.bottom() <= r.y, "{holder}'s title under the box");
    }
    assert!(r.x < group(&l, "az_a").rect.right() && r.right() > group(&l, "az_b").rect.x);
    // The scaling policy's free edge ends at the box.
    let e = l.edges.iter().find(|e| e.to == "web_asg").expect("edge");
    assert!(!e.constraint);
    let &[x, y] = e.points.last().expect("points");
    let on = (y - r.bottom()).abs() < 0.5 || (y - r.y).abs() < 0.5 || (x - r.x).abs() < 0.5;
    assert!(on, "{:?} ends off {r:?}", e.points);
    let l = fixture("three-tier");
    let r = holds_exactly(&l, "asg");
    for holder in ["app_a", "app_b"] {
        assert!(
            group(&l, holder).title.bottom() <= r.y,
            "{holder}'s title under the box"
        );
    }
    holds_exactly(&fixture("alb-to-asg"), "asg");
}

#[test]
fn a_border_node_along_the_flow_sits_level_with_its_neighbour_inside() {
    let l = laid("scenarios/01-lambda/q1-lambda-backbone-considerations.toml");
    let (s, y) = side(&l, "igw", "vpc");
    assert_eq!(s, Side::Right);
    let nat = node(&l, "nat").icon_box;
    assert_eq!(y, nat.y + nat.h / 2.0, "the IGW level with the NAT gateway");
    let e = l.edges.iter().find(|e| e.to == "igw").expect("edge");
    assert_eq!(e.points.len(), 2, "NAT -> IGW is straight: {:?}", e.points);
}

#[test]
fn overlay_nodes_that_can_share_a_rank_do() {
    // Without the overlay, web_a would sit right under the ALB and the
    // cache between the two Webs; the overlay pulls them level.
    let l = fixture("overlay-one-rank");
    let (a, b) = (node(&l, "web_a").icon_box, node(&l, "web_b").icon_box);
    assert_eq!(a.y, b.y);
    let r = holds_exactly(&l, "asg");
    assert!(r.x < group(&l, "az_a").rect.right() && r.right() > group(&l, "az_b").rect.x);
}

#[test]
fn a_source_ranked_inside_an_overlay_is_ranked_clear_of_it() {
    // Replication from the writer puts the secondary cluster one rank
    // later; the secondary Region's app feeds only the secondary, so the
    // engine first ranks it beside the writer, inside the box of the
    // global database. It has the slack to rank before the writer.
    let l = laid("tests/fixtures/newcomer/aurora-global.toml");
    let r = holds_exactly(&l, "global");
    let (app2, writer) = (node(&l, "app2").rect, node(&l, "writer").rect);
    assert!(app2.right() < r.x && r.x < writer.x, "{app2:?} {r:?}");
    assert!(node(&l, "secondary").rect.x > writer.right());
    // The primary app's read edge jogs above the box: the top border
    // keeps clear of it rather than running along it.
    let read = l
        .edges
        .iter()
        .find(|e| e.to == "reader1" && e.from == "app1");
    for s in read.expect("edge").points.windows(2) {
        if s[0][1] == s[1][1] && s[0][0].max(s[1][0]) > r.x {
            assert!((s[0][1] - r.y).abs() >= 4.0, "{s:?} along {r:?}");
        }
    }
}

#[test]
fn a_border_label_with_groups_on_both_sides_goes_past_the_icon() {
    // The three-tier reference drawn bottom-up: the IGW on the VPC's
    // bottom wall has AZ a's box on its left and AZ b's on its right, so
    // its label goes below the icon, outside the VPC, and the users' edge
    // stops at the label (G3, G4, G6).
    let text = std::fs::read_to_string("tests/fixtures/flows/v11/three-tier.toml")
        .expect("fixture")
        .replace("direction = \"down\"", "direction = \"up\"");
    let d = archflow::load_source("three-tier-up.toml", text.as_bytes(), Path::new("."))
        .unwrap_or_else(|r| panic!("{}", r.render(false)));
    let (l, notes) = archflow::layout::layout_with_notes(&d);
    assert_eq!(notes.errors, Vec::<String>::new());
    assert_eq!(notes.warnings, Vec::<String>::new());
    assert_eq!(guarantees::violations(&l), Vec::<String>::new());
    let igw = node(&l, "igw");
    let label = igw.label_box.expect("label");
    assert!(
        label.y >= igw.icon_box.bottom(),
        "below the icon: {label:?}"
    );
    assert!(label.y >= group(&l, "vpc").rect.bottom(), "outside the VPC");
}

#[test]
fn an_endpoint_label_keeps_off_edges_and_its_free_edge_runs_straight() {
    // The label beside the endpoint's icon would lie on web_a -> cw, and
    // on its other side it would leave the Region: it goes below the icon.
    let l = fixture("endpoint-free-logs");
    assert_eq!(side(&l, "endpoint", "vpc").0, Side::Bottom);
    label_outside(&l, "endpoint", "vpc");
    let ep = node(&l, "endpoint");
    let label = ep.label_box.expect("label");
    assert!(label.y >= ep.icon_box.bottom(), "below the icon: {label:?}");
    let free = l
        .edges
        .iter()
        .find(|e| e.from == "endpoint" && e.to == "cw")
        .expect("edge");
    assert_eq!(free.points.len(), 2, "straight: {:?}", free.points);
}

#[test]
fn a_border_node_is_not_levelled_behind_another_node() {
    // Level with the balancer, the endpoint would sit behind web_a and on
    // its edge to CloudWatch: it keeps its own place on the top border.
    let l = fixture("endpoint-level-blocked");
    let (s, x) = side(&l, "endpoint", "vpc");
    assert_eq!(s, Side::Top);
    let web = node(&l, "web_a").rect;
    assert!(
        x + 24.0 <= web.x || x - 24.0 >= web.right(),
        "endpoint at {x}, web_a at {web:?}"
    );
}
