//! Property tests of the layout engine: random valid flow files, written as
//! TOML text so that they go through the real loader, must keep all eight
//! guarantees of `layout-json.md` and lay out deterministically.
//!
//! On a failure the message holds the shrunk flow file; save it under
//! `tests/fixtures/layout/regress-N.toml` (those files are re-checked by
//! `regression_fixtures_keep_every_guarantee` below).

#[path = "support/guarantees.rs"]
mod guarantees;

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, RngSeed, TestCaseError};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

const ICONS: [&str; 10] = [
    "ec2",
    "s3",
    "lambda",
    "alb",
    "rds",
    "users",
    "sqs",
    "dynamodb",
    "cloudfront",
    "route53",
];

const KINDS: [&str; 11] = [
    "aws-cloud",
    "region",
    "availability-zone",
    "vpc",
    "public-subnet",
    "private-subnet",
    "security-group",
    "auto-scaling-group",
    "corporate-data-center",
    "account",
    "generic",
];

const DIRECTIONS: [&str; 4] = ["right", "down", "left", "up"];

/// Flow-line arrows (flow-format.md).
const ARROWS: [&str; 6] = ["->", "<->", "--", "..>", "<..>", ".."];

/// Deepest group nesting generated (a top-level group is depth 1).
const MAX_DEPTH: usize = 5;

// ---------------------------------------------------------------------------
// The generated flow file.

#[derive(Debug, Clone)]
struct Flow {
    direction: Option<&'static str>,
    title: String,
    subtitle: Option<String>,
    groups: Vec<Group>,
    nodes: Vec<Node>,
    lines: Vec<Line>,
    tables: Vec<EdgeTable>,
}

#[derive(Debug, Clone)]
struct Group {
    kind: &'static str,
    label: Option<String>,
    parent: Option<usize>,
}

#[derive(Debug, Clone)]
struct Node {
    icon: &'static str,
    label: Option<String>,
    group: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum End {
    Node(usize),
    Group(usize),
    /// An undeclared id that names an icon: an implicit node.
    Icon(&'static str),
}

#[derive(Debug, Clone)]
struct Line {
    /// At least two lists of at least one end.
    lists: Vec<Vec<End>>,
    arrows: Vec<&'static str>,
    label: Option<String>,
}

#[derive(Debug, Clone)]
struct EdgeTable {
    from: Vec<End>,
    to: Vec<End>,
    label: Option<String>,
    style: Option<&'static str>,
    arrow: Option<&'static str>,
}

fn end_id(e: End) -> String {
    match e {
        End::Node(i) => format!("n{i}"),
        End::Group(i) => format!("g{i}"),
        End::Icon(k) => k.to_string(),
    }
}

/// A TOML basic string.
fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl Flow {
    fn to_toml(&self) -> String {
        let mut t = String::new();
        let _ = writeln!(t, "title = {}", quote(&self.title));
        if let Some(s) = &self.subtitle {
            let _ = writeln!(t, "subtitle = {}", quote(s));
        }
        if let Some(d) = self.direction {
            let _ = writeln!(t, "direction = {}", quote(d));
        }
        if self.lines.is_empty() && !self.tables.is_empty() {
            // `flows` may be left out when `[[edges]]` is given.
        } else {
            t.push_str("flows = [\n");
            for l in &self.lines {
                let mut s = String::new();
                for (k, list) in l.lists.iter().enumerate() {
                    if k > 0 {
                        let _ = write!(s, " {} ", l.arrows[k - 1]);
                    }
                    let ids: Vec<String> = list.iter().map(|&e| end_id(e)).collect();
                    s.push_str(&ids.join(", "));
                }
                if let Some(label) = &l.label {
                    let _ = write!(s, " : {label}");
                }
                let _ = writeln!(t, "  {},", quote(&s));
            }
            t.push_str("]\n");
        }
        if !self.nodes.is_empty() {
            t.push_str("\n[nodes]\n");
            for (i, n) in self.nodes.iter().enumerate() {
                let _ = write!(t, "n{i} = {{ icon = {}", quote(n.icon));
                if let Some(l) = &n.label {
                    let _ = write!(t, ", label = {}", quote(l));
                }
                if let Some(g) = n.group {
                    let _ = write!(t, ", in = \"g{g}\"");
                }
                t.push_str(" }\n");
            }
        }
        if !self.groups.is_empty() {
            t.push_str("\n[groups]\n");
            for (i, g) in self.groups.iter().enumerate() {
                let _ = write!(t, "g{i} = {{ kind = {}", quote(g.kind));
                if let Some(l) = &g.label {
                    let _ = write!(t, ", label = {}", quote(l));
                }
                if let Some(p) = g.parent {
                    let _ = write!(t, ", in = \"g{p}\"");
                }
                t.push_str(" }\n");
            }
        }
        for e in &self.tables {
            t.push_str("\n[[edges]]\n");
            let list = |v: &[End]| -> String {
                if v.len() == 1 {
                    quote(&end_id(v[0]))
                } else {
                    let ids: Vec<String> = v.iter().map(|&e| quote(&end_id(e))).collect();
                    format!("[{}]", ids.join(", "))
                }
            };
            let _ = writeln!(t, "from = {}", list(&e.from));
            let _ = writeln!(t, "to = {}", list(&e.to));
            if let Some(l) = &e.label {
                let _ = writeln!(t, "label = {}", quote(l));
            }
            if let Some(s) = e.style {
                let _ = writeln!(t, "style = {}", quote(s));
            }
            if let Some(a) = e.arrow {
                let _ = writeln!(t, "arrow = {}", quote(a));
            }
        }
        t
    }

    /// The same flow file in another direction.
    fn with_direction(&self, d: &'static str) -> Flow {
        Flow {
            direction: Some(d),
            ..self.clone()
        }
    }
}

// ---------------------------------------------------------------------------
// Strategies.

/// Edge labels: short, long, Korean, and random words in both scripts.
fn edge_label() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            "dynamic",
            "static",
            "HTTPS",
            "read/write",
            "비동기 복제 스트림",
            "동기 복제",
            "replicates every object to the bucket in the second region over TLS",
            "주 리전의 Aurora 클러스터에서 보조 리전으로 1초 이내 비동기 복제 스트림 전송",
            "x",
        ])
        .prop_map(str::to_string),
        1 => "[a-z]{1,10}( [a-z]{1,10}){0,9}",
        1 => "[가-힣]{1,5}( [가-힣]{1,5}){0,7}",
    ]
}

