//! What the watch page shows, and what changed since the last render.
//!
//! In: after every render, the names of the diagrams in their order and
//! the outcome of each one rendered again (its pictures or its error
//! text). Out: the [`State`] served as `/state.json` and `/svg/<name>`,
//! and for a render that changed anything, one event naming each diagram
//! that changed or went away. An invalid diagram keeps its last good
//! picture beside its errors. JSON sent to the page never holds `<`, `>`
//! or `&` raw, so no user text can close a tag wherever it ends up.

use std::sync::Arc;

use serde_json::{json, Value};

/// The SVG of one diagram in both themes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    pub light: Arc<str>,
    pub dark: Arc<str>,
}

/// The result of rendering one diagram: its pictures, or the errors as
/// `archflow check` prints them.
pub type Outcome = Result<Picture, String>;

/// What a watch shows: one flow file, a folder of them, or the blocks of
/// a Markdown note.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    File,
    Folder,
    Note,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::File => "file",
            Kind::Folder => "folder",
            Kind::Note => "note",
        }
    }
}

/// One diagram on the page.
#[derive(Debug, Clone)]
struct Entry {
    name: String,
    /// The state version at which this entry last changed.
    version: u64,
    /// The last good picture and the version at which it was made.
    picture: Option<(u64, Picture)>,
    /// The errors of the current text, when it is invalid.
    errors: Option<String>,
}

/// Every diagram of the watched path, in page order.
#[derive(Debug)]
pub struct State {
    /// Tells one server run from the next, so a page that reconnects to a
    /// restarted server knows its versions no longer count.
    run: String,
    /// The watched path as the user wrote it.
    shown_path: String,
    kind: Kind,
    /// Goes up by one at every render that changed something.
    version: u64,
    /// Every render, whether it changed something or not.
    renders: u64,
    entries: Vec<Entry>,
}

impl State {
    pub fn new(run: String, shown_path: String, kind: Kind) -> State {
        State {
            run,
            shown_path,
            kind,
            version: 0,
            renders: 0,
            entries: Vec::new(),
        }
    }

    /// The current version (0 before the first render).
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Whether a diagram of this name is on the page.
    pub fn contains(&self, name: &str) -> bool {
        self.entries.iter().any(|e| e.name == name)
    }

    /// The SVG of the last good picture of `name`, in the dark or light
    /// theme.
    pub fn svg(&self, name: &str, dark: bool) -> Option<Arc<str>> {
        let entry = self.entries.iter().find(|e| e.name == name)?;
        let (_, picture) = entry.picture.as_ref()?;
        Some(if dark {
            picture.dark.clone()
        } else {
            picture.light.clone()
        })
    }

    /// Takes the result of one render: `order` names every diagram now
    /// present, `outcomes` those rendered again. Returns the event data
    /// when anything changed: the diagrams that changed (with their new
    /// state), those removed, and the order.
    pub fn apply(&mut self, order: &[String], outcomes: Vec<(String, Outcome)>) -> Option<String> {
        self.renders += 1;
        let old_names: Vec<String> = self.entries.iter().map(|e| e.name.clone()).collect();
        let mut old: Vec<Option<Entry>> = std::mem::take(&mut self.entries)
            .into_iter()
            .map(Some)
            .collect();
        let mut changed: Vec<String> = Vec::new();
        for name in order {
            let found = old_names.iter().position(|n| n == name);
            let entry = found.and_then(|i| old[i].take()).unwrap_or_else(|| {
                changed.push(name.clone());
                Entry {
                    name: name.clone(),
                    version: 0,
                    picture: None,
                    errors: None,
                }
            });
            self.entries.push(entry);
        }
        let removed: Vec<String> = old.into_iter().flatten().map(|e| e.name).collect();
        let next = self.version + 1;
        for (name, outcome) in outcomes {
            let Some(entry) = self.entries.iter_mut().find(|e| e.name == name) else {
                continue;
            };
            if entry.take(outcome, next) && !changed.contains(&name) {
                changed.push(name);
            }
        }
        let reordered = old_names.len() != self.entries.len()
            || old_names
                .iter()
                .zip(&self.entries)
                .any(|(a, e)| *a != e.name);
        if changed.is_empty() && removed.is_empty() && !reordered {
            return None;
        }
        self.version = next;
        let changed: Vec<Value> = self
            .entries
            .iter_mut()
            .filter(|e| changed.contains(&e.name))
            .map(|e| {
                e.version = next;
                e.to_json()
            })
            .collect();
        Some(safe_json(&json!({
            "run": self.run,
            "version": self.version,
            "changed": changed,
            "removed": removed,
            "order": self.entries.iter().map(|e| &e.name).collect::<Vec<_>>(),
        })))
    }

    /// The whole state as JSON: what a page needs to draw itself anew.
    pub fn to_json(&self) -> String {
        safe_json(&json!({
            "run": self.run,
            "version": self.version,
            "path": self.shown_path,
            "kind": self.kind.as_str(),
            "renders": self.renders,
            "entries": self.entries.iter().map(Entry::to_json).collect::<Vec<_>>(),
        }))
    }
}

