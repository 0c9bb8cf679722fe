//! `archflow md` as a note-taker runs it: archflow blocks of a Markdown
//! note rendered in place, idempotent, `--check` for CI, errors at the
//! note's own lines, and nothing outside the link sections touched.

#[path = "support/cli.rs"]
mod cli;
use cli::{archflow, stderr};

use std::path::{Path, PathBuf};

/// A study note with CRLF line endings: a named block, an unnamed one in a
/// list item, fence-like text inside a list (an indented code block), and
/// a third block with an unknown icon on its line 5.
const NOTE_LINES: [&str; 31] = [
    "# 고성능 아키텍처",
    "",
    "정적은 S3, 동적은 ALB:",
    "",
    "```archflow origins",
    "title = \"CloudFront 앞단\"",
    "flows = [\"users -> cdn\", \"cdn -> s3 : 정적\", \"cdn -> alb : 동적\"]",
    "```",
    "",
    "1. 이렇게 적는다:",
    "",
    "        ```archflow",
    "        not a block: an indented code block",
    "        ```",
    "",
    "2. 가장 짧은 블록:",
    "",
    "   ```archflow",
    "   title = \"S3 웹사이트\"",
    "   flows = [\"users -> route53 -> cloudfront -> s3\"]",
    "   ```",
    "",
    "```archflow nat",
    "title = \"NAT\"",
    "flows = [\"app -> nat\"]",
    "[nodes]",
    "nat = { icon = \"nat-gatewy\" }",
    "app = { icon = \"ec2\", label = \"앱 서버\" }",
    "```",
    "끝.",
    "",
];

/// The note: [`NOTE_LINES`] with CRLF line endings and no final one.
fn note_text() -> String {
    NOTE_LINES.join("\r\n").trim_end().to_string()
}

/// The note with every generated link section cut out.
fn without_sections(note: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for line in note.split_inclusive('\n') {
        if line.trim_start().starts_with("<!-- archflow:start") {
            inside = true;
        }
        if !inside {
            out.push_str(line);
        }
        if line.contains("<!-- archflow:end -->") {
            inside = false;
        }
    }
    out
}

fn images(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir.join("note-images"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap_or_default();
            (p, bytes)
        })
        .collect()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

#[test]
fn renders_in_place_once_and_reports_errors_at_note_lines() {
    let dir = tempfile::tempdir().expect("temp dir");
    let note = dir.path().join("note.md");
    std::fs::write(&note, note_text()).expect("write note");
    let out = archflow(dir.path(), &["md", "note.md"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("error: unknown icon `nat-gatewy`"), "{err}");
    assert!(err.contains("--> note.md:27:16"), "{err}");
    assert!(err.contains("did you mean `nat-gateway`?"), "{err}");

    let first = read(&note);
    assert_eq!(
        without_sections(&first),
        note_text(),
        "only link sections were added"
    );
    assert!(first.contains(
        "```\r\n<!-- archflow:start origins (made by `archflow md` from the block above; do not edit) -->\r\n\
         ![CloudFront 앞단](note-images/origins.svg)\r\n<!-- archflow:end -->\r\n"
    ), "{first}");
    assert!(
        first.contains("   ```\r\n   <!-- archflow:start (made by"),
        "{first}"
    );
    assert!(
        first.contains("   ![S3 웹사이트](note-images/note-2.svg)\r\n"),
        "{first}"
    );
    assert_eq!(first.matches("archflow:start").count(), 2, "{first}");
    let names: Vec<String> = images(dir.path())
        .iter()
        .filter_map(|(p, _)| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    assert_eq!(
        names,
        ["note-2.png", "note-2.svg", "origins.png", "origins.svg"]
    );
    let svg = read(&dir.path().join("note-images/origins.svg"));
    assert!(svg.starts_with("<svg") || svg.starts_with("<?xml"), "{svg}");

    // A second run changes no byte.
    let before = images(dir.path());
    let again = archflow(dir.path(), &["md", "note.md"]);
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(read(&note), first);
    assert_eq!(images(dir.path()), before);

    // Fixed, the third block gets its picture; then everything is fresh.
    std::fs::write(&note, first.replace("nat-gatewy", "nat-gateway")).expect("write");
    let fixed = archflow(dir.path(), &["md", "note.md"]);
    assert_eq!(fixed.status.code(), Some(0), "{}", stderr(&fixed));
    let third = read(&note);
    assert_eq!(third.matches("archflow:start").count(), 3);
    assert!(third.ends_with("<!-- archflow:end -->\r\n끝."), "{third}");
    let check = archflow(dir.path(), &["md", "--check", "note.md"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}

#[test]
fn check_catches_stale_pictures_and_edited_blocks_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let note = dir.path().join("note.md");
    let good = note_text().replace("nat-gatewy", "nat-gateway");
    std::fs::write(&note, &good).expect("write note");
    assert_eq!(
        archflow(dir.path(), &["md", "note.md"]).status.code(),
        Some(0)
    );
    let rendered = read(&note);

    let png = dir.path().join("note-images/nat.png");
    std::fs::write(&png, b"stale").expect("write");
    let check = archflow(dir.path(), &["md", "--check", "note.md"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(
        stderr(&check).contains("out of date: note-images/nat.png"),
        "{}",
        stderr(&check)
    );
    assert_eq!(std::fs::read(&png).unwrap_or_default(), b"stale");
    assert_eq!(
        archflow(dir.path(), &["md", "note.md"]).status.code(),
        Some(0)
    );

    let edited = rendered.replace("title = \"NAT\"", "title = \"NAT 게이트웨이\"");
    std::fs::write(&note, &edited).expect("write");
    let check = archflow(dir.path(), &["md", "--check", "note.md"]);
    assert_eq!(check.status.code(), Some(1));
    let err = stderr(&check);
    assert!(err.contains("out of date: note.md"), "{err}");
    assert!(err.contains("out of date: note-images/nat.svg"), "{err}");
    assert_eq!(read(&note), edited, "--check writes nothing");
}

#[test]
fn a_broken_block_keeps_its_old_picture_and_link() {
    let dir = tempfile::tempdir().expect("temp dir");
    let note = dir.path().join("note.md");
    std::fs::write(&note, note_text().replace("nat-gatewy", "nat-gateway")).expect("write");
    assert_eq!(
        archflow(dir.path(), &["md", "note.md"]).status.code(),
        Some(0)
    );
    let rendered = read(&note);
    let before = images(dir.path());
    let broken = rendered.replace("flows = [\"app -> nat\"]", "flows = [\"app -> nat\"");
    std::fs::write(&note, &broken).expect("write");
    let out = archflow(dir.path(), &["md", "note.md"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("--> note.md:31:21"),
        "{}",
        stderr(&out)
    );
    assert_eq!(read(&note), broken);
    assert_eq!(images(dir.path()), before);
}

#[test]
fn images_folder_is_relative_to_the_note() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("notes")).expect("mkdir");
    let note = dir.path().join("notes/vpc.md");
    std::fs::write(
        &note,
        "```archflow\ntitle = \"t\"\nflows = [\"ec2 -> s3\"]\n```\n",
    )
    .expect("write");
    let out = archflow(dir.path(), &["md", "notes/vpc.md", "--images", "img"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(read(&note).contains("![t](img/vpc-1.svg)\n"));
    assert!(dir.path().join("notes/img/vpc-1.png").is_file());
    let out = archflow(dir.path(), &["md", "notes/vpc.md", "--images", "/tmp/x"]);
    assert_eq!(out.status.code(), Some(1));
}
