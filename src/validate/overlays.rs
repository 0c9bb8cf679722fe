//! The overlay pass: `spans` on a group to the nodes it is drawn around.
//!
//! In: the `spans` arrays as written, once every node (declared and
//! implicit) and every group is known. Out: each overlay group's
//! [`crate::model::Group::spans`], every id a node that is not a border
//! node, inside the overlay's parent when it has one; two overlays share
//! no node — or an error at the offending id with the nearest node name.

use std::ops::Range;

use toml::de::DeValue;

use super::suggest::nearest_id;
use super::{GroupDecl, Str, Validator};
use crate::diagnostics::Diagnostic;
use crate::model::Group;
use crate::parse::{type_name, Value};

impl Validator<'_> {
    /// The ids of a `spans` array as written, with the array's span.
    pub(super) fn span_ids(&mut self, value: &Value<'_>) -> Option<(Vec<Str>, Range<usize>)> {
        let DeValue::Array(items) = value.get_ref() else {
            self.error(
                Diagnostic::at(
                    value.span(),
                    format!(
                        "`spans` must be an array of node ids, not {}",
                        type_name(value.get_ref())
                    ),
                )
                .with_label("e.g. `spans = [\"web_a\", \"web_b\"]`"),
            );
            return None;
        };
        if items.is_empty() {
            self.error(
                Diagnostic::at(value.span(), "`spans` is empty")
                    .with_label("list the nodes this group is drawn around")
                    .with_note("leave `spans` out for a group that holds what is `in` it"),
            );
            return None;
        }
        let ids = items
            .iter()
            .filter_map(|item| self.string(item, "spans"))
            .collect();
        Some((ids, value.span()))
    }

    /// Resolves every overlay group's `spans` to node indices.
    pub(super) fn resolve_spans(&mut self, decls: &[(GroupDecl, Group)]) {
        for (g, (decl, _)) in decls.iter().enumerate() {
            let Some((ids, _)) = &decl.spans else {
                continue;
            };
            let mut nodes = Vec::with_capacity(ids.len());
            for (id, span) in ids {
                if let Some(n) = self.span_member(g, id, span.clone()) {
                    if !nodes.contains(&n) {
                        nodes.push(n);
                    }
                }
            }
            if let Some(group) = self.groups.get_mut(g) {
                group.spans = nodes;
            }
        }
        self.check_overlays_apart(decls);
    }

    /// The node that `id` in the `spans` of overlay `g` names, or an error.
    fn span_member(&mut self, g: usize, id: &str, span: Range<usize>) -> Option<usize> {
        let overlay = self.groups.get(g).map_or("", |o| o.id.as_str()).to_string();
        let Some(&n) = self.node_index.get(id) else {
            let d = if self.group_index.contains_key(id) {
                Diagnostic::at(span, format!("`spans` lists nodes, but `{id}` is a group"))
                    .with_label(
                        "an overlay group is drawn around nodes; list the nodes of this group",
                    )
            } else {
                let suggestion = if self.may_suggest() {
                    nearest_id(id, self.node_index.keys())
                } else {
                    None
                };
                let d = Diagnostic::at(span, format!("unknown node `{id}`"));
                match suggestion {
                    Some(s) => d.with_label(format!("did you mean `{s}`?")),
                    None => {
                        d.with_label("`spans` lists nodes declared under [nodes] or used in flows")
                    }
                }
            };
            self.error(d);
            return None;
        };
        let node = self.nodes.get(n)?;
        if node.on.is_some() {
            self.error(
                Diagnostic::at(span, format!("`{id}` is a border node (`on`)")).with_label(
                    format!("overlay group `{overlay}` cannot span a node on a border"),
                ),
            );
            return None;
        }
        let parent = self.groups.get(g).and_then(|o| o.parent);
        if let Some(p) = parent {
            let inside =
                std::iter::successors(node.group, |&h| self.groups.get(h).and_then(|x| x.parent))
                    .any(|h| h == p);
            if !inside {
                let pid = self.groups.get(p).map_or("", |x| x.id.as_str());
                let d = Diagnostic::at(
                    span,
                    format!("`{id}` is not inside `{pid}`, which holds overlay group `{overlay}`"),
                )
                .with_label("an overlay is drawn inside its parent")
                .with_note(format!(
                    "put `{id}` in `{pid}` or a group in it, or change the `in` of `{overlay}`"
                ));
                self.error(d);
                return None;
            }
        }
        Some(n)
    }

    /// Two overlay groups may not share a node: their boxes would cross.
    fn check_overlays_apart(&mut self, decls: &[(GroupDecl, Group)]) {
        let mut owner: std::collections::HashMap<usize, usize> = Default::default();
        let overlays: Vec<usize> = (0..self.groups.len())
            .filter(|&g| !self.groups[g].spans.is_empty())
            .collect();
        for g in overlays {
            for &n in &self.groups[g].spans.clone() {
                let Some(&first) = owner.get(&n) else {
                    owner.insert(n, g);
                    continue;
                };
                let (a, b) = (&self.groups[first], &self.groups[g]);
                let nested = a.spans.iter().all(|x| b.spans.contains(x))
                    || b.spans.iter().all(|x| a.spans.contains(x));
                let how = if nested {
                    "one lies within the other"
                } else {
                    "they partly overlap"
                };
                let message = format!(
                    "overlay groups `{}` and `{}` both span `{}`: {how}",
                    a.id, b.id, self.nodes[n].id
                );
                let here = decls.get(g).and_then(|(d, _)| d.spans.as_ref());
                let there = decls.get(first).and_then(|(d, _)| d.spans.as_ref());
                let mut d = Diagnostic::at(here.map_or(0..0, |(_, s)| s.clone()), message)
                    .with_label("an overlay's nodes may be in no other overlay");
                if let Some((_, s)) = there {
                    d = d.with_related(s.clone(), "the other overlay");
                }
                self.error(d.with_note("give each node to one overlay group"));
                break;
            }
        }
    }
}
