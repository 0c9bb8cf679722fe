//! (c) The whole pipeline ([`archflow::compile`]): bytes -> model ->
//! layout -> scene -> SVG, then the PNG. Never a panic; the layout's numbers are finite; the SVG is well-formed, safe and
//! self-contained; the PNG (at scale 0.25) renders whenever the picture is
//! within 4000 × 4000 units (bigger ones are skipped to keep runs fast).
#![no_main]

use archflow::layout::{Layout, TextBlock};
use archflow::pipeline::{self, Options, PngScale, Stage};
use archflow::render::Theme;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

#[path = "../../tests/support/svg_safety.rs"]
mod svg_safety;

const BASE: &str = "/nonexistent/archflow-fuzz";
const PNG_SCALE: f32 = 0.25;
const PNG_MAX_SIDE: f64 = 4000.0;

fuzz_target!(|data: &[u8]| {
    // The theme from the input, so both get exercised.
    let theme = if data.len() % 2 == 0 {
        Theme::Light
    } else {
        Theme::Dark
    };
    let options = Options {
        theme,
        until: Stage::Svg,
    };
    let path = Path::new(BASE).join("fuzz.toml");
    let compiled = match pipeline::compile(data, &path, &options) {
        Ok(c) => c,
        Err(pipeline::Error::Invalid(_)) => return,
        // (An overlay group the layout cannot honour is refused as
        // `Invalid` too, at its `spans`: a valid outcome.)
        Err(e) => panic!("a valid flow failed to draw: {e}"),
    };
    let geometry = &compiled.layout;
    check_layout(&compiled.diagram, geometry);
    let svg = compiled.svg.unwrap_or_default();
    svg_safety::assert_safe_svg(&svg);
    if geometry.width <= PNG_MAX_SIDE && geometry.height <= PNG_MAX_SIDE {
        if let Err(e) = pipeline::rasterise(&svg, PngScale::Exact(PNG_SCALE)) {
            panic!(
                "PNG of a {}x{} diagram failed: {e}",
                geometry.width, geometry.height
            );
        }
    }
});

fn finite(what: &str, xs: &[f64]) {
    for x in xs {
        assert!(x.is_finite(), "{what}: {xs:?}");
    }
}

fn text(what: &str, t: &TextBlock) {
    finite(what, &[t.size, t.baseline, t.line_height, t.anchor_x]);
}

fn check_layout(d: &archflow::model::Diagram, l: &Layout) {
    assert_eq!(l.nodes.len(), d.nodes.len());
    assert_eq!(l.groups.len(), d.groups.len());
    finite("canvas", &[l.width, l.height]);
    assert!(l.width > 0.0 && l.height > 0.0);
    if let Some(t) = &l.title {
        finite("title", &[t.rect.x, t.rect.y, t.rect.w, t.rect.h]);
        text("title", &t.text);
    }
    for n in &l.nodes {
        finite("node", &[n.rect.x, n.rect.y, n.rect.w, n.rect.h]);
        finite(
            "icon box",
            &[n.icon_box.x, n.icon_box.y, n.icon_box.w, n.icon_box.h],
        );
        text("node label", &n.label_text);
    }
    for g in &l.groups {
        finite("group", &[g.rect.x, g.rect.y, g.rect.w, g.rect.h]);
        finite("group title", &[g.title.x, g.title.y, g.title.w, g.title.h]);
        text("group title", &g.title_text);
    }
    for e in &l.edges {
        for p in &e.points {
            finite("edge point", p);
        }
        if let Some(lb) = &e.label {
            finite("edge label", &[lb.rect.x, lb.rect.y, lb.rect.w, lb.rect.h]);
            text("edge label", &lb.lines);
        }
    }
}
