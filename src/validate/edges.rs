//! The edge pass: flow lines and `[[edges]]` to edges.
//!
//! In: the `flows` array and the `[[edges]]` tables, with nodes and groups
//! declared. Out: every edge in the order written, each end a node, a
//! group or an implicit node named by an icon — or an error at the unknown
//! id with the nearest name.

use std::ops::Range;

use toml::de::DeValue;

use super::limits::{MAX_EDGES, MAX_NODES};
use super::schema::{EDGE_KEYS, TOP_LEVEL_VALUE_KEYS};
use super::suggest::nearest_id;
use super::{EdgeDecl, Str, Validator};
use crate::catalog;
use crate::diagnostics::Diagnostic;
use crate::model::{Arrow, Edge, Endpoint, Icon, LineStyle, Node};
use crate::parse::{entries_in_file_order, flowline, strings::StrMap, type_name, Value};

/// How the edges of one arrow or `[[edges]]` table are drawn and placed.
#[derive(Debug, Clone, Copy)]
pub(super) struct Look {
    pub(super) style: LineStyle,
    pub(super) arrow: Arrow,
    /// Written target-first (`<-`, `<..`).
    pub(super) reversed: bool,
    /// False for `constraint = false`.
    pub(super) constraint: bool,
}

impl Validator<'_> {
    /// The node or group an id in a flow or `[[edges]]` names; an icon name
    /// makes an implicit node, with the id as written.
    pub(super) fn endpoint(&mut self, id: &str, span: Range<usize>) -> Option<Endpoint> {
        if let Some(&n) = self.node_index.get(id) {
            return Some(Endpoint::Node(n));
        }
        if let Some(&g) = self.group_index.get(id) {
            return Some(Endpoint::Group(g));
        }
        if let Some(entry) = catalog::resolve(id) {
            if self.nodes.len() >= MAX_NODES {
                self.node_limit(span);
                return None;
            }
            let n = self.nodes.len();
            self.nodes.push(Node {
                id: id.to_string(),
                icon: Icon::Builtin(entry.key),
                label: entry.name.to_string(),
                group: None,
                on: None,
                implicit: true,
            });
            self.node_index.insert(id.to_string(), n);
            return Some(Endpoint::Node(n));
        }
        let suggestion = if self.may_suggest() {
            nearest_id(id, self.node_index.keys().chain(self.group_index.keys()))
                .or_else(|| catalog::suggest(id).map(str::to_string))
        } else {
            None
        };
        let d = Diagnostic::at(span, format!("unknown id `{id}`"));
        let d = match suggestion {
            Some(s) => d.with_label(format!("did you mean `{s}`?")),
            None => d
                .with_label("not a node, a group or an icon name")
                .with_note(
                "declare it under [nodes] with an `icon`, or use an icon name (`archflow icons`)",
            ),
        };
        self.error(d);
        None
    }

    pub(super) fn push_edges(
        &mut self,
        froms: &[Endpoint],
        tos: &[Endpoint],
        look: Look,
        label: &Option<String>,
        span: Range<usize>,
    ) {
        if self.edges_full {
            return;
        }
        let count = froms.len().saturating_mul(tos.len());
        if self.edges.len().saturating_add(count) > MAX_EDGES {
            self.edges_full = true;
            self.error(
                Diagnostic::at(span, format!("too many edges: at most {MAX_EDGES}"))
                    .with_label("these edges go past the limit"),
            );
            return;
        }
        for &from in froms {
            for &to in tos {
                self.edges.push(Edge {
                    from,
                    to,
                    label: label.clone(),
                    style: look.style,
                    arrow: look.arrow,
                    reversed: look.reversed,
                    constraint: look.constraint,
                });
            }
        }
    }

    // ----- flows ---------------------------------------------------------

    pub(super) fn flows(&mut self, value: &Value<'_>) {
        let DeValue::Array(lines) = value.get_ref() else {
            self.error(
                Diagnostic::at(
                    value.span(),
                    format!(
                        "`flows` must be an array of strings, not {}",
                        type_name(value.get_ref())
                    ),
                )
                .with_label("e.g. `flows = [\"users -> cloudfront -> s3\"]`"),
            );
            return;
        };
        for line in lines.iter() {
            let DeValue::String(text) = line.get_ref() else {
                self.error(
                    Diagnostic::at(
                        line.span(),
                        format!(
                            "a flow line must be a string, not {}",
                            type_name(line.get_ref())
                        ),
                    )
                    .with_label("e.g. \"users -> s3\""),
                );
                continue;
            };
            let map = StrMap::new(self.source, line.span(), text);
            self.flow_line(text, &map);
        }
    }

    pub(super) fn flow_line(&mut self, text: &str, map: &StrMap) {
        let parsed = match flowline::parse(text) {
            Ok(p) => p,
            Err(e) => {
                let mut d = Diagnostic::at(map.span(e.span.clone()), e.message);
                if let Some(label) = e.label {
                    d = d.with_label(label);
                }
                self.error(d);
                return;
            }
        };
        let label = match &parsed.label {
            Some((text, span)) => {
                self.check_length(text, map.span(span.clone()), "label");
                Some(text.clone())
            }
            None => None,
        };
        let mut ends: Vec<Vec<Endpoint>> = Vec::with_capacity(parsed.lists.len());
        let mut ok = true;
        for list in &parsed.lists {
            let mut resolved = Vec::with_capacity(list.len());
            for id in list {
                match self.endpoint(&id.text, map.span(id.span.clone())) {
                    Some(e) => resolved.push(e),
                    None => ok = false,
                }
            }
            ends.push(resolved);
        }
        if !ok {
            return;
        }
        for (i, arrow) in parsed.arrows.iter().enumerate() {
            if let (Some(froms), Some(tos)) = (ends.get(i), ends.get(i + 1)) {
                // `a <- b` is the edge from `b` to `a`.
                let (froms, tos) = if arrow.reversed {
                    (tos.clone(), froms.clone())
                } else {
                    (froms.clone(), tos.clone())
                };
                let look = Look {
                    style: arrow.style,
                    arrow: arrow.arrow,
                    reversed: arrow.reversed,
                    constraint: true,
                };
                self.push_edges(&froms, &tos, look, &label, map.whole_span());
            }
        }
    }

    // ----- [[edges]] -----------------------------------------------------

    pub(super) fn edge_tables(
        &mut self,
        value: &Value<'_>,
        misplaced: &mut Vec<String>,
    ) -> Vec<EdgeDecl> {
        let DeValue::Array(items) = value.get_ref() else {
            self.error(
                Diagnostic::at(
                    value.span(),
                    format!(
                        "`edges` must be an array of tables, not {}",
                        type_name(value.get_ref())
                    ),
                )
                .with_label("write each edge as an `[[edges]]` table"),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            let DeValue::Table(table) = item.get_ref() else {
                self.error(
                    Diagnostic::at(
                        item.span(),
                        format!("an edge must be a table, not {}", type_name(item.get_ref())),
                    )
                    .with_label("e.g. `{ from = \"a\", to = \"b\" }`"),
                );
                continue;
            };
            let mut decl = EdgeDecl {
                from: Vec::new(),
                to: Vec::new(),
                label: None,
                style: LineStyle::default(),
                arrow: Arrow::default(),
                constraint: true,
            };
            let (mut has_from, mut has_to) = (false, false);
            for (k, v) in entries_in_file_order(table) {
                match k.get_ref().as_ref() {
                    "from" => {
                        has_from = true;
                        decl.from = self.ends(v, "from");
                    }
                    "to" => {
                        has_to = true;
                        decl.to = self.ends(v, "to");
                    }
                    "label" => {
                        if let Some((text, span)) = self.string(v, "label") {
                            self.check_text(&text, span, "label", None);
                            decl.label = Some(text);
                        }
                    }
                    "style" => {
                        if let Some(s) = self.word(
                            v,
                            "style",
                            "line style",
                            &LineStyle::WORDS,
                            LineStyle::from_word,
                        ) {
                            decl.style = s;
                        }
                    }
                    "arrow" => {
                        if let Some(a) =
                            self.word(v, "arrow", "arrow", &Arrow::WORDS, Arrow::from_word)
                        {
                            decl.arrow = a;
                        }
                    }
                    "constraint" => {
                        if let Some(b) = self.boolean(v, "constraint") {
                            decl.constraint = b;
                        }
                    }
                    other if TOP_LEVEL_VALUE_KEYS.contains(&other) => {
                        self.misplaced(other, k.span(), "[[edges]]", misplaced)
                    }
                    other => {
                        let d = self.unknown_key(other, k.span(), &EDGE_KEYS, "edge key");
                        self.error(d);
                    }
                }
            }
            for (present, key) in [(has_from, "from"), (has_to, "to")] {
                if !present {
                    self.error(
                        Diagnostic::at(item.span(), format!("edge has no `{key}`"))
                            .with_label(format!("add `{key} = \"...\"`")),
                    );
                }
            }
            out.push(decl);
        }
        out
    }

    /// The ids of `from` or `to`: a string or an array of strings.
    pub(super) fn ends(&mut self, value: &Value<'_>, key: &str) -> Vec<Str> {
        let items: Vec<&Value<'_>> = match value.get_ref() {
            DeValue::String(_) => vec![value],
            DeValue::Array(a) if !a.is_empty() => a.iter().collect(),
            DeValue::Array(_) => {
                self.error(
                    Diagnostic::at(value.span(), format!("`{key}` is an empty array"))
                        .with_label("name at least one id"),
                );
                return Vec::new();
            }
            other => {
                self.error(
                    Diagnostic::at(
                        value.span(),
                        format!(
                            "`{key}` must be a string or an array of strings, not {}",
                            type_name(other)
                        ),
                    )
                    .with_label("e.g. \"alb\" or [\"web1\", \"web2\"]"),
                );
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for item in items {
            if let Some((text, span)) = self.string(item, key) {
                out.push((text, span));
            }
        }
        out
    }

    pub(super) fn edge_decl(&mut self, decl: EdgeDecl) {
        let mut ok = true;
        let mut resolve = |v: &mut Self, list: &[Str]| -> Vec<Endpoint> {
            let mut out = Vec::new();
            for (id, span) in list {
                match v.endpoint(id, span.clone()) {
                    Some(e) => out.push(e),
                    None => ok = false,
                }
            }
            out
        };
        let froms = resolve(self, &decl.from);
        let tos = resolve(self, &decl.to);
        if !ok || froms.is_empty() || tos.is_empty() {
            return;
        }
        let span = decl.from.first().map_or(0..0, |(_, s)| s.clone());
        let look = Look {
            style: decl.style,
            arrow: decl.arrow,
            reversed: false,
            constraint: decl.constraint,
        };
        self.push_edges(&froms, &tos, look, &decl.label, span);
    }
}
