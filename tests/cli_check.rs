//! `archflow check` as a user runs it: files and folders, every error of
//! every bad file with its place, and the exit codes of `cli.md`.

use std::process::{Command, Output};

fn archflow(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_archflow"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .args(args)
        .output()
        .expect("archflow runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_folder_of_good_and_bad_files_reports_every_error_and_exits_1() {
    let out = archflow(&["check", "tests/fixtures/flows/check"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    let err = text(&out.stderr);
    // Piped: no colour.
    assert!(!err.contains('\x1b'));
    for place in [
        "tests/fixtures/flows/check/bad/q4-typos.toml:4:8",
        "tests/fixtures/flows/check/bad/q4-typos.toml:9:16",
        "tests/fixtures/flows/check/bad/q5-groups.toml:5:28",
        "tests/fixtures/flows/check/bad/q5-groups.toml:8:31",
    ] {
        assert!(err.contains(place), "{place} missing from:\n{err}");
    }
    assert!(!err.contains("good/"), "{err}");
    insta::assert_snapshot!(err);
}

#[test]
fn good_files_only_print_nothing_and_exit_0() {
    let out = archflow(&["check", "tests/fixtures/flows/check-good"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "");
    assert_eq!(text(&out.stderr), "");
    let out = archflow(&[
        "check",
        "tests/fixtures/flows/check/good/q1-static-site.toml",
        "tests/fixtures/flows/check/good",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn one_bad_file_among_good_paths_fails() {
    let out = archflow(&[
        "check",
        "tests/fixtures/flows/check-good",
        "tests/fixtures/flows/check/bad/q5-groups.toml",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("group `vpc` holds itself through `in`"),
        "{err}"
    );
    assert!(err.ends_with("checked 3 files, 1 invalid\n"), "{err}");
}

#[test]
fn a_missing_path_is_an_error_and_the_rest_is_still_checked() {
    let out = archflow(&[
        "check",
        "tests/fixtures/flows/nope.toml",
        "tests/fixtures/flows/check/bad/q4-typos.toml",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("tests/fixtures/flows/nope.toml: no such file or folder"),
        "{err}"
    );
    assert!(err.contains("unknown icon `cloudfrnt`"), "{err}");
}

#[test]
fn a_folder_without_flow_files_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = archflow(&["check", &dir.path().to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("no *.toml flow files"));
}

#[test]
fn a_wrong_command_line_exits_2() {
    for args in [
        vec!["check"],
        vec!["frobnicate"],
        vec!["check", "--bogus", "x.toml"],
        vec!["icons", "--jsn"],
        vec![],
    ] {
        let out = archflow(&args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(!out.stderr.is_empty());
    }
}

#[test]
fn every_command_has_help_with_an_example() {
    for args in [
        vec!["--help"],
        vec!["check", "--help"],
        vec!["icons", "--help"],
        vec!["help", "check"],
    ] {
        let out = archflow(&args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let help = text(&out.stdout);
        assert!(help.contains("Example"), "{args:?}:\n{help}");
        assert!(help.contains("archflow "), "{args:?}:\n{help}");
    }
    let out = archflow(&["--version"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).starts_with("archflow "));
}

#[test]
fn unreadable_files_are_reported_like_any_other() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("binary.toml"), [0xffu8, 0xfe, 0x00, 0x01]).expect("write");
    std::fs::write(dir.path().join("empty.toml"), "").expect("write");
    let out = archflow(&["check", &dir.path().to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("binary.toml:1:1"), "{err}");
    assert!(err.contains("not UTF-8"), "{err}");
    assert!(err.contains("empty.toml"), "{err}");
    assert!(err.contains("checked 2 files, 2 invalid"), "{err}");
}