/// Node and group labels: the same plus forced line breaks.
fn box_label() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            "Web",
            "EC2 instances",
            "S3 bucket\n(static)",
            "주문 처리 Lambda 함수",
            "전 세계 사용자",
            "Amazon Aurora PostgreSQL-compatible global database primary cluster",
            "비동기 복제 스트림을 받는 보조 리전의 읽기 전용 복제본 클러스터",
            "a\nb\nc\nd",
        ])
        .prop_map(str::to_string),
        1 => "[a-z]{1,10}( [a-z]{1,10}){0,9}",
        1 => "[가-힣]{1,5}( [가-힣]{1,5}){0,7}",
    ]
}

/// An edge end, before it is resolved against the node and group counts:
/// mostly nodes, some groups, some implicit icon nodes.
#[derive(Debug, Clone, Copy)]
struct RawEnd(u8, Index);

fn raw_end() -> impl Strategy<Value = RawEnd> {
    (0u8..12, any::<Index>()).prop_map(|(k, i)| RawEnd(k, i))
}

fn resolve(e: RawEnd, nodes: usize, groups: usize) -> End {
    match e.0 {
        9 | 10 if groups > 0 => End::Group(e.1.index(groups)),
        11 => End::Icon(ICONS[e.1.index(ICONS.len())]),
        _ => End::Node(e.1.index(nodes)),
    }
}

#[derive(Debug, Clone)]
struct RawLine {
    lists: Vec<Vec<RawEnd>>,
    arrows: Vec<usize>,
    label: Option<String>,
    /// Repeat the previous line (parallel edges) instead.
    repeat: bool,
    /// Close a cycle: the last end is replaced by the first.
    close: bool,
}

