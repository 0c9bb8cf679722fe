//! Flow file to validated [`Diagram`], enforcing every rule of
//! `flow-format.md`.
//!
//! In: the bytes of a flow file (or its path) and the folder that custom
//! icon paths are relative to. Out: a [`Diagram`] whose every index is
//! valid, whose group tree has no cycle, and whose every icon resolved — or
//! a [`FileReport`] with *every* problem of the file, each at its
//! `file:line:column` with the nearest valid name where one exists.
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

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Read as _;
use std::ops::Range;
use std::path::Path;

use toml::de::DeValue;
use toml::Spanned;

use crate::catalog;
use crate::custom_icon;
use crate::diagnostics::{position_in, Diagnostic, FileReport};
use crate::model::{
    Arrow, Diagram, Direction, Edge, Endpoint, Group, GroupKind, Icon, LineStyle, Node,
};
use crate::parse::{self, entries_in_file_order, flowline, strings::StrMap, type_name, Value};

/// Largest flow file read, in bytes.
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;
/// Most nodes in one diagram, declared and implicit together.
pub const MAX_NODES: usize = 10_000;
/// Most edges in one diagram.
pub const MAX_EDGES: usize = 20_000;
/// Most groups in one diagram.
pub const MAX_GROUPS: usize = 2_000;
/// Deepest nesting of groups (a top-level group is 1 deep).
pub const MAX_GROUP_DEPTH: usize = 16;
/// Longest title, subtitle or label, in characters.
pub const MAX_LABEL_CHARS: usize = 1_000;
/// Most problems shown for one file.
pub const MAX_REPORTED: usize = 500;
/// Most problems of one file kept in memory (the rest are only counted),
/// so a pathological file cannot make millions of them.
const MAX_KEPT: usize = 20 * MAX_REPORTED;
/// Most nearest-name suggestions computed for one file.
const MAX_SUGGESTIONS: usize = 200;

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
const TOP_LEVEL_VALUE_KEYS: [&str; 4] = ["title", "subtitle", "direction", "flows"];
const NODE_KEYS: [&str; 3] = ["icon", "label", "in"];
const GROUP_KEYS: [&str; 3] = ["kind", "label", "in"];
const EDGE_KEYS: [&str; 5] = ["from", "to", "label", "style", "arrow"];

/// What the messages about `[groups]` and `[nodes]` say of each table.
struct Section {
    /// `groups` or `nodes`.
    name: &'static str,
    /// What one entry is: `group` or `node`.
    entry: &'static str,
    /// The keys an entry may have.
    keys: &'static [&'static str],
    /// What an entry holds, in an example: `kind = "vpc"`.
    example: &'static str,
}

const GROUPS: Section = Section {
    name: "groups",
    entry: "group",
    keys: &GROUP_KEYS,
    example: "kind = \"vpc\"",
};

const NODES: Section = Section {
    name: "nodes",
    entry: "node",
    keys: &NODE_KEYS,
    example: "icon = \"ec2\"",
};

/// Reads and validates the flow file at `path`. Custom icon paths are
/// relative to its folder. Every failure, including an unreadable, empty,
/// enormous or non-UTF-8 file, is a report, never a panic.
pub fn load_file(path: &Path) -> Result<Diagram, FileReport> {
    let name = path.display().to_string();
    // Opening a FIFO blocks until someone writes to it, and a device may
    // never end: refuse anything but a regular file (or a folder, below)
    // before opening it.
    if let Ok(meta) = std::fs::metadata(path) {
        if !meta.is_file() && !meta.is_dir() {
            return Err(FileReport::whole_file(
                &name,
                format!("`{name}` is not a regular file"),
            ));
        }
    }
    let file = std::fs::File::open(path).map_err(|e| {
        FileReport::whole_file(&name, format!("cannot read `{name}`: {}", io_reason(&e)))
    })?;
    if let Ok(meta) = file.metadata() {
        if meta.is_dir() {
            return Err(FileReport::whole_file(
                &name,
                format!("`{name}` is a folder, not a flow file"),
            ));
        }
        if meta.len() > MAX_FILE_BYTES as u64 {
            return Err(too_large(&name, meta.len()));
        }
    }
    let mut bytes = Vec::new();
    // Read one byte past the limit, so a file that grew is still refused.
    file.take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            FileReport::whole_file(&name, format!("cannot read `{name}`: {}", io_reason(&e)))
        })?;
    let base_dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    load_source(&name, &bytes, base_dir)
}

