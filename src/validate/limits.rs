//! The limits of one flow file and the report that shows its errors.
//!
//! In: the counts the passes reach and the errors they found. Out: an
//! error where a cap is passed (reported once), and the [`FileReport`] of
//! at most [`MAX_REPORTED`] errors, then how many more there were.

use std::ops::Range;

use super::Validator;
use crate::diagnostics::{Diagnostic, FileReport};

/// Most nodes in one diagram, declared and implicit together.
pub const MAX_NODES: usize = 10_000;
/// Most edges in one diagram.
pub const MAX_EDGES: usize = 20_000;
/// Most groups in one diagram.
pub const MAX_GROUPS: usize = 2_000;
/// Deepest nesting of groups (a top-level group is 1 deep).
pub const MAX_GROUP_DEPTH: usize = 16;
/// Longest title, subtitle or label, in characters.
pub const MAX_LABEL_CHARS: usize = 1_000;
/// Most problems shown for one file.
pub const MAX_REPORTED: usize = 500;
/// Most problems of one file kept in memory (the rest are only counted),
/// so a pathological file cannot make millions of them.
pub(super) const MAX_KEPT: usize = 20 * MAX_REPORTED;
/// Most nearest-name suggestions computed for one file.
pub(super) const MAX_SUGGESTIONS: usize = 200;

/// The report of `errors`, of which the first [`MAX_REPORTED`] by place
/// are shown; `dropped` more were counted but not kept.
pub(super) fn report(
    name: &str,
    source: &str,
    errors: Vec<Diagnostic>,
    dropped: usize,
) -> FileReport {
    let mut report = FileReport::new(name, source, errors);
    let more = (report.diagnostics.len() + dropped).saturating_sub(MAX_REPORTED);
    if more > 0 {
        report.diagnostics.truncate(MAX_REPORTED);
        report.diagnostics.push(Diagnostic::file(format!(
            "{more} more errors not shown (at most {MAX_REPORTED} are shown per file)"
        )));
    }
    report
}

impl Validator<'_> {
    pub(super) fn node_limit(&mut self, span: Range<usize>) {
        if !self.nodes_full {
            self.nodes_full = true;
            self.error(
                Diagnostic::at(span, format!("too many nodes: at most {MAX_NODES}"))
                    .with_label("this node is past the limit"),
            );
        }
    }
}
