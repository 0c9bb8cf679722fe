//! Inputs that once crashed archflow, found by the fuzz targets of `fuzz/`
//! (see fuzz/README.md), minimised and kept here inline. Each goes through
//! the whole pipeline with the checks of the `pipeline` fuzz target:
//! bytes -> model -> layout -> SVG -> PNG, finite numbers, well-formed SVG.
//!
//! `cargo test --release` has no overflow checks, so a test here also checks
//! what the bug did to the result in a release build, not only the panic a
//! debug build (or the fuzzer, built with `--debug-assertions`) shows.

#[path = "support/flow_files.rs"]
mod flow_files;
#[path = "support/guarantees.rs"]
mod guarantees;

use archflow::layout::{self, Layout};
use archflow::render::{self, Theme};

/// The `pipeline` fuzz target, as a function: panics where it would.
fn pipeline(source: &str) -> Layout {
    let diagram = flow_files::load_valid_named("regression.toml", source);
    let geometry = layout::layout(&diagram);
    assert_eq!(geometry.nodes.len(), diagram.nodes.len());
    assert_eq!(geometry.groups.len(), diagram.groups.len());
    let finite = |xs: &[f64]| xs.iter().all(|v| v.is_finite());
    assert!(finite(&[geometry.width, geometry.height]));
    for n in &geometry.nodes {
        let r = n.rect;
        assert!(finite(&[r.x, r.y, r.w, r.h]), "node {}", n.id);
    }
    for g in &geometry.groups {
        let r = g.rect;
        assert!(finite(&[r.x, r.y, r.w, r.h]), "group {}", g.id);
    }
    for e in &geometry.edges {
        assert!(
            e.points.iter().all(|p| finite(p)),
            "edge {}->{}",
            e.from,
            e.to
        );
    }
    for theme in [Theme::Light, Theme::Dark] {
        let svg = render::to_svg(&diagram, &geometry, theme);
        roxmltree::Document::parse(&svg).expect("well-formed SVG");
        render::png::render(&svg, 0.25).expect("PNG");
    }
    geometry
}

/// Found by the `pipeline` smoke in `.ci/run` (from the seed
/// `tests/fixtures/layout/regress-13.toml`): `attempt to subtract with
/// overflow` in `layout::layered::rank::Plan::ranks`. An inner group feeds a
/// node that feeds the outer group, a cycle through group borders; breaking
/// it re-queued the node for the topological sort before the replacement
/// constraint into it was counted, so the node was taken twice and an
/// in-degree went below zero. In a release build the count wrapped around
/// and ranks were assigned from a broken sort.
const RANK_INDEGREE_UNDERFLOW: &str = r#"
title = "t"
flows = ["g1 -> e", "e -> g0"]

[nodes]
e = { icon = "ec2" }

[groups]
g0 = { kind = "generic" }
g1 = { kind = "generic", in = "g0" }
"#;

#[test]
fn rank_indegree_underflow_on_a_cycle_through_nested_group_borders() {
    let l = pipeline(RANK_INDEGREE_UNDERFLOW);
    // Release builds wrapped the count and laid `e` out backwards (G7).
    assert_eq!(guarantees::violations(&l), Vec::<String>::new());
}

/// The same bug with more around it: the fuzzer's input before
/// minimisation, shortened by hand.
#[test]
fn rank_indegree_underflow_with_siblings() {
    let l = pipeline(
        r#"
title = "t"
flows = ["g2 -> h", "g1 -> e", "e -> g0", "e -> h"]

[nodes]
e = { icon = "ec2" }
f = { icon = "ec2", in = "g2" }
h = { icon = "ec2" }
i = { icon = "ec2", in = "g1" }

[groups]
g0 = { kind = "generic" }
g1 = { kind = "generic", in = "g0" }
g2 = { kind = "generic", in = "g0" }
"#,
    );
    assert_eq!(guarantees::violations(&l), Vec::<String>::new());
}

/// Found by the `pipeline` smoke in `.ci/run`, on its seed corpus (a fan-out
/// with one label): `attempt to subtract with overflow` in
/// `LongestPath::seat_loose`, which asked each constraint into a node for the
/// group it came from with `then_some((a - n) / 2)`, evaluated even where the
/// constraint came from a node (`a < n`). Release builds wrapped the value
/// and threw it away, so only the debug build and the fuzzer panicked; now it
/// is computed only for a group's constraint.
const SEAT_LOOSE_GROUP_OF_A_NODE: &str = r#"
title = "Fan-out with SNS and SQS"

[[edges]]
from = "sns"
to = ["sqs", "lambda"]
label = "event"
"#;

#[test]
fn seat_loose_asks_only_group_constraints_for_their_group() {
    let l = pipeline(SEAT_LOOSE_GROUP_OF_A_NODE);
    assert_eq!(guarantees::violations(&l), Vec::<String>::new());
    assert_eq!(l.edges.len(), 2);
}
