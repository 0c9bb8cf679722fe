//! `archflow completions SHELL` prints a script that knows every command.

#[path = "support/cli.rs"]
mod cli;

use std::path::Path;

#[test]
fn every_shell_gets_a_script_with_every_command() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = cli::archflow(Path::new("."), &["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = String::from_utf8_lossy(&out.stdout);
        for command in ["render", "check", "md", "fmt", "schema", "completions"] {
            assert!(script.contains(command), "{shell} misses {command}");
        }
    }
    let out = cli::archflow(Path::new("."), &["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
}
