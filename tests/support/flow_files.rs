//! The flow files the tests and benchmarks read: the `scenarios/` corpus,
//! the full example of `flow-format.md`, and loading a flow that must be
//! valid (a test fails with every error of it when it is not).
//!
//! Include it from a test file with
//! `#[path = "support/flow_files.rs"] mod flow_files;`
//! (from `benches/`: `#[path = "../tests/support/flow_files.rs"]`).

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use archflow::model::Diagram;

/// The "full file" of `flow-format.md`, verbatim.
pub const FULL_FILE: &str = include_str!("../fixtures/flows/full-file.toml");

/// The diagram of the flow text `source`, which must be valid; custom
/// icons are found relative to the current folder.
pub fn load_valid(source: &str) -> Diagram {
    load_valid_named("test.toml", source)
}

/// [`load_valid`], with the flow called `name` in its errors.
pub fn load_valid_named(name: &str, source: &str) -> Diagram {
    load_valid_in(name, source, Path::new("."))
}

/// [`load_valid_named`], with custom icons found relative to `dir`.
pub fn load_valid_in(name: &str, source: &str, dir: &Path) -> Diagram {
    archflow::load_source(name, source.as_bytes(), dir)
        .unwrap_or_else(|report| panic!("{name} is not valid:\n{}", report.render(false)))
}

/// The diagram of the flow file at `path`, which must be valid.
pub fn load_valid_file(path: &Path) -> Diagram {
    archflow::load_file(path).unwrap_or_else(|report| panic!("{}", report.render(false)))
}

/// Every `*.toml` file under `scenarios/`, sorted.
pub fn scenario_files() -> Vec<PathBuf> {
    toml_files_under(&Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios"))
}

/// Every `*.toml` file under `scenarios/` and `tests/fixtures/` (some
/// fixtures are invalid on purpose), sorted.
pub fn scenario_and_fixture_files() -> Vec<PathBuf> {
    let mut out = scenario_files();
    out.extend(toml_files_under(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"),
    ));
    out
}

/// Every `*.toml` file under `dir`, recursively, sorted.
pub fn toml_files_under(dir: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let p = entry.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "toml") {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, &mut out);
    out.sort();
    out
}
