//! Sibling groups joined both ways are ranked as units (issue 18, item 8):
//! they sit one wholly after the other along the flow, compact, with few
//! crossings, and every guarantee holds (G7 read at the edge's level).

#[path = "support/flow_files.rs"]
mod flow_files;
#[path = "support/guarantees.rs"]
mod guarantees;

use serde_json::Value;
use std::path::Path;

/// The layout JSON of a fixture under `tests/fixtures/flows/units/`,
/// checked against every guarantee.
fn laid_out_fixture(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/flows/units")
        .join(name);
    let diagram = flow_files::load_valid_file(&path);
    let lay: Value =
        serde_json::from_str(&archflow::layout::layout(&diagram).to_json()).expect("JSON");
    assert_eq!(
        guarantees::check_json(&lay).violations,
        Vec::<String>::new(),
        "{name}"
    );
    lay
}

/// The `[start, end]` of group `id` along `axis` ("x" or "y").
fn extent(lay: &Value, id: &str, axis: &str) -> [f64; 2] {
    let g = lay["groups"]
        .as_array()
        .and_then(|gs| gs.iter().find(|g| g["id"] == id))
        .unwrap_or_else(|| panic!("no group {id}"));
    let len = if axis == "x" { "w" } else { "h" };
    let start = g[axis].as_f64().expect("start");
    [start, start + g[len].as_f64().expect("length")]
}

/// Asserts that the groups `ids` follow one another along `axis`, each
/// ending before the next begins.
fn assert_in_a_row(lay: &Value, ids: &[&str], axis: &str) {
    for pair in ids.windows(2) {
        let (a, b) = (extent(lay, pair[0], axis), extent(lay, pair[1], axis));
        assert!(
            a[1] <= b[0],
            "{} ({a:?}) does not end before {} ({b:?}) begins along {axis}",
            pair[0],
            pair[1]
        );
    }
}

/// The generated-flow case of the issue: a public and a private subnet with
/// edges both ways, direction right. The subnets stand side by side along
/// the flow (public first: most edges run public -> private), and the
/// crossings stay far under the 16 of the stacked drawing.
#[test]
fn two_subnets_joined_both_ways_sit_side_by_side_along_the_flow() {
    let lay = laid_out_fixture("two-subnets-both-ways.toml");
    assert_in_a_row(&lay, &["public", "private"], "x");
    let crossings = guarantees::check_json(&lay).crossings;
    assert!(crossings <= 8, "{crossings} crossings");
}

/// Three zones handing work on both ways follow the file's order along the
/// flow, one after the other.
#[test]
fn three_zones_joined_both_ways_follow_one_another() {
    let lay = laid_out_fixture("three-azs-both-ways.toml");
    assert_in_a_row(&lay, &["az_a", "az_b", "az_c"], "x");
}

/// Top down and nested: the subnets of VPC a, and the two VPCs, each one
/// below the other.
#[test]
fn nested_units_stack_along_a_top_down_flow() {
    let lay = laid_out_fixture("nested-both-ways-down.toml");
    assert_in_a_row(&lay, &["public_a", "private_a"], "y");
    assert_in_a_row(&lay, &["vpc_a", "vpc_b"], "y");
}

/// The order of units follows the majority of the edges between them, not
/// only the file: three edges run from the second subnet to the first and
/// one back, so the second comes first along the flow.
#[test]
fn units_follow_the_majority_of_their_edges() {
    let toml = r#"
title = "majority"
direction = "right"
flows = [
  "b1 -> a1", "b2 -> a2", "b3 -> a3",
  "a1 -> b3",
]
[nodes]
a1 = { icon = "ec2", in = "first" }
a2 = { icon = "ec2", in = "first" }
a3 = { icon = "ec2", in = "first" }
b1 = { icon = "ec2", in = "second" }
b2 = { icon = "ec2", in = "second" }
b3 = { icon = "ec2", in = "second" }
[groups]
vpc = { kind = "vpc" }
first = { kind = "public-subnet", in = "vpc" }
second = { kind = "private-subnet", in = "vpc" }
"#;
    let diagram = flow_files::load_valid_named("majority.toml", toml);
    let lay: Value =
        serde_json::from_str(&archflow::layout::layout(&diagram).to_json()).expect("JSON");
    assert_eq!(
        guarantees::check_json(&lay).violations,
        Vec::<String>::new()
    );
    assert_in_a_row(&lay, &["second", "first"], "x");
}

/// An Auto Scaling group spanning a node of each of two zones joined both
/// ways: ranked as units the zones would put its members in different
/// ranks, so the engine keeps its old ranking and draws the overlay. Its
/// title has no corner clear of the edges coming down into both members,
/// so the gap between them widens until it sits between those edges.
#[test]
fn an_overlay_across_units_is_still_drawn() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/flows/units/overlay-across-units.toml");
    let diagram = flow_files::load_valid_file(&path);
    let (layout, notes) = archflow::layout::layout_with_notes(&diagram);
    assert_eq!(notes.errors, Vec::<String>::new());
    assert_eq!(guarantees::violations(&layout), Vec::<String>::new());
    let lay: Value = serde_json::from_str(&layout.to_json()).expect("JSON");
    assert_eq!(guarantees::title_passes(&lay), Vec::<String>::new());
}
