//! Schema walking: the shape of keys and values, before any name means
//! anything.
//!
//! In: values of the TOML tree with their spans. Out: strings, words of a
//! fixed set, the entries of `[nodes]` and `[groups]` with checked ids —
//! or errors for wrong types, unknown or misplaced keys, empty or too long
//! text, invalid ids, each with the nearest valid key.

use std::borrow::Cow;
use std::ops::Range;

use toml::de::DeValue;
use toml::Spanned;

use super::limits::MAX_LABEL_CHARS;
use super::suggest::did_you_mean;
use super::{Str, Validator};
use crate::diagnostics::Diagnostic;
use crate::parse::{self, flowline, type_name, Value};

/// The top-level keys, in the order of the format page.
pub const TOP_LEVEL_KEYS: [&str; 7] = [
    "title",
    "subtitle",
    "direction",
    "flows",
    "nodes",
    "groups",
    "edges",
];
/// Top-level keys that hold plain values, which TOML moves into the table
/// above them when they are written after a `[table]` header.
pub(super) const TOP_LEVEL_VALUE_KEYS: [&str; 4] = ["title", "subtitle", "direction", "flows"];
pub(super) const NODE_KEYS: [&str; 4] = ["icon", "label", "in", "on"];
pub(super) const GROUP_KEYS: [&str; 4] = ["kind", "label", "in", "spans"];
pub(super) const EDGE_KEYS: [&str; 6] = ["from", "to", "label", "style", "arrow", "constraint"];

/// What the messages about `[groups]` and `[nodes]` say of each table.
pub(super) struct Section {
    /// `groups` or `nodes`.
    pub(super) name: &'static str,
    /// What one entry is: `group` or `node`.
    pub(super) entry: &'static str,
    /// The keys an entry may have.
    pub(super) keys: &'static [&'static str],
    /// What an entry holds, in an example: `kind = "vpc"`.
    pub(super) example: &'static str,
}

pub(super) const GROUPS: Section = Section {
    name: "groups",
    entry: "group",
    keys: &GROUP_KEYS,
    example: "kind = \"vpc\"",
};

pub(super) const NODES: Section = Section {
    name: "nodes",
    entry: "node",
    keys: &NODE_KEYS,
    example: "icon = \"ec2\"",
};

