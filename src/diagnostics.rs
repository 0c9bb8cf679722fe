//! Problems found in a flow file, and how they are shown to people.
//!
//! In: the file's name and text and a list of [`Diagnostic`]s, each with a
//! byte span into the text, a message, and an optional label (usually the
//! nearest valid name). Out: a [`FileReport`] that renders every problem in
//! the shape of `cli.md` with `codespan-reporting` and ASCII characters:
//!
//! ```text
//! error: unknown icon `cloudfrnt`
//!   --> scenarios/cloudfront/q1.toml:7:18
//!   |
//! 7 | cdn = { icon = "cloudfrnt" }
//!   |                ^^^^^^^^^^^ did you mean `cloudfront`?
//! ```
//!
//! Lines and columns are 1-based; columns count characters. A diagnostic
//! without a span (an unreadable or empty file, a missing key) names the
//! file alone.

use std::fmt::Write as _;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor, Chars, Config};

/// Source lines longer than this are not quoted: the problem is shown as
/// `file:line:column` and its message alone.
const MAX_QUOTED_LINE: usize = 400;

/// One problem in a flow file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Byte range in the file's text; `None` for a problem of the file as a
    /// whole.
    pub span: Option<Range<usize>>,
    /// What is wrong, one line.
    pub message: String,
    /// Text shown under the span, e.g. "did you mean `cloudfront`?".
    pub label: Option<String>,
    /// Other places that explain the problem (where a name was first
    /// declared, ...), each with its own short text.
    pub related: Vec<(Range<usize>, String)>,
    /// Extra lines shown after the snippet as `= note`.
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// A problem at `span`.
    pub fn at(span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            span: Some(span),
            message: message.into(),
            label: None,
            related: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// A problem of the whole file, with no place in it.
    pub fn file(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            span: None,
            message: message.into(),
            label: None,
            related: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Adds the text shown under the span.
    pub fn with_label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = Some(label.into());
        self
    }

    /// Adds "did you mean `x`?" under the span when there is a suggestion.
    pub fn with_suggestion(self, suggestion: Option<&str>) -> Diagnostic {
        match suggestion {
            Some(s) => self.with_label(format!("did you mean `{s}`?")),
            None => self,
        }
    }

    /// Adds another place that explains the problem.
    pub fn with_related(mut self, span: Range<usize>, text: impl Into<String>) -> Diagnostic {
        self.related.push((span, text.into()));
        self
    }

    /// Adds a note line.
    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }
}

/// Every problem of one file, with what is needed to show them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileReport {
    /// The file's name as it is shown (the path as the user gave it).
    pub name: String,
    /// The file's text (empty when it could not be read as text).
    pub source: String,
    /// The problems, in the order of their place in the file; problems of
    /// the whole file come first.
    pub diagnostics: Vec<Diagnostic>,
}