fn raw_line() -> impl Strategy<Value = RawLine> {
    (
        prop::collection::vec(
            prop::collection::vec(raw_end(), 1..=2).prop_map(|mut v| {
                // Mostly single ids; lists of two now and then.
                if v.len() == 2 && v[1].1.index(3) != 0 {
                    v.pop();
                }
                v
            }),
            2..=4,
        ),
        prop::collection::vec(0..ARROWS.len(), 3),
        prop::option::weighted(0.35, edge_label()),
        prop::bool::weighted(0.08),
        prop::bool::weighted(0.15),
    )
        .prop_map(|(lists, arrows, label, repeat, close)| RawLine {
            lists,
            arrows,
            label,
            repeat,
            close,
        })
}

#[derive(Debug, Clone)]
struct RawTable {
    from: Vec<RawEnd>,
    to: Vec<RawEnd>,
    label: Option<String>,
    style: Option<&'static str>,
    arrow: Option<&'static str>,
}

fn raw_table() -> impl Strategy<Value = RawTable> {
    (
        prop::collection::vec(raw_end(), 1..=2),
        prop::collection::vec(raw_end(), 1..=2),
        prop::option::weighted(0.5, edge_label()),
        prop::option::of(prop::sample::select(vec!["solid", "dashed"])),
        prop::option::of(prop::sample::select(vec!["forward", "both", "none"])),
    )
        .prop_map(|(from, to, label, style, arrow)| RawTable {
            from,
            to,
            label,
            style,
            arrow,
        })
}

fn flow() -> impl Strategy<Value = Flow> {
    let groups = prop::collection::vec(
        (
            prop::sample::select(KINDS.to_vec()),
            prop::option::weighted(0.3, box_label()),
            // 0: top level, 1: child of the previous group (deep chains),
            // 2: child of any earlier group.
            0u8..3,
            any::<Index>(),
        ),
        0..=8,
    );
    let nodes = prop::collection::vec(
        (
            prop::sample::select(ICONS.to_vec()),
            prop::option::weighted(0.4, box_label()),
            prop::option::weighted(0.6, any::<Index>()),
        ),
        1..=40,
    );
    (
        prop::option::weighted(0.9, prop::sample::select(DIRECTIONS.to_vec())),
        prop_oneof![
            Just("Random flow".to_string()),
            Just(
                "S3 정적 웹사이트의 대기 시간 줄이기 — 무작위로 만든 아키텍처 다이어그램"
                    .to_string()
            ),
        ],
        prop::option::weighted(0.3, box_label()),
        groups,
        nodes,
        prop::collection::vec(raw_line(), 0..=24),
        prop::collection::vec(raw_table(), 0..=3),
        // Without edges to groups in some files, so that G7 is checked in
        // full there (see `known_issue`).
        prop::bool::weighted(0.6),
    )
        .prop_map(
            |(
                direction,
                title,
                subtitle,
                raw_groups,
                raw_nodes,
                raw_lines,
                raw_tables,
                group_ends,
            )| {
                let mut groups: Vec<Group> = Vec::new();
                let mut depth: Vec<usize> = Vec::new();
                for (i, (kind, label, how, pick)) in raw_groups.into_iter().enumerate() {
                    let mut parent = match how {
                        _ if i == 0 => None,
                        0 => None,
                        1 => Some(i - 1),
                        _ => Some(pick.index(i)),
                    };
                    // Keep within MAX_DEPTH by climbing to a shallower parent.
                    while let Some(p) = parent {
                        if depth[p] < MAX_DEPTH {
                            break;
                        }
                        parent = groups[p].parent;
                    }
                    depth.push(parent.map_or(1, |p| depth[p] + 1));
                    groups.push(Group {
                        kind,
                        label: label.map(|l| l.replace('\n', " ")),
                        parent,
                    });
                }
                let ng = groups.len();
                let nodes: Vec<Node> = raw_nodes
                    .into_iter()
                    .map(|(icon, label, g)| Node {
                        icon,
                        label,
                        group: g.filter(|_| ng > 0).map(|i| i.index(ng)),
                    })
                    .collect();
                let nn = nodes.len();
                let eg = if group_ends { ng } else { 0 };
                let mut lines: Vec<Line> = Vec::new();
                for r in raw_lines {
                    if r.repeat {
                        if let Some(prev) = lines.last().cloned() {
                            lines.push(prev);
                            continue;
                        }
                    }
                    let mut lists: Vec<Vec<End>> = r
                        .lists
                        .iter()
                        .map(|l| l.iter().map(|&e| resolve(e, nn, eg)).collect())
                        .collect();
                    if r.close {
                        let first = lists[0][0];
                        if let Some(last) = lists.last_mut() {
                            last[0] = first;
                        }
                    }
                    let arrows = (0..lists.len() - 1).map(|k| ARROWS[r.arrows[k]]).collect();
                    lines.push(Line {
                        lists,
                        arrows,
                        label: r.label,
                    });
                }
                let tables = raw_tables
                    .into_iter()
                    .map(|r| EdgeTable {
                        from: r.from.iter().map(|&e| resolve(e, nn, eg)).collect(),
                        to: r.to.iter().map(|&e| resolve(e, nn, eg)).collect(),
                        label: r.label,
                        style: r.style,
                        arrow: r.arrow,
                    })
                    .collect();
                Flow {
                    direction,
                    title,
                    subtitle: subtitle.map(|s| s.replace('\n', " ")),
                    groups,
                    nodes,
                    lines,
                    tables,
                }
            },
        )
}

