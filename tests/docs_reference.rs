//! The reference pages of `docs/` against the program they describe: the
//! keys, group kinds, directions and arrows of `flow-format.md` are the
//! ones `archflow` accepts; every key of the layout JSON is in
//! `layout-json.md`; every command is in `cli.md`; the colours of
//! `style.md` are the ones drawn; and the icon list of `icons.md` is
//! generated from the catalog.
//!
//! The program is asked through the `archflow` binary (its error messages
//! list what it accepts), so these tests hold however the library is
//! arranged. Rows marked **v1.1** describe flow-format features whose
//! implementation may still be landing: they may be missing from the
//! program, never the other way round.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

#[path = "support/docs_pages.rs"]
mod docs_pages;
use docs_pages::{archflow_in, root};

/// Regenerates the generated parts of `docs/` in place.
const UPDATE_ENV: &str = "ARCHFLOW_UPDATE_DOCS";
const UPDATE: &str = "ARCHFLOW_UPDATE_DOCS=1 cargo test --release --test docs_reference";

fn page(name: &str) -> String {
    let path = root().join("docs").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{} is missing ({e}): it is the reference the code is checked against",
            path.display()
        )
    })
}

/// Writes `text` as a flow file and runs `archflow <command> flow.toml`.
fn run_on(command: &str, text: &str) -> Output {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("flow.toml"), text).expect("write");
    archflow_in(dir.path(), &[command, "flow.toml"])
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// One row of a Markdown table: its cells, trimmed.
type Row = Vec<String>;

/// The body rows of the first table after the line `heading` of `text`.
fn table_after(text: &str, heading: &str) -> Vec<Row> {
    let mut lines = text.lines().skip_while(|l| l.trim() != heading);
    assert!(
        lines.next().is_some(),
        "the docs have no `{heading}` section"
    );
    let rows: Vec<Row> = lines
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| {
            l.trim()
                .trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect();
    assert!(!rows.is_empty(), "the `{heading}` section has no table");
    rows
}

/// The `code spans` of a table cell.
fn code_spans(cell: &str) -> Vec<String> {
    cell.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

fn is_v11(row: &Row) -> bool {
    row.iter().any(|c| c.contains("v1.1"))
}

/// The names a table documents (the code spans of its first column),
/// split into all of them and the ones marked v1.1.
fn documented(rows: &[Row]) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut all = BTreeSet::new();
    let mut v11 = BTreeSet::new();
    for row in rows {
        for name in code_spans(&row[0]) {
            if is_v11(row) {
                v11.insert(name.clone());
            }
            all.insert(name);
        }
    }
    (all, v11)
}

/// Every name the program knows is documented; a documented name it does
/// not know yet is marked v1.1.
fn assert_documents(what: &str, known: &BTreeSet<String>, rows: &[Row]) {
    let (docs, v11) = documented(rows);
    let undocumented: Vec<&String> = known.difference(&docs).collect();
    assert!(
        undocumented.is_empty(),
        "{what} that archflow has but the docs do not list: {undocumented:?}"
    );
    let unknown: Vec<&String> = docs
        .difference(known)
        .filter(|k| !v11.contains(*k))
        .collect();
    assert!(
        unknown.is_empty(),
        "{what} that the docs list but archflow does not have: {unknown:?}"
    );
}

/// The list of an `expected one of: a, b, c` line in `errors` whose error
/// line contains `message`.
fn expected_one_of(errors: &str, message: &str) -> Vec<String> {
    let block = errors
        .split("\nerror: ")
        .find(|b| b.contains(message))
        .unwrap_or_else(|| panic!("no error `{message}` in:\n{errors}"));
    let list = block
        .split("expected one of: ")
        .nth(1)
        .unwrap_or_else(|| panic!("no list of valid words in:\n{block}"));
    let list = list.lines().next().unwrap_or("");
    list.split(", ").map(str::to_string).collect()
}

/// A flow file with one mistake of every kind whose message lists the
/// valid words.
const EVERY_UNKNOWN_WORD: &str = r#"title = "t"
direction = "sideways"
flows = []
zz_top = 1
[nodes]
a = { icon = "s3", zz_node = 1 }
[groups]
g = { kind = "zz-kind", zz_group = 1 }
[[edges]]
from = "a"
to = "a"
zz_edge = 1
style = "zz-style"
arrow = "zz-arrow"
"#;

fn accepted_words() -> BTreeMap<&'static str, BTreeSet<String>> {
    let out = run_on("check", EVERY_UNKNOWN_WORD);
    assert_eq!(out.status.code(), Some(1));
    let errors = stderr(&out);
    [
        ("top-level keys", "unknown top-level key `zz_top`"),
        ("node keys", "unknown node key `zz_node`"),
        ("group keys", "unknown group key `zz_group`"),
        ("edge keys", "unknown edge key `zz_edge`"),
        ("group kinds", "unknown group kind `zz-kind`"),
        ("directions", "unknown direction `sideways`"),
        ("styles", "unknown line style `zz-style`"),
        ("arrows", "unknown arrow `zz-arrow`"),
    ]
    .into_iter()
    .map(|(what, message)| {
        (
            what,
            expected_one_of(&errors, message).into_iter().collect(),
        )
    })
    .collect()
}

