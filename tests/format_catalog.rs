//! The icon catalog against `icons.md`: every key it lists resolves to its
//! own entry, with an artwork path in its category's folder.

use std::collections::HashSet;
use std::path::Path;

use archflow::catalog::{self, Category, ICONS};

/// The keys of `icons.md`, read from the shared spec when it is beside the
/// repository (as in CI), else `None`.
fn spec_keys() -> Option<Vec<(String, String)>> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let candidates = [
        manifest.join("../shared/spec/icons.md"),
        manifest.join("shared/spec/icons.md"),
    ];
    let text = candidates
        .iter()
        .find_map(|p| std::fs::read_to_string(p).ok())?;
    let mut keys = Vec::new();
    let mut section = String::new();
    for line in text.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            section = h.to_string();
            continue;
        }
        if section.is_empty() || line.trim().is_empty() || line.contains(':') {
            continue;
        }
        for word in line.split_whitespace() {
            let key = word.trim_end_matches('*');
            if key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                keys.push((key.to_string(), section.clone()));
            }
        }
    }
    Some(keys)
}

fn category_of_section(section: &str) -> Option<Category> {
    let s = section.split(" (").next().unwrap_or(section);
    Category::ALL.into_iter().find(|c| c.as_str() == s)
}

#[test]
fn the_catalog_matches_the_spec() {
    let Some(keys) = spec_keys() else {
        eprintln!("icons.md not found beside the repository; skipped");
        return;
    };
    assert!(keys.len() > 100, "parsed only {} keys", keys.len());
    for (key, section) in &keys {
        let entry = catalog::by_key(key)
            .unwrap_or_else(|| panic!("`{key}` of icons.md is not in the catalog"));
        assert_eq!(catalog::resolve(key).map(|e| e.key), Some(key.as_str()));
        let expected =
            category_of_section(section).unwrap_or_else(|| panic!("unknown section {section}"));
        assert_eq!(entry.category, expected, "{key}");
    }
    let spec: HashSet<&str> = keys.iter().map(|(k, _)| k.as_str()).collect();
    for e in ICONS {
        assert!(
            spec.contains(e.key),
            "`{}` is in the catalog but not in icons.md",
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
fn the_artwork_exists_when_the_icon_set_is_present() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if !root.join("icons").is_dir() {
        return;
    }
    let missing: Vec<String> = ICONS
        .iter()
        .map(|e| e.artwork_path())
        .filter(|p| !root.join(p).is_file())
        .collect();
    assert!(missing.is_empty(), "artwork missing: {missing:?}");
}