// ---------------------------------------------------------------------------
// Checks.

fn load(toml: &str) -> archflow::model::Diagram {
    match archflow::load_source("random.toml", toml.as_bytes(), Path::new(".")) {
        Ok(d) => d,
        Err(report) => panic!(
            "the generator wrote an invalid flow file: {:?}\n--- TOML ---\n{toml}",
            report.diagnostics
        ),
    }
}

/// Every guarantee holds for `flow` (but for the known engine bugs of
/// [`known_issue`]), and two layouts of it are the same bytes.
fn check_flow(flow: &Flow) -> Result<(), TestCaseError> {
    let toml = flow.to_toml();
    let first = archflow::layout::layout(&load(&toml)).to_json();
    let unknown = unknown_violations(&first);
    prop_assert!(
        unknown.is_empty(),
        "{} broken guarantee(s):\n  {}\n--- TOML ---\n{toml}",
        unknown.len(),
        unknown.join("\n  ")
    );
    let second = archflow::layout::layout(&load(&toml)).to_json();
    prop_assert!(
        first == second,
        "two layouts of the same file differ\n--- TOML ---\n{toml}"
    );
    Ok(())
}

/// The violations of a layout that no [`known_issue`] explains.
fn unknown_violations(json: &str) -> Vec<String> {
    let lay: Value = serde_json::from_str(json).expect("layout JSON");
    let facts = Facts::new(&lay);
    let mut out: Vec<String> = guarantees::check_json(&lay)
        .violations
        .into_iter()
        .filter(|v| known_issue(v, &facts).is_none())
        .collect();
    // Beyond the eight: archflow draws every edge orthogonally.
    out.extend(guarantees::slanted_segments(&lay));
    out
}

// ---------------------------------------------------------------------------
// Known engine bugs. Each was found by these tests, shrunk, saved as
// tests/fixtures/layout/regress-N.toml and reported. A violation that fits a
// rule below is tolerated; every other violation fails the test. Fixtures
// whose bug has since been fixed stay as plain regression tests (they must
// keep every guarantee; see `FIXED` below). Remove a rule once all of its
// fixtures pass (`regression_fixtures` says which ones do).

/// Fixtures that broke a guarantee when found and keep every one now: their
/// rules are gone, so a return of the bug fails the tests.
const FIXED: [&str; 23] = [
    "regress-1.toml",  // G6: 7 parallel edges, ports past the side
    "regress-2.toml",  // G5: two labelled self-loops on one node
    "regress-3.toml",  // G5: self-loop labels of neighbours (down)
    "regress-4.toml",  // G5: self-loop label over a neighbour (up)
    "regress-5.toml",  // G5: labelled edges to the own group
    "regress-6.toml",  // G5: label over an inner group's title
    "regress-7.toml",  // G7: a cycle through a nested group
    "regress-8.toml",  // G7: a backward edge beside such a cycle
    "regress-10.toml", // G5: parallel labels in a cycle through a group
    "regress-11.toml", // G4, G6: 13 parallel edges, one through a neighbour
    "regress-9.toml",  // G7: a cycle through groups, broken at the wrong edge
    "regress-12.toml", // G5: self-loop label on the group title (up)
    "regress-13.toml", // G6: a group port past the end of its side
    "regress-14.toml", // G5: labels in a cycle through nested groups
    "regress-15.toml", // G5: labelled edges from a group to its own nodes
    "regress-16.toml", // G7: a group edge that ended up a detour
    "regress-17.toml", // G7: a cycle through a border broken at an empty group
    "regress-18.toml", // G7: edges into a group whose member leads out (up)
    "regress-20.toml", // G7: a cycle once groups stand for what they hold
    "regress-21.toml", // G7: a group's centre between a member group and a node
    "regress-22.toml", // G7: a node beside a group, between two of its members
    "regress-19.toml", // G7: a group's centre both before and after a node
    "regress-23.toml", // G7: a group edge into a group starting before it
];