#[test]
fn the_flow_format_lists_every_key_archflow_accepts() {
    let text = page("flow-format.md");
    let words = accepted_words();
    for (what, heading) in [
        ("top-level keys", "### Top-level keys"),
        ("node keys", "### Node keys"),
        ("group keys", "### Group keys"),
        ("edge keys", "### Edge keys"),
        ("group kinds", "### Group kinds"),
        ("directions", "### Directions"),
    ] {
        assert_documents(what, &words[what], &table_after(&text, heading));
    }
}

#[test]
fn the_group_kinds_are_listed_in_the_programs_order_and_styled() {
    let kinds = {
        let out = run_on("check", EVERY_UNKNOWN_WORD);
        expected_one_of(&stderr(&out), "unknown group kind `zz-kind`")
    };
    let listed = |page_name: &str, heading: &str| -> Vec<String> {
        table_after(&page(page_name), heading)
            .iter()
            .flat_map(|row| code_spans(&row[0]))
            .collect()
    };
    assert_eq!(listed("flow-format.md", "### Group kinds"), kinds);
    assert_eq!(listed("style.md", "## Groups"), kinds);
}

/// The edge a one-line flow `users <arrow> s3` gives, or `None` when
/// archflow does not know the arrow.
fn edge_of_arrow(arrow: &str) -> Option<Value> {
    let flow = format!("title = \"t\"\nflows = [\"users {arrow} s3\"]\n");
    let out = run_on("layout", &flow);
    if out.status.code() == Some(1) && stderr(&out).contains(&format!("unknown arrow `{arrow}`")) {
        return None;
    }
    assert_eq!(out.status.code(), Some(0), "{arrow}: {}", stderr(&out));
    let layout: Value = serde_json::from_str(&stdout(&out)).expect("layout JSON");
    let edges = layout["edges"].as_array().expect("edges");
    assert_eq!(edges.len(), 1, "{arrow}");
    Some(edges[0].clone())
}

#[test]
fn every_arrow_draws_what_its_row_says() {
    let text = page("flow-format.md");
    let rows = table_after(&text, "### Arrows");
    let styles = &accepted_words()["styles"];
    let heads = &accepted_words()["arrows"];
    let mut table_arrows = BTreeSet::new();
    for row in &rows {
        let arrow = code_spans(&row[0]).concat();
        let (style, head) = (code_spans(&row[1]).concat(), code_spans(&row[2]).concat());
        assert!(styles.contains(&style), "{arrow}: style `{style}`");
        assert!(heads.contains(&head), "{arrow}: arrow `{head}`");
        table_arrows.insert(arrow.clone());
        let Some(edge) = edge_of_arrow(&arrow) else {
            assert!(is_v11(&row.clone()), "archflow does not know `{arrow}`");
            continue;
        };
        assert_eq!(edge["style"], style.as_str(), "{arrow}");
        assert_eq!(edge["arrow"], head.as_str(), "{arrow}");
        let target_first = arrow.starts_with('<') && !arrow.ends_with('>');
        let (from, to) = if target_first {
            ("s3", "users")
        } else {
            ("users", "s3")
        };
        assert_eq!(
            (edge["from"].as_str(), edge["to"].as_str()),
            (Some(from), Some(to)),
            "{arrow}"
        );
        assert_eq!(
            edge.get("reversed")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            target_first,
            "{arrow}"
        );
    }
    let grammar: BTreeSet<String> = text
        .lines()
        .find(|l| l.starts_with("arrow :="))
        .expect("the grammar's arrow line")
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    assert_eq!(
        grammar, table_arrows,
        "the grammar and the arrow table disagree"
    );
}

/// Which table of `layout-json.md` documents the object at a JSON path.
fn section_of(path: &str) -> &'static str {
    match path {
        "" => "### The top level",
        "title" => "### The title",
        "nodes[]" => "### A node",
        "groups[]" => "### A group",
        "edges[]" => "### An edge",
        "edges[].label" => "### An edge label",
        "title.text"
        | "title.subtitle"
        | "nodes[].label_text"
        | "groups[].title_text"
        | "edges[].label.lines" => "### A text block",
        "nodes[].icon_box" | "nodes[].label_box" | "groups[].title" | "groups[].title_icon" => {
            "### A box"
        }
        other => panic!("layout JSON object at `{other}` has no section in layout-json.md"),
    }
}