/// A place in a file, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl FileReport {
    /// A report of `diagnostics` in `source`; they are sorted by place and
    /// spans are clamped to the text, so rendering never fails.
    pub fn new(
        name: impl Into<String>,
        source: impl Into<String>,
        mut diagnostics: Vec<Diagnostic>,
    ) -> FileReport {
        let source = source.into();
        for d in &mut diagnostics {
            if let Some(span) = &mut d.span {
                *span = clamp_span(&source, span.clone());
            }
            for (span, _) in &mut d.related {
                *span = clamp_span(&source, span.clone());
            }
        }
        diagnostics.sort_by_key(|d| d.span.as_ref().map(|s| (s.start, s.end)));
        FileReport {
            name: name.into(),
            source,
            diagnostics,
        }
    }

    /// A report of one problem of the whole file (unreadable, not a file, ...).
    pub fn whole_file(name: impl Into<String>, message: impl Into<String>) -> FileReport {
        FileReport::new(name, String::new(), vec![Diagnostic::file(message)])
    }

    /// A report of one problem of a file's content as a whole (empty, too
    /// large), placed like any other error at its start, line 1 column 1.
    pub fn at_start(name: impl Into<String>, message: impl Into<String>) -> FileReport {
        FileReport::new(name, String::new(), vec![Diagnostic::at(0..0, message)])
    }

    /// The 1-based line and column of a byte offset in the text.
    pub fn position(&self, offset: usize) -> Position {
        position_in(&self.source, offset)
    }

    /// `(line, column, message)` of every problem, in order; `(0, 0, ..)`
    /// for a problem of the whole file.
    pub fn locations(&self) -> Vec<(usize, usize, String)> {
        let mut locator = Locator::new(&self.source);
        self.diagnostics
            .iter()
            .map(|d| match &d.span {
                Some(span) => {
                    let p = locator.locate(span.start);
                    (p.line, p.column, d.message.clone())
                }
                None => (0, 0, d.message.clone()),
            })
            .collect()
    }

    /// Every problem, rendered for a terminal (`color`) or as plain text.
    pub fn render(&self, color: bool) -> String {
        let mut buffer = if color {
            termcolor::Buffer::ansi()
        } else {
            termcolor::Buffer::no_color()
        };
        let file = SimpleFile::new(self.name.as_str(), display_text(&self.source));
        let config = Config {
            chars: Chars::ascii(),
            ..Config::default()
        };
        let mut locator = Locator::new(&self.source);
        for d in &self.diagnostics {
            // Nothing to quote in an empty text (an empty or unread file).
            let quotable = !self.source.is_empty()
                && d.span.as_ref().is_some_and(|s| {
                    !self.is_long_line(s.start)
                        && d.related.iter().all(|(r, _)| !self.is_long_line(r.start))
                });
            let rendered = match (&d.span, quotable) {
                (Some(span), true) => {
                    let mut labels = vec![Label::primary((), span.clone())
                        .with_message(d.label.clone().unwrap_or_default())];
                    labels.extend(
                        d.related
                            .iter()
                            .map(|(r, text)| Label::secondary((), r.clone()).with_message(text)),
                    );
                    let cs = CsDiagnostic::error()
                        .with_message(&d.message)
                        .with_labels(labels)
                        .with_notes(d.notes.clone());
                    term::emit_to_write_style(&mut buffer, &config, &file, &cs).is_ok()
                }
                _ => false,
            };
            if !rendered {
                let at = d.span.as_ref().map(|s| locator.locate(s.start));
                self.render_short(&mut buffer, d, at, color);
            }
        }
        String::from_utf8_lossy(buffer.as_slice()).into_owned()
    }

    /// A problem shown without a quoted line: its message, the file and,
    /// when it has one, its line and column.
    fn render_short(
        &self,
        buffer: &mut termcolor::Buffer,
        d: &Diagnostic,
        at: Option<Position>,
        color: bool,
    ) {
        let styles = term::Styles::default();
        let paint = |spec: &termcolor::ColorSpec, text: &str| painted(color, spec, text);
        let arrow = paint(&styles.source_border, "-->");
        let bullet = paint(&styles.note_bullet, "=");
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{}{}",
            paint(&styles.header_error, "error"),
            paint(&styles.header_message, &format!(": {}", d.message))
        );
        match at {
            Some(p) => {
                let _ = writeln!(out, "  {arrow} {}:{}:{}", self.name, p.line, p.column);
            }
            None => {
                let _ = writeln!(out, "  {arrow} {}", self.name);
            }
        }
        if let Some(label) = &d.label {
            let _ = writeln!(out, "   {bullet} {label}");
        }
        for note in &d.notes {
            let _ = writeln!(out, "   {bullet} {note}");
        }
        out.push('\n');
        use std::io::Write as _;
        let _ = buffer.write_all(out.as_bytes());
    }

    /// True when the line holding `offset` is longer than
    /// [`MAX_QUOTED_LINE`] bytes; looks at most that far either way.
    fn is_long_line(&self, offset: usize) -> bool {
        let bytes = self.source.as_bytes();
        let offset = offset.min(bytes.len());
        let back = bytes
            .get(offset.saturating_sub(MAX_QUOTED_LINE + 1)..offset)
            .unwrap_or(&[]);
        let start_len = match back.iter().rposition(|&b| b == b'\n') {
            Some(i) => back.len() - i - 1,
            None if offset <= MAX_QUOTED_LINE => offset,
            None => return true,
        };
        let ahead = bytes
            .get(offset..bytes.len().min(offset + MAX_QUOTED_LINE + 1))
            .unwrap_or(&[]);
        let end_len = ahead
            .iter()
            .position(|&b| b == b'\n')
            .unwrap_or(ahead.len());
        start_len + end_len > MAX_QUOTED_LINE
    }
}