impl Entry {
    /// Takes a new outcome; returns whether what the page shows changed.
    fn take(&mut self, outcome: Outcome, version: u64) -> bool {
        match outcome {
            Ok(picture) => {
                let same = self.picture.as_ref().is_some_and(|(_, p)| *p == picture);
                let had_errors = self.errors.take().is_some();
                if !same {
                    self.picture = Some((version, picture));
                }
                !same || had_errors
            }
            Err(errors) => {
                let same = self.errors.as_ref() == Some(&errors);
                self.errors = Some(errors);
                !same
            }
        }
    }

    fn to_json(&self) -> Value {
        json!({
            "name": self.name,
            "version": self.version,
            "picture": self.picture.as_ref().map(|(v, _)| v),
            "errors": self.errors,
        })
    }
}

/// `value` as compact JSON in which `<`, `>` and `&` are written as
/// `\u003c`, `\u003e` and `\u0026` (they can only occur inside strings).
/// Compact JSON never holds a raw line break either, so it fits on one
/// `data:` line of an event.
pub fn safe_json(value: &Value) -> String {
    let text = value.to_string();
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            _ => out.push(ch),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn picture(text: &str) -> Outcome {
        Ok(Picture {
            light: Arc::from(format!("<svg>{text}</svg>")),
            dark: Arc::from(format!("<svg dark>{text}</svg>")),
        })
    }

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn event(state: &mut State, order: &[&str], outcomes: Vec<(&str, Outcome)>) -> Option<Value> {
        let outcomes = outcomes
            .into_iter()
            .map(|(n, o)| (n.to_string(), o))
            .collect();
        state
            .apply(&names(order), outcomes)
            .map(|text| serde_json::from_str(&text).unwrap())
    }

    #[test]
    fn an_event_names_only_what_changed() {
        let mut s = State::new("r".into(), "dir".into(), Kind::Folder);
        let first = event(
            &mut s,
            &["a", "b"],
            vec![("a", picture("1")), ("b", picture("2"))],
        );
        assert_eq!(first.unwrap()["changed"].as_array().unwrap().len(), 2);
        // The same pictures again: nothing to tell.
        assert_eq!(event(&mut s, &["a", "b"], vec![("a", picture("1"))]), None);
        let e = event(&mut s, &["a", "b"], vec![("b", picture("3"))]).unwrap();
        assert_eq!(e["version"], 2);
        assert_eq!(e["changed"][0]["name"], "b");
        assert_eq!(e["changed"][0]["picture"], 2);
        assert_eq!(e["changed"].as_array().unwrap().len(), 1);
        assert_eq!(s.svg("b", true).as_deref(), Some("<svg dark>3</svg>"));
    }

    #[test]
    fn errors_keep_the_last_good_picture_and_go_when_valid() {
        let mut s = State::new("r".into(), "a.toml".into(), Kind::File);
        event(&mut s, &["a"], vec![("a", picture("1"))]);
        let e = event(&mut s, &["a"], vec![("a", Err("error: bad".into()))]).unwrap();
        assert_eq!(e["changed"][0]["errors"], "error: bad");
        assert_eq!(e["changed"][0]["picture"], 1);
        assert_eq!(s.svg("a", false).as_deref(), Some("<svg>1</svg>"));
        // The same errors again: no event.
        assert_eq!(
            event(&mut s, &["a"], vec![("a", Err("error: bad".into()))]),
            None
        );
        // Valid again with the same picture: the errors go.
        let e = event(&mut s, &["a"], vec![("a", picture("1"))]).unwrap();
        assert_eq!(e["changed"][0]["errors"], Value::Null);
        assert_eq!(e["changed"][0]["picture"], 1);
    }

    #[test]
    fn removals_and_new_order_are_told() {
        let mut s = State::new("r".into(), "dir".into(), Kind::Folder);
        event(
            &mut s,
            &["a", "b"],
            vec![("a", picture("1")), ("b", picture("2"))],
        );
        let e = event(&mut s, &["b"], vec![]).unwrap();
        assert_eq!(e["removed"], json!(["a"]));
        assert_eq!(e["order"], json!(["b"]));
        assert!(!s.contains("a"));
        assert_eq!(s.svg("a", false), None);
    }

    #[test]
    fn json_for_the_page_holds_no_raw_markup() {
        let mut s = State::new("r".into(), "<b>&".into(), Kind::File);
        let e = s
            .apply(
                &names(&["</script>"]),
                vec![(
                    "</script>".into(),
                    Err("<img src=x onerror=alert(1)>\n".into()),
                )],
            )
            .unwrap();
        for text in [e, s.to_json()] {
            assert!(!text.contains(['<', '>', '&', '\n']), "{text}");
            let back: Value = serde_json::from_str(&text).unwrap();
            assert!(back.to_string().contains("</script>") || back.to_string().contains("<b>&"));
        }
    }
}
