//! Running the `archflow` binary from a test, in a folder and with what
//! goes to its standard input.
//!
//! Include it from a test file with
//! `#[path = "support/cli.rs"] mod cli;`

#![allow(dead_code)]

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Runs `archflow args` in `dir` with `stdin` piped in; waits for it.
pub fn archflow_in(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_archflow"))
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("archflow runs");
    if let Some(mut input) = child.stdin.take() {
        let _ = input.write_all(stdin);
    }
    child.wait_with_output().expect("archflow ends")
}

/// Runs `archflow args` in `dir` with nothing on its standard input.
pub fn archflow(dir: &Path, args: &[&str]) -> Output {
    archflow_in(dir, args, b"")
}

/// What the run wrote to standard error.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
