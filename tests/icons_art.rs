//! The icon drawings: one per catalog key, every one used, all of one
//! family (64×64), all safe; and the committed contact and confusables
//! sheets are current.

use archflow::catalog::{self, ICONS};
use archflow::internals::icon_art::{self, ICON_ART};
use archflow::layout::Layout;
use archflow::model::{Diagram, GroupKind};
use std::collections::HashSet;

#[test]
fn every_key_and_alias_resolves_to_a_drawing() {
    for entry in ICONS {
        assert!(
            icon_art::service(entry.key).is_some(),
            "no drawing for `{}`",
            entry.key
        );
        for alias in entry.aliases {
            let resolved = catalog::resolve(alias)
                .unwrap_or_else(|| panic!("alias `{alias}` does not resolve"));
            assert!(
                icon_art::service(resolved.key).is_some(),
                "alias `{alias}` has no drawing"
            );
        }
    }
}

#[test]
fn every_drawing_is_used_by_a_key_or_a_group_kind() {
    let keys: HashSet<(&str, &str)> = ICONS.iter().map(|e| (e.category.folder(), e.key)).collect();
    let kinds: HashSet<&str> = GroupKind::ALL.iter().map(|k| k.as_str()).collect();
    for (folder, key, _) in ICON_ART {
        let used = keys.contains(&(*folder, *key)) || (*folder == "groups" && kinds.contains(key));
        assert!(used, "icons/{folder}/{key}.svg is not used by any key");
    }
}

#[test]
fn every_drawing_is_one_family_and_safe() {
    let options = archflow::internals::text::usvg_options();
    for (folder, key, svg) in ICON_ART {
        let name = format!("icons/{folder}/{key}.svg");
        let tree =
            resvg::usvg::Tree::from_str(svg, &options).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            (tree.size().width(), tree.size().height()),
            (64.0, 64.0),
            "{name}"
        );
        let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            doc.root_element().attribute("viewBox"),
            Some("0 0 64 64"),
            "{name}"
        );
        for node in doc.descendants().filter(|n| n.is_element()) {
            let tag = node.tag_name().name();
            assert!(
                !["script", "foreignObject", "image", "style", "text"].contains(&tag),
                "{name}: <{tag}>"
            );
            for a in node.attributes() {
                assert!(
                    !a.name().starts_with("on"),
                    "{name}: event attribute {}",
                    a.name()
                );
                assert!(a.name() != "href", "{name}: reference");
                assert!(a.name() != "id", "{name}: ids would collide once inlined");
            }
        }
        let general = catalog::by_key(key).is_some_and(|e| e.category.tile_colour().is_none());
        if general {
            assert!(
                svg.contains("currentColor"),
                "{name}: General drawings follow the theme colour"
            );
        } else if let Some(entry) = catalog::by_key(key) {
            let colour = entry.category.tile_colour().unwrap_or_default();
            assert!(
                svg.to_ascii_uppercase()
                    .contains(&colour.to_ascii_uppercase()),
                "{name}: tile colour {colour}"
            );
        }
    }
    for kind in GroupKind::ALL {
        if archflow::layout::kind_has_icon(kind) {
            assert!(icon_art::group(kind).is_some(), "no tab icon for {kind}");
        }
    }
}

/// Fails when the committed `icons/<file>` differs from the sheet drawn now.
fn assert_committed_sheet(file: &str, (diagram, layout): (Diagram, Layout), flag: &str) {
    let svg = archflow::render::to_svg(&diagram, &layout, archflow::render::Theme::Light);
    let path = format!("{}/icons/{file}", env!("CARGO_MANIFEST_DIR"));
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    let png = file.replace(".svg", ".png");
    assert!(
        svg == committed,
        "icons/{file} is stale: run `cargo run --release -- icons {flag} icons/{file}` (and {png})"
    );
}

#[test]
fn committed_contact_sheet_is_current() {
    assert_committed_sheet(
        "sheet.svg",
        archflow::internals::sheet::contact_sheet(),
        "--sheet",
    );
}

#[test]
fn committed_confusables_sheet_is_current() {
    assert_committed_sheet(
        "confusables.svg",
        archflow::internals::confusables::confusables_sheet(),
        "--confusables",
    );
}
