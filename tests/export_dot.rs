//! `archflow export --to dot`: the DOT text of [`archflow::export::to_dot`].
//!
//! In: flow sources written here, the `scenarios/` corpus and synthetic
//! flows. Out: checks that ids and labels are escaped, that groups become
//! nested clusters, that edges to groups use `lhead`/`ltail`, and — when
//! Graphviz `dot` is installed — that `dot` accepts every export.

#[path = "support/flow_files.rs"]
mod flow_files;

use std::process::{Command, Stdio};

use archflow::export::to_dot;
use flow_files::{load_valid, load_valid_file, scenario_files};

/// Runs `dot -Tsvg` on `text`; None when dot is not installed.
fn run_dot(text: &str, extra: &[&str]) -> Option<(bool, String)> {
    let mut child = Command::new("dot")
        .args(extra)
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    let mut stdin = child.stdin.take()?;
    let text = text.to_string();
    let writer = std::thread::spawn(move || {
        use std::io::Write as _;
        let _ = stdin.write_all(text.as_bytes());
    });
    let out = child.wait_with_output().ok()?;
    let _ = writer.join();
    let svg = String::from_utf8_lossy(&out.stdout).into_owned();
    Some((
        out.status.success() && svg.contains("</svg>"),
        svg + &String::from_utf8_lossy(&out.stderr),
    ))
}

const TRICKY: &str = r#"
title = "Quotes \" and backslashes \\ in the title"
subtitle = "second\nline"
direction = "down"
flows = [
  'a -> b : say "hi" \ back\slash',
  "b ..> c : dashed",
  "c <-> d",
  "d -- a",
]

[nodes]
a = { icon = "users", label = "C:\\temp\\ \"quoted\"", in = "inner" }
b = { icon = "s3", label = "two\nlines \\N \\G \\l", in = "outer" }
c = { icon = "ec2", label = "한국어 라벨" }
d = { icon = "lambda", label = "ends with a backslash \\" }

[groups]
outer = { kind = "aws-cloud", label = "Cloud \"main\"" }
inner = { kind = "vpc", label = "VPC\\1", in = "outer" }
"#;

