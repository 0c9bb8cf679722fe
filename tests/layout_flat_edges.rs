//! Free edges (`constraint = false`) between nodes that share a rank: a
//! node whose every edge is free rides with its neighbour instead of
//! falling to the start of the drawing, and an edge between two nodes of
//! one rank is one straight line across the flow (no loop round the
//! drawing), its label between the two nodes; guarantees hold.

#[path = "support/flow_files.rs"]
mod flow_files;
#[path = "support/guarantees.rs"]
mod guarantees;

use archflow::layout::{self, Layout, NodeBox, Rect};
use flow_files::load_valid;

fn node<'a>(l: &'a Layout, id: &str) -> &'a NodeBox {
    l.nodes.iter().find(|n| n.id == id).expect("node")
}

fn centre(r: &Rect) -> (f64, f64) {
    (r.x + r.w / 2.0, r.y + r.h / 2.0)
}

/// Lays out `src`, checks every guarantee, and returns the layout.
fn lay(src: &str) -> Layout {
    let l = layout::layout(&load_valid(src));
    let v = guarantees::violations(&l);
    assert!(v.is_empty(), "{}", v.join("\n"));
    l
}

/// The only edge between `a` and `b`, which must be one straight segment
/// from icon to icon (or label) across the flow.
fn straight_between(l: &Layout, a: &str, b: &str) -> [[f64; 2]; 2] {
    let e = l
        .edges
        .iter()
        .find(|e| (e.from == a && e.to == b) || (e.from == b && e.to == a))
        .expect("edge");
    assert_eq!(e.points.len(), 2, "one straight segment: {:?}", e.points);
    [e.points[0], e.points[1]]
}

#[test]
fn a_transform_lambda_sits_below_its_firehose_in_a_right_flow() {
    let l = lay(r#"title = "t"
direction = "right"
flows = ["api -> stream -> firehose -> bucket"]
[[edges]]
from = "firehose"
to = "transform"
arrow = "both"
style = "dashed"
label = "record transform"
constraint = false
[nodes]
api = { icon = "api-gateway" }
stream = { icon = "kinesis-data-streams" }
firehose = { icon = "kinesis-data-firehose" }
transform = { icon = "lambda" }
bucket = { icon = "s3" }
"#);
    let (fx, fy) = centre(&node(&l, "firehose").icon_box);
    let (tx, ty) = centre(&node(&l, "transform").icon_box);
    assert!((fx - tx).abs() < 0.5, "same column: {fx} vs {tx}");
    assert!(ty > fy, "below its Firehose");
    let [p, q] = straight_between(&l, "firehose", "transform");
    assert!(
        (p[0] - fx).abs() < 0.5 && (q[0] - fx).abs() < 0.5,
        "vertical line"
    );
    // The label sits between the two nodes, beside the line.
    let e = l.edges.iter().find(|e| e.to == "transform").expect("edge");
    let label = e.label.as_ref().expect("label").rect;
    let firehose_bottom = node(&l, "firehose").rect.y + node(&l, "firehose").rect.h;
    assert!(
        label.y >= firehose_bottom - 0.5,
        "{label:?} below {firehose_bottom}"
    );
    assert!(label.y + label.h <= node(&l, "transform").icon_box.y + 0.5);
}

#[test]
fn a_standby_database_sits_beside_its_primary_across_availability_zones() {
    let l = lay(r#"title = "t"
direction = "down"
flows = ["alb -> web_a, web_b", "web_a, web_b -> primary"]
[[edges]]
from = "primary"
to = "standby"
style = "dashed"
label = "sync"
constraint = false
[nodes]
alb = { icon = "alb", in = "vpc" }
web_a = { icon = "ec2", in = "az_a" }
web_b = { icon = "ec2", in = "az_b" }
primary = { icon = "rds", in = "az_a" }
standby = { icon = "rds", in = "az_b" }
[groups]
vpc = { kind = "vpc" }
az_a = { kind = "availability-zone", in = "vpc" }
az_b = { kind = "availability-zone", in = "vpc" }
"#);
    let (px, py) = centre(&node(&l, "primary").icon_box);
    let (sx, sy) = centre(&node(&l, "standby").icon_box);
    assert!((py - sy).abs() < 0.5, "same row: {py} vs {sy}");
    assert!(sx > px, "AZ b's standby right of AZ a's primary");
    let [p, q] = straight_between(&l, "primary", "standby");
    assert!(
        (p[1] - py).abs() < 0.5 && (q[1] - py).abs() < 0.5,
        "horizontal line"
    );
}

#[test]
fn free_edges_between_ranks_still_run_along_the_flow() {
    // Both ends have edges of their own: nothing rides, nothing is flat.
    let l = lay(r#"title = "t"
flows = ["users -> alb -> web", "web -> cloudwatch -> policy"]
[[edges]]
from = "policy"
to = "web"
style = "dashed"
constraint = false
[nodes]
users = { icon = "users" }
alb = { icon = "alb" }
web = { icon = "ec2" }
cloudwatch = { icon = "cloudwatch" }
policy = { icon = "auto-scaling" }
"#);
    let x = |id: &str| centre(&node(&l, id).icon_box).0;
    assert!(x("users") < x("alb") && x("alb") < x("web"));
    assert!(x("web") < x("cloudwatch") && x("cloudwatch") < x("policy"));
}
