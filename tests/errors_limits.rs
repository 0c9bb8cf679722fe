//! The documented limits: each is refused with an error at its place, and
//! a diagram right at a limit is valid and validated quickly.

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use archflow::limits::{
    MAX_EDGES, MAX_FILE_BYTES, MAX_GROUPS, MAX_GROUP_DEPTH, MAX_LABEL_CHARS, MAX_NODES,
};

fn load(src: &str) -> Result<archflow::model::Diagram, archflow::diagnostics::FileReport> {
    archflow::load_source("big.toml", src.as_bytes(), Path::new("."))
}

fn nodes_file(n: usize) -> String {
    let mut s = String::from("title = \"many\"\nflows = [\n");
    for i in 1..n {
        let _ = writeln!(s, "  \"n{} -> n{i}\",", i - 1);
    }
    s.push_str("]\n[nodes]\n");
    for i in 0..n {
        let _ = writeln!(s, "n{i} = {{ icon = \"ec2\", label = \"Node {i}\" }}");
    }
    s
}

#[test]
fn ten_thousand_nodes_are_valid_and_quick() {
    let src = nodes_file(MAX_NODES);
    let start = Instant::now();
    let d = load(&src).unwrap_or_else(|r| panic!("{}", r.render(false)));
    let took = start.elapsed();
    assert_eq!(d.nodes.len(), MAX_NODES);
    assert_eq!(d.edges.len(), MAX_NODES - 1);
    // Debug builds are slow; this still catches anything quadratic.
    assert!(took < Duration::from_secs(5), "took {took:?}");
}

#[test]
fn ten_thousand_and_one_nodes_are_refused_at_the_extra_node() {
    let src = nodes_file(MAX_NODES + 1);
    let report = load(&src).expect_err("too many nodes");
    let locs = report.locations();
    assert_eq!(locs.len(), 1, "{}", report.render(false));
    let (line, col, msg) = &locs[0];
    assert_eq!(msg, "too many nodes: at most 10000");
    // The 10 001st node line: after the title, `flows = [`, 10 000 flow
    // lines, `]` and `[nodes]`.
    assert_eq!(*line, 2 + MAX_NODES + 2 + MAX_NODES + 1);
    assert_eq!(*col, 1);
    insta::assert_snapshot!(report.render(false));
}

#[test]
fn implicit_nodes_count_too() {
    // 9 999 declared nodes, then `users` and `s3` as implicit ones.
    let mut s = String::from("title = \"t\"\nflows = [\"users -> s3\"]\n[nodes]\n");
    for i in 0..MAX_NODES - 1 {
        let _ = writeln!(s, "n{i} = {{ icon = \"ec2\" }}");
    }
    let report = load(&s).expect_err("10 001 nodes");
    let locs = report.locations();
    assert_eq!(locs.len(), 1);
    assert_eq!(locs[0].0, 2);
    assert_eq!(locs[0].1, 20, "{}", report.render(false));
}

#[test]
fn too_many_edges() {
    let mut s = String::from("title = \"t\"\nflows = [\n");
    let ids: Vec<String> = (0..150).map(|i| format!("n{i}")).collect();
    let list = ids.join(", ");
    // 150 × 150 = 22 500 edges in one line.
    let _ = writeln!(s, "  \"users -> s3\",\n  \"{list} -> {list}\",\n]");
    s.push_str("[nodes]\n");
    for id in &ids {
        let _ = writeln!(s, "{id} = {{ icon = \"sqs\" }}");
    }
    let report = load(&s).expect_err("too many edges");
    let locs = report.locations();
    assert_eq!(locs.len(), 1);
    assert_eq!((locs[0].0, locs[0].1), (4, 3));
    assert_eq!(locs[0].2, format!("too many edges: at most {MAX_EDGES}"));
    // Exactly at the limit is fine.
    let mut s = String::from("title = \"t\"\nflows = [\n");
    let a: Vec<String> = (0..100).map(|i| format!("a{i}")).collect();
    let b: Vec<String> = (0..200).map(|i| format!("b{i}")).collect();
    let _ = writeln!(s, "  \"{} -> {}\",\n]\n[nodes]", a.join(","), b.join(","));
    for id in a.iter().chain(&b) {
        let _ = writeln!(s, "{id} = {{ icon = \"sqs\" }}");
    }
    let d = load(&s).unwrap_or_else(|r| panic!("{}", r.render(false)));
    assert_eq!(d.edges.len(), MAX_EDGES);
}

#[test]
fn too_many_groups() {
    let mut s = String::from("title = \"t\"\nflows = []\n[groups]\n");
    for i in 0..=MAX_GROUPS {
        let _ = writeln!(s, "g{i:04} = {{ kind = \"generic\" }}");
    }
    let report = load(&s).expect_err("too many groups");
    let locs = report.locations();
    assert_eq!(locs.len(), 1);
    assert_eq!(locs[0].0, 3 + MAX_GROUPS + 1);
    assert_eq!(locs[0].2, format!("too many groups: at most {MAX_GROUPS}"));
}

