//! `archflow fmt`: flow files rewritten in the canonical layout.
//!
//! In: flow files or folders (`-` reads stdin and writes the result to
//! stdout) and `--check`. Out: each file rewritten in place, whole or not
//! at all, when its layout changes — or with `--check` nothing written and
//! each file that would change named; the exit code. A file is only
//! rewritten when the formatted text means the same diagram (identical
//! layout JSON); the layout itself is [`crate::fmt`].

use std::io::Write as _;
use std::path::{Path, PathBuf};

use clap::Args;

use super::{print_output, streams, Failures, EXIT_INVALID};
use crate::diagnostics::{stderr_wants_color, FileReport};
use crate::inputs::collect_inputs;
use crate::validate;

/// Arguments of `archflow fmt`.
#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Flow files or folders (a folder means every *.toml under it; `-`
    /// formats standard input to standard output)
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Write nothing; name each file that is not formatted and exit 1
    #[arg(long)]
    pub check: bool,
}

pub(super) const AFTER_HELP: &str = "Examples:
  archflow fmt scenarios/              # every *.toml under scenarios/, in place
  archflow fmt --check scenarios/      # in CI: exit 1 when a file is not formatted
  archflow fmt - < q1.toml             # stdin to stdout (for editors)

One flow per line with spaces around arrows, keys in the order of the
format page, the `=` of inline tables aligned, every comment kept. A file
is only rewritten when the result draws exactly the same diagram.";

pub(super) fn run_fmt(args: &FmtArgs) -> i32 {
    if let [only] = args.paths.as_slice() {
        if streams::is_std_stream(only) {
            return fmt_stdin(args.check);
        }
    }
    let (inputs, errors) = collect_inputs(&args.paths);
    let mut failures = Failures::new(stderr_wants_color());
    if !failures.collected(&inputs, &errors) {
        return EXIT_INVALID;
    }
    let (mut changed, mut unchanged) = (0, 0);
    for input in &inputs {
        let name = input.path.display().to_string();
        let formatted = std::fs::read(&input.path)
            .map_err(|e| FileReport::whole_file(&name, format!("cannot read `{name}`: {e}")))
            .and_then(|bytes| formatted(&name, &bytes, input.path.parent()));
        let (source, text) = match formatted {
            Ok(pair) => pair,
            Err(report) => {
                failures.invalid(&report);
                continue;
            }
        };
        if source == text {
            unchanged += 1;
            continue;
        }
        changed += 1;
        if args.check {
            let _ = writeln!(failures.out, "not formatted: {name}");
            failures.count += 1;
        } else if let Err(e) = crate::batch::write_if_changed(&input.path, text.as_bytes()) {
            failures.error(&crate::pipeline::Error::Output(format!(
                "cannot write {name}: {e}"
            )));
        }
    }
    let total = changed + unchanged;
    let _ = writeln!(
        failures.out,
        "{total} file{}: {unchanged} formatted already, {changed} {}",
        if total == 1 { "" } else { "s" },
        if args.check {
            "not formatted"
        } else {
            "reformatted"
        },
    );
    failures.exit_code()
}

/// `archflow fmt -`: the formatted text of stdin on stdout.
fn fmt_stdin(check: bool) -> i32 {
    let mut bytes = Vec::new();
    let read = std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes);
    let formatted = match read {
        Ok(_) => formatted(streams::STDIN_NAME, &bytes, None),
        Err(e) => Err(FileReport::whole_file(
            streams::STDIN_NAME,
            format!("cannot read standard input: {e}"),
        )),
    };
    match formatted {
        Ok((source, text)) if check => i32::from(source != text) * EXIT_INVALID,
        Ok((_, text)) => print_output(text),
        Err(report) => {
            let _ = std::io::stderr().write_all(report.render(stderr_wants_color()).as_bytes());
            EXIT_INVALID
        }
    }
}

/// The text of a flow file and its formatted text; a report when it is
/// not TOML, or (never expected) when formatting would change what it
/// draws.
fn formatted(name: &str, bytes: &[u8], dir: Option<&Path>) -> Result<(String, String), FileReport> {
    let dir = dir
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let source = String::from_utf8(bytes.to_vec()).map_err(|_| {
        validate::load_source(name, bytes, dir)
            .err()
            .unwrap_or_else(|| FileReport::whole_file(name, "not UTF-8 text"))
    })?;
    let text = match crate::fmt::format_flow(&source) {
        Ok(text) => text,
        Err(message) => {
            return Err(validate::load_source(name, bytes, dir)
                .err()
                .unwrap_or_else(|| FileReport::whole_file(name, message)))
        }
    };
    let meaning = |text: &str| {
        validate::load_source(name, text.as_bytes(), dir)
            .ok()
            .map(|d| crate::layout::layout(&d).to_json())
    };
    if text != source && meaning(&source) != meaning(&text) {
        return Err(FileReport::whole_file(
            name,
            "formatting would change what this file draws; it was left alone (please report this)",
        ));
    }
    Ok((source, text))
}
