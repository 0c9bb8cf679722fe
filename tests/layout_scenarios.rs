//! The scenario corpus keeps every layout guarantee, and the Rust reading of
//! the guarantees (`support/guarantees.rs`) agrees with the independent
//! Python one (`shared/tools/check_layout.py`) where that is available.

#[path = "support/flow_files.rs"]
mod flow_files;
#[path = "support/guarantees.rs"]
mod guarantees;

use serde_json::Value;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `scenarios/` but its README, sorted, as paths relative to the crate.
fn scenario_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let entries =
            std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.file_name().is_some_and(|n| n != "README.md") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&root().join("scenarios"), &mut out);
    out.sort();
    out.into_iter()
        .map(|p| p.strip_prefix(root()).map(Path::to_path_buf).unwrap_or(p))
        .collect()
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// `scenarios/NN-<section>/qK-<slug>.toml`.
fn follows_naming(rel: &Path) -> bool {
    let parts: Vec<&str> = rel.iter().filter_map(|c| c.to_str()).collect();
    let [top, section, file] = parts[..] else {
        return false;
    };
    let section_ok = section.len() > 3
        && section.as_bytes()[..2].iter().all(u8::is_ascii_digit)
        && section.as_bytes()[2] == b'-'
        && is_slug(&section[3..]);
    let file_ok = file.strip_suffix(".toml").is_some_and(|stem| {
        stem.strip_prefix('q')
            .and_then(|rest| rest.split_once('-'))
            .is_some_and(|(k, slug)| {
                !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit()) && is_slug(slug)
            })
    });
    top == "scenarios" && section_ok && file_ok
}

fn layout_json(path: &Path) -> String {
    let diagram = flow_files::load_valid_file(&root().join(path));
    archflow::layout::layout(&diagram).to_json()
}

/// Every scenario and every fixture in `dir` (at least `fewest` of
/// them), with its layout JSON.
fn scenarios_and_fixtures(dir: &str, fewest: usize) -> Vec<(PathBuf, Value)> {
    let dir = root().join(dir);
    let mut files = scenario_files();
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    fixtures.sort();
    assert!(
        fixtures.len() >= fewest,
        "fixtures missing from {}",
        dir.display()
    );
    files.extend(fixtures);
    files
        .into_iter()
        .map(|path| {
            let lay = serde_json::from_str(&layout_json(&path)).expect("layout JSON");
            (path, lay)
        })
        .collect()
}

#[test]
fn corpus_has_31_scenarios_named_by_section_and_question() {
    let files = scenario_files();
    let misnamed: Vec<String> = files
        .iter()
        .filter(|p| !follows_naming(p))
        .map(|p| p.display().to_string())
        .collect();
    assert!(
        misnamed.is_empty(),
        "not scenarios/NN-<section>/qK-<slug>.toml: {misnamed:?}"
    );
    assert_eq!(files.len(), 31, "scenario files: {files:#?}");
}

#[test]
fn naming_rule_accepts_and_rejects() {
    assert!(follows_naming(Path::new(
        "scenarios/03-cloudfront/q2-s3-static-site-latency.toml"
    )));
    for bad in [
        "scenarios/3-cloudfront/q2-x.toml",
        "scenarios/03_cloudfront/q2-x.toml",
        "scenarios/03-cloudfront/2-x.toml",
        "scenarios/03-cloudfront/q2-x.json",
        "scenarios/03-cloudfront/q2-.toml",
        "scenarios/03-CloudFront/q2-x.toml",
        "scenarios/q2-x.toml",
        "scenarios/03-cloudfront/extra/q2-x.toml",
    ] {
        assert!(!follows_naming(Path::new(bad)), "{bad} accepted");
    }
}

