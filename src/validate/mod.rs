//! Flow text to validated [`Diagram`], enforcing every rule of
//! `flow-format.md`: the entry points and the passes in order.
//!
//! In: the bytes of a flow file (or its path) and the folder that custom
//! icon paths are relative to. Out: a [`Diagram`] whose every index is
//! valid, whose group tree has no cycle, and whose every icon resolved — or
//! a [`FileReport`] with *every* problem of the file, each at its
//! `file:line:column` with the nearest valid name where one exists.
//!
//! The input pipeline: [`crate::read`] (I/O, size, encoding) ─>
//! [`crate::parse`] (TOML with spans) ─> the passes here, one file each:
//! `schema` (keys and value types), `groups` (the group tree, cycles,
//! depth), `nodes` (declaration and `in`), `icons` (built-in and custom),
//! `edges` (flow lines and `[[edges]]`), `limits` (the caps below and the
//! report), `suggest` (nearest names).
//!
//! # Limits
//!
//! A flow file describes one diagram that a person reads, so archflow
//! refuses inputs far beyond that, each with an error at its place:
//!
//! | what | at most |
//! | --- | --- |
//! | file size | [`MAX_FILE_BYTES`] (4 MiB) |
//! | nodes (declared and implicit) | [`MAX_NODES`] (10 000) |
//! | edges | [`MAX_EDGES`] (20 000) |
//! | groups | [`MAX_GROUPS`] (2 000) |
//! | groups nested in each other | [`MAX_GROUP_DEPTH`] (16) |
//! | characters of a title, subtitle or label | [`MAX_LABEL_CHARS`] (1 000) |
//!
//! At most [`MAX_REPORTED`] problems of one file are shown, then how many
//! more there were. Work is linear in the size of the file: names are
//! looked up in hash maps, and nearest-name suggestions are only computed
//! for a bounded number of errors.

mod edges;
mod groups;
mod icons;
mod limits;
mod nodes;
mod overlays;
mod schema;
mod suggest;

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use crate::diagnostics::{Diagnostic, FileReport};
use crate::model::{Arrow, Diagram, Direction, Edge, Group, LineStyle, Node};
use crate::parse::{self, entries_in_file_order, Value};
use crate::read;

pub use crate::read::MAX_FILE_BYTES;
pub use limits::{
    MAX_EDGES, MAX_GROUPS, MAX_GROUP_DEPTH, MAX_LABEL_CHARS, MAX_NODES, MAX_REPORTED,
};
pub use schema::TOP_LEVEL_KEYS;

use limits::{report, MAX_KEPT, MAX_SUGGESTIONS};
use suggest::nearest_word;

/// Reads and validates the flow file at `path`. Custom icon paths are
/// relative to its folder. Every failure, including an unreadable, empty,
/// enormous or non-UTF-8 file, is a report, never a panic.
pub fn load_file(path: &Path) -> Result<Diagram, FileReport> {
    let name = path.display().to_string();
    let bytes = read::read_file(path, &name)?;
    load_source(&name, &bytes, read::base_dir(path))
}

/// Validates the bytes of a flow file named `name` (the name is only shown
/// in reports). Custom icon paths are relative to `base_dir`.
pub fn load_source(name: &str, bytes: &[u8], base_dir: &Path) -> Result<Diagram, FileReport> {
    let source = read::decode(name, bytes)?;
    let doc = match parse::parse_toml(source) {
        Ok(doc) => doc,
        Err(diagnostics) => return Err(report(name, source, diagnostics, 0)),
    };
    let mut v = Validator::new(source, base_dir);
    let diagram = v.document(doc.get_ref());
    if v.errors.is_empty() {
        Ok(diagram)
    } else {
        Err(report(name, source, v.errors, v.dropped))
    }
}

/// A string value and its span.
type Str = (String, Range<usize>);

/// A group as declared, before `in` is resolved.
struct GroupDecl {
    id: String,
    id_span: Range<usize>,
    in_: Option<Str>,
    /// `spans`: the ids as written, and the span of the whole array.
    spans: Option<(Vec<Str>, Range<usize>)>,
}

/// A node as declared, before `icon` and `in` are resolved.
struct NodeDecl {
    id: String,
    id_span: Range<usize>,
    icon: Option<Str>,
    label: Option<String>,
    in_: Option<Str>,
    on: Option<Str>,
}

/// The parts of an `[[edges]]` table.
struct EdgeDecl {
    from: Vec<Str>,
    to: Vec<Str>,
    label: Option<String>,
    style: LineStyle,
    arrow: Arrow,
    constraint: bool,
}

