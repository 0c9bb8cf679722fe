//! The keys and arrows of flow-format v1.1: border nodes (`on`), overlay
//! groups (`spans`), target-first arrows (`<-`, `<..`) and free edges
//! (`constraint = false`) — what a valid file means, and the exact report
//! for every misuse (insta snapshots under `tests/snapshots/`).

use std::path::Path;

use archflow::model::{Arrow, Diagram, Endpoint, LineStyle};

fn load(src: &str) -> Diagram {
    match archflow::load_source("v11.toml", src.as_bytes(), Path::new(".")) {
        Ok(d) => d,
        Err(r) => panic!("expected a valid diagram:\n{}", r.render(false)),
    }
}

fn report(src: &str) -> String {
    match archflow::load_source("v11.toml", src.as_bytes(), Path::new(".")) {
        Ok(d) => panic!("expected errors, got a valid diagram: {d:?}"),
        Err(r) => r.render(false),
    }
}

fn node(d: &Diagram, id: &str) -> usize {
    d.nodes.iter().position(|n| n.id == id).expect("node")
}

fn group(d: &Diagram, id: &str) -> usize {
    d.groups.iter().position(|g| g.id == id).expect("group")
}

const GROUPS: &str = r#"
[groups]
region = { kind = "region" }
vpc    = { kind = "vpc", in = "region" }
az_a   = { kind = "availability-zone", in = "vpc" }
az_b   = { kind = "availability-zone", in = "vpc" }
asg    = { kind = "auto-scaling-group", in = "vpc", spans = ["web_a", "web_b"] }
"#;

fn file(flows: &str, nodes: &str, extra_groups: &str) -> String {
    format!(
        "title = \"t\"\ndirection = \"down\"\nflows = [{flows}]\n\n[nodes]\n{nodes}{GROUPS}{extra_groups}"
    )
}

const NODES: &str = r#"igw   = { icon = "internet-gateway", on = "vpc" }
web_a = { icon = "ec2", in = "az_a" }
web_b = { icon = "ec2", in = "az_b" }
"#;

#[test]
fn a_border_node_sits_on_its_group_and_belongs_to_the_parent() {
    let d = load(&file("\"igw -> web_a, web_b\"", NODES, ""));
    let igw = &d.nodes[node(&d, "igw")];
    assert_eq!(igw.on, Some(group(&d, "vpc")));
    assert_eq!(igw.group, Some(group(&d, "region")));
    let web = &d.nodes[node(&d, "web_a")];
    assert_eq!((web.on, web.group), (None, Some(group(&d, "az_a"))));
}

#[test]
fn an_overlay_group_lists_its_nodes_which_keep_their_groups() {
    let d = load(&file("", NODES, ""));
    let asg = &d.groups[group(&d, "asg")];
    assert!(asg.is_overlay());
    assert_eq!(asg.spans, vec![node(&d, "web_a"), node(&d, "web_b")]);
    assert_eq!(asg.parent, Some(group(&d, "vpc")));
    assert!(!d.groups[group(&d, "vpc")].is_overlay());
    // An implicit node (an icon name used in a flow) may be spanned too.
    let d = load(
        "title = \"t\"\nflows = [\"lambda -> s3\"]\n[groups]\no = { kind = \"generic\", spans = [\"lambda\", \"s3\"] }\n",
    );
    assert_eq!(d.groups[0].spans, vec![0, 1]);
}

#[test]
fn target_first_arrows_are_the_edge_from_the_right() {
    let d = load(&file(
        "\"igw <- web_a, web_b\", \"web_a <.. web_b : sync\", \"a_x <- b_x -> c_x\"",
        &format!("{NODES}a_x = {{ icon = \"s3\" }}\nb_x = {{ icon = \"s3\" }}\nc_x = {{ icon = \"s3\" }}\n"),
        "",
    ));
    let ends: Vec<(&str, &str, bool, LineStyle)> = d
        .edges
        .iter()
        .map(|e| {
            (
                d.endpoint_id(e.from),
                d.endpoint_id(e.to),
                e.reversed,
                e.style,
            )
        })
        .collect();
    assert_eq!(
        ends,
        [
            ("web_a", "igw", true, LineStyle::Solid),
            ("web_b", "igw", true, LineStyle::Solid),
            ("web_b", "web_a", true, LineStyle::Dashed),
            ("b_x", "a_x", true, LineStyle::Solid),
            ("b_x", "c_x", false, LineStyle::Solid),
        ]
    );
    assert!(d
        .edges
        .iter()
        .all(|e| e.arrow == Arrow::Forward && e.constraint));
    let e = &d.edges[0];
    assert_eq!(
        e.rank_ends(),
        (
            Endpoint::Node(node(&d, "igw")),
            Endpoint::Node(node(&d, "web_a"))
        )
    );
}

#[test]
fn constraint_false_marks_a_free_edge() {
    let src = "title = \"t\"\nflows = [\"ec2 -> cloudwatch\"]\n\n[[edges]]\nfrom = \"cloudwatch\"\nto = \"ec2\"\nconstraint = false\n\n[[edges]]\nfrom = \"ec2\"\nto = \"s3\"\nconstraint = true\n";
    let d = load(src);
    let flags: Vec<(bool, bool)> = d.edges.iter().map(|e| (e.constraint, e.reversed)).collect();
    assert_eq!(flags, [(true, false), (false, false), (true, false)]);
}

#[test]
fn on_and_in_together() {
    let nodes = NODES.replace("on = \"vpc\"", "in = \"region\", on = \"vpc\"");
    insta::assert_snapshot!(report(&file("", &nodes, "")));
}