impl Validator<'_> {
    /// A string value, or an error saying what `what` must be.
    pub(super) fn string(&mut self, value: &Value<'_>, what: &str) -> Option<Str> {
        match value.get_ref() {
            DeValue::String(s) => Some((s.to_string(), value.span())),
            other => {
                self.error(
                    Diagnostic::at(
                        value.span(),
                        format!("`{what}` must be a string, not {}", type_name(other)),
                    )
                    .with_label("expected a string in quotes"),
                );
                None
            }
        }
    }

    /// A boolean value, or an error saying what `what` must be.
    pub(super) fn boolean(&mut self, value: &Value<'_>, what: &str) -> Option<bool> {
        match value.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            other => {
                self.error(
                    Diagnostic::at(
                        value.span(),
                        format!("`{what}` must be true or false, not {}", type_name(other)),
                    )
                    .with_label("write `true` or `false` without quotes"),
                );
                None
            }
        }
    }

    /// A word of a fixed set (`direction`, `kind`, `style`, `arrow`).
    pub(super) fn word<T>(
        &mut self,
        value: &Value<'_>,
        key: &str,
        what: &str,
        words: &[&str],
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let (text, span) = self.string(value, key)?;
        if let Some(v) = parse(&text) {
            return Some(v);
        }
        let d = Diagnostic::at(span, format!("unknown {what} `{text}`"));
        let d = match did_you_mean(&text, words) {
            Some(meant) => d.with_label(meant),
            None => d.with_label(format!("expected one of: {}", words.join(", "))),
        };
        self.error(d);
        None
    }

    /// Checks a title or label: not empty, not too long.
    pub(super) fn check_text(
        &mut self,
        text: &str,
        span: Range<usize>,
        what: &str,
        default: Option<&str>,
    ) {
        if text.trim().is_empty() {
            let d = Diagnostic::at(span, format!("`{what}` is empty"));
            let d = match default {
                Some(def) => d.with_label(format!(
                    "leave `{what}` out to use the default `{}`",
                    def.replace('\n', " ")
                )),
                None => d.with_label(format!("write the {what} between the quotes")),
            };
            self.error(d);
        } else {
            self.check_length(text, span, what);
        }
    }

    pub(super) fn check_length(&mut self, text: &str, span: Range<usize>, what: &str) {
        let n = text.chars().count();
        if n > MAX_LABEL_CHARS {
            self.error(
                Diagnostic::at(
                    span,
                    format!("`{what}` is {n} characters long; at most {MAX_LABEL_CHARS}"),
                )
                .with_label("shorten it"),
            );
        }
    }

    /// The error for an unknown key: a top-level key written after a
    /// `[table]`, or a misspelling of a key of `known`.
    pub(super) fn unknown_key(
        &mut self,
        key: &str,
        span: Range<usize>,
        known: &[&str],
        what: &str,
    ) -> Diagnostic {
        let d = Diagnostic::at(span, format!("unknown {what} `{key}`"));
        match did_you_mean(key, known) {
            Some(meant) => d.with_label(meant),
            None => d.with_label(format!("expected one of: {}", known.join(", "))),
        }
    }

    /// The error for a top-level key that TOML put inside `table`.
    pub(super) fn misplaced(
        &mut self,
        key: &str,
        span: Range<usize>,
        table: &str,
        misplaced: &mut Vec<String>,
    ) {
        misplaced.push(key.to_string());
        self.error(
            Diagnostic::at(
                span,
                format!("`{key}` must come before the first `[table]`"),
            )
            .with_label(format!("TOML reads this as part of `{table}`"))
            .with_note(format!(
                "move `{key} = ...` to the top of the file, above every `[...]` header"
            )),
        );
    }

    /// The table of `[nodes]` or `[groups]`, or an error.
    pub(super) fn table_of<'v, 'a>(
        &mut self,
        value: &'v Value<'a>,
        what: &str,
    ) -> Option<&'v parse::Table<'a>> {
        match value.get_ref() {
            DeValue::Table(t) => Some(t),
            other => {
                self.error(
                    Diagnostic::at(
                        value.span(),
                        format!("`{what}` must be a table, not {}", type_name(other)),
                    )
                    .with_label(format!(
                        "write `[{what}]` and one `id = {{ ... }}` line per entry"
                    )),
                );
                None
            }
        }
    }

    /// One entry of `[groups]` or `[nodes]`: its id, the id's span and its
    /// table, after checking the id — or `None` after reporting why it is
    /// not an entry (a top-level key written below the header, or a value
    /// that is not a table).
    pub(super) fn entry<'v, 'a>(
        &mut self,
        section: &Section,
        key: &Spanned<Cow<'a, str>>,
        value: &'v Value<'a>,
        misplaced: &mut Vec<String>,
    ) -> Option<(String, Range<usize>, &'v parse::Table<'a>)> {
        let id = key.get_ref().to_string();
        let id_span = key.span();
        let entry = match value.get_ref() {
            DeValue::Table(t) => t,
            _ if TOP_LEVEL_VALUE_KEYS.contains(&id.as_str()) => {
                self.misplaced(&id, id_span, &format!("[{}]", section.name), misplaced);
                return None;
            }
            other => {
                self.error(
                    Diagnostic::at(
                        value.span(),
                        format!(
                            "{} `{id}` must be a table, not {}",
                            section.entry,
                            type_name(other)
                        ),
                    )
                    .with_label(format!("e.g. `{id} = {{ {} }}`", section.example)),
                );
                return None;
            }
        };
        self.check_id(&id, id_span.clone(), section.entry);
        Some((id, id_span, entry))
    }

    /// The error for a key of entry `id` that is none of the section's
    /// keys: a top-level key written below the header, or a misspelling.
    pub(super) fn other_entry_key(
        &mut self,
        section: &Section,
        id: &str,
        key: &str,
        span: Range<usize>,
        misplaced: &mut Vec<String>,
    ) {
        if TOP_LEVEL_VALUE_KEYS.contains(&key) {
            let table = format!("[{}.{id}]", section.name);
            self.misplaced(key, span, &table, misplaced);
        } else {
            let d = self.unknown_key(key, span, section.keys, &format!("{} key", section.entry));
            self.error(d);
        }
    }

    pub(super) fn check_id(&mut self, id: &str, span: Range<usize>, what: &str) {
        if !flowline::is_valid_id(id) {
            self.error(
                Diagnostic::at(span, format!("`{id}` is not a valid {what} id"))
                    .with_label("ids are letters, digits, `_` and `-`"),
            );
        }
    }
}