/// What the known-issue rules need to know about a layout.
struct Facts {
    /// Every group id with the ids it holds at any depth (nodes and groups).
    holds: HashMap<String, HashSet<String>>,
    /// Edges with a group end close a cycle once every group stands for
    /// what it holds, or join a group and something inside it.
    containment_cycle: bool,
}

impl Facts {
    fn new(lay: &Value) -> Facts {
        let list = |k: &str| lay[k].as_array().cloned().unwrap_or_default();
        let text = |v: &Value, k: &str| v[k].as_str().map(str::to_string);
        let parent: HashMap<String, Option<String>> = list("groups")
            .iter()
            .filter_map(|g| Some((text(g, "id")?, text(g, "parent"))))
            .collect();
        let mut holds: HashMap<String, HashSet<String>> =
            parent.keys().map(|g| (g.clone(), HashSet::new())).collect();
        let mut ids = Vec::new();
        let members = list("groups")
            .iter()
            .filter_map(|g| Some((text(g, "id")?, text(g, "parent"))))
            .chain(
                list("nodes")
                    .iter()
                    .filter_map(|n| Some((text(n, "id")?, text(n, "group")))),
            )
            .collect::<Vec<_>>();
        for (id, first) in members {
            let mut cur = first;
            // Bounded, in case the JSON's parents loop.
            for _ in 0..=parent.len() {
                let Some(g) = cur else { break };
                holds.entry(g.clone()).or_default().insert(id.clone());
                cur = parent.get(&g).cloned().flatten();
            }
            ids.push(id);
        }
        let mut facts = Facts {
            holds,
            containment_cycle: false,
        };
        let ends: Vec<(String, String)> = list("edges")
            .iter()
            .filter_map(|e| Some((text(e, "from")?, text(e, "to")?)))
            .collect();
        let mut expanded = Vec::new();
        for (f, t) in &ends {
            for a in facts.expand(f) {
                for b in facts.expand(t) {
                    expanded.push((a.clone(), b));
                }
            }
        }
        let comp = guarantees::sccs(&ids, &expanded);
        facts.containment_cycle = ends.iter().any(|(f, t)| {
            (facts.is_group(f) || facts.is_group(t))
                && f != t
                && (facts.nested(f, t)
                    || facts
                        .expand(f)
                        .iter()
                        .any(|a| facts.expand(t).iter().any(|b| comp.get(a) == comp.get(b))))
        });
        facts
    }

    fn is_group(&self, id: &str) -> bool {
        self.holds.contains_key(id)
    }

    /// An id with everything it holds.
    fn expand(&self, id: &str) -> HashSet<String> {
        let mut out = self.holds.get(id).cloned().unwrap_or_default();
        out.insert(id.to_string());
        out
    }

    /// The two ids are one box, or one holds the other: a "degenerate" edge
    /// (a self-loop, or an edge between a group and something inside it).
    fn nested(&self, a: &str, b: &str) -> bool {
        a == b
            || self.holds.get(a).is_some_and(|h| h.contains(b))
            || self.holds.get(b).is_some_and(|h| h.contains(a))
    }
}

/// The `(from, to)` of every edge a violation message names (`edge a->b`).
fn named_edges(v: &str) -> Vec<(&str, &str)> {
    v.split("edge ")
        .skip(1)
        .filter_map(|rest| rest.split(' ').next()?.split_once("->"))
        .collect()
}