#[test]
fn on_naming_no_group_a_node_or_an_overlay() {
    let nodes = format!(
        "{NODES}gw1 = {{ icon = \"nat-gateway\", on = \"vcp\" }}\ngw2 = {{ icon = \"nat-gateway\", on = \"web_a\" }}\ngw3 = {{ icon = \"nat-gateway\", on = \"asg\" }}\n"
    );
    insta::assert_snapshot!(report(&file("", &nodes, "")));
}

#[test]
fn spans_naming_a_group_an_unknown_id_or_nothing() {
    let extra = "o1 = { kind = \"generic\", spans = [\"az_a\", \"web_c\"] }\no2 = { kind = \"generic\", spans = [] }\no3 = { kind = \"generic\", spans = \"web_a\" }\n";
    insta::assert_snapshot!(report(&file("", NODES, extra)));
}

#[test]
fn in_naming_an_overlay() {
    let nodes = format!("{NODES}db = {{ icon = \"rds\", in = \"asg\" }}\n");
    let extra = "sub = { kind = \"private-subnet\", in = \"asg\" }\n";
    insta::assert_snapshot!(report(&file("", &nodes, extra)));
}

#[test]
fn overlays_that_share_nodes_or_leave_their_parent_or_span_a_border() {
    let nodes = format!("{NODES}db = {{ icon = \"rds\", in = \"region\" }}\n");
    let extra = "o1 = { kind = \"generic\", spans = [\"web_b\", \"db\"] }\no2 = { kind = \"generic\", in = \"vpc\", spans = [\"db\", \"igw\"] }\n";
    insta::assert_snapshot!(report(&file("", &nodes, extra)));
}

#[test]
fn target_first_arrow_at_a_line_end_or_start() {
    insta::assert_snapshot!(report(
        "title = \"t\"\nflows = [\n  \"a <-\",\n  \"<.. b\",\n]\n"
    ));
}

#[test]
fn long_target_first_arrows_suggest_target_first_arrows() {
    insta::assert_snapshot!(report(
        "title = \"t\"\nflows = [\n  \"igw <-- nat\",\n  \"igw <... nat\",\n  \"igw ← nat\",\n  \"a ==> b\",\n]\n"
    ));
}

#[test]
fn constraint_must_be_a_boolean() {
    insta::assert_snapshot!(report(
        "title = \"t\"\nflows = []\n[[edges]]\nfrom = \"ec2\"\nto = \"s3\"\nconstrain = false\n\n[[edges]]\nfrom = \"ec2\"\nto = \"s3\"\nconstraint = \"no\"\n"
    ));
}

#[test]
fn an_edge_to_an_overlay_group_ends_at_its_box() {
    let d = load(&file("\"igw -> asg\"", NODES, ""));
    let (layout, notes) = archflow::layout::layout_with_notes(&d);
    assert_eq!(notes.errors, Vec::<String>::new());
    let e = &layout.edges[0];
    assert_eq!((e.from.as_str(), e.to.as_str()), ("igw", "asg"));
    let g = layout
        .groups
        .iter()
        .find(|g| g.id == "asg")
        .expect("asg")
        .rect;
    let &[x, y] = e.points.last().expect("points");
    let on_x = (x - g.x).abs() < 0.01 || (x - (g.x + g.w)).abs() < 0.01;
    let on_y = (y - g.y).abs() < 0.01 || (y - (g.y + g.h)).abs() < 0.01;
    assert!(
        on_x || on_y,
        "{:?} ends off the box {:?}",
        e.points,
        (g.x, g.y, g.w, g.h)
    );
}

fn fixture(name: &str) -> Diagram {
    let path = format!("tests/fixtures/flows/v11/{name}.toml");
    archflow::load_file(Path::new(&path)).unwrap_or_else(|r| panic!("{}", r.render(false)))
}

#[test]
fn dot_export_draws_target_first_edges_back_and_free_edges_free() {
    let dot = archflow::export::to_dot(&fixture("three-tier"));
    assert!(
        dot.contains("  \"nat_a\" -> \"web_a\" [dir=back];\n"),
        "{dot}"
    );
    assert!(dot.contains("    // \"igw\" sits on the border of \"cluster_vpc\"\n    \"igw\" [label=\"Internet gateway\"];\n"), "{dot}");
    // The ASG's nodes sit in two subnets: dot gets a note naming them.
    assert!(dot.contains("      \"overlay:asg\" [shape=note, style=dashed, label=\"Auto Scaling group\\nspans: web_a, web_b\"];\n"), "{dot}");
    assert!(!dot.contains("cluster_asg"), "{dot}");
    let dot = archflow::export::to_dot(&fixture("scaling-loop"));
    assert!(
        dot.contains(
            "[label=\"scale out\", style=dashed, constraint=false, lhead=\"cluster_asg\"]"
        ),
        "{dot}"
    );
}

#[test]
fn dot_export_draws_an_overlay_of_one_group_as_a_dashed_cluster() {
    let d = load(
        "title = \"t\"\nflows = [\"alb -> a, b, c\"]\n[nodes]\nalb = { icon = \"alb\" }\na = { icon = \"ec2\", in = \"sub\" }\nb = { icon = \"ec2\", in = \"sub\" }\nc = { icon = \"ec2\", in = \"sub\" }\n[groups]\nsub = { kind = \"private-subnet\" }\nasg = { kind = \"auto-scaling-group\", spans = [\"a\", \"b\"], in = \"sub\" }\n",
    );
    let dot = archflow::export::to_dot(&d);
    assert!(dot.contains("  subgraph \"cluster_sub\" {\n    label=\"Private subnet\";\n    \"c\" [label=\"EC2\"];\n    subgraph \"cluster_asg\" {\n      label=\"Auto Scaling group\";\n      style=dashed;\n      \"a\" [label=\"EC2\"];\n      \"b\" [label=\"EC2\"];\n    }\n  }\n"), "{dot}");
}
