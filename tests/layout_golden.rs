//! Golden layouts: the JSON of six small diagrams, kept as insta snapshots
//! under `tests/snapshots/`, so that every change of the layout shows up as
//! a diff in review. After an intended change, review and accept with
//! `cargo insta review` (or `INSTA_UPDATE=always cargo test --test
//! layout_golden` and read the diff of the `.snap` files).

#[path = "support/flow_files.rs"]
mod flow_files;
#[path = "support/guarantees.rs"]
mod guarantees;

/// The layout JSON of a flow file given as text, after checking that it
/// keeps every guarantee and lays out the same twice.
fn golden(name: &str, toml: &str) -> String {
    let diagram = flow_files::load_valid_named(name, toml);
    let layout = archflow::layout::layout(&diagram);
    let json = layout.to_json();
    let v = guarantees::violations(&layout);
    assert!(v.is_empty(), "{name}: {v:#?}");
    assert_eq!(json, archflow::layout::layout(&diagram).to_json(), "{name}");
    json
}

#[test]
fn chain() {
    let json = golden(
        "chain.toml",
        r#"
title = "Reduce latency for a static S3 website"
flows = ["users -> route53 -> cloudfront -> s3"]
"#,
    );
    insta::assert_snapshot!(json);
}

/// The "full file" of flow-format.md, verbatim.
#[test]
fn full_file() {
    let json = golden("full.toml", flow_files::FULL_FILE);
    insta::assert_snapshot!(json);
}

#[test]
fn cycle_with_self_loop() {
    let json = golden(
        "cycle.toml",
        r#"
title = "A cycle and a self-loop"
flows = ["a -> b -> a", "a -> a"]

[nodes]
a = { icon = "lambda" }
b = { icon = "sqs" }
"#,
    );
    insta::assert_snapshot!(json);
}

#[test]
fn down_with_nested_groups() {
    let json = golden(
        "down.toml",
        r#"
title = "Nested groups, top to bottom"
direction = "down"
flows = ["users -> alb -> web -> db"]

[nodes]
users = { icon = "users" }
alb   = { icon = "alb", in = "vpc" }
web   = { icon = "ec2", in = "public" }
db    = { icon = "rds", label = "주 데이터베이스", in = "private" }

[groups]
region  = { kind = "region", label = "ap-northeast-2" }
vpc     = { kind = "vpc", in = "region" }
public  = { kind = "public-subnet", in = "vpc" }
private = { kind = "private-subnet", in = "vpc" }
"#,
    );
    insta::assert_snapshot!(json);
}

#[test]
fn edge_to_a_group() {
    let json = golden(
        "edge-to-group.toml",
        r#"
title = "An edge that ends at a group"
flows = ["users -> vpc"]

[nodes]
web = { icon = "ec2", in = "vpc" }
db  = { icon = "rds", in = "vpc" }

[groups]
vpc = { kind = "vpc" }
"#,
    );
    insta::assert_snapshot!(json);
}

/// Flowing up, an edge from CloudWatch into the Auto Scaling group beside
/// it (its label in the channel along the run across), a member's edge out
/// to CloudWatch, and the group stretched so that both point up.
#[test]
fn up_with_an_edge_into_an_auto_scaling_group() {
    let json = golden(
        "asg-up.toml",
        r#"
title = "Auto Scaling behind an NLB, flowing up"
direction = "up"
flows = [
  "clients -> nlb -> asg",
  "asg -> efs",
  "a1 -> cw",
  "cw -> asg : scale out",
]

[nodes]
clients = { icon = "users", label = "Clients" }
nlb = { icon = "nlb", in = "pub" }
a1 = { icon = "ec2", label = "Instance 1", in = "asg" }
a2 = { icon = "ec2", label = "Instance 2", in = "asg" }
efs = { icon = "efs", in = "priv" }
cw = { icon = "cloudwatch", in = "region" }

[groups]
region = { kind = "region" }
vpc = { kind = "vpc", in = "region" }
pub = { kind = "public-subnet", in = "vpc" }
priv = { kind = "private-subnet", in = "vpc" }
asg = { kind = "auto-scaling-group", in = "priv" }
"#,
    );
    insta::assert_snapshot!(json);
}
