//! Every rule of `flow-format.md`, each with a valid example and the model
//! it gives.

#[path = "support/flow_files.rs"]
mod flow_files;

use std::path::Path;

use archflow::model::{Arrow, Diagram, Direction, Endpoint, GroupKind, Icon, LineStyle};
use flow_files::{load_valid, load_valid_file, load_valid_in, FULL_FILE};

/// `(from id, to id, style, arrow, label)` of every edge.
fn edges(d: &Diagram) -> Vec<(String, String, &'static str, &'static str, Option<String>)> {
    d.edges
        .iter()
        .map(|e| {
            (
                d.endpoint_id(e.from).to_string(),
                d.endpoint_id(e.to).to_string(),
                e.style.as_str(),
                e.arrow.as_str(),
                e.label.clone(),
            )
        })
        .collect()
}

fn node_ids(d: &Diagram) -> Vec<&str> {
    d.nodes.iter().map(|n| n.id.as_str()).collect()
}

#[test]
fn the_shortest_valid_file() {
    let d = load_valid(
        r#"title = "Reduce latency for a static S3 website"
flows = ["users -> route53 -> cloudfront -> s3"]
"#,
    );
    assert_eq!(d.title, "Reduce latency for a static S3 website");
    assert_eq!(d.subtitle, None);
    assert_eq!(d.direction, Direction::Right);
    assert_eq!(node_ids(&d), ["users", "route53", "cloudfront", "s3"]);
    let labels: Vec<_> = d.nodes.iter().map(|n| n.label.as_str()).collect();
    assert_eq!(labels, ["Users", "Route 53", "CloudFront", "S3"]);
    assert!(d.nodes.iter().all(|n| n.implicit && n.group.is_none()));
    assert_eq!(d.nodes[1].icon, Icon::Builtin("route53"));
    assert_eq!(
        edges(&d),
        [
            ("users".into(), "route53".into(), "solid", "forward", None),
            (
                "route53".into(),
                "cloudfront".into(),
                "solid",
                "forward",
                None
            ),
            ("cloudfront".into(), "s3".into(), "solid", "forward", None),
        ]
    );
    assert!(d.groups.is_empty());
}

#[test]
fn the_full_example_of_the_format_page() {
    let d = load_valid(FULL_FILE);
    assert_eq!(
        d.subtitle.as_deref(),
        Some("Route 53 -> CloudFront -> [S3, ALB]")
    );
    assert_eq!(
        node_ids(&d),
        ["users", "dns", "cdn", "assets", "alb", "web", "db"]
    );
    assert!(d.nodes.iter().all(|n| !n.implicit));
    let labels: Vec<_> = d.nodes.iter().map(|n| n.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Users",
            "Route 53",
            "CloudFront",
            "S3 bucket\n(static)",
            "Application Load Balancer",
            "EC2 instances",
            "Aurora"
        ]
    );
    let icons: Vec<_> = d.nodes.iter().map(|n| n.icon.name()).collect();
    assert_eq!(
        icons,
        [
            "users",
            "route53",
            "cloudfront",
            "s3",
            "alb",
            "ec2",
            "aurora"
        ]
    );

    let groups: Vec<_> = d
        .groups
        .iter()
        .map(|g| (g.id.as_str(), g.kind, g.label.as_str(), g.parent))
        .collect();
    assert_eq!(
        groups,
        [
            ("cloud", GroupKind::AwsCloud, "AWS Cloud", None),
            ("region", GroupKind::Region, "us-east-1", Some(0)),
            ("vpc", GroupKind::Vpc, "VPC", Some(1)),
            (
                "asg",
                GroupKind::AutoScalingGroup,
                "Auto Scaling group",
                Some(2)
            ),
        ]
    );
    let node_groups: Vec<_> = d.nodes.iter().map(|n| n.group).collect();
    assert_eq!(
        node_groups,
        [None, None, None, None, Some(2), Some(3), Some(2)]
    );
    assert_eq!(d.group_depth(3), 4);

    assert_eq!(
        edges(&d),
        [
            ("users".into(), "dns".into(), "solid", "forward", None),
            ("dns".into(), "cdn".into(), "solid", "forward", None),
            (
                "cdn".into(),
                "assets".into(),
                "solid",
                "forward",
                Some("static".into())
            ),
            (
                "cdn".into(),
                "alb".into(),
                "solid",
                "forward",
                Some("dynamic".into())
            ),
            ("alb".into(), "web".into(), "solid", "forward", None),
            (
                "web".into(),
                "db".into(),
                "dashed",
                "forward",
                Some("replication".into())
            ),
        ]
    );
}

#[test]
fn every_direction_word() {
    for (word, dir) in [
        ("right", Direction::Right),
        ("down", Direction::Down),
        ("left", Direction::Left),
        ("up", Direction::Up),
    ] {
        let d = load_valid(&format!(
            "title = \"t\"\ndirection = \"{word}\"\nflows = []\n"
        ));
        assert_eq!(d.direction, dir);
    }
}

