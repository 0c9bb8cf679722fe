//! The canonical layout of a flow file: `archflow fmt`.
//!
//! In: the text of a flow file that is valid TOML. Out: the same file laid
//! out one way — top-level keys in the order of `flow-format.md` (title,
//! subtitle, direction, flows, then `[nodes]`, `[groups]`, `[[edges]]`),
//! one flow per line with spaces around arrows and after commas, the `=`
//! of a table's inline tables aligned, the keys of each node, group and
//! edge in the documented order, one blank line before each table — with
//! every comment kept. Only layout changes: the diagram the file means is
//! the same (the `fmt` command checks that the layout JSON is identical
//! before it writes). Formatting twice gives the same bytes as once.
//!
//! Built on `toml_edit`, which keeps comments and whitespace as "decor"
//! around each key and value; this module rewrites that decor.

use toml_edit::{Array, DocumentMut, InlineTable, Item, Key, RawString, Table, Value};

use crate::parse::flowline;
use crate::validate::TOP_LEVEL_KEYS;

/// The keys of a node, a group and an edge, in the documented order.
const NODE_ORDER: [&str; 4] = ["icon", "label", "in", "on"];
const GROUP_ORDER: [&str; 4] = ["kind", "label", "in", "spans"];
const EDGE_ORDER: [&str; 6] = ["from", "to", "label", "style", "arrow", "constraint"];

/// Indentation of one flow line inside `flows = [ ... ]`.
const INDENT: &str = "  ";

/// `source` in the canonical layout, or the TOML syntax error that stops
/// it from being read.
pub fn format_flow(source: &str) -> Result<String, String> {
    let mut doc: DocumentMut = source
        .parse()
        .map_err(|e: toml_edit::TomlError| e.message().trim().to_string())?;
    let root = doc.as_table_mut();
    root.sort_values_by(|a, _, b, _| rank(&TOP_LEVEL_KEYS, a).cmp(&rank(&TOP_LEVEL_KEYS, b)));
    let mut first = true;
    for (mut key, item) in root.iter_mut() {
        if let Item::Value(value) = item {
            tidy_key_value(key.leaf_decor_mut(), value, first, 0);
            first = false;
            if key.get() == "flows" {
                if let Value::Array(flows) = value {
                    tidy_flows(flows);
                }
            }
        }
    }
    for (key, item) in root.iter_mut() {
        let order: &[&str] = match key.get() {
            "nodes" => &NODE_ORDER,
            "groups" => &GROUP_ORDER,
            "edges" => &EDGE_ORDER,
            _ => &[],
        };
        match item {
            Item::Table(table) => tidy_entries(table, order),
            Item::ArrayOfTables(tables) => {
                for table in tables.iter_mut() {
                    tidy_table(table, order, !first);
                    first = false;
                }
            }
            _ => {}
        }
    }
    order_tables(root);
    for (_, item) in root.iter_mut() {
        if let Item::Table(table) = item {
            if !table.is_implicit() {
                tidy_header(table.decor_mut(), !first);
                first = false;
            }
        }
    }
    let trailing = comment_lines(doc.trailing().as_str().unwrap_or(""));
    doc.set_trailing(trailing.join(""));
    let mut text = doc.to_string();
    let trimmed = text.trim_end_matches(['\n', ' ', '\t', '\r']).len();
    text.truncate(trimmed);
    text.push('\n');
    Ok(text)
}

/// The place of `key` in `order`; keys not listed come after, in file order.
fn rank(order: &[&str], key: &Key) -> usize {
    order
        .iter()
        .position(|k| *k == key.get())
        .unwrap_or(order.len())
}

/// The comment lines of a piece of decor, each as `# ...\n`, with one
/// empty line kept where the decor had one or more between them.
fn comment_lines(decor: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut blank = false;
    for line in decor.split('\n') {
        let line = line.trim();
        if line.is_empty() {
            blank = true;
            continue;
        }
        if blank && !out.is_empty() {
            out.push("\n".to_string());
        }
        blank = false;
        out.push(format!("{line}\n"));
    }
    out
}

/// The decor before a `key = value` line at `indent` spaces: its comment
/// lines, and one blank line first when `blank_before`.
fn line_prefix(old: Option<&RawString>, blank_before: bool) -> String {
    let old = old.and_then(RawString::as_str).unwrap_or("");
    let had_blank = old.trim_start_matches([' ', '\t']).starts_with('\n');
    let mut out = String::new();
    if blank_before || had_blank {
        out.push('\n');
    }
    for line in comment_lines(old) {
        out.push_str(&line);
    }
    out
}

/// A trailing comment, if any, as `  # ...`.
fn trailing_comment(old: Option<&RawString>) -> String {
    let old = old.and_then(RawString::as_str).unwrap_or("");
    match old.find('#') {
        Some(i) => format!("  {}", old[i..].trim_end()),
        None => String::new(),
    }
}