/// Finds the line and column of many offsets in one pass: each call walks
/// on from the previous offset (or from the start when it goes back), so
/// offsets in increasing order cost one walk over the text in all.
struct Locator<'t> {
    text: &'t str,
    offset: usize,
    position: Position,
}

impl<'t> Locator<'t> {
    fn new(text: &'t str) -> Locator<'t> {
        Locator {
            text,
            offset: 0,
            position: Position { line: 1, column: 1 },
        }
    }

    fn locate(&mut self, offset: usize) -> Position {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        if offset < self.offset {
            self.offset = 0;
            self.position = Position { line: 1, column: 1 };
        }
        for c in self.text.get(self.offset..offset).unwrap_or("").chars() {
            if c == '\n' {
                self.position.line += 1;
                self.position.column = 1;
            } else {
                self.position.column += 1;
            }
        }
        self.offset = offset;
        self.position
    }
}

/// The 1-based line and character column of `offset` in `text`.
pub fn position_in(text: &str, offset: usize) -> Position {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = text.get(..offset).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    Position { line, column }
}

/// The nearest char boundary at or before `i`.
fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// `span` moved inside `text` and onto char boundaries.
fn clamp_span(text: &str, span: Range<usize>) -> Range<usize> {
    let start = floor_char_boundary(text, span.start.min(text.len()));
    let mut end = span.end.clamp(start, text.len());
    while end < text.len() && !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// The text as it is quoted: control characters (which would upset a
/// terminal) are replaced by one-byte stand-ins, so every byte offset stays
/// where it was.
fn display_text(source: &str) -> String {
    source
        .chars()
        .map(|c| match c {
            '\n' | '\t' => c,
            '\r' => ' ',
            c if c.is_ascii_control() => '?',
            c => c,
        })
        .collect()
}

/// `text` in the colours of `spec` (ANSI codes), or plain without `color`.
fn painted(color: bool, spec: &termcolor::ColorSpec, text: &str) -> String {
    use std::io::Write as _;
    use termcolor::WriteColor as _;
    if !color {
        return text.to_string();
    }
    let mut buffer = termcolor::Buffer::ansi();
    let _ = buffer.set_color(spec);
    let _ = buffer.write_all(text.as_bytes());
    let _ = buffer.reset();
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

/// The word `error` as every error starts, in the colour of the reports.
pub fn error_word(color: bool) -> String {
    painted(color, &term::Styles::default().header_error, "error")
}

/// True when diagnostics written to standard error may use colour: it is a
/// terminal and `NO_COLOR` is not set.
pub fn stderr_wants_color() -> bool {
    use std::io::IsTerminal as _;
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters() {
        let text = "a = 1\n가나 = \"x\"\n";
        assert_eq!(position_in(text, 0), Position { line: 1, column: 1 });
        let x = text.find('"').unwrap_or(0);
        assert_eq!(position_in(text, x), Position { line: 2, column: 6 });
        assert_eq!(position_in(text, 10_000).line, 3);
    }

    #[test]
    fn renders_in_the_cli_shape() {
        let src = "title = \"t\"\n[nodes]\ncdn = { icon = \"cloudfrnt\" }\n";
        let start = src.find("\"cloudfrnt\"").unwrap_or(0);
        let report = FileReport::new(
            "q1.toml",
            src,
            vec![
                Diagnostic::at(start..start + 11, "unknown icon `cloudfrnt`")
                    .with_suggestion(Some("cloudfront")),
            ],
        );
        let text = report.render(false);
        assert!(text.contains("error: unknown icon `cloudfrnt`"), "{text}");
        assert!(text.contains("--> q1.toml:3:16"), "{text}");
        assert!(
            text.contains("^^^^^^^^^^^ did you mean `cloudfront`?"),
            "{text}"
        );
        assert_eq!(report.locations()[0].0, 3);
    }

    #[test]
    fn spans_out_of_range_do_not_panic() {
        let report = FileReport::new("x", "가", vec![Diagnostic::at(1..99, "m")]);
        let _ = report.render(true);
        let _ = report.render(false);
    }
}
