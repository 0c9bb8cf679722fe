//! Standard streams and one-file output: `-` as input, `-o -` as output,
//! `-o FILE.svg|png` for one input, and a file `-o` refused for a batch.

#[path = "support/cli.rs"]
mod cli;
use cli::archflow_in;

use std::path::Path;

const FLOW: &str = "scenarios/03-cloudfront/q1-static-dynamic-origins.toml";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn svg_from_a_pipe_equals_svg_from_the_file() {
    let flow = std::fs::read(root().join(FLOW)).expect("read flow");
    let piped = archflow_in(root(), &["render", "-", "-f", "svg", "-o", "-"], &flow);
    assert_eq!(
        piped.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&piped.stderr)
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("q1.svg");
    let to_file = archflow_in(root(), &["render", FLOW, "-o", &out.to_string_lossy()], b"");
    assert_eq!(to_file.status.code(), Some(0));
    assert_eq!(piped.stdout, std::fs::read(&out).expect("svg written"));
    let layout_piped = archflow_in(root(), &["layout", "-"], &flow);
    let layout_file = archflow_in(root(), &["layout", FLOW], b"");
    assert_eq!(layout_piped.stdout, layout_file.stdout);
    assert!(!layout_piped.stdout.is_empty());
}

#[test]
fn png_output_writes_exactly_one_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let flow = root().join(FLOW);
    let out = archflow_in(
        dir.path(),
        &["render", &flow.to_string_lossy(), "-o", "x.png"],
        b"",
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["x.png"]);
    let png = std::fs::read(dir.path().join("x.png")).expect("png");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
}

#[test]
fn a_file_output_for_a_batch_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = root().join("scenarios/03-cloudfront");
    let out = archflow_in(
        dir.path(),
        &["render", &folder.to_string_lossy(), "-o", "x.svg"],
        b"",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("-o FILE names one output"));
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 0);
    let out = archflow_in(dir.path(), &["render", "-", "-o", "out"], b"");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn stdin_is_named_in_errors() {
    let out = archflow_in(
        root(),
        &["check", "-"],
        b"title = \"t\"\nflows = [\"ec2 -> s4\"]\n",
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--> <stdin>:2:18"), "{err}");
    assert!(!err.contains("no *.toml"), "{err}");
    let out = archflow_in(
        root(),
        &["check", "-"],
        b"title = \"t\"\nflows = [\"ec2 -> s3\"]\n",
    );
    assert_eq!(out.status.code(), Some(0));
}