#[test]
fn every_arrow_of_a_flow_line() {
    let d = load_valid(
        r#"title = "t"
flows = ["a -> b", "a <-> b", "a -- b", "a ..> b", "a <..> b", "a .. b"]
[nodes]
a = { icon = "ec2" }
b = { icon = "s3" }
"#,
    );
    let kinds: Vec<_> = d.edges.iter().map(|e| (e.style, e.arrow)).collect();
    assert_eq!(
        kinds,
        [
            (LineStyle::Solid, Arrow::Forward),
            (LineStyle::Solid, Arrow::Both),
            (LineStyle::Solid, Arrow::None),
            (LineStyle::Dashed, Arrow::Forward),
            (LineStyle::Dashed, Arrow::Both),
            (LineStyle::Dashed, Arrow::None),
        ]
    );
}

#[test]
fn arrows_need_no_spaces() {
    let d = load_valid("title = \"t\"\nflows = [\"users->s3<..>lambda--sqs\"]\n");
    assert_eq!(node_ids(&d), ["users", "s3", "lambda", "sqs"]);
    assert_eq!(d.edges.len(), 3);
}

#[test]
fn every_id_of_a_list_connects_to_every_id_of_the_next() {
    let d = load_valid(
        "title = \"t\"\nflows = [\"cdn -> s3, alb\", \"ec2, lambda -> sqs, sns -> sqs\"]\n",
    );
    let pairs: Vec<_> = edges(&d).into_iter().map(|(a, b, ..)| (a, b)).collect();
    let expect = [
        ("cdn", "s3"),
        ("cdn", "alb"),
        ("ec2", "sqs"),
        ("ec2", "sns"),
        ("lambda", "sqs"),
        ("lambda", "sns"),
        ("sqs", "sqs"),
        ("sns", "sqs"),
    ];
    let expect: Vec<(String, String)> = expect
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(pairs, expect);
}

#[test]
fn the_label_is_everything_after_the_first_colon() {
    let d = load_valid(
        "title = \"t\"\nflows = [\"users -> s3, cloudfront :  GET https://x:443/a  \"]\n",
    );
    assert!(d
        .edges
        .iter()
        .all(|e| e.label.as_deref() == Some("GET https://x:443/a")));
    assert_eq!(d.edges.len(), 2);
}

#[test]
fn a_newline_escape_in_a_label_is_a_real_newline() {
    let d = load_valid("title = \"t\"\nflows = [\"users -> s3 : two\\nlines\"]\n[nodes]\ns3 = { label = \"S3\\nbucket\" }\n");
    assert_eq!(d.edges[0].label.as_deref(), Some("two\nlines"));
    assert_eq!(d.nodes[0].label, "S3\nbucket");
}

#[test]
fn an_edge_may_end_at_a_group() {
    let d = load_valid(
        r#"title = "t"
flows = ["users -> vpc", "vpc ..> s3"]
[groups]
vpc = { kind = "vpc" }
"#,
    );
    assert_eq!(d.edges[0].to, Endpoint::Group(0));
    assert_eq!(d.edges[1].from, Endpoint::Group(0));
    assert_eq!(node_ids(&d), ["users", "s3"]);
}

#[test]
fn implicit_nodes_keep_the_id_as_written_and_take_the_icon_name() {
    let d = load_valid(
        "title = \"t\"\nflows = [\"R53 -> Amazon_S3\", \"r53 -> AmazonS3\", \"R53 -> s3\"]\n",
    );
    assert_eq!(node_ids(&d), ["R53", "Amazon_S3", "r53", "AmazonS3", "s3"]);
    let icons: Vec<_> = d.nodes.iter().map(|n| n.icon.name()).collect();
    assert_eq!(icons, ["route53", "s3", "route53", "s3", "s3"]);
    assert_eq!(d.nodes[1].label, "S3");
    // The same id written twice is one node.
    assert_eq!(d.edges[2].from, d.edges[0].from);
}

#[test]
fn a_declared_node_without_icon_uses_its_id() {
    let d = load_valid(
        "title = \"t\"\nflows = []\n[nodes]\nlambda = {}\n[nodes.sqs]\nlabel = \"jobs\"\n",
    );
    assert_eq!(d.nodes[0].icon, Icon::Builtin("lambda"));
    assert_eq!(d.nodes[0].label, "Lambda");
    assert_eq!(d.nodes[1].icon, Icon::Builtin("sqs"));
    assert_eq!(d.nodes[1].label, "jobs");
}