#[test]
fn labels_and_ids_are_escaped() {
    let dot = to_dot(&load_valid(TRICKY));
    assert!(
        dot.contains(r#""a" [label="C:\\temp\\ \"quoted\""];"#),
        "{dot}"
    );
    assert!(
        dot.contains(r#""b" [label="two\nlines \\N \\G \\l"];"#),
        "{dot}"
    );
    assert!(
        dot.contains(r#""d" [label="ends with a backslash \\"];"#),
        "{dot}"
    );
    assert!(dot.contains(r#""c" [label="한국어 라벨"];"#), "{dot}");
    assert!(
        dot.contains(r#"label="Quotes \" and backslashes \\ in the title\nsecond\nline""#),
        "{dot}"
    );
    assert!(
        dot.contains(r#""a" -> "b" [label="say \"hi\" \\ back\\slash"];"#),
        "{dot}"
    );
    assert!(dot.contains(r#"label="Cloud \"main\"";"#), "{dot}");
    assert!(dot.contains(r#"label="VPC\\1";"#), "{dot}");
    // No raw line break inside any quoted string: every line of the output
    // has balanced unescaped quotes.
    for line in dot.lines() {
        let unescaped = line.replace("\\\\", "").replace("\\\"", "");
        assert_eq!(unescaped.matches('"').count() % 2, 0, "unbalanced: {line}");
    }
}

#[test]
fn styles_directions_and_rankdir() {
    let dot = to_dot(&load_valid(TRICKY));
    assert!(dot.contains("rankdir=TB"), "{dot}");
    assert!(
        dot.contains(r#""b" -> "c" [label="dashed", style=dashed];"#),
        "{dot}"
    );
    assert!(dot.contains(r#""c" -> "d" [dir=both];"#), "{dot}");
    assert!(dot.contains(r#""d" -> "a" [dir=none];"#), "{dot}");
    for (word, rankdir) in [
        ("right", "LR"),
        ("down", "TB"),
        ("left", "RL"),
        ("up", "BT"),
    ] {
        let d = load_valid(&format!(
            "title = \"t\"\ndirection = \"{word}\"\nflows = [\"users -> s3\"]\n"
        ));
        assert!(to_dot(&d).contains(&format!("rankdir={rankdir}")), "{word}");
    }
}

#[test]
fn clusters_nest_like_the_groups() {
    let dot = to_dot(&load_valid(TRICKY));
    let outer = dot
        .find(r#"subgraph "cluster_outer" {"#)
        .expect("outer cluster");
    let inner = dot
        .find(r#"subgraph "cluster_inner" {"#)
        .expect("inner cluster");
    let node_a = dot.find(r#""a" [label="#).expect("node a");
    let node_b = dot.find(r#""b" [label="#).expect("node b");
    assert!(outer < inner && inner < node_a, "{dot}");
    // Walk the braces: `a` is two clusters deep, `b` one, `c` none.
    let depth_at = |pos: usize| dot[..pos].matches('{').count() - dot[..pos].matches('}').count();
    assert_eq!(depth_at(node_a), 3, "{dot}");
    assert_eq!(depth_at(node_b), 2, "{dot}");
    assert_eq!(
        depth_at(dot.find(r#""c" [label="#).expect("node c")),
        1,
        "{dot}"
    );
    assert_eq!(dot.matches('{').count(), dot.matches('}').count());
}

#[test]
fn edges_to_groups_use_lhead_and_ltail() {
    let d = load_valid(
        r#"
title = "edges to groups"
flows = ["users -> vpc_a", "vpc_a -> empty", "empty ..> users"]

[nodes]
web = { icon = "ec2", in = "subnet" }

[groups]
vpc_a  = { kind = "vpc" }
subnet = { kind = "private-subnet", in = "vpc_a" }
empty  = { kind = "generic", label = "nothing inside" }
"#,
    );
    let dot = to_dot(&d);
    assert!(dot.contains("compound=true"), "{dot}");
    // The VPC holds a node only through its subnet: the edge ends at it.
    assert!(
        dot.contains(r#""users" -> "web" [lhead="cluster_vpc_a"];"#),
        "{dot}"
    );
    // An empty group gets an invisible point node to end at.
    assert!(
        dot.contains(r#""group:empty" [shape=point, style=invis, label=""];"#),
        "{dot}"
    );
    assert!(
        dot.contains(r#""web" -> "group:empty" [ltail="cluster_vpc_a", lhead="cluster_empty"];"#),
        "{dot}"
    );
    assert!(
        dot.contains(r#""group:empty" -> "users" [style=dashed, ltail="cluster_empty"];"#),
        "{dot}"
    );
    if let Some((ok, out)) = run_dot(&dot, &[]) {
        assert!(ok, "{out}");
    }
}

#[test]
fn export_is_deterministic() {
    let d = load_valid(TRICKY);
    assert_eq!(to_dot(&d), to_dot(&d));
}

#[test]
fn dot_accepts_every_scenario_and_the_tricky_file() {
    let files = scenario_files();
    assert!(!files.is_empty(), "no scenarios found");
    let mut texts: Vec<(String, String)> = vec![("tricky".into(), to_dot(&load_valid(TRICKY)))];
    for f in &files {
        let d = load_valid_file(f);
        texts.push((f.display().to_string(), to_dot(&d)));
    }
    for (name, text) in &texts {
        match run_dot(text, &[]) {
            None => {
                eprintln!("skipped: Graphviz `dot` is not installed");
                return;
            }
            Some((ok, out)) => assert!(ok, "dot rejected {name}:\n{out}\n{text}"),
        }
    }
    // The labels survive the trip: dot draws the Korean label as is.
    if let Some((_, svg)) = run_dot(&texts[0].1, &[]) {
        assert!(svg.contains("한국어 라벨"), "{svg}");
        assert!(svg.contains("C:\\temp\\ &quot;quoted&quot;"), "{svg}");
    }
}

#[test]
fn dot_accepts_synthetic_flows() {
    for (nodes, seed) in [(30, 1), (100, 2)] {
        let text = archflow::internals::synth::generate(archflow::internals::synth::Params {
            nodes,
            seed,
        });
        let dot = to_dot(&load_valid(&text));
        match run_dot(&dot, &["-Gnewrank=true"]) {
            None => {
                eprintln!("skipped: Graphviz `dot` is not installed");
                return;
            }
            Some((ok, out)) => assert!(ok, "dot rejected {nodes} nodes:\n{out}"),
        }
    }
}

#[test]
fn the_export_command_prints_dot() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("q.toml");
    std::fs::write(&path, TRICKY).expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_archflow"))
        .args(["export", "--to", "dot"])
        .arg(&path)
        .output()
        .expect("run archflow");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        to_dot(&load_valid(TRICKY))
    );
    let bad = Command::new(env!("CARGO_BIN_EXE_archflow"))
        .args(["export", "--to", "svgz"])
        .arg(&path)
        .output()
        .expect("run archflow");
    assert_eq!(bad.status.code(), Some(2));
    std::fs::write(&path, "title = 1\n").expect("write");
    let invalid = Command::new(env!("CARGO_BIN_EXE_archflow"))
        .args(["export", "--to", "dot"])
        .arg(&path)
        .output()
        .expect("run archflow");
    assert_eq!(invalid.status.code(), Some(1));
}

#[test]
fn physical_edges_are_double_lines_and_negated_ones_dotted_red_with_a_cross() {
    let src = "title = \"t\"\n[nodes]\na = { icon = \"on-premises\" }\nb = { icon = \"snowball-edge\" }\nc = { icon = \"s3\" }\n\
               [[edges]]\nfrom = \"a\"\nto = \"b\"\nstyle = \"physical\"\n\
               [[edges]]\nfrom = \"b\"\nto = \"c\"\nstyle = \"negated\"\n";
    let dot = to_dot(&load_valid(src));
    assert!(
        dot.contains(r#""a" -> "b" [color="black:invis:black", penwidth=2];"#),
        "{dot}"
    );
    assert!(
        dot.contains(r##""b" -> "c" [style=dotted, color="#B5484B", xlabel="✕"];"##),
        "{dot}"
    );
    if let Some((ok, err)) = run_dot(&dot, &[]) {
        assert!(ok, "{err}");
    }
}
