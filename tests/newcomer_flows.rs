//! Flow files written the way a new user writes them, from the README and
//! `docs/` alone (`tests/fixtures/newcomer/`): ports of classic AWS
//! reference diagrams in all four directions, some in Korean, some with
//! the v1.1 keys. Each keeps every layout guarantee (G1-G10) and the reader
//! checks the test support knows (shared heads, hidden runs, edges through
//! titles or foreign groups); readability.py, when it is beside the crate,
//! must find them clean too. The files under `open/` still show a layout
//! defect (named in each file's first comment line); they must stay valid
//! and lay out, nothing more. When one is mended, move it up a folder.

#[path = "support/flow_files.rs"]
mod flow_files;
#[path = "support/guarantees.rs"]
mod guarantees;

use std::path::{Path, PathBuf};
use std::process::Command;

fn newcomer_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/newcomer")
}

/// The clean fixtures: the `*.toml` files of the folder, not of `open/`.
fn clean_files() -> Vec<PathBuf> {
    let open = newcomer_dir().join("open");
    flow_files::toml_files_under(&newcomer_dir())
        .into_iter()
        .filter(|p| !p.starts_with(&open))
        .collect()
}

fn layout_json(path: &Path) -> serde_json::Value {
    let diagram = flow_files::load_valid_file(path);
    serde_json::from_str(&archflow::layout::layout(&diagram).to_json()).expect("layout JSON")
}

fn name(path: &Path) -> String {
    path.strip_prefix(newcomer_dir())
        .unwrap_or(path)
        .display()
        .to_string()
}

#[test]
fn newcomer_flows_keep_every_guarantee_and_read_cleanly() {
    let files = clean_files();
    assert!(files.len() >= 9, "newcomer fixtures missing: {files:?}");
    let mut failures = Vec::new();
    for path in &files {
        let lay = layout_json(path);
        let mut defects = guarantees::check_json(&lay).violations;
        defects.extend(guarantees::shared_heads(&lay));
        defects.extend(guarantees::hidden_runs(&lay));
        defects.extend(guarantees::title_passes(&lay));
        defects.extend(guarantees::foreign_group_passes(&lay));
        if !defects.is_empty() {
            failures.push(format!("{}:\n  {}", name(path), defects.join("\n  ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// readability.py (`../shared/tools/` beside the crate) finds every clean
/// newcomer flow clean: no heads, mixed, gaps, lopsided, repeats, titles or
/// order defect. Skipped where the script or python3 is not there.
#[test]
fn readability_py_finds_newcomer_flows_clean() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/tools/readability.py");
    let python = Command::new("python3").arg("--version").output();
    if !script.is_file() || !python.is_ok_and(|o| o.status.success()) {
        eprintln!("readability.py or python3 not found; skipped");
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut saved = Vec::new();
    for path in clean_files() {
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("flow");
        let out = dir.path().join(format!("{stem}.json"));
        std::fs::write(&out, layout_json(&path).to_string()).expect("write layout");
        saved.push(out);
    }
    let out = Command::new("python3")
        .arg(&script)
        .arg("--json")
        .args(&saved)
        .output()
        .expect("run readability.py");
    let text = String::from_utf8_lossy(&out.stdout);
    let unclean: Vec<&str> = text
        .lines()
        .filter(|l| l.contains(".json: ") && !l.contains(": clean;"))
        .collect();
    assert!(unclean.is_empty(), "{}", text);
    assert_eq!(
        text.lines().filter(|l| l.contains(": clean;")).count(),
        saved.len(),
        "{text}"
    );
}

/// The files that still show a layout defect stay valid flow files, and
/// laying them out twice gives the same bytes.
#[test]
fn open_newcomer_flows_stay_valid_and_deterministic() {
    let open = flow_files::toml_files_under(&newcomer_dir().join("open"));
    for path in open {
        let diagram = flow_files::load_valid_file(&path);
        let first = archflow::layout::layout(&diagram).to_json();
        assert_eq!(
            first,
            archflow::layout::layout(&diagram).to_json(),
            "{}",
            name(&path)
        );
    }
}

/// An edge written target-first (`upload <- app`) and one out of the same
/// node (`upload -> fn`) leave `upload` on one side: the turned edge's head
/// stays at `upload` and gets a port of its own, a port step from the other
/// edge's start, in every direction (ml-pipeline-left drew "app -> fn").
#[test]
fn a_target_first_head_and_a_tail_on_one_side_take_ports_apart() {
    for direction in ["left", "right", "down", "up"] {
        let source = format!(
            "title = \"t\"\ndirection = \"{direction}\"\n\
             flows = [\"upload <- app\", \"upload -> fn\"]\n[nodes]\n\
             app = {{ icon = \"mobile-client\" }}\nupload = {{ icon = \"s3\" }}\n\
             fn = {{ icon = \"lambda\" }}\n"
        );
        let diagram = flow_files::load_valid(&source);
        let lay: serde_json::Value =
            serde_json::from_str(&archflow::layout::layout(&diagram).to_json()).expect("JSON");
        assert_eq!(
            guarantees::shared_heads(&lay),
            Vec::<String>::new(),
            "{direction}"
        );
        let edges = lay["edges"].as_array().expect("edges");
        let point = |e: &serde_json::Value, last: bool| {
            let pts = e["points"].as_array().expect("points");
            let p = if last { &pts[pts.len() - 1] } else { &pts[0] };
            (p[0].as_f64().expect("x"), p[1].as_f64().expect("y"))
        };
        let head = point(&edges[0], true);
        let tail = point(&edges[1], false);
        assert_eq!(edges[0]["to"], "upload", "{direction}");
        let apart = (head.0 - tail.0).abs().max((head.1 - tail.1).abs());
        assert!(apart >= 10.0, "{direction}: head {head:?}, tail {tail:?}");
    }
}
