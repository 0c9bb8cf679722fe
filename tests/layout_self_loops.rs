//! Self-loops, however many a node carries: no arrowhead touches another
//! edge, no two edges of different styles run along each other, every
//! loop stays inside its node's group and crosses no edge, and the layout
//! guarantees hold, in all four directions of the flow.

#[path = "support/flow_files.rs"]
mod flow_files;
#[path = "support/guarantees.rs"]
mod guarantees;

use serde_json::Value;

/// The kinds of loop the flows cycle through: one arrowhead, none, two;
/// solid and dashed; some labelled, two of them with one label text.
const KINDS: [&str; 6] = [
    "a -> a",
    "a .. a",
    "a <..> a",
    "a -- a : retry",
    "a ..> a : poll",
    "a -> a : retry",
];

/// A flow `src -> a -> dst` in a subnet, `a` carrying `count` self-loops.
fn flow(direction: &str, count: usize) -> String {
    flow_of(direction, "src -> a -> dst", count)
}

/// A flow `chain` (of `src`, `a`, `dst`) in a subnet, `a` carrying `count`
/// self-loops.
fn flow_of(direction: &str, chain: &str, count: usize) -> String {
    let loops: Vec<String> = (0..count)
        .map(|k| format!("  \"{}\",", KINDS[k % KINDS.len()]))
        .collect();
    format!(
        r#"title = "Loops"
direction = "{direction}"
flows = [
  "{chain}",
{}
]

[nodes]
src = {{ icon = "sqs", label = "Queue" }}
a = {{ icon = "lambda", label = "Worker", in = "subnet" }}
dst = {{ icon = "dynamodb", label = "Table" }}

[groups]
subnet = {{ kind = "private-subnet", label = "Private subnet" }}
"#,
        loops.join("\n")
    )
}

fn laid_out(name: &str, toml: &str) -> Value {
    let diagram = flow_files::load_valid_named(name, toml);
    serde_json::from_str(&archflow::layout::layout(&diagram).to_json()).expect("JSON")
}

/// What a reader or the contract would object to in one layout.
fn defects(lay: &Value) -> Vec<String> {
    let mut out = guarantees::check_json(lay).violations;
    out.extend(guarantees::shared_heads(lay));
    out.extend(guarantees::hidden_runs(lay));
    out.extend(guarantees::loops_leaving_their_group(lay));
    out.extend(guarantees::loops_crossing_edges(lay));
    out
}

/// Every defect of the layouts of `a` carrying `counts` loops in `chain`,
/// in all four directions, after checking that every loop is drawn.
fn defects_of(chain: &str, counts: &[usize]) -> Vec<String> {
    let mut failures = Vec::new();
    for direction in ["right", "down", "left", "up"] {
        for &count in counts {
            let name = format!("loops-{direction}-{count}.toml");
            let lay = laid_out(&name, &flow_of(direction, chain, count));
            let loops = lay["edges"]
                .as_array()
                .expect("edges")
                .iter()
                .filter(|e| e["from"] == "a" && e["to"] == "a")
                .count();
            assert_eq!(loops, count, "{name}: every loop is drawn");
            for d in defects(&lay) {
                failures.push(format!("{name}: {d}"));
            }
        }
    }
    failures
}

#[test]
fn one_to_sixteen_loops_keep_their_heads_and_lines_apart() {
    let counts: Vec<usize> = (1..=16).collect();
    let failures = defects_of("src -> a -> dst", &counts);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A node that no edge enters keeps its start along the flow for loops
/// too: forty keep apart on three sides.
#[test]
fn a_node_with_a_free_start_keeps_forty_loops_apart() {
    let failures = defects_of("a -> dst", &[24, 30, 40]);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Up to four loops nest on one side of the node (its top in left-right
/// flows, its right in top-down ones); more use the opposite side too.
#[test]
fn loops_take_a_second_side_only_when_one_is_full() {
    for (direction, horizontal) in [("right", true), ("down", false)] {
        for count in [4, 5, 12] {
            let name = format!("sides-{direction}-{count}.toml");
            let lay = laid_out(&name, &flow(direction, count));
            let node = lay["nodes"]
                .as_array()
                .and_then(|n| n.iter().find(|n| n["id"] == "a"))
                .expect("node a");
            let icon = &node["icon_box"];
            let f = |v: &Value| v.as_f64().expect("number");
            // The side of the icon each loop's start meets: before (top or
            // left) or after its middle across the flow.
            let (axis, mid) = if horizontal {
                (1, f(&icon["y"]) + f(&icon["h"]) / 2.0)
            } else {
                (0, f(&icon["x"]) + f(&icon["w"]) / 2.0)
            };
            let mut sides = [0usize; 2];
            for e in lay["edges"].as_array().expect("edges") {
                if e["from"] == "a" && e["to"] == "a" {
                    let start = f(&e["points"][0][axis]);
                    sides[usize::from(start > mid)] += 1;
                }
            }
            let first = usize::from(!horizontal);
            if count <= 4 {
                assert_eq!(sides[first], count, "{name}: {sides:?}");
            } else {
                assert!(sides[0] > 0 && sides[1] > 0, "{name}: {sides:?}");
                assert!(sides[0].abs_diff(sides[1]) <= 2, "{name}: {sides:?}");
            }
        }
    }
}