struct Validator<'s> {
    source: &'s str,
    base_dir: &'s Path,
    errors: Vec<Diagnostic>,
    /// Errors past [`MAX_KEPT`], counted only.
    dropped: usize,
    suggestions_left: usize,
    nodes: Vec<Node>,
    node_index: HashMap<String, usize>,
    groups: Vec<Group>,
    group_index: HashMap<String, usize>,
    /// The span of each group's id, by index.
    group_spans: Vec<Range<usize>>,
    /// Whether each group is an overlay (has `spans`), by index.
    overlay: Vec<bool>,
    edges: Vec<Edge>,
    /// Set once the node limit was reported, so it is reported once.
    nodes_full: bool,
    /// Set once the edge limit was reported.
    edges_full: bool,
}

impl<'s> Validator<'s> {
    fn new(source: &'s str, base_dir: &'s Path) -> Validator<'s> {
        Validator {
            source,
            base_dir,
            errors: Vec::new(),
            dropped: 0,
            suggestions_left: MAX_SUGGESTIONS,
            nodes: Vec::new(),
            group_spans: Vec::new(),
            overlay: Vec::new(),
            node_index: HashMap::new(),
            groups: Vec::new(),
            group_index: HashMap::new(),
            edges: Vec::new(),
            nodes_full: false,
            edges_full: false,
        }
    }

    fn error(&mut self, d: Diagnostic) {
        if self.errors.len() < MAX_KEPT {
            self.errors.push(d);
        } else {
            self.dropped += 1;
        }
    }

    /// Spends one suggestion from the budget; false when it is used up.
    fn may_suggest(&mut self) -> bool {
        if self.suggestions_left == 0 {
            return false;
        }
        self.suggestions_left -= 1;
        true
    }

    // ----- the document -------------------------------------------------

    fn document(&mut self, root: &parse::Table<'_>) -> Diagram {
        let mut title: Option<String> = None;
        let mut subtitle: Option<String> = None;
        let mut direction = Direction::default();
        let mut flows: Option<&Value<'_>> = None;
        let mut nodes: Option<&Value<'_>> = None;
        let mut groups: Option<&Value<'_>> = None;
        let mut edges: Option<&Value<'_>> = None;
        // Top-level keys that were found inside a table or misspelt, so
        // they are not also reported missing.
        let mut misplaced: Vec<String> = Vec::new();

        for (key, value) in entries_in_file_order(root) {
            match key.get_ref().as_ref() {
                "title" => {
                    if let Some((text, span)) = self.string(value, "title") {
                        self.check_text(&text, span.clone(), "title", None);
                        title = Some(text);
                    } else {
                        title = Some(String::new());
                    }
                }
                "subtitle" => {
                    if let Some((text, span)) = self.string(value, "subtitle") {
                        if !text.trim().is_empty() {
                            self.check_length(&text, span, "subtitle");
                            subtitle = Some(text);
                        }
                    }
                }
                "direction" => {
                    if let Some(d) = self.word(
                        value,
                        "direction",
                        "direction",
                        &Direction::WORDS,
                        Direction::from_word,
                    ) {
                        direction = d;
                    }
                }
                "flows" => flows = Some(value),
                "nodes" => nodes = Some(value),
                "groups" => groups = Some(value),
                "edges" => edges = Some(value),
                other => {
                    // A misspelt `title` or `flows` is not also missing.
                    if let Some(meant) = nearest_word(other, &TOP_LEVEL_KEYS) {
                        misplaced.push(meant.to_string());
                    }
                    let d = self.unknown_key(other, key.span(), &TOP_LEVEL_KEYS, "top-level key");
                    self.error(d);
                }
            }
        }

        let group_decls = groups
            .map(|g| self.group_table(g, &mut misplaced))
            .unwrap_or_default();
        let node_decls = nodes
            .map(|n| self.node_table(n, &mut misplaced))
            .unwrap_or_default();
        self.declare_groups(&group_decls);
        self.declare_nodes(&node_decls);
        self.resolve_group_parents(&group_decls);
        self.resolve_nodes(&node_decls);

        if let Some(flows) = flows {
            self.flows(flows);
        }
        if let Some(edges) = edges {
            let decls = self.edge_tables(edges, &mut misplaced);
            for decl in decls {
                self.edge_decl(decl);
            }
        }
        self.resolve_spans(&group_decls);

        if title.is_none() && !misplaced.iter().any(|k| k == "title") {
            self.error(Diagnostic::at(0..0, "missing `title`").with_note(
                "every flow file starts with `title = \"...\"`, before the first `[table]`",
            ));
        }
        if flows.is_none() && edges.is_none() && !misplaced.iter().any(|k| k == "flows") {
            self.error(
                Diagnostic::at(0..0, "missing `flows`")
                    .with_note("add `flows = [\"users -> s3\"]` before the first `[table]` (it may be empty: `flows = []`), or give `[[edges]]`"),
            );
        }

        Diagram {
            title: title.unwrap_or_default(),
            subtitle,
            direction,
            nodes: std::mem::take(&mut self.nodes),
            groups: std::mem::take(&mut self.groups),
            edges: std::mem::take(&mut self.edges),
        }
    }
}