#[test]
fn every_scenario_keeps_every_guarantee() {
    let mut failures = Vec::new();
    for path in scenario_files() {
        let json = layout_json(&path);
        let report = guarantees::check_json_str(&json);
        if !report.violations.is_empty() {
            failures.push(format!(
                "{}:\n  {}",
                path.display(),
                report.violations.join("\n  ")
            ));
        }
        assert_eq!(
            json,
            layout_json(&path),
            "{}: two layouts differ",
            path.display()
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// No edge of a scenario, nor of the fixtures that once broke this, runs
/// through the box of a group that holds neither of its ends or through a
/// group's title, no self-loop leaves the group of its node or crosses
/// another edge, every segment is horizontal or vertical, edges meet a
/// node's side either at one point or clearly apart, and no arrowhead lands
/// where another edge starts.
#[test]
fn edges_keep_clear_of_foreign_groups_and_of_titles() {
    let mut failures = Vec::new();
    for (path, lay) in scenarios_and_fixtures("tests/fixtures/clearance", 1) {
        let mut passes = guarantees::foreign_group_passes(&lay);
        passes.extend(guarantees::title_passes(&lay));
        passes.extend(guarantees::loops_leaving_their_group(&lay));
        passes.extend(guarantees::loops_crossing_edges(&lay));
        passes.extend(guarantees::slanted_segments(&lay));
        passes.extend(guarantees::near_miss_ports(&lay));
        passes.extend(guarantees::heads_on_tails(&lay));
        if !passes.is_empty() {
            failures.push(format!("{}:\n  {}", path.display(), passes.join("\n  ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// No arrowhead of a scenario, of the fixtures of cases the random flows
/// once got wrong (`tests/fixtures/readable`), nor of the hand-written
/// clearance fixtures (not the `survey-*` ones, dense on purpose), touches
/// another edge, and no two edges that share no end (or differ in style)
/// run along each other: readability.py's `heads` and `mixed` counts stay 0.
#[test]
fn no_shared_heads_and_no_hidden_runs() {
    let mut failures = Vec::new();
    let clearance_dir = root().join("tests/fixtures/clearance");
    let hand_written_clearance = |path: &PathBuf| {
        path.starts_with(&clearance_dir)
            && !path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("survey-"))
    };
    let clearance = scenarios_and_fixtures("tests/fixtures/clearance", 2)
        .into_iter()
        .filter(|(path, _)| hand_written_clearance(path));
    for (path, lay) in scenarios_and_fixtures("tests/fixtures/readable", 3)
        .into_iter()
        .chain(clearance)
    {
        let mut defects = guarantees::shared_heads(&lay);
        defects.extend(guarantees::hidden_runs(&lay));
        if !defects.is_empty() {
            failures.push(format!("{}:\n  {}", path.display(), defects.join("\n  ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The readability checks themselves: two edges into one point share a
/// head; a dashed edge along a solid one between other nodes hides.
#[test]
fn readability_checks_find_a_shared_head_and_a_hidden_run() {
    let mut dashed = edge("c", "d", &[[0.0, 50.0], [200.0, 50.0]], None);
    dashed["style"] = "dashed".into();
    let lay = serde_json::json!({
        "edges": [
            edge("a", "b", &[[0.0, 0.0], [100.0, 0.0]], None),
            edge("c", "b", &[[100.0, -80.0], [100.0, 0.0]], None),
            edge("e", "f", &[[20.0, 50.0], [120.0, 50.0]], None),
            dashed
        ]
    });
    assert_eq!(
        guarantees::shared_heads(&lay),
        vec![
            "a->b head on c->b".to_string(),
            "c->b head on a->b".to_string(),
            "e->f head on c->d".to_string()
        ]
    );
    assert_eq!(
        guarantees::hidden_runs(&lay),
        vec!["e->f along c->d (100)".to_string()]
    );
}

/// The check itself: a hand-made edge through a group beside its ends is
/// found, one along its own group is not.
#[test]
fn foreign_group_check_finds_an_edge_through_a_box() {
    let lay = serde_json::json!({
        "nodes": [node("a", None, 0.0, 100.0), node("b", Some("own"), 300.0, 100.0)],
        "groups": [
            {"id": "g", "parent": null, "x": 100.0, "y": 80.0, "w": 100.0, "h": 100.0},
            {"id": "own", "parent": null, "x": 280.0, "y": 80.0, "w": 100.0, "h": 100.0}
        ],
        "edges": [{"from": "a", "to": "b", "points": [[40.0, 120.0], [300.0, 120.0]]}]
    });
    assert_eq!(
        guarantees::foreign_group_passes(&lay),
        vec!["edge a->b passes through group g".to_string()]
    );
}

// ---------------------------------------------------------------------------
// The checker checks: hand-made layouts that break each guarantee once.

fn node(id: &str, group: Option<&str>, x: f64, y: f64) -> Value {
    serde_json::json!({"id": id, "icon": "ec2", "label": id, "group": group,
                       "x": x, "y": y, "w": 40.0, "h": 40.0})
}

fn group(id: &str, parent: Option<&str>, b: [f64; 4]) -> Value {
    serde_json::json!({"id": id, "kind": "vpc", "label": id, "parent": parent,
                       "x": b[0], "y": b[1], "w": b[2], "h": b[3],
                       "title": {"x": b[0] + 2.0, "y": b[1] + 2.0, "w": 30.0, "h": 10.0}})
}

fn edge(from: &str, to: &str, points: &[[f64; 2]], label: Option<[f64; 4]>) -> Value {
    let label =
        label.map(|l| serde_json::json!({"text": "t", "x": l[0], "y": l[1], "w": l[2], "h": l[3]}));
    serde_json::json!({"from": from, "to": to, "style": "solid", "arrow": "forward",
                       "points": points, "label": label})
}

fn layout(direction: &str, nodes: Vec<Value>, groups: Vec<Value>, edges: Vec<Value>) -> Value {
    serde_json::json!({"width": 400.0, "height": 300.0, "direction": direction,
                       "title": {"x": 10.0, "y": 0.0, "w": 100.0, "h": 20.0},
                       "nodes": nodes, "groups": groups, "edges": edges})
}

/// A clean layout: a -> b inside group g, c outside.
fn clean() -> Value {
    layout(
        "right",
        vec![
            node("a", Some("g"), 40.0, 60.0),
            node("b", Some("g"), 140.0, 60.0),
            node("c", None, 300.0, 60.0),
        ],
        vec![group("g", None, [20.0, 30.0, 200.0, 100.0])],
        vec![edge(
            "a",
            "b",
            &[[80.0, 80.0], [140.0, 80.0]],
            Some([95.0, 60.0, 30.0, 10.0]),
        )],
    )
}

fn broken(mutate: impl FnOnce(&mut Value)) -> Value {
    let mut v = clean();
    mutate(&mut v);
    v
}

/// Hand-made layouts, each with the guarantee it breaks.
fn bad_layouts() -> Vec<(&'static str, Value)> {
    vec![
        ("G1", broken(|v| v["nodes"][1]["x"] = 60.0.into())),
        ("G2", broken(|v| v["nodes"][0]["x"] = 25.0.into())),
        ("G2", broken(|v| v["nodes"][0]["y"] = 30.0.into())),
        (
            "G2",
            broken(|v| {
                v["groups"].as_array_mut().unwrap().push(group(
                    "h",
                    Some("g"),
                    [150.0, 40.0, 80.0, 60.0],
                ))
            }),
        ),
        ("G3", broken(|v| v["nodes"][2]["x"] = 200.0.into())),
        (
            "G3",
            broken(|v| {
                v["groups"].as_array_mut().unwrap().push(group(
                    "h",
                    None,
                    [210.0, 40.0, 100.0, 100.0],
                ))
            }),
        ),
        (
            "G4",
            broken(|v| {
                v["edges"].as_array_mut().unwrap().push(edge(
                    "a",
                    "c",
                    &[[80.0, 75.0], [300.0, 75.0]],
                    None,
                ))
            }),
        ),
        ("G5", broken(|v| v["edges"][0]["label"]["x"] = 60.0.into())),
        (
            "G5",
            broken(|v| {
                v["edges"][0]["label"]["x"] = 30.0.into();
                v["edges"][0]["label"]["y"] = 34.0.into();
            }),
        ),
        (
            "G6",
            broken(|v| v["edges"][0]["points"][0] = serde_json::json!([60.0, 80.0])),
        ),
        (
            "G6",
            broken(|v| v["edges"][0]["points"][1] = serde_json::json!([130.0, 80.0])),
        ),
        (
            "G7",
            broken(|v| {
                v["edges"][0]["from"] = "b".into();
                v["edges"][0]["to"] = "a".into();
                v["edges"][0]["points"] = serde_json::json!([[140.0, 80.0], [80.0, 80.0]]);
            }),
        ),
        (
            "G7",
            broken(|v| {
                v["direction"] = "down".into();
                v["nodes"][1]["y"] = 50.0.into();
                v["nodes"][1]["x"] = 140.0.into();
            }),
        ),
        ("G8", broken(|v| v["width"] = 320.0.into())),
        ("G8", broken(|v| v["title"]["y"] = (-5.0).into())),
    ]
}

#[test]
fn checker_flags_each_broken_guarantee_and_passes_a_clean_layout() {
    let ok = guarantees::check_json(&clean());
    assert_eq!(ok.violations, Vec::<String>::new());
    for (g, lay) in bad_layouts() {
        let v = guarantees::check_json(&lay).violations;
        assert!(
            v.iter().any(|m| m.starts_with(g)),
            "expected {g}, got {v:?} for {lay}"
        );
    }
    // A cycle makes the backward edge legal (G7 is read over SCCs).
    let cyc = broken(|v| {
        let back = edge("b", "a", &[[140.0, 90.0], [80.0, 90.0]], None);
        v["edges"].as_array_mut().unwrap().push(back);
    });
    assert_eq!(
        guarantees::check_json(&cyc).violations,
        Vec::<String>::new()
    );
}

#[test]
fn crossing_counter_counts_proper_crossings_of_unrelated_edges() {
    let pts = |a: [f64; 2], b: [f64; 2]| edge("p", "q", &[a, b], None);
    let mut lay = layout("right", vec![], vec![], vec![]);
    let mut e1 = pts([0.0, 0.0], [100.0, 100.0]);
    let mut e2 = pts([0.0, 100.0], [100.0, 0.0]);
    e1["from"] = "a".into();
    e1["to"] = "b".into();
    e2["from"] = "c".into();
    e2["to"] = "d".into();
    lay["edges"] = serde_json::json!([e1.clone(), e2.clone()]);
    assert_eq!(guarantees::check_json(&lay).crossings, 1);
    // Edges sharing an end do not count.
    e2["to"] = "b".into();
    lay["edges"] = serde_json::json!([e1, e2]);
    assert_eq!(guarantees::check_json(&lay).crossings, 0);
}

// ---------------------------------------------------------------------------
// Agreement with check_layout.py.

/// Moves node `k` of `lay` by `(dx, dy)` and the first point of edge `k`
/// by the same, so that many guarantees break in many ways.
fn jiggle(lay: &Value, k: usize, dx: f64, dy: f64) -> Value {
    let mut v = lay.clone();
    if let Some(nodes) = v["nodes"].as_array_mut() {
        if !nodes.is_empty() {
            let i = k % nodes.len();
            let n = &mut nodes[i];
            n["x"] = (n["x"].as_f64().unwrap_or(0.0) + dx).into();
            n["y"] = (n["y"].as_f64().unwrap_or(0.0) + dy).into();
        }
    }
    if let Some(edges) = v["edges"].as_array_mut() {
        if !edges.is_empty() {
            let i = k % edges.len();
            let p = &mut edges[i]["points"][0];
            p[0] = (p[0].as_f64().unwrap_or(0.0) + dy).into();
            p[1] = (p[1].as_f64().unwrap_or(0.0) - dx).into();
        }
    }
    v
}

#[test]
fn checker_agrees_with_check_layout_py() {
    let Some(script) = guarantees::check_layout_py() else {
        eprintln!("check_layout.py or python3 not found; agreement not checked");
        return;
    };
    let mut layouts: Vec<Value> = vec![clean()];
    layouts.extend(bad_layouts().into_iter().map(|(_, v)| v));
    for (i, path) in scenario_files().iter().enumerate() {
        let lay: Value = serde_json::from_str(&layout_json(path)).expect("layout JSON");
        for (j, (dx, dy)) in [(0.0, 0.0), (37.0, -23.0), (-90.0, 140.0), (5.0, 5.0)]
            .into_iter()
            .enumerate()
        {
            layouts.push(jiggle(&lay, i * 7 + j * 3, dx, dy));
        }
    }
    let python = guarantees::python_reports(&script, &layouts);
    let mut broken = 0;
    for (lay, (py_problems, py_crossings)) in layouts.iter().zip(python) {
        let rust = guarantees::check_json(lay);
        assert_eq!(rust.violations, py_problems, "problems differ for {lay}");
        assert_eq!(rust.crossings, py_crossings, "crossings differ for {lay}");
        broken += usize::from(!rust.violations.is_empty());
    }
    assert!(
        broken > 40,
        "the agreement test broke too few layouts ({broken})"
    );
}

/// The layout JSON of a flow file given as text.
fn laid_out(name: &str, toml: &str) -> Value {
    let diagram = flow_files::load_valid_named(name, toml);
    serde_json::from_str(&archflow::layout::layout(&diagram).to_json()).expect("JSON")
}

/// The node or group (`list` = "nodes" or "groups") `id` of a layout.
fn item<'a>(lay: &'a Value, list: &str, id: &str) -> &'a Value {
    lay[list]
        .as_array()
        .and_then(|items| items.iter().find(|x| x["id"] == id))
        .unwrap_or_else(|| panic!("no {id} in {list}"))
}

/// Two Availability Zones side by side, one holding a security group: the
/// two boxes begin and end together (in both directions of the flow's
/// axis), whatever their depth of nesting.
#[test]
fn sibling_groups_that_begin_and_end_together_line_up() {
    for direction in ["down", "right"] {
        let toml = format!(
            r#"
title = "Two AZs"
direction = "{direction}"
flows = ["a -> b", "c -> d"]

[nodes]
a = {{ icon = "ec2", in = "az1" }}
b = {{ icon = "rds", in = "az1" }}
c = {{ icon = "ec2", in = "sg" }}
d = {{ icon = "rds", in = "sg" }}

[groups]
az1 = {{ kind = "availability-zone" }}
az2 = {{ kind = "availability-zone" }}
sg = {{ kind = "security-group", in = "az2" }}
"#
        );
        let lay = laid_out("two-azs.toml", &toml);
        let (az1, az2) = (item(&lay, "groups", "az1"), item(&lay, "groups", "az2"));
        let (start, len) = if direction == "down" {
            ("y", "h")
        } else {
            ("x", "w")
        };
        assert_eq!(az1[start], az2[start], "{direction}: AZs begin apart");
        assert_eq!(az1[len], az2[len], "{direction}: AZs end apart");
    }
}

/// An edge into an Auto Scaling group from far back (CloudWatch near the
/// top of a top-down three-tier flow) does not stretch the group back
/// towards its source: the group and its subnet are exactly as tall as
/// without that edge, and CloudWatch comes down to meet them instead.
#[test]
fn a_group_an_edge_enters_from_far_back_stays_compact() {
    let flow = |extra: &str| {
        format!(
            r#"
title = "asg"
direction = "down"
flows = [
  "users -> r53 -> cdn -> alb : HTTPS",
  "alb -> web_a",
  "web_a -> db",
  {extra}
]
[nodes]
users = {{ icon = "users" }}
r53 = {{ icon = "route53" }}
cdn = {{ icon = "cloudfront" }}
alb = {{ icon = "alb", in = "vpc" }}
web_a = {{ icon = "ec2", in = "web_asg_a" }}
db = {{ icon = "rds", in = "vpc" }}
cloudwatch = {{ icon = "cloudwatch", in = "region" }}
[groups]
region = {{ kind = "region" }}
vpc = {{ kind = "vpc", in = "region" }}
web_sn_a = {{ kind = "private-subnet", in = "vpc" }}
web_asg_a = {{ kind = "auto-scaling-group", in = "web_sn_a" }}
"#
        )
    };
    let heights = |toml: &str| {
        let lay = laid_out("asg.toml", toml);
        assert_eq!(
            guarantees::check_json(&lay).violations,
            Vec::<String>::new()
        );
        let h = |id: &str| item(&lay, "groups", id)["h"].as_f64().expect("h");
        let cloudwatch_y = item(&lay, "nodes", "cloudwatch")["y"].as_f64().expect("y");
        (h("web_asg_a"), h("web_sn_a"), cloudwatch_y)
    };
    let (asg, subnet, _) = heights(&flow(r#""cloudwatch -> db""#));
    let (asg_fed, subnet_fed, cloudwatch_y) =
        heights(&flow(r#""cloudwatch ..> web_asg_a : scale out""#));
    assert_eq!((asg_fed, subnet_fed), (asg, subnet));
    let (_, _, cloudwatch_y_alone) = heights(&flow(r#""cloudwatch -> r53""#));
    assert!(
        cloudwatch_y > cloudwatch_y_alone,
        "CloudWatch stayed at the top"
    );
}

/// Sibling groups whose order costs nothing either way come in the order
/// the file declares them (AZ a, b, c), whatever order the edges name
/// their members in, in every direction.
#[test]
fn free_sibling_groups_follow_the_file() {
    for (direction, across) in [("down", "x"), ("up", "x"), ("right", "y"), ("left", "y")] {
        let toml = format!(
            r#"
title = "AZ order"
direction = "{direction}"
flows = ["lb -> web_b, web_a, web_c"]
[nodes]
lb = {{ icon = "alb" }}
web_b = {{ icon = "ec2", in = "az_b" }}
web_a = {{ icon = "ec2", in = "az_a" }}
web_c = {{ icon = "ec2", in = "az_c" }}
[groups]
az_a = {{ kind = "availability-zone" }}
az_b = {{ kind = "availability-zone" }}
az_c = {{ kind = "availability-zone" }}
"#
        );
        let lay = laid_out("az-order.toml", &toml);
        let mut groups: Vec<(f64, String)> = lay["groups"]
            .as_array()
            .expect("groups")
            .iter()
            .map(|g| (g[across].as_f64().expect("coordinate"), g["id"].to_string()))
            .collect();
        groups.sort_by(|a, b| a.0.total_cmp(&b.0));
        let order: Vec<&str> = groups.iter().map(|g| g.1.trim_matches('"')).collect();
        assert_eq!(order, ["az_a", "az_b", "az_c"], "{direction}");
    }
}