#[test]
fn icons_match_any_case_spacing_and_alias() {
    let d = load_valid(
        r#"title = "t"
flows = []
[nodes]
a = { icon = "Route 53" }
b = { icon = "route-53" }
c = { icon = "Amazon CloudFront" }
d = { icon = "Application_Load_Balancer" }
e = { icon = "DDB" }
"#,
    );
    let icons: Vec<_> = d.nodes.iter().map(|n| n.icon.name()).collect();
    assert_eq!(
        icons,
        ["route53", "route53", "cloudfront", "alb", "dynamodb"]
    );
}

#[test]
fn nodes_come_in_file_order_then_implicit_nodes_by_first_use() {
    let d = load_valid(
        r#"title = "t"
flows = ["sqs -> zeta", "users -> alpha"]

[[edges]]
from = "alpha"
to = "sns"

[nodes]
zeta = { icon = "lambda" }

[nodes.alpha]
icon = "ec2"

[nodes.middle]
icon = "s3"
"#,
    );
    assert_eq!(
        node_ids(&d),
        ["zeta", "alpha", "middle", "sqs", "users", "sns"]
    );
}

#[test]
fn groups_come_in_file_order_and_nest() {
    let d = load_valid(
        r#"title = "t"
flows = []
[groups]
z = { kind = "private-subnet", in = "y" }
y = { kind = "availability-zone", in = "x" }
x = { kind = "region" }
[groups.w]
kind = "generic"
label = "Other"
"#,
    );
    let ids: Vec<_> = d.groups.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(ids, ["z", "y", "x", "w"]);
    assert_eq!(d.groups[0].parent, Some(1));
    assert_eq!(d.groups[1].parent, Some(2));
    assert_eq!(d.groups[0].label, "Private subnet");
    assert_eq!(d.groups[3].label, "Other");
}

#[test]
fn every_group_kind_word_and_its_default_label() {
    for kind in GroupKind::ALL {
        let d = load_valid(&format!(
            "title = \"t\"\nflows = []\n[groups]\ng = {{ kind = \"{}\" }}\n",
            kind.as_str()
        ));
        assert_eq!(d.groups[0].kind, kind);
        assert_eq!(d.groups[0].label, kind.display_name());
    }
}

#[test]
fn structured_edges_connect_every_from_to_every_to() {
    let d = load_valid(
        r#"title = "t"
[[edges]]
from = ["web1", "web2"]
to = ["rds", "elasticache"]
label = "queries"
style = "dashed"
arrow = "both"

[[edges]]
from = "users"
to = "web1"

[nodes]
web1 = { icon = "ec2" }
web2 = { icon = "ec2" }
"#,
    );
    assert_eq!(
        edges(&d),
        [
            (
                "web1".into(),
                "rds".into(),
                "dashed",
                "both",
                Some("queries".into())
            ),
            (
                "web1".into(),
                "elasticache".into(),
                "dashed",
                "both",
                Some("queries".into())
            ),
            (
                "web2".into(),
                "rds".into(),
                "dashed",
                "both",
                Some("queries".into())
            ),
            (
                "web2".into(),
                "elasticache".into(),
                "dashed",
                "both",
                Some("queries".into())
            ),
            ("users".into(), "web1".into(), "solid", "forward", None),
        ]
    );
}

#[test]
fn flow_lines_come_before_structured_edges() {
    let d = load_valid(
        "title = \"t\"\n[[edges]]\nfrom = \"a\"\nto = \"b\"\narrow = \"none\"\n[nodes]\na = { icon = \"ec2\" }\nb = { icon = \"s3\" }\n",
    );
    assert_eq!(d.edges.len(), 1);
    assert_eq!(d.edges[0].arrow, Arrow::None);
    let d = load_valid("flows = [\"a -> b\"]\ntitle = \"t\"\nedges = [{ from = \"b\", to = \"a\" }]\n[nodes]\na = { icon = \"ec2\" }\nb = { icon = \"s3\" }\n");
    let pairs: Vec<_> = edges(&d).into_iter().map(|(a, b, ..)| (a, b)).collect();
    assert_eq!(
        pairs,
        [
            ("a".to_string(), "b".to_string()),
            ("b".to_string(), "a".to_string())
        ]
    );
}

#[test]
fn a_diagram_of_groups_and_nodes_alone_is_valid() {
    let d = load_valid(
        "title = \"t\"\nflows = []\n[nodes]\nweb = { icon = \"ec2\", in = \"vpc\" }\n[groups]\nvpc = { kind = \"vpc\" }\n",
    );
    assert_eq!(d.nodes.len(), 1);
    assert_eq!(d.nodes[0].group, Some(0));
    assert!(d.edges.is_empty());
}

#[test]
fn cycles_repeats_and_self_loops_are_kept() {
    let d = load_valid("title = \"t\"\nflows = [\"sqs -> lambda -> sqs\", \"sqs -> lambda\", \"lambda -> lambda\"]\n");
    let pairs: Vec<_> = edges(&d)
        .into_iter()
        .map(|(a, b, ..)| a + ">" + &b)
        .collect();
    assert_eq!(
        pairs,
        ["sqs>lambda", "lambda>sqs", "sqs>lambda", "lambda>lambda"]
    );
}