/// Tidies `key = value`: one space around `=`, comments above kept, a
/// trailing comment two spaces after the value; `pad` more spaces before
/// `=` to align it with its neighbours.
fn tidy_key_value(key_decor: &mut toml_edit::Decor, value: &mut Value, first: bool, pad: usize) {
    let prefix = line_prefix(key_decor.prefix(), false);
    let prefix = if first {
        prefix.trim_start_matches('\n').to_string()
    } else {
        prefix
    };
    key_decor.set_prefix(prefix);
    key_decor.set_suffix(" ".repeat(pad + 1));
    let comment = trailing_comment(value.decor().suffix());
    value.decor_mut().set_prefix(" ");
    value.decor_mut().set_suffix(comment);
    if let Value::InlineTable(inline) = value {
        tidy_inline(inline, &[]);
    }
}

/// `flows = [...]`: one canonical flow line per line (a single flow with
/// no comment stays on one line), comments kept.
fn tidy_flows(flows: &mut Array) {
    let has_comments = flows.iter().any(|v| raw(v.decor().prefix()).contains('#'))
        || raw(Some(flows.trailing())).contains('#');
    let one_line = flows.len() <= 1 && !has_comments;
    for value in flows.iter_mut() {
        if let Value::String(s) = value {
            if let Some(canonical) = canonical_flow(s) {
                let decor = s.decor().clone();
                *s = toml_edit::Formatted::new(canonical);
                *s.decor_mut() = decor;
            }
        }
        let old = raw(value.decor().prefix()).to_string();
        let prefix = if one_line {
            String::new()
        } else {
            element_prefix(&old)
        };
        value.decor_mut().set_prefix(prefix);
        value.decor_mut().set_suffix("");
    }
    if one_line {
        flows.set_trailing("");
        flows.set_trailing_comma(false);
    } else {
        let trailing = raw(Some(flows.trailing())).to_string();
        let mut end = element_prefix(&trailing);
        end.truncate(end.len() - INDENT.len());
        flows.set_trailing(end);
        flows.set_trailing_comma(true);
    }
}

fn raw(decor: Option<&RawString>) -> &str {
    decor.and_then(RawString::as_str).unwrap_or("")
}

/// The decor before an element of a one-per-line array: a comment that
/// was on the line of the previous element stays there, comment lines
/// above the element are indented, and the element starts its own line.
fn element_prefix(old: &str) -> String {
    let (same_line, rest) = old.split_once('\n').unwrap_or((old, ""));
    let mut out = String::new();
    if let Some(i) = same_line.find('#') {
        out.push_str("  ");
        out.push_str(same_line[i..].trim_end());
    }
    out.push('\n');
    for line in comment_lines(rest) {
        if line != "\n" {
            out.push_str(INDENT);
        }
        out.push_str(&line);
    }
    out.push_str(INDENT);
    out
}

/// The canonical text of a flow line, when it parses and is written as a
/// plain string (no escapes); else `None` and it stays as written.
fn canonical_flow(value: &toml_edit::Formatted<String>) -> Option<String> {
    let written = value.as_repr()?.as_raw().as_str()?;
    if written.contains('\\') || !written.starts_with('"') || written.starts_with("\"\"\"") {
        return None;
    }
    let line = value.value();
    let parsed = flowline::parse(line).ok()?;
    let chain = line.split(':').next().unwrap_or(line);
    let mut out = String::new();
    for (i, list) in parsed.lists.iter().enumerate() {
        if i > 0 {
            let arrow = parsed.arrows.get(i - 1)?;
            out.push(' ');
            out.push_str(chain.get(arrow.span.clone())?);
            out.push(' ');
        }
        let ids: Vec<&str> = list.iter().map(|id| id.text.as_str()).collect();
        out.push_str(&ids.join(", "));
    }
    if let Some((label, _)) = &parsed.label {
        out.push_str(" : ");
        out.push_str(label);
    }
    Some(out)
}

/// `[nodes]` / `[groups]`: every entry tidied, the `=` of the entries
/// aligned, their own keys in `order`.
fn tidy_entries(table: &mut Table, order: &[&str]) {
    let width = table
        .iter()
        .filter(|(_, item)| item.is_value())
        .map(|(key, _)| {
            table
                .key(key)
                .map_or(0, |k| k.display_repr().chars().count())
        })
        .max()
        .unwrap_or(0);
    let mut first = true;
    for (mut key, item) in table.iter_mut() {
        let shown = key.display_repr().chars().count();
        match item {
            Item::Value(value) => {
                tidy_key_value(key.leaf_decor_mut(), value, first, width - shown);
                if let Value::InlineTable(inline) = value {
                    tidy_inline(inline, order);
                }
                first = false;
            }
            Item::Table(entry) => tidy_table(entry, order, true),
            _ => {}
        }
    }
}

