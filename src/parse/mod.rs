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

/// Parses TOML text; the first syntax error becomes a diagnostic.
///
/// Only the first is reported: after a mistake the recovering parser
/// stumbles again and again (an array left open makes every later line
/// "missing a comma"), and those echoes point away from the mistake.
pub fn parse_toml(source: &str) -> Result<Document<'_>, Vec<Diagnostic>> {
    let (doc, errors) = DeTable::parse_recoverable(source);
    let first = errors
        .iter()
        .min_by_key(|e| e.span().map_or(usize::MAX, |s| s.start));
    match first {
        None => Ok(doc),
        Some(e) => Err(vec![
            unclosed_array(source, e).unwrap_or_else(|| toml_error(source, e))
        ]),
    }
}

/// The span of the key at `path` in `source` (`["groups", "asg", "spans"]`
/// finds `spans` in `asg = { spans = [...] }` under `[groups]` as well as
/// in a `[groups.asg]` table); None when the text does not parse or holds
/// no such key. For reports made after validation, from the file's text.
pub fn key_span(source: &str, path: &[&str]) -> Option<Range<usize>> {
    let doc = parse_toml(source).ok()?;
    let mut table = doc.get_ref();
    let (last, inner) = path.split_last()?;
    for name in inner {
        let (_, value) = table.iter().find(|(k, _)| k.get_ref() == name)?;
        let DeValue::Table(t) = value.get_ref() else {
            return None;
        };
        table = t;
    }
    table
        .iter()
        .find(|(k, _)| k.get_ref() == last)
        .map(|(k, _)| k.span())
}

/// The error of an array left open (`flows = ["a -> b"` and then the next
/// line): the parser finds a missing comma at the next line's start; the
/// mistake is after the last value of the line before.
fn unclosed_array(source: &str, error: &toml::de::Error) -> Option<Diagnostic> {
    if !error.message().contains("missing comma") {
        return None;
    }
    let at = error.span()?.start;
    let before = source.get(..at)?;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    if !before[line_start..].trim().is_empty() {
        return None;
    }
    let last = before.trim_end().len();
    let char_start = before[..last].char_indices().last().map(|(i, _)| i)?;
    Some(
        Diagnostic::at(char_start..last, "not valid TOML: an array is not closed")
            .with_label("add `]` after this (or `,` if the array goes on)"),
    )
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
        Some(span) if first == "duplicate key" => duplicate_key(source, span),
        Some(span) => quote_ends_string(source, span.start)
            .or_else(|| unquoted_key(source, span.clone(), &first))
            .unwrap_or_else(|| Diagnostic::at(point_span(source, span), text)),
        None => Diagnostic::file(text),
    };
    match rest {
        Some(r) if !r.is_empty() => d.with_note(r),
        _ => d,
    }
}

/// The error of a `"` written inside a double-quoted string
/// (`label = "the "API" gateway"`): TOML ends the string at it and then
/// trips over the word after it, at `at`. Reported at the quote, with both
/// ways to write one.
fn quote_ends_string(source: &str, at: usize) -> Option<Diagnostic> {
    let before = source.get(..at)?;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = &before[line_start..];
    let next = source.get(at..)?.chars().next()?;
    let glued = !next.is_whitespace() && !matches!(next, ',' | ']' | '}' | '#' | '=');
    if !line.ends_with('"') || line.matches('"').count() < 2 || !glued {
        return None;
    }
    let quote = at - 1;
    Some(
        Diagnostic::at(
            quote..at,
            "not valid TOML: a `\"` inside a string ends the string",
        )
        .with_label("the string ends here, and TOML cannot read what follows")
        .with_note(
            "write `\\\"` for a quote inside the text (\"a \\\"b\\\" c\"), \
                 or put the whole text in single quotes ('a \"b\" c')",
        ),
    )
}

/// The error of a key TOML cannot read bare: one in Korean (or any
/// letters beyond ASCII), or with a space, must be quoted.
fn unquoted_key(source: &str, span: Range<usize>, message: &str) -> Option<Diagnostic> {
    let bare = message.starts_with("invalid unquoted key");
    let spaced = message.starts_with("key with no value");
    if !bare && !spaced {
        return None;
    }
    let line_start = source.get(..span.start)?.rfind('\n').map_or(0, |i| i + 1);
    let line = source.get(line_start..)?.lines().next()?;
    let key = line.split('=').next()?.trim();
    if key.is_empty() || key.starts_with('[') || key.starts_with('"') {
        return None;
    }
    let key_start = line_start + line.find(key)?;
    let words_only = key.split(' ').all(|w| {
        w.chars().next().is_some_and(char::is_alphanumeric)
            && w.chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
    });
    if (bare && key.is_ascii()) || (spaced && !words_only) {
        return None;
    }
    let what = if bare {
        "an id that is not plain ASCII must be quoted"
    } else {
        "an id has no spaces"
    };
    let d = Diagnostic::at(
        key_start..key_start + key.len(),
        format!("not valid TOML: {what}"),
    );
    Some(if bare {
        d.with_label(format!("write `\"{key}\" = ...`"))
            .with_note(format!(
                "TOML keys without quotes are ASCII letters, digits, `-` and `_`; \
                 in flow lines the id is written as it is: \"{key} -> ...\""
            ))
    } else {
        d.with_label(format!(
            "write `{}` (or quote it: `\"{key}\"`)",
            key.replace(' ', "_")
        ))
    })
}

/// A key defined twice, at `span`: the message names it, and the first
/// definition is shown too when it can be found.
fn duplicate_key(source: &str, span: Range<usize>) -> Diagnostic {
    let key = source.get(span.clone()).unwrap_or("").trim();
    let d = Diagnostic::at(
        span.clone(),
        format!("not valid TOML: `{key}` is defined twice"),
    )
    .with_label("defined again here");
    match first_definition(source, span.start, key) {
        Some(first) => d.with_related(first, "first defined here"),
        None => d,
    }
}

/// Where `key`, defined again at `at`, was first defined: earlier on the
/// same line (an inline table), or earlier in the same `[table]`, or as
/// the same `[header]`.
fn first_definition(source: &str, at: usize, key: &str) -> Option<Range<usize>> {
    let line_start = source.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
    let defines = |text: &str, from: usize| -> Option<usize> {
        let mut search = 0;
        while let Some(i) = text.get(search..)?.find(key) {
            let i = search + i;
            let rest = text.get(i + key.len()..)?.trim_start();
            let before = text.get(..i)?.chars().next_back();
            let starts =
                before.is_none_or(|c| c == ' ' || c == '{' || c == ',' || c == '[' || c == '.');
            if starts && (rest.starts_with('=') || rest.starts_with('.') || rest.starts_with(']')) {
                return Some(from + i);
            }
            search = i + key.len().max(1);
        }
        None
    };
    let same_line = source.get(line_start..at)?;
    if let Some(i) = defines(same_line, line_start) {
        return Some(i..i + key.len());
    }
    let is_header = source.get(line_start..)?.trim_start().starts_with('[');
    let mut end = line_start;
    while end > 0 {
        let start = source.get(..end - 1)?.rfind('\n').map_or(0, |i| i + 1);
        let line = source.get(start..end)?;
        let header = line.trim_start().starts_with('[');
        if header && !is_header {
            return None;
        }
        if header == is_header {
            let indent = line.len() - line.trim_start().len();
            if let Some(i) = defines(line.trim_start(), start + indent) {
                return Some(i..i + key.len());
            }
        }
        end = start;
    }
    None
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
