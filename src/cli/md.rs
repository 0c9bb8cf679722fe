//! `archflow md`: the archflow blocks of Markdown notes, rendered in place.
//!
//! In: the notes named on the command line and `--images` / `--check`.
//! Out: each note's problems and failures on stderr, one summary line, and
//! the exit code (1 when a note has a problem or, with `--check`, when
//! anything is out of date). The work itself is [`crate::notes`].

use std::io::Write as _;
use std::path::PathBuf;

use clap::Args;

use super::{Failures, DEFAULT_SCALE, EXIT_INVALID};
use crate::diagnostics::stderr_wants_color;
use crate::notes::{process_note, Options};

/// Arguments of `archflow md`.
#[derive(Debug, Args)]
pub struct MdArgs {
    /// Markdown notes
    #[arg(required = true, value_name = "NOTE")]
    pub notes: Vec<PathBuf>,
    /// The pictures' folder, relative to each note's folder
    /// [default: NOTE-images, e.g. vpc-images/ beside vpc.md]
    #[arg(long, value_name = "DIR")]
    pub images: Option<PathBuf>,
    /// Write nothing; exit 1 when a note or a picture is out of date
    /// (for CI and pre-commit hooks)
    #[arg(long)]
    pub check: bool,
}

pub(super) const AFTER_HELP: &str = "Examples:
  archflow md notes/vpc.md                 # pictures into notes/vpc-images/
  archflow md notes/*.md --check           # in CI: exit 1 when out of date

Every fenced block whose info string is `archflow` (or `archflow NAME`) is
rendered to NAME.svg and NAME.png (an unnamed block: NOTE-N, N its place
among the blocks), and a link to the SVG is put under the block between
`<!-- archflow:start -->` and `<!-- archflow:end -->` lines, replaced on the
next run. Nothing else in the note changes. A block with an error keeps its
old picture and link; the error is shown at the note's line and column.";

pub(super) fn run_md(args: &MdArgs) -> i32 {
    let options = Options {
        images: args.images.clone(),
        scale: DEFAULT_SCALE,
        theme: crate::render::Theme::Light,
        check: args.check,
    };
    let mut failures = Failures::new(stderr_wants_color());
    let (mut blocks, mut rendered, mut changed, mut unchanged) = (0, 0, 0, 0);
    for note in &args.notes {
        let outcome = process_note(note, &options);
        if let Some(report) = &outcome.report {
            failures.invalid(report);
        }
        for message in &outcome.failures {
            failures.error(&crate::pipeline::Error::Output(message.clone()));
        }
        if args.check {
            for path in &outcome.changed {
                let _ = writeln!(failures.out, "out of date: {}", path.display());
            }
        }
        blocks += outcome.blocks;
        rendered += outcome.rendered;
        changed += outcome.changed.len();
        unchanged += outcome.unchanged;
    }
    let notes = args.notes.len();
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let _ = writeln!(
        failures.out,
        "{notes} note{}, {rendered} of {blocks} block{} rendered ({changed} {}, {unchanged} unchanged)",
        plural(notes),
        plural(blocks),
        if args.check { "out of date" } else { "written" },
    );
    if args.check && changed > 0 {
        return EXIT_INVALID;
    }
    failures.exit_code()
}
