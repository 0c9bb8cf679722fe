//! The icon pass: a declared node's `icon` to a built-in or custom icon.
//!
//! In: a node as declared. Out: its [`Icon`] and the label it gets by
//! default — a catalog entry (by key or alias, or by the node's id), or a
//! custom SVG/PNG read from the flow file's folder and made safe — or an
//! error with the nearest icon name and a placeholder.

use std::path::Path;

use super::{NodeDecl, Validator};
use crate::catalog;
use crate::custom_icon;
use crate::diagnostics::Diagnostic;
use crate::model::Icon;

impl Validator<'_> {
    /// The icon of a declared node and the label it gives by default.
    pub(super) fn node_icon(&mut self, decl: &NodeDecl) -> (Icon, String) {
        let placeholder = (Icon::Builtin(""), decl.id.clone());
        match &decl.icon {
            Some((name, span)) => {
                if custom_icon::file_kind(name).is_some() {
                    return match custom_icon::load(self.base_dir, name) {
                        Ok(icon) => {
                            let label = Path::new(name).file_stem().map_or_else(
                                || decl.id.clone(),
                                |s| s.to_string_lossy().into_owned(),
                            );
                            (Icon::Custom(icon), label)
                        }
                        Err(message) => {
                            self.error(Diagnostic::at(span.clone(), message).with_label(
                                "custom icon paths are relative to the flow file's folder",
                            ));
                            placeholder
                        }
                    };
                }
                match catalog::resolve(name) {
                    Some(entry) => (Icon::Builtin(entry.key), entry.name.to_string()),
                    None => {
                        let suggestion = if self.may_suggest() {
                            catalog::suggest(name)
                        } else {
                            None
                        };
                        let d = Diagnostic::at(span.clone(), format!("unknown icon `{name}`"));
                        let d = match suggestion {
                            Some(s) => d.with_label(format!("did you mean `{s}`?")),
                            None => d
                                .with_label("not an icon key or alias")
                                .with_note("`archflow icons` lists every icon; a custom icon is a path ending in `.svg` or `.png`"),
                        };
                        self.error(d);
                        placeholder
                    }
                }
            }
            None => match catalog::resolve(&decl.id) {
                Some(entry) => (Icon::Builtin(entry.key), entry.name.to_string()),
                None => {
                    let suggestion = if self.may_suggest() {
                        catalog::suggest(&decl.id)
                    } else {
                        None
                    };
                    let d = Diagnostic::at(
                        decl.id_span.clone(),
                        format!(
                            "node `{}` has no `icon`, and `{}` is not an icon name",
                            decl.id, decl.id
                        ),
                    );
                    let d = match suggestion {
                        Some(s) => d.with_label(format!(
                            "add `icon = \"...\"`; did you mean `icon = \"{s}\"`?"
                        )),
                        None => d.with_label("add `icon = \"...\"`"),
                    };
                    self.error(d.with_note("`archflow icons` lists every icon"));
                    placeholder
                }
            },
        }
    }
}