/// Every object of `value` with its path (`nodes[].icon_box`) and keys.
fn objects(value: &Value, path: &str, out: &mut BTreeMap<String, BTreeSet<String>>) {
    match value {
        Value::Object(map) => {
            let keys = out.entry(path.to_string()).or_default();
            keys.extend(map.keys().cloned());
            for (k, v) in map {
                let child = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                objects(v, &child, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                objects(item, &format!("{path}[]"), out);
            }
        }
        _ => {}
    }
}

fn layout_of(file: &Path) -> Value {
    let out = archflow_in(&root(), &["layout", &file.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("layout JSON")
}

#[test]
fn every_key_of_the_layout_json_is_documented() {
    let text = page("layout-json.md");
    let mut seen: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut examples: Vec<PathBuf> = std::fs::read_dir(root().join("docs/examples"))
        .expect("docs/examples")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    examples.sort();
    for file in &examples {
        objects(&layout_of(file), "", &mut seen);
    }
    let mut by_section: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (path, keys) in &seen {
        by_section
            .entry(section_of(path))
            .or_default()
            .extend(keys.iter().cloned());
    }
    for (heading, keys) in by_section {
        assert_documents(
            &format!("layout JSON keys of `{heading}`"),
            &keys,
            &table_after(&text, heading),
        );
    }
}

/// The keys that `layout-json.md` marks v1.1, in any of its tables.
fn v11_layout_keys(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter(|l| l.starts_with("| `") && l.contains("v1.1"))
        .flat_map(|l| code_spans(l.split(" | ").next().unwrap_or("")))
        .collect()
}

#[test]
fn the_layout_json_example_has_the_shape_of_a_real_layout() {
    let text = page("layout-json.md");
    let toml_block = text
        .split("```toml\n")
        .nth(1)
        .and_then(|t| t.split("```").next())
        .expect("the example's flow file");
    let json_block = text
        .split("```json\n")
        .nth(1)
        .and_then(|t| t.split("```").next())
        .expect("the example's JSON");
    let shown: Value = serde_json::from_str(json_block).expect("the example is JSON");
    let out = run_on("layout", toml_block);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let real: Value = serde_json::from_str(&stdout(&out)).expect("layout JSON");
    let (mut shown_keys, mut real_keys) = (BTreeMap::new(), BTreeMap::new());
    objects(&shown, "", &mut shown_keys);
    objects(&real, "", &mut real_keys);
    // Keys marked v1.1 may be landing while the example was written.
    let v11 = v11_layout_keys(&text);
    for map in [&mut shown_keys, &mut real_keys] {
        map.retain(|path, _| {
            let last = path.rsplit('.').next().unwrap_or(path);
            !v11.contains(last.trim_end_matches("[]"))
        });
        for keys in map.values_mut() {
            keys.retain(|k| !v11.contains(k));
        }
    }
    assert_eq!(
        shown_keys, real_keys,
        "the JSON example of layout-json.md no longer has the keys archflow prints for its flow file: \
         paste the output of `archflow layout` for it"
    );
    assert_eq!(
        shown["nodes"].as_array().map(Vec::len),
        real["nodes"].as_array().map(Vec::len)
    );
    assert_eq!(
        shown["edges"].as_array().map(Vec::len),
        real["edges"].as_array().map(Vec::len)
    );
}

#[test]
fn every_command_has_a_section_in_cli_md() {
    let text = page("cli.md");
    let help = stdout(&archflow_in(&root(), &["--help"]));
    let commands: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert!(commands.contains(&"render"), "{help}");
    for command in commands {
        let heading = format!("## `archflow {command}`");
        assert!(
            text.lines().any(|l| l.starts_with(&heading)),
            "docs/cli.md has no `{heading}` section"
        );
    }
}

/// The icon list of `icons.md`, from `archflow icons --json`: one table
/// per category, in the catalog's order.
fn icon_section() -> String {
    let out = archflow_in(&root(), &["icons", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let icons: Vec<Value> = serde_json::from_str(&stdout(&out)).expect("icons JSON");
    let folders: Vec<PathBuf> = std::fs::read_dir(root().join("icons"))
        .expect("icons/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    let mut text = String::new();
    let mut category = "";
    for icon in &icons {
        let key = icon["key"].as_str().expect("key");
        let this = icon["category"].as_str().expect("category");
        if this != category {
            category = this;
            text.push_str(&format!(
                "\n### {category}\n\n| icon | key | name | aliases |\n| --- | --- | --- | --- |\n"
            ));
        }
        let art: Vec<String> = folders
            .iter()
            .map(|f| f.join(format!("{key}.svg")))
            .filter(|p| p.is_file())
            .map(|p| {
                let rel = p
                    .strip_prefix(root())
                    .expect("inside")
                    .to_string_lossy()
                    .replace('\\', "/");
                format!("<img src=\"../{rel}\" width=\"32\" height=\"32\" alt=\"\">")
            })
            .collect();
        let aliases: Vec<&str> = icon["aliases"]
            .as_array()
            .expect("aliases")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        text.push_str(&format!(
            "| {} | `{key}` | {} | {} |\n",
            art.concat(),
            icon["name"].as_str().expect("name"),
            aliases.join(", ").replace('|', "\\|")
        ));
    }
    text.push('\n');
    text
}

#[test]
fn the_icon_list_is_generated_from_the_catalog() {
    let path = root().join("docs/icons.md");
    let current = page("icons.md");
    let start = current
        .find("<!-- icons:start")
        .expect("icons.md has an icons:start marker");
    let start = start + current[start..].find("-->").expect("marker end") + 3;
    let end = current
        .find("<!-- icons:end -->")
        .expect("icons.md has an icons:end marker");
    assert!(start <= end, "the icons markers are out of order");
    let updated = format!(
        "{}\n{}{}",
        &current[..start],
        icon_section(),
        &current[end..]
    );
    if std::env::var_os(UPDATE_ENV).is_some() {
        if updated != current {
            std::fs::write(&path, &updated).expect("write docs/icons.md");
        }
        return;
    }
    assert!(
        updated == current,
        "the icon list of docs/icons.md is stale: run `{UPDATE}`"
    );
}

/// The `#RRGGBB` colours of a table cell.
fn colours(cell: &str) -> Vec<String> {
    code_spans(cell)
        .into_iter()
        .filter(|c| c.starts_with('#') && c.len() == 7)
        .collect()
}

/// The value of `attr="..."` in an SVG element's text.
fn attribute<'a>(element: &'a str, attr: &str) -> Option<&'a str> {
    let start = element.find(&format!(" {attr}=\""))? + attr.len() + 3;
    element[start..].split('"').next()
}

#[test]
fn the_group_colours_of_style_md_are_the_ones_drawn() {
    // docs/images/group-kinds.svg labels each group with its kind and is
    // kept fresh by docs_examples.rs.
    let svg = std::fs::read_to_string(root().join("docs/images/group-kinds.svg"))
        .expect("docs/images/group-kinds.svg");
    for row in table_after(&page("style.md"), "## Groups") {
        let kind = code_spans(&row[0]).concat();
        let marker = format!("class=\"group\" aria-label=\"{kind}\"><rect");
        let at = svg
            .find(&marker)
            .unwrap_or_else(|| panic!("no `{kind}` group in group-kinds.svg"));
        let rect = svg[at + marker.len()..].split('>').next().unwrap_or("");
        let border = colours(&row[1]);
        assert_eq!(
            attribute(rect, "stroke"),
            border.first().map(String::as_str),
            "{kind} border"
        );
        assert_eq!(
            attribute(rect, "stroke-dasharray").is_some(),
            row[1].starts_with("dashed"),
            "{kind}: dashed or solid"
        );
        let fill = colours(&row[2]);
        assert_eq!(
            attribute(rect, "fill"),
            Some(fill.first().map_or("none", String::as_str)),
            "{kind} fill"
        );
    }
}

#[test]
fn the_tile_colours_of_style_md_are_the_icons_own() {
    let rows = table_after(&page("style.md"), "## Service icons");
    let out = archflow_in(&root(), &["icons", "--json"]);
    let icons: Vec<Value> = serde_json::from_str(&stdout(&out)).expect("icons JSON");
    let tile = "<rect width=\"64\" height=\"64\" rx=\"6\" fill=\"";
    for icon in &icons {
        let (key, category) = (
            icon["key"].as_str().expect("key"),
            icon["category"].as_str().expect("category"),
        );
        let row = rows
            .iter()
            .find(|r| r[0].contains(category))
            .unwrap_or_else(|| panic!("style.md has no tile colour for {category}"));
        let art = std::fs::read_dir(root().join("icons"))
            .expect("icons/")
            .map(|e| e.expect("entry").path().join(format!("{key}.svg")))
            .find(|p| p.is_file())
            .unwrap_or_else(|| panic!("no artwork for {key}"));
        let text = std::fs::read_to_string(&art).expect("artwork");
        let drawn = text.split(tile).nth(1).and_then(|t| t.split('"').next());
        assert_eq!(
            drawn,
            colours(&row[1]).first().map(String::as_str),
            "{key} ({category}): its tile in {}",
            art.display()
        );
    }
}
