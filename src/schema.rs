//! A JSON Schema of the flow format, for editors.
//!
//! In: the format's vocabularies (the icon catalogue, the group kinds, the
//! directions, line styles and arrow ends of [`crate::model`]). Out: a JSON
//! Schema (draft-07, what taplo and Even Better TOML read) of a flow file
//! as `flow-format.md` v1.1 describes it: every key with its type,
//! description and default, icons and group kinds as enums, unknown keys
//! refused. `docs/flow.schema.json` is this output, kept fresh by a test.
//!
//! The schema checks shape, not meaning: that an id is declared, that a
//! group does not hold itself, a flow line's grammar — `archflow check`
//! does those.

use serde_json::{json, Value};

use crate::catalog::ICONS;
use crate::model::{Arrow, Direction, GroupKind, LineStyle};

/// Where the committed schema lives, relative to the project root.
pub const SCHEMA_PATH: &str = "docs/flow.schema.json";

/// The schema, pretty-printed, ending with a newline.
pub fn flow_schema_json() -> String {
    let mut text = serde_json::to_string_pretty(&flow_schema()).unwrap_or_default();
    text.push('\n');
    text
}

/// The schema as a JSON value.
pub fn flow_schema() -> Value {
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://github.com/archflow/archflow/docs/flow.schema.json",
        "title": "archflow flow file",
        "description": "One AWS architecture diagram: its services, the groups that hold them and the flows between them (flow-format.md v1.1). Check meaning with `archflow check`.",
        "type": "object",
        "additionalProperties": false,
        "required": ["title"],
        "anyOf": [{ "required": ["flows"] }, { "required": ["edges"] }],
        "properties": {
            "title": text("Drawn above the diagram. Required."),
            "subtitle": text("A smaller line under the title."),
            "direction": {
                "description": "The main direction of the flows.",
                "type": "string",
                "enum": Direction::WORDS,
                "default": Direction::default().as_str(),
            },
            "flows": {
                "description": FLOWS_HELP,
                "type": "array",
                "items": { "type": "string", "minLength": 1 },
            },
            "nodes": {
                "description": "The services, by id. A declared node is drawn even when no edge touches it.",
                "type": "object",
                "propertyNames": { "$ref": "#/definitions/id" },
                "additionalProperties": { "$ref": "#/definitions/node" },
            },
            "groups": {
                "description": "The boxes that hold nodes (AWS Cloud, Region, VPC, subnet, ...), by id. Sibling groups are drawn in the order they are declared.",
                "type": "object",
                "propertyNames": { "$ref": "#/definitions/id" },
                "additionalProperties": { "$ref": "#/definitions/group" },
            },
            "edges": {
                "description": "[[edges]]: the structured twin of a flow line, for when one line is not enough.",
                "type": "array",
                "items": { "$ref": "#/definitions/edge" },
            },
        },
        "definitions": definitions(),
    })
}

/// What the `flows` key says in an editor.
const FLOWS_HELP: &str = "Flow lines: `a -> b, c : label`. Every id of one list connects to every id of the next. \
Arrows: -> solid, <-> both heads, -- no head; ..> <..> .. the same dashed; a <- b (and a <.. b) is the edge from b to a, \
with a placed first. An id names a node, a group or an icon. Required unless [[edges]] is given; may be empty.";

fn definitions() -> Value {
    json!({
        "id": {
            "description": "An id: letters, digits, `_` and `-`.",
            "type": "string",
            "pattern": "^[A-Za-z0-9_-]+$",
        },
        "ids": {
            "anyOf": [
                { "$ref": "#/definitions/id" },
                { "type": "array", "items": { "$ref": "#/definitions/id" }, "minItems": 1 },
            ],
        },
        "icon": {
            "description": "An icon key, display name or alias (`archflow icons` lists them), or the path of your own .svg or .png file, relative to the flow file.",
            "anyOf": [
                { "type": "string", "enum": icon_names() },
                { "type": "string", "pattern": "\\.([sS][vV][gG]|[pP][nN][gG])$" },
            ],
        },
        "node": {
            "description": "A service.",
            "type": "object",
            "additionalProperties": false,
            "not": { "required": ["in", "on"] },
            "properties": {
                "icon": { "$ref": "#/definitions/icon", "description": "An icon key or alias; default: the id, when it names an icon." },
                "label": text("Default: the icon's display name; \\n breaks a line."),
                "in": { "$ref": "#/definitions/id", "description": "The id of the group that holds this node." },
                "on": { "$ref": "#/definitions/id", "description": "Instead of `in`: the id of the group on whose border this node sits, half in and half out (an Internet gateway on its VPC)." },
            },
        },
        "group": {
            "description": "A box around nodes and other groups.",
            "type": "object",
            "additionalProperties": false,
            "required": ["kind"],
            "properties": {
                "kind": {
                    "description": "What the box is; it gives its colour, its icon and its default label.",
                    "type": "string",
                    "enum": GroupKind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
                },
                "label": text("Default: the kind's display name."),
                "in": { "$ref": "#/definitions/id", "description": "The id of the parent group." },
                "spans": {
                    "description": "Makes an overlay group: a box drawn around exactly these nodes across the borders of the groups that hold them. Nothing may be `in` an overlay group.",
                    "type": "array",
                    "items": { "$ref": "#/definitions/id" },
                    "minItems": 1,
                },
            },
        },
        "edge": {
            "description": "One or more edges: every `from` connects to every `to`.",
            "type": "object",
            "additionalProperties": false,
            "required": ["from", "to"],
            "properties": {
                "from": { "$ref": "#/definitions/ids", "description": "An id or a list of ids." },
                "to": { "$ref": "#/definitions/ids", "description": "An id or a list of ids." },
                "label": text("Drawn along the edge."),
                "style": {
                    "description": "The line.",
                    "type": "string",
                    "enum": LineStyle::WORDS,
                    "default": "solid",
                },
                "arrow": {
                    "description": "Where the heads are.",
                    "type": "string",
                    "enum": Arrow::WORDS,
                    "default": "forward",
                },
                "constraint": {
                    "description": "false: the edge is drawn but does not push its target after its source along `direction` (a monitoring link, a feedback loop).",
                    "type": "boolean",
                    "default": true,
                },
            },
        },
    })
}

/// A plain text value: one to [`crate::validate::MAX_LABEL_CHARS`]
/// characters.
fn text(description: &str) -> Value {
    json!({
        "description": description,
        "type": "string",
        "minLength": 1,
        "maxLength": crate::validate::MAX_LABEL_CHARS,
    })
}

/// Every icon key, display name and alias, each once, in catalogue order,
/// each followed by its lower-case kebab and snake forms (`cloudwatch-logs`,
/// `cloudwatch_logs` for "cloudwatch logs"): archflow ignores case and
/// separators, and those are the forms people write, so an editor must not
/// mark them.
fn icon_names() -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    ICONS
        .iter()
        .flat_map(|e| e.names())
        .flat_map(|n| {
            let lower = n.to_lowercase();
            let kebab = lower.replace([' ', '_'], "-");
            let snake = lower.replace([' ', '-'], "_");
            [n.to_string(), kebab, snake]
        })
        .filter(|n| seen.insert(n.clone()))
        .collect()
}
