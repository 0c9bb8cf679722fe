//! Flow file text to a syntax tree that keeps the place of everything.
//!
//! In: the text of a flow file. Out: a [`Document`], the TOML tree of
//! `toml::de::DeTable` in which every key and value carries its byte span,
//! or the TOML syntax errors as [`Diagnostic`]s. Two helpers work below the
//! TOML level: [`strings`] maps a byte of a decoded string value back to
//! its byte in the file (through escapes), and [`flowline`] parses one flow
//! line (`"users -> dns, cdn : label"`) into ids and arrows with their
//! places.
//!
//! Nothing here knows the meaning of keys; [`crate::validate`] does.

pub mod flowline;
pub mod strings;

use std::ops::Range;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::diagnostics::Diagnostic;

/// A parsed flow file: the root table with spans.
pub type Document<'a> = Spanned<DeTable<'a>>;

/// A table of the tree.
pub type Table<'a> = DeTable<'a>;

/// A value of the tree with its span.
pub type Value<'a> = Spanned<DeValue<'a>>;

/// Parses TOML text; every syntax error becomes a diagnostic.
pub fn parse_toml(source: &str) -> Result<Document<'_>, Vec<Diagnostic>> {
    let (doc, errors) = DeTable::parse_recoverable(source);
    if errors.is_empty() {
        return Ok(doc);
    }
    let mut all: Vec<Diagnostic> = errors.iter().map(|e| toml_error(source, e)).collect();
    all.sort_by_key(|d| d.span.as_ref().map(|s| s.start));
    // After a mistake the recovering parser often stumbles again on the
    // same line; only the first error of a line is worth reading.
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let (mut counted_to, mut line) = (0, 0);
    let mut last_line = None;
    for d in all {
        let key = match &d.span {
            Some(s) => {
                let upto = s.start.clamp(counted_to, source.len());
                line += source
                    .as_bytes()
                    .get(counted_to..upto)
                    .map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count());
                counted_to = upto;
                Some(line)
            }
            None => None,
        };
        if key.is_none() || key != last_line {
            last_line = key;
            diagnostics.push(d);
        }
    }
    Err(diagnostics)
}

/// One TOML syntax error as a diagnostic.
fn toml_error(source: &str, error: &toml::de::Error) -> Diagnostic {
    let message = error.message().trim().to_string();
    let (first, rest) = match message.split_once('\n') {
        Some((a, b)) => (a.trim().to_string(), Some(b.trim().to_string())),
        None => (message, None),
    };
    let text = if first.is_empty() {
        "not valid TOML".to_string()
    } else {
        format!("not valid TOML: {first}")
    };
    let d = match error.span() {
        Some(span) => Diagnostic::at(point_span(source, span), text),
        None => Diagnostic::file(text),
    };
    match rest {
        Some(r) if !r.is_empty() => d.with_note(r),
        _ => d,
    }
}

/// An error span that shows at least one character when the text has one.
fn point_span(source: &str, span: Range<usize>) -> Range<usize> {
    if span.start < span.end || span.start >= source.len() {
        return span;
    }
    let len = source
        .get(span.start..)
        .and_then(|s| s.chars().next())
        .map_or(0, |c| if c == '\n' { 0 } else { c.len_utf8() });
    span.start..span.start + len
}

/// The entries of a table in the order they appear in the file (the tree
/// itself keeps them sorted by name).
pub fn entries_in_file_order<'t, 'a>(
    table: &'t Table<'a>,
) -> Vec<(&'t Spanned<std::borrow::Cow<'a, str>>, &'t Value<'a>)> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    entries
}

/// The name TOML gives a value's type, for messages ("a string", ...).
pub fn type_name(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_spans() {
        let src = "title = \"x\"\n[nodes]\ncdn = { icon = \"cloudfront\" }\n";
        let doc = parse_toml(src).expect("valid");
        let nodes = doc.get_ref().get("nodes").expect("nodes");
        let cdn = nodes
            .get_ref()
            .as_table()
            .and_then(|t| t.get("cdn"))
            .expect("cdn");
        let icon = cdn
            .get_ref()
            .as_table()
            .and_then(|t| t.get("icon"))
            .expect("icon");
        assert_eq!(&src[icon.span()], "\"cloudfront\"");
    }

    #[test]
    fn reports_syntax_errors() {
        let errors = parse_toml("title = \n").err().unwrap_or_default();
        assert!(!errors.is_empty());
        assert!(errors[0].message.starts_with("not valid TOML"));
    }
}