fn nested(depth: usize) -> String {
    let mut s = String::from("title = \"t\"\nflows = []\n[groups]\ng1 = { kind = \"generic\" }\n");
    for i in 2..=depth {
        let _ = writeln!(s, "g{i} = {{ kind = \"generic\", in = \"g{}\" }}", i - 1);
    }
    s
}

#[test]
fn groups_nested_too_deep() {
    let d = load(&nested(MAX_GROUP_DEPTH)).unwrap_or_else(|r| panic!("{}", r.render(false)));
    assert_eq!(d.group_depth(MAX_GROUP_DEPTH - 1), MAX_GROUP_DEPTH);
    let report = load(&nested(MAX_GROUP_DEPTH + 3)).expect_err("too deep");
    insta::assert_snapshot!(report.render(false));
}

#[test]
fn labels_too_long() {
    let ok = "가".repeat(MAX_LABEL_CHARS);
    let src = format!(
        "title = \"{ok}\"\nflows = []\n[nodes]\nweb = {{ icon = \"ec2\", label = \"{ok}\" }}\n"
    );
    assert!(load(&src).is_ok());
    let long = "x".repeat(MAX_LABEL_CHARS + 1);
    let src = format!(
        "title = \"{long}\"\nsubtitle = \"{long}\"\nflows = [\"users -> s3 : {long}\"]\n[nodes]\nweb = {{ icon = \"ec2\", label = \"{long}\" }}\n"
    );
    let report = load(&src).expect_err("too long");
    let locs: Vec<(usize, usize)> = report.locations().iter().map(|l| (l.0, l.1)).collect();
    assert_eq!(locs, [(1, 9), (2, 12), (3, 25), (5, 31)]);
    assert!(report.locations()[0].2.contains("1001 characters long"));
    // Long lines are not quoted, but still placed.
    let text = report.render(false);
    assert!(text.contains("--> big.toml:5:31"), "{text}");
    assert!(text.len() < 4000, "{text}");
}

#[test]
fn a_file_over_the_size_limit_is_not_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("huge.toml");
    let mut s = String::from("title = \"t\"\nflows = []\n");
    s.push_str(&"#".repeat(10 * 1024 * 1024));
    std::fs::write(&path, s).expect("write");
    let report = archflow::load_file(&path).expect_err("too large");
    assert_eq!(report.locations().len(), 1);
    assert!(
        report.diagnostics[0].message.contains("at most 4 MiB"),
        "{:?}",
        report.diagnostics
    );
    // Exactly at the limit is read.
    let mut s = String::from("title = \"t\"\nflows = []\n#");
    s.push_str(&"x".repeat(MAX_FILE_BYTES - s.len()));
    assert_eq!(s.len(), MAX_FILE_BYTES);
    assert!(load(&s).is_ok());
}

#[test]
fn many_errors_are_capped_with_a_count() {
    let mut s = String::from("title = \"t\"\nflows = [\n");
    for i in 0..2000 {
        let _ = writeln!(s, "  \"users -> nope{i}\",");
    }
    s.push_str("]\n");
    let start = Instant::now();
    let report = load(&s).expect_err("unknown ids");
    let text = report.render(false);
    assert!(start.elapsed() < Duration::from_secs(10));
    let locs = report.locations();
    assert_eq!(locs.len(), archflow::limits::MAX_REPORTED + 1);
    assert_eq!(
        locs.last().map(|l| l.2.as_str()),
        Some("1500 more errors not shown (at most 500 are shown per file)")
    );
    assert!(text.contains("unknown id `nope0`"));
}

#[test]
fn unreadable_paths_are_reports() {
    let dir = tempfile::tempdir().expect("temp dir");
    let report = archflow::load_file(&dir.path().join("nope.toml")).expect_err("missing");
    assert!(report.diagnostics[0].message.contains("no such file"));
    let report = archflow::load_file(dir.path()).expect_err("folder");
    assert!(!report.diagnostics.is_empty());
}

#[test]
fn a_pathological_file_stays_quick_and_its_report_short() {
    // One flow line of about a million unknown ids, just under 4 MiB.
    let mut s = String::from("title = \"t\"\nflows = [\"");
    while s.len() < MAX_FILE_BYTES - 100 {
        s.push_str("zz,");
    }
    s.push_str("zz -> s3\"]\n");
    let start = Instant::now();
    let report = load(&s).expect_err("unknown ids");
    let text = report.render(false);
    let took = start.elapsed();
    assert!(took < Duration::from_secs(20), "took {took:?}");
    assert_eq!(report.diagnostics.len(), archflow::limits::MAX_REPORTED + 1);
    let last = report
        .diagnostics
        .last()
        .map(|d| d.message.clone())
        .unwrap_or_default();
    assert!(
        last.ends_with("more errors not shown (at most 500 are shown per file)"),
        "{last}"
    );
    // The line is too long to quote: each error is its place and message.
    assert!(text.len() < 200_000, "{} bytes", text.len());
    assert!(
        text.contains("--> big.toml:2:11"),
        "{}",
        &text[..500.min(text.len())]
    );
}
