//! The icon catalog against `docs/icons.md`: every key it lists resolves
//! to its own entry in the category it is listed under, with an artwork
//! path in its category's folder.

use std::collections::HashSet;
use std::path::Path;

use archflow::catalog::{self, Category, ICONS};

/// The keys of the icon list of `docs/icons.md` with the heading of the
/// category each is listed under. The page is part of the repository: a
/// missing page or list fails the test rather than skipping it.
fn docs_keys() -> Vec<(String, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/icons.md");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{} is missing ({e}): it lists every icon key the catalog must hold",
            path.display()
        )
    });
    let list = text
        .split("<!-- icons:start")
        .nth(1)
        .and_then(|rest| rest.split("<!-- icons:end -->").next())
        .unwrap_or_else(|| panic!("{} has no icons:start / icons:end list", path.display()));
    let mut keys = Vec::new();
    let mut section = String::new();
    for line in list.lines() {
        if let Some(h) = line.strip_prefix("### ") {
            section = h.to_string();
        } else if let Some(key) = line
            .split(" | ")
            .nth(1)
            .and_then(|cell| cell.strip_prefix('`'))
            .and_then(|cell| cell.strip_suffix('`'))
        {
            keys.push((key.to_string(), section.clone()));
        }
    }
    keys
}

fn category_of_section(section: &str) -> Option<Category> {
    let s = section.split(" (").next().unwrap_or(section);
    Category::ALL.into_iter().find(|c| c.as_str() == s)
}

#[test]
fn the_catalog_matches_the_docs() {
    let keys = docs_keys();
    assert!(keys.len() > 100, "parsed only {} keys", keys.len());
    for (key, section) in &keys {
        let entry = catalog::by_key(key)
            .unwrap_or_else(|| panic!("`{key}` of docs/icons.md is not in the catalog"));
        assert_eq!(catalog::resolve(key).map(|e| e.key), Some(key.as_str()));
        let expected =
            category_of_section(section).unwrap_or_else(|| panic!("unknown section {section}"));
        assert_eq!(entry.category, expected, "{key}");
    }
    let listed: HashSet<&str> = keys.iter().map(|(k, _)| k.as_str()).collect();
    for e in ICONS {
        assert!(
            listed.contains(e.key),
            "`{}` is in the catalog but not in docs/icons.md (regenerate it: \
             ARCHFLOW_UPDATE_DOCS=1 cargo test --release --test docs_reference)",
            e.key
        );
    }
}

#[test]
fn artwork_paths_use_the_category_folder() {
    let alb = catalog::by_key("alb").expect("alb");
    assert_eq!(alb.artwork_path(), "icons/networking/alb.svg");
    let users = catalog::by_key("users").expect("users");
    assert_eq!(users.artwork_path(), "icons/general/users.svg");
    assert_eq!(users.category.tile_colour(), None);
    assert_eq!(
        catalog::by_key("sqs").map(|e| e.category.tile_colour()),
        Some(Some("#E7157B"))
    );
}

#[test]
fn display_names_are_short() {
    for e in ICONS {
        assert!(
            !e.name.starts_with("Amazon ") && !e.name.starts_with("AWS "),
            "{}",
            e.name
        );
        assert!(e.name.chars().count() <= 30, "{}", e.name);
    }
}

#[test]
fn the_artwork_of_every_icon_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(root.join("icons").is_dir(), "icons/ is missing");
    let missing: Vec<String> = ICONS
        .iter()
        .map(|e| e.artwork_path())
        .filter(|p| !root.join(p).is_file())
        .collect();
    assert!(missing.is_empty(), "artwork missing: {missing:?}");
}