/// The known engine bug that explains violation `v`, if any.
fn known_issue(v: &str, facts: &Facts) -> Option<&'static str> {
    let edges = named_edges(v);
    if facts.containment_cycle {
        // KNOWN: none of the fixtures any more (regress-7 to regress-10,
        // regress-13, regress-14 and regress-16 to regress-23 pass now).
        // Edges to groups that close a cycle through a group and what it
        // holds (g -> c -> users -> h, h inside g): no cycle of ids, which
        // is what G7 is read over, yet no order of ranks keeps every such
        // edge pointing forwards with groups that only span their members;
        // some need a group's centre before one node and after another.
        // The engine relaxes those edges to the group's far side and
        // stretches the group; where that is not enough it lays the diagram
        // out again with groups reaching over ranks beyond their members.
        // In the survey below (3 000 random files) 3 still break G7 this
        // way (81 before the second layout), when the ranks put two ends a
        // group's centre must lie between in the wrong order, and no other
        // guarantee breaks. Such files may also have routed group edges
        // through nodes (G4), past a side (G6) or with overlapping labels
        // (G5) in the past.
        if v.starts_with("G7 ") {
            return Some("containment cycle: G7");
        }
        let group_edge = edges
            .iter()
            .any(|&(a, b)| facts.is_group(a) || facts.is_group(b));
        if group_edge && ["G4 ", "G5 ", "G6 "].iter().any(|g| v.starts_with(g)) {
            return Some("containment cycle: group edge");
        }
    }
    if v.starts_with("G5 ") && edges.iter().any(|&(a, b)| facts.nested(a, b)) {
        // KNOWN: none of the fixtures any more (regress-2 to regress-6,
        // regress-12 and regress-15 pass now).
        // Labels of self-loops and of edges between a group and something
        // it holds are not given room of their own: with direction up a
        // self-loop label lands on its group's title; labels of edges from
        // a group to its own nodes overlap each other and the group's
        // title.
        return Some("degenerate-edge label");
    }
    None
}

fn config(cases: u32) -> Config {
    Config {
        // Minimal cases are reported as TOML and kept as fixtures instead.
        failure_persistence: None,
        // Shrinking re-lays out the file each step: bound it.
        max_shrink_time: 120_000,
        rng_seed: seed(),
        ..Config::with_cases(
            std::env::var("ARCHFLOW_PROPTEST_CASES")
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(cases),
        )
    }
}

/// A fixed seed unless `PROPTEST_RNG_SEED` asks for another, so that a run
/// is reproducible; set `ARCHFLOW_PROPTEST_RANDOM=1` for a fresh seed.
fn seed() -> RngSeed {
    if std::env::var_os("ARCHFLOW_PROPTEST_RANDOM").is_some() {
        return RngSeed::Random;
    }
    let s = std::env::var("PROPTEST_RNG_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x00A2_C4F1_0E5E_ED01);
    RngSeed::Fixed(s)
}

proptest! {
    #![proptest_config(config(256))]

    /// Random flow files in random directions keep every guarantee and lay
    /// out deterministically.
    #[test]
    fn random_flows_keep_every_guarantee(flow in flow()) {
        check_flow(&flow)?;
    }
}

proptest! {
    #![proptest_config(config(64))]

    /// One random graph, laid out in each of the four directions.
    #[test]
    fn every_direction_keeps_every_guarantee(flow in flow()) {
        for d in DIRECTIONS {
            check_flow(&flow.with_direction(d))?;
        }
    }
}

/// The Rust checker reads random layouts, broken ones included, exactly as
/// check_layout.py does: the same violations in the same words and order,
/// and the same crossing count.
#[test]
fn checker_agrees_with_check_layout_py_on_random_flows() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let Some(script) = guarantees::check_layout_py() else {
        eprintln!("check_layout.py or python3 not found; agreement not checked");
        return;
    };
    let mut runner = TestRunner::new(config(256));
    let layouts: Vec<Value> = (0..300)
        .map(|_| {
            let f = flow().new_tree(&mut runner).expect("a flow").current();
            let json = archflow::layout::layout(&load(&f.to_toml())).to_json();
            serde_json::from_str(&json).expect("layout JSON")
        })
        .collect();
    let python = guarantees::python_reports(&script, &layouts);
    let (mut broken, mut crossings) = (0, 0);
    for (lay, (py_problems, py_crossings)) in layouts.iter().zip(python) {
        let rust = guarantees::check_json(lay);
        assert_eq!(rust.violations, py_problems, "problems differ for {lay}");
        assert_eq!(rust.crossings, py_crossings, "crossings differ for {lay}");
        broken += usize::from(!rust.violations.is_empty());
        crossings += rust.crossings;
    }
    eprintln!("300 random layouts: {broken} with violations, {crossings} crossings, all as check_layout.py");
}

