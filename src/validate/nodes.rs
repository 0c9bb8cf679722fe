//! The node pass: `[nodes]` to declared nodes.
//!
//! In: the `[nodes]` table, the groups already declared. Out: every
//! declared node in file order, registered before flows are read so they
//! can name it, then its `in` and its icon resolved; an id that is both a
//! node and a group is reported.

use std::ops::Range;

use super::limits::MAX_NODES;
use super::schema::NODES;
use super::{NodeDecl, Validator};
use crate::catalog;
use crate::diagnostics::Diagnostic;
use crate::model::{Icon, Node};
use crate::parse::{entries_in_file_order, Value};

impl Validator<'_> {
    pub(super) fn node_table(
        &mut self,
        value: &Value<'_>,
        misplaced: &mut Vec<String>,
    ) -> Vec<NodeDecl> {
        let Some(table) = self.table_of(value, NODES.name) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (key, value) in entries_in_file_order(table) {
            let Some((id, id_span, entry)) = self.entry(&NODES, key, value, misplaced) else {
                continue;
            };
            let mut decl = NodeDecl {
                id,
                id_span,
                icon: None,
                label: None,
                in_: None,
                on: None,
            };
            let mut label = None;
            for (k, v) in entries_in_file_order(entry) {
                match k.get_ref().as_ref() {
                    "icon" => decl.icon = self.string(v, "icon"),
                    "label" => label = self.string(v, "label"),
                    "in" => decl.in_ = self.string(v, "in"),
                    "on" => decl.on = self.string(v, "on"),
                    other => self.other_entry_key(&NODES, &decl.id, other, k.span(), misplaced),
                }
            }
            if let Some((text, span)) = label {
                let default = decl
                    .icon
                    .as_ref()
                    .map(|(i, _)| i.as_str())
                    .or(Some(decl.id.as_str()))
                    .and_then(catalog::resolve)
                    .map(|e| e.name);
                self.check_text(&text, span, "label", default);
                decl.label = Some(text);
            }
            out.push(decl);
        }
        out
    }

    /// Registers declared nodes so flows and `in` can see them; icons and
    /// groups are resolved later.
    pub(super) fn declare_nodes(&mut self, decls: &[NodeDecl]) {
        for decl in decls {
            if let Some(&g) = self.group_index.get(&decl.id) {
                let group_span = self.group_key_span(g);
                let mut d = Diagnostic::at(
                    decl.id_span.clone(),
                    format!("`{}` is both a node and a group", decl.id),
                )
                .with_label("declared as a node here");
                if let Some(s) = group_span {
                    d = d.with_related(s, "and as a group here");
                }
                self.error(d.with_note("give the node and the group different ids"));
            }
            if self.nodes.len() == MAX_NODES {
                self.node_limit(decl.id_span.clone());
            }
            self.node_index.insert(decl.id.clone(), self.nodes.len());
            self.nodes.push(Node {
                id: decl.id.clone(),
                icon: Icon::Builtin(""),
                label: String::new(),
                group: None,
                on: None,
                implicit: false,
            });
        }
    }

    pub(super) fn group_key_span(&self, g: usize) -> Option<Range<usize>> {
        self.group_spans.get(g).cloned()
    }

    /// The group on whose border a node sits (`on`), or an error: `on`
    /// with `in`, or naming no group, a node or an overlay group.
    fn resolve_on(&mut self, decl: &NodeDecl) -> Option<usize> {
        let (name, span) = decl.on.as_ref()?;
        if let Some((_, in_span)) = &decl.in_ {
            self.error(
                Diagnostic::at(
                    span.clone(),
                    format!("node `{}` has both `in` and `on`", decl.id),
                )
                .with_label("a border node sits on this group's border")
                .with_related(in_span.clone(), "and `in` puts it inside this group")
                .with_note(
                    "keep one: `on` draws the node half in and half out of its group; remove `in`",
                ),
            );
            return None;
        }
        self.resolve_group_ref("on", name, span.clone())
    }

    pub(super) fn resolve_nodes(&mut self, decls: &[NodeDecl]) {
        for (i, decl) in decls.iter().enumerate() {
            let group = match &decl.in_ {
                Some((name, span)) => self.resolve_in(name, span.clone()),
                None => None,
            };
            let on = self.resolve_on(decl);
            let group = match on {
                Some(g) => self.groups.get(g).and_then(|g| g.parent),
                None => group,
            };
            let (icon, default_label) = self.node_icon(decl);
            let label = decl.label.clone().unwrap_or(default_label);
            if let Some(node) = self.nodes.get_mut(i) {
                node.icon = icon;
                node.label = label;
                node.group = group;
                node.on = on;
            }
        }
    }
}