#[test]
fn ids_are_letters_digits_underscores_and_hyphens_in_any_script() {
    let d = load_valid(
        r#"title = "사용자 흐름"
flows = ["사용자 -> web_1 -> db-2"]
[nodes]
"사용자" = { icon = "users", label = "사용자" }
web_1 = { icon = "ec2" }
db-2 = { icon = "rds", label = "주 데이터베이스" }
"#,
    );
    assert_eq!(node_ids(&d), ["사용자", "web_1", "db-2"]);
    assert_eq!(d.nodes[2].label, "주 데이터베이스");
    assert_eq!(d.title, "사용자 흐름");
}

#[test]
fn strings_may_use_any_toml_form() {
    let d = load_valid(
        "title = 'literal'\nflows = [\n  '''users -> s3''',\n  \"\"\"\nsqs -> \\\n  lambda\"\"\",\n  \"\\u0061lb -> ec2\",\n]\n",
    );
    assert_eq!(d.title, "literal");
    assert_eq!(node_ids(&d), ["users", "s3", "sqs", "lambda", "alb", "ec2"]);
}

#[test]
fn a_utf8_byte_order_mark_is_ignored() {
    let d = load_valid("\u{feff}title = \"t\"\nflows = [\"users -> s3\"]\n");
    assert_eq!(d.nodes.len(), 2);
}

#[test]
fn an_empty_subtitle_is_no_subtitle() {
    let d = load_valid("title = \"t\"\nsubtitle = \"\"\nflows = []\n");
    assert_eq!(d.subtitle, None);
}

#[test]
fn a_custom_svg_icon_is_sanitised() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("art")).expect("mkdir");
    std::fs::write(
        dir.path().join("art/mine.svg"),
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48" onload="alert(1)"><script>alert(1)</script><rect width="48" height="48" fill="#123456"/></svg>"##,
    )
    .expect("write");
    let d = load_valid_in("t.toml", 
        "title = \"t\"\nflows = [\"users -> mine\"]\n[nodes]\nmine = { icon = \"./art/mine.svg\" }\n",
        dir.path(),
    );
    let Icon::Custom(icon) = &d.nodes[0].icon else {
        panic!("custom icon expected");
    };
    assert_eq!(icon.written_as, "./art/mine.svg");
    assert_eq!(d.nodes[0].icon.name(), "./art/mine.svg");
    assert_eq!(d.nodes[0].label, "mine");
    assert!(icon.svg.starts_with("<svg"), "{}", icon.svg);
    assert!(!icon.svg.contains("script") && !icon.svg.contains("onload"));
    assert!(icon.svg.contains("#123456"), "{}", icon.svg);
}

/// A 2×1 RGBA PNG, made with the `png` crate.
fn tiny_png() -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, 2, 1);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        let mut w = enc.write_header().expect("header");
        w.write_image_data(&[255, 0, 0, 255, 0, 0, 255, 255])
            .expect("data");
    }
    out
}

#[test]
fn a_custom_png_icon_is_wrapped_in_svg() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("logo.PNG"), tiny_png()).expect("write");
    let d = load_valid_in("t.toml", 
        "title = \"t\"\nflows = []\n[nodes]\nlogo = { icon = \"logo.PNG\", label = \"Our logo\" }\n",
        dir.path(),
    );
    let Icon::Custom(icon) = &d.nodes[0].icon else {
        panic!("custom icon expected");
    };
    assert!(
        icon.svg.contains("href=\"data:image/png;base64,"),
        "{}",
        icon.svg
    );
    assert!(icon.svg.contains("viewBox=\"0 0 2 1\""), "{}", icon.svg);
    assert_eq!(d.nodes[0].label, "Our logo");
}

#[test]
fn load_file_reads_relative_to_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("sub")).expect("mkdir");
    std::fs::write(dir.path().join("sub/logo.png"), tiny_png()).expect("write");
    let flow = dir.path().join("sub/q.toml");
    std::fs::write(
        &flow,
        "title = \"t\"\nflows = [\"users -> logo\"]\n[nodes]\nlogo = { icon = \"logo.png\" }\n",
    )
    .expect("write");
    let d = load_valid_file(&flow);
    assert_eq!(d.nodes.len(), 2);
}

#[test]
fn every_scenario_of_the_project_is_valid() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    if !root.exists() {
        return;
    }
    let (inputs, errors) = archflow::batch::collect_inputs(&[root]);
    assert!(errors.is_empty(), "{errors:?}");
    for input in inputs {
        if let Err(report) = archflow::load_file(&input.path) {
            panic!("{}", report.render(false));
        }
    }
}