/// The generator itself: every kind of input it promises does occur.
#[test]
fn generator_covers_the_format() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::new(config(256));
    let (mut self_loops, mut group_ends, mut icon_ends, mut korean, mut deep) = (0, 0, 0, 0, 0);
    let (mut parallel, mut empty_groups, mut tables) = (0, 0, 0);
    let mut arrows = std::collections::BTreeSet::new();
    let mut directions = std::collections::BTreeSet::new();
    for _ in 0..256 {
        let f = flow().new_tree(&mut runner).expect("a flow").current();
        let toml = f.to_toml();
        let d = load(&toml);
        drop(d);
        directions.insert(f.direction.unwrap_or("right"));
        for l in &f.lines {
            for w in l.lists.windows(2) {
                if w[0].iter().any(|e| w[1].contains(e)) {
                    self_loops += 1;
                }
            }
            arrows.extend(l.arrows.iter().copied());
        }
        let ends = f.lines.iter().flat_map(|l| l.lists.iter().flatten());
        for e in ends {
            match e {
                End::Group(_) => group_ends += 1,
                End::Icon(_) => icon_ends += 1,
                End::Node(_) => {}
            }
        }
        if toml.chars().any(|c| ('가'..='힣').contains(&c)) {
            korean += 1;
        }
        if f.groups.iter().any(|g| {
            let mut n = 1;
            let mut p = g.parent;
            while let Some(q) = p {
                n += 1;
                p = f.groups[q].parent;
            }
            n == MAX_DEPTH
        }) {
            deep += 1;
        }
        let lines: Vec<String> = f
            .lines
            .iter()
            .map(|l| format!("{:?}{:?}", l.lists, l.arrows))
            .collect();
        if (1..lines.len()).any(|i| lines[i] == lines[i - 1]) {
            parallel += 1;
        }
        let used: std::collections::HashSet<usize> = f
            .nodes
            .iter()
            .filter_map(|n| n.group)
            .chain(f.groups.iter().filter_map(|g| g.parent))
            .collect();
        if (0..f.groups.len()).any(|g| !used.contains(&g)) {
            empty_groups += 1;
        }
        tables += usize::from(!f.tables.is_empty());
    }
    assert!(self_loops > 0, "no self-loops generated");
    assert!(group_ends > 0, "no edges to groups generated");
    assert!(icon_ends > 0, "no implicit icon nodes generated");
    assert!(korean > 0, "no Korean text generated");
    assert!(deep > 0, "no groups nested {MAX_DEPTH} deep generated");
    assert!(parallel > 0, "no parallel edges generated");
    assert!(empty_groups > 0, "no empty groups generated");
    assert!(tables > 0, "no [[edges]] tables generated");
    assert_eq!(arrows.len(), ARROWS.len(), "arrows generated: {arrows:?}");
    assert_eq!(directions.len(), 4, "directions generated: {directions:?}");
}

