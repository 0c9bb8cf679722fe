//! (b) Bytes -> TOML -> validated model: any bytes give a diagram or a
//! report, never a panic; a diagram keeps every promise of `model.rs` and
//! every limit of `validate.rs`, and a report renders.
#![no_main]

use archflow::limits::{MAX_EDGES, MAX_GROUPS, MAX_GROUP_DEPTH, MAX_LABEL_CHARS, MAX_NODES};
use archflow::model::{Diagram, Endpoint};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

/// Custom icon paths resolve against a folder that does not exist, so the
/// fuzzer never reads files.
const BASE: &str = "/nonexistent/archflow-fuzz";

fuzz_target!(|data: &[u8]| {
    match archflow::load_source("fuzz.toml", data, Path::new(BASE)) {
        Ok(d) => check_model(&d),
        Err(report) => {
            assert!(
                !report.diagnostics.is_empty(),
                "an error report with no error"
            );
            let text = report.render(false);
            assert!(text.contains("fuzz.toml"), "{text}");
            let _ = report.render(true);
            let _ = report.locations();
        }
    }
});

fn check_model(d: &Diagram) {
    assert!(d.nodes.len() <= MAX_NODES);
    assert!(d.edges.len() <= MAX_EDGES);
    assert!(d.groups.len() <= MAX_GROUPS);
    let chars = |s: &str| s.chars().count();
    assert!(!d.title.trim().is_empty());
    assert!(chars(&d.title) <= MAX_LABEL_CHARS);
    if let Some(s) = &d.subtitle {
        assert!(chars(s) <= MAX_LABEL_CHARS);
    }
    for n in &d.nodes {
        assert!(chars(&n.label) <= MAX_LABEL_CHARS, "node {}", n.id);
        if let Some(g) = n.group {
            assert!(g < d.groups.len());
        }
    }
    for (i, g) in d.groups.iter().enumerate() {
        assert!(chars(&g.label) <= MAX_LABEL_CHARS, "group {}", g.id);
        // Walk up with a bound: the tree has no cycle and no chain deeper
        // than the limit.
        let mut depth = 1;
        let mut cur = g.parent;
        while let Some(p) = cur {
            assert!(p < d.groups.len());
            depth += 1;
            assert!(
                depth <= MAX_GROUP_DEPTH,
                "group {i} nested too deep (or a cycle)"
            );
            cur = d.groups[p].parent;
        }
    }
    for e in &d.edges {
        for end in [e.from, e.to] {
            match end {
                Endpoint::Node(n) => assert!(n < d.nodes.len()),
                Endpoint::Group(g) => assert!(g < d.groups.len()),
            }
        }
        if let Some(l) = &e.label {
            assert!(chars(l) <= MAX_LABEL_CHARS);
        }
    }
}
