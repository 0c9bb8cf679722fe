//! The pictures of `docs/` match a fresh render of `docs/examples/`, byte
//! for byte; every picture is shown in the docs beside the very source it
//! was drawn from; and every complete flow file written in the docs is
//! valid (a block fenced as `toml invalid NAME.toml` must be refused
//! instead, with exactly the errors of the `text` block that follows it).
//!
//! Everything goes through the `archflow` binary, as a reader of the docs
//! would run it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Output;

#[path = "support/docs_pages.rs"]
mod docs_pages;
use docs_pages::{archflow_in, markdown_under, root};

/// The one command that redraws every picture of the docs.
const REGENERATE: &str = "cargo run --release -- render docs/examples -o docs/images";

/// Flow-format v1.1 features whose parser is still being written: a
/// `toml v1.1` block may be refused only for naming one of these.
const PENDING_V11: [&str; 5] = [
    "unknown node key `on`",
    "unknown group key `spans`",
    "unknown edge key `constraint`",
    "unknown arrow `<-`",
    "unknown arrow `<..`",
];

/// The files of `dir` (not recursive) whose name ends with `ext`, sorted.
fn files_with(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("dir entry").path())
        .filter(|p| p.is_file() && p.to_string_lossy().ends_with(ext))
        .collect();
    files.sort();
    files
}

/// Every Markdown file under `docs/`, recursively, and its text.
fn docs_pages() -> Vec<(PathBuf, String)> {
    let paths = markdown_under(&root().join("docs"));
    assert!(!paths.is_empty(), "docs/ has no Markdown pages");
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("a docs page");
            (p, text)
        })
        .collect()
}

/// A fenced code block of a Markdown page: its info string and its text.
struct Fence {
    info: String,
    body: String,
    line: usize,
    /// The spaces before the opening fence.
    indent: usize,
}

fn fences(markdown: &str) -> Vec<Fence> {
    let mut out = Vec::new();
    let mut open: Option<Fence> = None;
    for (n, line) in markdown.lines().enumerate() {
        let trimmed = line.trim_start();
        match open.take() {
            None => {
                if let Some(info) = trimmed.strip_prefix("```") {
                    open = Some(Fence {
                        info: info.trim().to_string(),
                        body: String::new(),
                        line: n + 1,
                        indent: line.len() - trimmed.len(),
                    });
                }
            }
            Some(mut fence) => {
                if trimmed.starts_with("```") {
                    out.push(fence);
                } else {
                    // A fence inside a list item is indented; its text is not.
                    let cut = line.len() - line.trim_start_matches(' ').len();
                    fence.body.push_str(&line[cut.min(fence.indent)..]);
                    fence.body.push('\n');
                    open = Some(fence);
                }
            }
        }
    }
    out
}

/// A flow file without its leading comment lines (the docs show the part
/// a reader types; the comment says what the example is for).
fn without_leading_comments(text: &str) -> String {
    text.lines()
        .skip_while(|l| l.starts_with('#') || l.trim().is_empty())
        .map(|l| format!("{l}\n"))
        .collect()
}

#[test]
fn the_pictures_match_a_fresh_render() {
    let examples = files_with(&root().join("docs/examples"), ".toml");
    assert!(examples.len() >= 8, "docs/examples holds the examples");
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().to_string_lossy().into_owned();
    let run = archflow_in(&root(), &["render", "docs/examples", "-o", &out]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "the examples must render:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let images = root().join("docs/images");
    let mut stale = Vec::new();
    let mut fresh_names = BTreeSet::new();
    for example in &examples {
        let stem = example.file_stem().expect("a name").to_string_lossy();
        for ext in ["svg", "png"] {
            let name = format!("{stem}.{ext}");
            let fresh = std::fs::read(dir.path().join(&name)).expect("a fresh picture");
            let committed = std::fs::read(images.join(&name)).unwrap_or_default();
            if fresh != committed {
                stale.push(format!("docs/images/{name}"));
            }
            fresh_names.insert(name);
        }
    }
    assert!(
        stale.is_empty(),
        "these pictures differ from a fresh render of docs/examples (run `{REGENERATE}`):\n{}",
        stale.join("\n")
    );
    let orphans: Vec<String> = std::fs::read_dir(&images)
        .expect("docs/images")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| !fresh_names.contains(name))
        .collect();
    assert!(
        orphans.is_empty(),
        "docs/images holds pictures of no example (delete them, then run `{REGENERATE}`): {orphans:?}"
    );
}

#[test]
fn every_picture_is_shown_beside_its_source() {
    let pages = docs_pages();
    for example in files_with(&root().join("docs/examples"), ".toml") {
        let stem = example.file_stem().expect("a name").to_string_lossy();
        let source = std::fs::read_to_string(&example).expect("an example");
        let shown = without_leading_comments(&source);
        let picture = format!("images/{stem}.png");
        let page = pages
            .iter()
            .find(|(_, text)| text.contains(&picture))
            .unwrap_or_else(|| panic!("no page of docs/ shows {picture}"));
        assert!(
            fences(&page.1)
                .iter()
                .any(|f| f.info.starts_with("toml") && f.body == shown),
            "{} shows {picture} but not its source as written in docs/examples/{stem}.toml \
             (copy the file, without its leading comments, into a ```toml block)",
            page.0.display()
        );
    }
}

/// Writes `body` to a temporary flow file called `name` (beside a copy of
/// `docs/examples/my-icons/`) and runs `archflow check name` there, so
/// that the errors name the file as the docs show it.
fn check_block(body: &str, name: &str) -> Output {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join(name), body).expect("write the block");
    // The examples' own icons, for blocks that name them.
    let icons = root().join("docs/examples/my-icons");
    for icon in files_with(&icons, ".svg") {
        let to = dir.path().join("my-icons");
        std::fs::create_dir_all(&to).expect("icons folder");
        std::fs::copy(&icon, to.join(icon.file_name().expect("a name"))).expect("copy icon");
    }
    archflow_in(dir.path(), &["check", name])
}

#[test]
fn every_flow_file_written_in_the_docs_is_valid() {
    let mut checked = 0;
    for (page, text) in docs_pages() {
        let blocks = fences(&text);
        for (i, fence) in blocks.iter().enumerate() {
            let mut words = fence.info.split_whitespace();
            if words.next() != Some("toml") || !fence.body.contains("title =") {
                continue;
            }
            let mark = words.next();
            let name = words.next().unwrap_or("example.toml");
            let place = format!("{}:{}", page.display(), fence.line);
            let run = check_block(&fence.body, name);
            let errors = String::from_utf8_lossy(&run.stderr).into_owned();
            match mark {
                Some("invalid") => {
                    assert_eq!(run.status.code(), Some(1), "{place} must be refused");
                    // The errors shown right after the file are the real ones.
                    if let Some(shown) = blocks.get(i + 1).filter(|f| f.info == "text") {
                        assert_eq!(
                            shown.body.trim_end(),
                            errors.trim_end(),
                            "{place}: the errors shown after this file are not what \
                             `archflow check {name}` prints"
                        );
                    }
                }
                Some("v1.1") if run.status.code() == Some(1) => {
                    let pending = errors
                        .lines()
                        .filter(|l| l.starts_with("error: "))
                        .all(|l| PENDING_V11.iter().any(|p| l.contains(p)));
                    assert!(
                        pending,
                        "{place} is refused for more than a pending v1.1 feature:\n{errors}"
                    );
                }
                _ => assert_eq!(run.status.code(), Some(0), "{place} is invalid:\n{errors}"),
            }
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} flow files found in docs/");
}