/// Every minimal failing case found so far breaks no guarantee beyond its
/// known, reported engine bug ([`known_issue`]); the fixed ones ([`FIXED`])
/// break none at all; all lay out deterministically. A KNOWN fixture that
/// now passes is named, so that it can move to `FIXED`.
#[test]
fn regression_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layout");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    assert!(
        files.len() >= FIXED.len(),
        "fixtures missing from {}",
        dir.display()
    );
    let mut failures = Vec::new();
    for path in &files {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let diagram = archflow::load_file(path)
            .unwrap_or_else(|r| panic!("{}: {:?}", path.display(), r.diagnostics));
        let json = archflow::layout::layout(&diagram).to_json();
        let all = guarantees::check_json_str(&json).violations;
        let fixed = FIXED.contains(&name);
        let broken = if fixed {
            all.clone()
        } else {
            unknown_violations(&json)
        };
        if !broken.is_empty() {
            failures.push(format!("{name}:\n  {}", broken.join("\n  ")));
        }
        if !fixed && all.is_empty() {
            eprintln!("{name} now keeps every guarantee: move it to FIXED");
        }
        assert_eq!(
            json,
            archflow::layout::layout(&diagram).to_json(),
            "{name}: two layouts differ"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Large generated flows keep every guarantee too. gen-flow 1000 seed 9
/// broke G7 twice (a cycle through a group and what it holds) before groups
/// could reach beyond their members; seed 1 is the benchmarks' flow.
#[test]
fn generated_flows_of_1000_nodes_keep_every_guarantee() {
    for seed in [1, 9] {
        let text = archflow::synth::generate(archflow::synth::Params { nodes: 1000, seed });
        let json = archflow::layout::layout(&load(&text)).to_json();
        let v = guarantees::check_json_str(&json).violations;
        assert!(v.is_empty(), "seed {seed}:\n{}", v.join("\n"));
    }
}

/// Not a test: lays out `ARCHFLOW_SURVEY_CASES` (default 2000) random flow
/// files and prints how often each guarantee breaks; with
/// `ARCHFLOW_SURVEY_DIR` set it also writes every failing file there.
/// `cargo test --release --test layout_props -- --ignored survey --nocapture`
#[test]
#[ignore]
fn survey() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let cases: usize = std::env::var("ARCHFLOW_SURVEY_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000);
    let dir = std::env::var_os("ARCHFLOW_SURVEY_DIR").map(std::path::PathBuf::from);
    let mut runner = TestRunner::new(config(256));
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    let mut failing = 0;
    let start = std::time::Instant::now();
    let mut slowest = (std::time::Duration::ZERO, String::new());
    for i in 0..cases {
        let f = flow().new_tree(&mut runner).expect("a flow").current();
        let toml = f.to_toml();
        if let Some(d) = &dir {
            // Left behind if the layout never returns.
            let _ = std::fs::create_dir_all(d);
            let _ = std::fs::write(d.join("current.toml"), &toml);
        }
        let t = std::time::Instant::now();
        let layout = archflow::layout::layout(&load(&toml));
        let took = t.elapsed();
        if took > slowest.0 {
            slowest = (took, toml.clone());
        }
        let json = layout.to_json();
        let lay: Value = serde_json::from_str(&json).expect("layout JSON");
        let facts = Facts::new(&lay);
        let v = guarantees::check_json(&lay).violations;
        let titles = guarantees::title_passes(&lay);
        if !titles.is_empty() {
            *counts.entry("edge through a title".into()).or_default() += 1;
            if let Some(d) = &dir {
                let text = format!("# {}\n{toml}", titles.join("\n# "));
                let _ = std::fs::write(d.join(format!("title-{i:05}.toml")), text);
            }
        }
        if !guarantees::slanted_segments(&lay).is_empty() {
            *counts.entry("slanted segment".into()).or_default() += 1;
        }
        if !guarantees::foreign_group_passes(&lay).is_empty() {
            *counts
                .entry("edge through a foreign group".into())
                .or_default() += 1;
        }
        let mut kinds: Vec<String> = v
            .iter()
            .map(|m| match known_issue(m, &facts) {
                Some(k) => format!("{} known: {k}", &m[..2]),
                None => format!("{} UNKNOWN", &m[..2]),
            })
            .collect();
        kinds.sort();
        kinds.dedup();
        for k in kinds {
            *counts.entry(k).or_default() += 1;
        }
        if !v.is_empty() {
            failing += 1;
            if let Some(d) = &dir {
                let text = format!("# {}\n{toml}", v.join("\n# "));
                let _ = std::fs::write(d.join(format!("case-{i:05}.toml")), text);
            }
        }
    }
    println!(
        "{failing}/{cases} failing in {:?}; by guarantee: {counts:?}",
        start.elapsed()
    );
    println!("slowest layout {:?}:\n{}", slowest.0, slowest.1);
}
