//! `archflow fmt`: on every scenario and fixture the layout JSON is the
//! same before and after, formatting twice changes nothing, and every
//! comment survives; `--check` writes nothing and exits 1.

#[path = "support/flow_files.rs"]
mod flow_files;

#[path = "support/cli.rs"]
mod cli;

use std::path::Path;

fn layout_json(name: &str, text: &str, dir: &Path) -> Option<String> {
    archflow::load_source(name, text.as_bytes(), dir)
        .ok()
        .map(|d| archflow::layout::layout(&d).to_json())
}

#[test]
fn fmt_keeps_meaning_and_comments_and_is_idempotent() {
    let mut valid = 0;
    for path in flow_files::scenario_and_fixture_files() {
        let name = path.display().to_string();
        let source = std::fs::read_to_string(&path).expect("read");
        let once = archflow::fmt::format_flow(&source).unwrap_or_else(|e| panic!("{name}: {e}"));
        let twice = archflow::fmt::format_flow(&once).expect("formats again");
        assert_eq!(once, twice, "{name}: formatting twice changed it");
        let dir = path.parent().unwrap_or(Path::new("."));
        let before = layout_json(&name, &source, dir);
        assert_eq!(
            before,
            layout_json(&name, &once, dir),
            "{name}: meaning changed"
        );
        valid += usize::from(before.is_some());
        for line in source.lines().map(str::trim).filter(|l| l.starts_with('#')) {
            assert!(
                once.contains(line),
                "{name}: lost the comment {line:?}\n{once}"
            );
        }
    }
    assert!(valid >= 60, "only {valid} valid files");
}

#[test]
fn check_names_unformatted_files_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let messy = "title=\"t\"  # why\nflows=[\"users->s3\",\"s3..>lambda:event\"]\n[nodes]\nlambda={label=\"처리\",icon=\"lambda\"}\n";
    std::fs::write(dir.path().join("q.toml"), messy).expect("write");
    let check = cli::archflow(dir.path(), &["fmt", "--check", "q.toml"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(cli::stderr(&check).contains("not formatted: q.toml"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("q.toml")).unwrap_or_default(),
        messy
    );
    let fmt = cli::archflow(dir.path(), &["fmt", "q.toml"]);
    assert_eq!(fmt.status.code(), Some(0), "{}", cli::stderr(&fmt));
    let formatted = std::fs::read_to_string(dir.path().join("q.toml")).unwrap_or_default();
    assert_eq!(
        formatted,
        "title = \"t\"  # why\nflows = [\n  \"users -> s3\",\n  \"s3 ..> lambda : event\",\n]\n\n[nodes]\nlambda = { icon = \"lambda\", label = \"처리\" }\n"
    );
    let check = cli::archflow(dir.path(), &["fmt", "--check", "q.toml"]);
    assert_eq!(check.status.code(), Some(0));
    let piped = cli::archflow_in(dir.path(), &["fmt", "-"], messy.as_bytes());
    assert_eq!(String::from_utf8_lossy(&piped.stdout), formatted);
}
