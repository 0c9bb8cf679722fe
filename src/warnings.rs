//! What a valid flow file will draw, but not as its writer meant.
//!
//! In: a validated [`Diagram`] and the text of its file. Out: warnings,
//! each `line:column: message` (the caller puts the file name in front):
//! a character the bundled font cannot draw (it shows as a box), and a
//! target-first arrow (`a <- b`, `a <.. b`) that contradicts a chain of
//! other edges (`b -> ... -> a` already puts `a` after `b`, so one of the
//! two must point the wrong way). `check` and `render` print them; neither
//! stops the file.

use std::collections::{HashMap, VecDeque};

use toml::de::DeValue;

use crate::diagnostics::position_in;
use crate::model::Diagram;
use crate::parse::{self, flowline, strings::StrMap};

/// Every warning of `diagram`, read from `source`, in the file's order.
pub fn warnings(diagram: &Diagram, source: &str) -> Vec<String> {
    let mut out = target_first_conflicts(diagram, source);
    out.extend(missing_glyphs(diagram, source));
    out
}

fn at(source: &str, offset: usize) -> String {
    let p = position_in(source, offset);
    format!("{}:{}", p.line, p.column)
}

/// One warning per character of the title, subtitle or a label that the
/// bundled font cannot draw, placed at its first place in `source`.
fn missing_glyphs(diagram: &Diagram, source: &str) -> Vec<String> {
    let texts = std::iter::once(diagram.title.as_str())
        .chain(diagram.subtitle.as_deref())
        .chain(diagram.nodes.iter().map(|n| n.label.as_str()))
        .chain(diagram.groups.iter().map(|g| g.label.as_str()))
        .chain(diagram.edges.iter().filter_map(|e| e.label.as_deref()));
    let all = texts.collect::<Vec<_>>().join("\n");
    crate::text::missing_glyphs(&all)
        .into_iter()
        .map(|ch| {
            let place = source.find(ch).map_or(String::new(), |o| at(source, o) + ":");
            format!(
                "{place} `{ch}` (U+{:04X}) has no glyph in the bundled font (NanumGothic); it is drawn as a box",
                u32::from(ch)
            )
        })
        .collect()
}

/// The edges between ids as the layout orders them: `forward[a]` lists the
/// ids that edges written source-first put after `a`; `any[a]` every `to`
/// of an edge from `a` (the cycles the guarantees count).
struct Orders<'d> {
    forward: HashMap<&'d str, Vec<&'d str>>,
    any: HashMap<&'d str, Vec<&'d str>>,
}

impl<'d> Orders<'d> {
    fn of(diagram: &'d Diagram) -> Orders<'d> {
        let mut forward: HashMap<&str, Vec<&str>> = HashMap::new();
        let mut any: HashMap<&str, Vec<&str>> = HashMap::new();
        for e in &diagram.edges {
            let (from, to) = (diagram.endpoint_id(e.from), diagram.endpoint_id(e.to));
            any.entry(from).or_default().push(to);
            if e.constraint && !e.reversed {
                forward.entry(from).or_default().push(to);
            }
        }
        Orders { forward, any }
    }
}

/// A path from `from` to `to` along `next`, both ends included.
fn path<'d>(
    next: &HashMap<&'d str, Vec<&'d str>>,
    from: &'d str,
    to: &str,
) -> Option<Vec<&'d str>> {
    let mut came: HashMap<&str, &str> = HashMap::new();
    let mut queue = VecDeque::from([from]);
    while let Some(at) = queue.pop_front() {
        for &n in next.get(at).into_iter().flatten() {
            if n == from || came.contains_key(n) {
                continue;
            }
            came.insert(n, at);
            if n == to {
                let mut chain = vec![n];
                while let Some(&p) = came.get(chain[chain.len() - 1]) {
                    chain.push(p);
                    if p == from {
                        break;
                    }
                }
                chain.reverse();
                return Some(chain);
            }
            queue.push_back(n);
        }
    }
    None
}

/// The target-first arrows of the `flows` lines that a chain of
/// source-first edges contradicts, at the arrow.
fn target_first_conflicts(diagram: &Diagram, source: &str) -> Vec<String> {
    let Ok(doc) = parse::parse_toml(source) else {
        return Vec::new();
    };
    let Some(DeValue::Array(lines)) = doc.get_ref().get("flows").map(|v| v.get_ref()) else {
        return Vec::new();
    };
    let orders = Orders::of(diagram);
    let mut out = Vec::new();
    for value in lines {
        let DeValue::String(text) = value.get_ref() else {
            continue;
        };
        let Ok(line) = flowline::parse(text) else {
            continue;
        };
        let map = StrMap::new(source, value.span(), text);
        for (i, arrow) in line.arrows.iter().enumerate().filter(|(_, a)| a.reversed) {
            for first in &line.lists[i] {
                for second in &line.lists[i + 1] {
                    let (a, b) = (first.text.as_str(), second.text.as_str());
                    // `a <- b` is the edge b -> a, with a placed first.
                    let on_cycle = path(&orders.any, a, b).is_some();
                    if on_cycle {
                        continue;
                    }
                    if let Some(chain) = path(&orders.forward, b, a) {
                        let place = at(source, map.span(arrow.span.clone()).start);
                        out.push(conflict(
                            place,
                            a,
                            b,
                            &chain,
                            &source[map.span(arrow.span.clone())],
                        ));
                    }
                }
            }
        }
    }
    out
}

fn conflict(place: String, a: &str, b: &str, chain: &[&str], written: &str) -> String {
    let forward = if written.starts_with("<..") {
        "..>"
    } else {
        "->"
    };
    format!(
        "{place}: `{a} {written} {b}` asks for `{a}` before `{b}`, but `{}` puts it after, \
         so one of these edges will point the wrong way; write `{b} {forward} {a}`, or an \
         [[edges]] table with `constraint = false`",
        chain.join(" -> ")
    )
}
