//! Rough edges found while trying archflow as a new user: each test is one
//! of them, fixed.

#[path = "support/cli.rs"]
mod cli;
use cli::archflow;

use std::path::Path;

fn report(source: &str) -> archflow::diagnostics::FileReport {
    match archflow::load_source("q.toml", source.as_bytes(), Path::new(".")) {
        Ok(_) => panic!("{source} should be invalid"),
        Err(report) => report,
    }
}

#[test]
fn every_error_starts_in_the_same_colour() {
    let missing = report("flows = [\"users -> s3\"]\n").render(true);
    let unknown = report("title = \"t\"\nflows = [\"users -> s4\"]\n").render(true);
    let head = |text: &str| text.split("error").next().unwrap_or("").to_string();
    assert!(!head(&missing).is_empty(), "coloured: {missing:?}");
    assert_eq!(head(&missing), head(&unknown));
    assert!(missing.contains("q.toml:1:1"), "{missing}");
}

#[test]
fn edges_alone_need_no_flows() {
    let source = "title = \"t\"\n[[edges]]\nfrom = \"users\"\nto = [\"s3\", \"ec2\"]\n";
    let diagram = archflow::load_source("q.toml", source.as_bytes(), Path::new("."))
        .unwrap_or_else(|r| panic!("{}", r.render(false)));
    assert_eq!(diagram.edges.len(), 2);
}

#[test]
fn left_arrow_typo_suggests_the_left_arrow() {
    let text = report("title = \"t\"\nflows = [\"s3 <-- users\"]\n").render(false);
    assert!(text.contains("did you mean `<-`?"), "{text}");
}

#[test]
fn gallery_of_a_flat_folder_has_no_empty_heading_and_needs_its_images() {
    let dir = tempfile::tempdir().expect("temp dir");
    let flows = dir.path().join("flows");
    std::fs::create_dir_all(&flows).expect("mkdir");
    std::fs::write(
        flows.join("q1.toml"),
        "title = \"t\"\nflows = [\"users -> s3\"]\n",
    )
    .expect("write");
    let missing = archflow(dir.path(), &["gallery", "flows", "--images", "pictures"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("--images pictures: no such folder"));
    std::fs::create_dir_all(dir.path().join("pictures")).expect("mkdir");
    let out = archflow(dir.path(), &["gallery", "flows", "--images", "pictures"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("####"), "{text}");
    assert!(text.contains("<img src=\"pictures/q1.png\""), "{text}");
}

/// An emoji or a check mark in a label has no glyph in the bundled font and
/// is drawn as a box: `render` still draws the file, and says so once per
/// character at its first place.
#[test]
fn characters_the_font_lacks_are_warned_about_at_their_place() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let flow = "title = \"🚀 Deploy\"\nflows = [\"users -> s3 : ✓ ok\", \"s3 -> ec2 : ✓\"]\n";
    std::fs::write(dir.path().join("q.toml"), flow).expect("write");
    let out = archflow(dir.path(), &["render", "q.toml", "-o", "q.svg"]);
    assert!(out.status.success(), "{}", cli::stderr(&out));
    assert!(dir.path().join("q.svg").is_file());
    let warnings: Vec<String> = cli::stderr(&out)
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .map(str::to_string)
        .collect();
    assert_eq!(
        warnings,
        [
            "warning: q.toml:1:10: `🚀` (U+1F680) has no glyph in the bundled font (NanumGothic); it is drawn as a box",
            "warning: q.toml:2:25: `✓` (U+2713) has no glyph in the bundled font (NanumGothic); it is drawn as a box",
        ]
    );
}

/// `s3 <.. server` asks for s3 before server while `server -> lambda -> s3`
/// puts it after: no layout keeps both, so `check` and `render` warn at the
/// arrow, naming the chain and the mend. The same arrow on a cycle (the
/// edges go round, so one may point back) is fine.
#[test]
fn a_target_first_arrow_against_a_chain_is_warned_about() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let flow = "title = \"t\"\nflows = [\"server -> lambda -> s3\", \"s3 <.. server : lazy\"]\n";
    std::fs::write(dir.path().join("q.toml"), flow).expect("write");
    let cycle =
        "title = \"t\"\nflows = [\"server -> lambda -> s3 -> server\", \"s3 <.. server\"]\n";
    std::fs::write(dir.path().join("cycle.toml"), cycle).expect("write");
    let expected = "warning: q.toml:2:40: `s3 <.. server` asks for `s3` before `server`, but \
                    `server -> lambda -> s3` puts it after, so one of these edges will point the \
                    wrong way; write `server ..> s3`, or an [[edges]] table with `constraint = false`";
    for args in [
        &["check", "q.toml", "cycle.toml"][..],
        &["render", "q.toml", "cycle.toml", "-o", "out"][..],
    ] {
        let out = archflow(dir.path(), args);
        assert!(out.status.success(), "{}", cli::stderr(&out));
        let warnings: Vec<String> = cli::stderr(&out)
            .lines()
            .filter(|l| l.starts_with("warning:"))
            .map(str::to_string)
            .collect();
        assert_eq!(warnings, [expected], "{args:?}");
    }
}