/// A `[header]` table whose keys are values: keys in `order`, each line
/// tidied.
fn tidy_table(table: &mut Table, order: &[&str], blank_before: bool) {
    table.sort_values_by(|a, _, b, _| rank(order, a).cmp(&rank(order, b)));
    let mut first = true;
    for (mut key, item) in table.iter_mut() {
        if let Item::Value(value) = item {
            tidy_key_value(key.leaf_decor_mut(), value, first, 0);
            first = false;
        }
    }
    if !table.is_implicit() {
        tidy_header(table.decor_mut(), blank_before);
    }
}

/// `{ a = 1, b = 2 }` with the keys in `order`.
fn tidy_inline(inline: &mut InlineTable, order: &[&str]) {
    if !order.is_empty() {
        inline.sort_values_by(|a, _, b, _| rank(order, a).cmp(&rank(order, b)));
    }
    inline.fmt();
}

/// The decor of a `[header]` line: one blank line above it (but at the
/// top of the file), its comments kept.
fn tidy_header(decor: &mut toml_edit::Decor, blank_before: bool) {
    let mut prefix = line_prefix(decor.prefix(), blank_before);
    if !blank_before {
        prefix = prefix.trim_start_matches('\n').to_string();
    }
    decor.set_prefix(prefix);
    let comment = trailing_comment(decor.suffix());
    decor.set_suffix(comment);
}

/// The top-level tables in the order of `TOP_LEVEL_KEYS`; the sub-tables
/// of one keep their order. Files with tables not in that list keep
/// their order.
fn order_tables(root: &mut Table) {
    let mut positions: Vec<(usize, isize)> = Vec::new();
    for (key, item) in root.iter() {
        let r = TOP_LEVEL_KEYS
            .iter()
            .position(|k| *k == key)
            .unwrap_or(TOP_LEVEL_KEYS.len());
        collect_positions(item, r, &mut positions);
    }
    positions.sort_by_key(|(_, p)| *p);
    let mut sorted = positions.clone();
    sorted.sort();
    if sorted == positions || positions.iter().any(|(r, _)| *r == TOP_LEVEL_KEYS.len()) {
        return;
    }
    for (_, item) in root.iter_mut() {
        renumber(item, &sorted);
    }
}

fn collect_positions(item: &Item, rank: usize, out: &mut Vec<(usize, isize)>) {
    match item {
        Item::Table(t) => {
            if let Some(p) = t.position() {
                out.push((rank, p));
            }
            for (_, child) in t.iter() {
                collect_positions(child, rank, out);
            }
        }
        Item::ArrayOfTables(a) => {
            for t in a.iter() {
                if let Some(p) = t.position() {
                    out.push((rank, p));
                }
            }
        }
        _ => {}
    }
}

/// Gives every table the index of its old position in `sorted`.
fn renumber(item: &mut Item, sorted: &[(usize, isize)]) {
    let new_position = |old: Option<isize>| {
        old.and_then(|p| sorted.iter().position(|(_, q)| *q == p))
            .map(|i| i as isize + 1)
    };
    match item {
        Item::Table(t) => {
            if let Some(p) = new_position(t.position()) {
                t.set_position(Some(p));
            }
            for (_, child) in t.iter_mut() {
                renumber(child, sorted);
            }
        }
        Item::ArrayOfTables(a) => {
            for t in a.iter_mut() {
                if let Some(p) = new_position(t.position()) {
                    t.set_position(Some(p));
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lays_out_a_messy_file() {
        let src = "# Q: why?\ntitle=\"t\"   # the title\nflows=[\"users->cdn\",   # first\n  # then\n \"cdn ..> s3:정적\"]\ndirection = \"down\"\n\n\n[nodes]\ncdn={icon=\"cloudfront\"}   # edge\nusers = {label=\"사용자\",icon=\"users\"}\n";
        let out = format_flow(src).expect("formats");
        assert_eq!(
            out,
            "# Q: why?\ntitle = \"t\"  # the title\ndirection = \"down\"\nflows = [\n  \"users -> cdn\",  # first\n  # then\n  \"cdn ..> s3 : 정적\",\n]\n\n[nodes]\ncdn   = { icon = \"cloudfront\" }  # edge\nusers = { icon = \"users\", label = \"사용자\" }\n"
        );
        assert_eq!(format_flow(&out).expect("formats"), out);
    }

    #[test]
    fn puts_tables_in_the_documented_order_with_their_comments() {
        let src = "title = \"t\"\n[groups]\nvpc = { kind = \"vpc\" }\n\n# the nodes\n[nodes.web]\nin = \"vpc\"\nicon = \"ec2\"\n\n[[edges]]\nto = \"web\"\nfrom = \"users\"\n";
        let out = format_flow(src).expect("formats");
        assert_eq!(
            out,
            "title = \"t\"\n\n# the nodes\n[nodes.web]\nicon = \"ec2\"\nin = \"vpc\"\n\n[groups]\nvpc = { kind = \"vpc\" }\n\n[[edges]]\nfrom = \"users\"\nto = \"web\"\n"
        );
    }
}