/// Validates the bytes of a flow file named `name` (the name is only shown
/// in reports). Custom icon paths are relative to `base_dir`.
pub fn load_source(name: &str, bytes: &[u8], base_dir: &Path) -> Result<Diagram, FileReport> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(too_large(name, bytes.len() as u64));
    }
    if bytes.is_empty() {
        return Err(FileReport::whole_file(
            name,
            "the file is empty; a flow file needs at least `title = \"...\"` and `flows = [...]`",
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let source = match std::str::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => return Err(not_utf8(name, bytes, e.valid_up_to())),
    };
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

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

fn too_large(name: &str, len: u64) -> FileReport {
    FileReport::whole_file(
        name,
        format!(
            "the file is {:.1} MiB; flow files may be at most {} MiB",
            len as f64 / (1024.0 * 1024.0),
            MAX_FILE_BYTES / (1024 * 1024)
        ),
    )
}

/// A report for a file that is not UTF-8: it quotes the text up to the
/// first bad byte and points at it.
fn not_utf8(name: &str, bytes: &[u8], valid_up_to: usize) -> FileReport {
    let prefix = bytes
        .get(..valid_up_to)
        .and_then(|b| std::str::from_utf8(b).ok())
        .unwrap_or("");
    let bad = bytes.get(valid_up_to).copied().unwrap_or(0);
    let mut text = prefix.to_string();
    text.push('\u{FFFD}');
    let p = position_in(&text, valid_up_to);
    let d = Diagnostic::at(
        valid_up_to..text.len(),
        format!(
            "the file is not UTF-8 text: byte 0x{bad:02X} at line {}, column {} is not valid UTF-8",
            p.line, p.column
        ),
    )
    .with_label("flow files are UTF-8 text; save it as UTF-8");
    FileReport::new(name, text, vec![d])
}

/// The report of `errors`, of which the first [`MAX_REPORTED`] by place
/// are shown; `dropped` more were counted but not kept.
fn report(name: &str, source: &str, errors: Vec<Diagnostic>, dropped: usize) -> FileReport {
    let mut report = FileReport::new(name, source, errors);
    let more = (report.diagnostics.len() + dropped).saturating_sub(MAX_REPORTED);
    if more > 0 {
        report.diagnostics.truncate(MAX_REPORTED);
        report.diagnostics.push(Diagnostic::file(format!(
            "{more} more errors not shown (at most {MAX_REPORTED} are shown per file)"
        )));
    }
    report
}

/// A string value and its span.
type Str = (String, Range<usize>);

/// A group as declared, before `in` is resolved.
struct GroupDecl {
    id: String,
    id_span: Range<usize>,
    in_: Option<Str>,
}

/// A node as declared, before `icon` and `in` are resolved.
struct NodeDecl {
    id: String,
    id_span: Range<usize>,
    icon: Option<Str>,
    label: Option<String>,
    in_: Option<Str>,
}

/// The parts of an `[[edges]]` table.
struct EdgeDecl {
    from: Vec<Str>,
    to: Vec<Str>,
    label: Option<String>,
    style: LineStyle,
    arrow: Arrow,
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

    // ----- values ------------------------------------------------------

    /// A string value, or an error saying what `what` must be.
    fn string(&mut self, value: &Value<'_>, what: &str) -> Option<Str> {
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

    /// A word of a fixed set (`direction`, `kind`, `style`, `arrow`).
    fn word<T>(
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
        let d = match nearest_word(&text, words) {
            Some(w) => d.with_label(format!("did you mean `{w}`?")),
            None => d.with_label(format!("expected one of: {}", words.join(", "))),
        };
        self.error(d);
        None
    }

    /// Checks a title or label: not empty, not too long.
    fn check_text(&mut self, text: &str, span: Range<usize>, what: &str, default: Option<&str>) {
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

    fn check_length(&mut self, text: &str, span: Range<usize>, what: &str) {
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
    fn unknown_key(
        &mut self,
        key: &str,
        span: Range<usize>,
        known: &[&str],
        what: &str,
    ) -> Diagnostic {
        let d = Diagnostic::at(span, format!("unknown {what} `{key}`"));
        match nearest_word(key, known) {
            Some(w) => d.with_label(format!("did you mean `{w}`?")),
            None => d.with_label(format!("expected one of: {}", known.join(", "))),
        }
    }

    /// The error for a top-level key that TOML put inside `table`.
    fn misplaced(
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
    fn table_of<'v, 'a>(
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

    // ----- groups --------------------------------------------------------

    fn group_table(
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
                },
                Group {
                    id,
                    kind: kind_or_generic,
                    label,
                    parent: None,
                },
            ));
        }
        out
    }

    fn declare_groups(&mut self, decls: &[(GroupDecl, Group)]) {
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
            self.groups.push(group.clone());
        }
    }

    fn resolve_group_parents(&mut self, decls: &[(GroupDecl, Group)]) {
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

    fn report_cycle(&mut self, decls: &[(GroupDecl, Group)], cycle: &[usize]) {
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
    fn resolve_in(&mut self, name: &str, span: Range<usize>) -> Option<usize> {
        if let Some(&g) = self.group_index.get(name) {
            return Some(g);
        }
        let d = if self.node_index.contains_key(name) {
            Diagnostic::at(
                span,
                format!("`in` must name a group, but `{name}` is a node"),
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
                None => d.with_label("`in` names a group declared under [groups]"),
            }
        };
        self.error(d);
        None
    }

    // ----- nodes ---------------------------------------------------------

    fn node_table(&mut self, value: &Value<'_>, misplaced: &mut Vec<String>) -> Vec<NodeDecl> {
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
            };
            let mut label = None;
            for (k, v) in entries_in_file_order(entry) {
                match k.get_ref().as_ref() {
                    "icon" => decl.icon = self.string(v, "icon"),
                    "label" => label = self.string(v, "label"),
                    "in" => decl.in_ = self.string(v, "in"),
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

    /// One entry of `[groups]` or `[nodes]`: its id, the id's span and its
    /// table, after checking the id — or `None` after reporting why it is
    /// not an entry (a top-level key written below the header, or a value
    /// that is not a table).
    fn entry<'v, 'a>(
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
    fn other_entry_key(
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

    fn check_id(&mut self, id: &str, span: Range<usize>, what: &str) {
        if !flowline::is_valid_id(id) {
            self.error(
                Diagnostic::at(span, format!("`{id}` is not a valid {what} id"))
                    .with_label("ids are letters, digits, `_` and `-`"),
            );
        }
    }

    /// Registers declared nodes so flows and `in` can see them; icons and
    /// groups are resolved later.
    fn declare_nodes(&mut self, decls: &[NodeDecl]) {
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
                implicit: false,
            });
        }
    }

    fn group_key_span(&self, g: usize) -> Option<Range<usize>> {
        self.group_spans.get(g).cloned()
    }

    fn node_limit(&mut self, span: Range<usize>) {
        if !self.nodes_full {
            self.nodes_full = true;
            self.error(
                Diagnostic::at(span, format!("too many nodes: at most {MAX_NODES}"))
                    .with_label("this node is past the limit"),
            );
        }
    }

    fn resolve_nodes(&mut self, decls: &[NodeDecl]) {
        for (i, decl) in decls.iter().enumerate() {
            let group = match &decl.in_ {
                Some((name, span)) => self.resolve_in(name, span.clone()),
                None => None,
            };
            let (icon, default_label) = self.node_icon(decl);
            let label = decl.label.clone().unwrap_or(default_label);
            if let Some(node) = self.nodes.get_mut(i) {
                node.icon = icon;
                node.label = label;
                node.group = group;
            }
        }
    }

    /// The icon of a declared node and the label it gives by default.
    fn node_icon(&mut self, decl: &NodeDecl) -> (Icon, String) {
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

    // ----- edge ends -----------------------------------------------------

    /// The node or group an id in a flow or `[[edges]]` names; an icon name
    /// makes an implicit node, with the id as written.
    fn endpoint(&mut self, id: &str, span: Range<usize>) -> Option<Endpoint> {
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

    fn push_edges(
        &mut self,
        froms: &[Endpoint],
        tos: &[Endpoint],
        style: LineStyle,
        arrow: Arrow,
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
                    style,
                    arrow,
                });
            }
        }
    }

    // ----- flows ---------------------------------------------------------

    fn flows(&mut self, value: &Value<'_>) {
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

    fn flow_line(&mut self, text: &str, map: &StrMap) {
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
                let (froms, tos) = (froms.clone(), tos.clone());
                self.push_edges(
                    &froms,
                    &tos,
                    arrow.style,
                    arrow.arrow,
                    &label,
                    map.whole_span(),
                );
            }
        }
    }

    // ----- [[edges]] -----------------------------------------------------

    fn edge_tables(&mut self, value: &Value<'_>, misplaced: &mut Vec<String>) -> Vec<EdgeDecl> {
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
    fn ends(&mut self, value: &Value<'_>, key: &str) -> Vec<Str> {
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

    fn edge_decl(&mut self, decl: EdgeDecl) {
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
        self.push_edges(&froms, &tos, decl.style, decl.arrow, &decl.label, span);
    }
}

fn group_kind_words() -> Vec<&'static str> {
    GroupKind::ALL.iter().map(|k| k.as_str()).collect()
}

/// The word of `words` nearest to `input`: the same word written with other
/// case or separators, or a likely typo.
fn nearest_word<'w>(input: &str, words: &[&'w str]) -> Option<&'w str> {
    let n = catalog::normalize(input);
    if let Some(w) = words.iter().find(|w| catalog::normalize(w) == n) {
        return Some(w);
    }
    let normalized: Vec<String> = words.iter().map(|w| catalog::normalize(w)).collect();
    catalog::nearest(
        &n,
        normalized.iter().enumerate().map(|(i, w)| (w.as_str(), i)),
    )
    .and_then(|i| words.get(i).copied())
}

/// The id of `ids` nearest to `input`, for "did you mean".
fn nearest_id<'a>(input: &str, ids: impl Iterator<Item = &'a String>) -> Option<String> {
    let target = input.to_lowercase();
    let lowered: Vec<(String, &String)> = ids.map(|id| (id.to_lowercase(), id)).collect();
    catalog::nearest(
        &target,
        lowered.iter().map(|(l, id)| (l.as_str(), id.as_str())),
    )
    .map(str::to_string)
}
