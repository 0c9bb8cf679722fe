//! The group pass: `[groups]` to the group tree.
//!
//! In: the `[groups]` table. Out: every group declared in file order, its
//! `in` resolved to a parent, no cycle (a group that holds itself is
//! reported and cut) and no chain deeper than [`MAX_GROUP_DEPTH`]; and
//! [`Validator::resolve_in`], which nodes use too.

use std::ops::Range;

use super::limits::{MAX_GROUPS, MAX_GROUP_DEPTH};
use super::schema::GROUPS;
use super::suggest::{group_kind_words, nearest_id};
use super::{GroupDecl, Validator};
use crate::diagnostics::Diagnostic;
use crate::model::{Group, GroupKind};
use crate::parse::{entries_in_file_order, Value};

impl Validator<'_> {
    pub(super) fn group_table(
        &mut self,
        value: &Value<'_>,
        misplaced: &mut Vec<String>,
    ) -> Vec<(GroupDecl, Group)> {
        let Some(table) = self.table_of(value, GROUPS.name) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (key, value) in entries_in_file_order(table) {
            let Some((id, id_span, entry)) = self.entry(&GROUPS, key, value, misplaced) else {
                continue;
            };
            let mut kind = None;
            let mut kind_seen = false;
            let mut label = None;
            let mut in_ = None;
            let mut spans = None;
            for (k, v) in entries_in_file_order(entry) {
                match k.get_ref().as_ref() {
                    "kind" => {
                        kind_seen = true;
                        kind = self.word(
                            v,
                            "kind",
                            "group kind",
                            &group_kind_words(),
                            GroupKind::from_word,
                        );
                    }
                    "label" => label = self.string(v, "label"),
                    "in" => in_ = self.string(v, "in"),
                    "spans" => spans = self.span_ids(v),
                    other => self.other_entry_key(&GROUPS, &id, other, k.span(), misplaced),
                }
            }
            if !kind_seen {
                self.error(
                    Diagnostic::at(id_span.clone(), format!("group `{id}` has no `kind`"))
                        .with_label("add `kind = \"...\"`")
                        .with_note(format!("kinds: {}", group_kind_words().join(", "))),
                );
            }
            let kind_or_generic = kind.unwrap_or(GroupKind::Generic);
            let label = match label {
                Some((text, span)) => {
                    self.check_text(&text, span, "label", Some(kind_or_generic.display_name()));
                    text
                }
                None => kind_or_generic.display_name().to_string(),
            };
            out.push((
                GroupDecl {
                    id: id.clone(),
                    id_span,
                    in_,
                    spans,
                },
                Group {
                    id,
                    kind: kind_or_generic,
                    label,
                    parent: None,
                    spans: Vec::new(),
                },
            ));
        }
        out
    }

    pub(super) fn declare_groups(&mut self, decls: &[(GroupDecl, Group)]) {
        for (decl, group) in decls {
            if self.groups.len() == MAX_GROUPS {
                self.error(
                    Diagnostic::at(
                        decl.id_span.clone(),
                        format!("too many groups: at most {MAX_GROUPS}"),
                    )
                    .with_label("this group is past the limit"),
                );
            }
            self.group_index.insert(decl.id.clone(), self.groups.len());
            self.group_spans.push(decl.id_span.clone());
            self.overlay.push(decl.spans.is_some());
            self.groups.push(group.clone());
        }
    }

    pub(super) fn resolve_group_parents(&mut self, decls: &[(GroupDecl, Group)]) {
        let n = self.groups.len();
        let mut parent: Vec<Option<usize>> = vec![None; n];
        for (g, (decl, _)) in decls.iter().enumerate() {
            if let Some((name, span)) = &decl.in_ {
                parent[g] = self.resolve_in(name, span.clone());
            }
        }
        // Cycles: walk up from every group, marking the path.
        const NEW: u8 = 0;
        const ON_PATH: u8 = 1;
        const DONE: u8 = 2;
        let mut state = vec![NEW; n];
        for start in 0..n {
            let mut path = Vec::new();
            let mut cur = Some(start);
            while let Some(c) = cur {
                if state.get(c) != Some(&NEW) {
                    break;
                }
                state[c] = ON_PATH;
                path.push(c);
                cur = parent[c];
            }
            if let Some(c) = cur {
                if state.get(c) == Some(&ON_PATH) {
                    let from = path.iter().position(|&p| p == c).unwrap_or(0);
                    let cycle: Vec<usize> =
                        path.get(from..).map(<[usize]>::to_vec).unwrap_or_default();
                    self.report_cycle(decls, &cycle);
                    if let Some(&last) = cycle.last() {
                        parent[last] = None;
                    }
                }
            }
            for p in path {
                state[p] = DONE;
            }
        }
        // Depth: every chain is now finite.
        let mut depth: Vec<usize> = vec![0; n];
        for g in 0..n {
            let mut chain = Vec::new();
            let mut cur = Some(g);
            while let Some(c) = cur {
                if depth[c] != 0 {
                    break;
                }
                chain.push(c);
                cur = parent[c];
            }
            let mut d = cur.map_or(0, |c| depth[c]);
            for &c in chain.iter().rev() {
                d += 1;
                depth[c] = d;
                if d == MAX_GROUP_DEPTH + 1 {
                    let span = decls
                        .get(c)
                        .and_then(|(decl, _)| decl.in_.as_ref().map(|(_, s)| s.clone()))
                        .unwrap_or(0..0);
                    let id = decls.get(c).map_or("", |(decl, _)| decl.id.as_str());
                    self.error(
                        Diagnostic::at(
                            span,
                            format!("group `{id}` is nested {d} deep; at most {MAX_GROUP_DEPTH}"),
                        )
                        .with_label("groups nest too deep here"),
                    );
                }
            }
        }
        for (g, p) in parent.into_iter().enumerate() {
            if let Some(group) = self.groups.get_mut(g) {
                group.parent = p;
            }
        }
    }

    pub(super) fn report_cycle(&mut self, decls: &[(GroupDecl, Group)], cycle: &[usize]) {
        let Some(&first) = cycle.first() else {
            return;
        };
        let ids: Vec<&str> = cycle
            .iter()
            .chain(std::iter::once(&first))
            .filter_map(|&g| decls.get(g).map(|(d, _)| d.id.as_str()))
            .collect();
        let Some((decl, _)) = decls.get(first) else {
            return;
        };
        let span = decl
            .in_
            .as_ref()
            .map_or(decl.id_span.clone(), |(_, s)| s.clone());
        let mut d = Diagnostic::at(
            span,
            format!("group `{}` holds itself through `in`", decl.id),
        )
        .with_label(ids.join(" is in "));
        for &g in cycle.iter().skip(1) {
            if let Some((other, _)) = decls.get(g) {
                if let Some((_, s)) = &other.in_ {
                    d = d.with_related(s.clone(), format!("`{}` is in this group", other.id));
                }
            }
        }
        self.error(d.with_note("a group cannot be inside itself; remove one of these `in`s"));
    }

    /// The group that `in = "name"` names, or an error.
    pub(super) fn resolve_in(&mut self, name: &str, span: Range<usize>) -> Option<usize> {
        self.resolve_group_ref("in", name, span)
    }

    /// The group that `key = "name"` (`in` or `on`) names, or an error: no
    /// such group (with the nearest one), a node, or an overlay group.
    pub(super) fn resolve_group_ref(
        &mut self,
        key: &str,
        name: &str,
        span: Range<usize>,
    ) -> Option<usize> {
        if let Some(&g) = self.group_index.get(name) {
            if self.overlay.get(g) == Some(&true) {
                let mut d = Diagnostic::at(
                    span,
                    format!("`{key}` cannot name `{name}`: it is an overlay group"),
                )
                .with_label("an overlay group is drawn around the nodes of its `spans`");
                if let Some(s) = self.group_key_span(g) {
                    d = d.with_related(s, "declared with `spans` here");
                }
                self.error(d.with_note(
                    "nothing is `in` an overlay group; put the node in one of the groups it crosses and list it in `spans`",
                ));
                return None;
            }
            return Some(g);
        }
        let d = if self.node_index.contains_key(name) {
            Diagnostic::at(
                span,
                format!("`{key}` must name a group, but `{name}` is a node"),
            )
            .with_label("a node cannot hold anything; name a group from [groups]")
        } else {
            let suggestion = if self.may_suggest() {
                nearest_id(name, self.group_index.keys())
            } else {
                None
            };
            let d = Diagnostic::at(span, format!("unknown group `{name}`"));
            match suggestion {
                Some(s) => d.with_label(format!("did you mean `{s}`?")),
                None if self.group_index.is_empty() => {
                    d.with_label("there is no [groups] table; declare the group there")
                }
                None => d.with_label(format!("`{key}` names a group declared under [groups]")),
            }
        };
        self.error(d);
        None
    }
}
