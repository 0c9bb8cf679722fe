//! The SVG and PNG outputs: well-formed, self-contained, safe, drawn where
//! the layout says, deterministic, and with real Hangul glyphs.

#[path = "support/flow_files.rs"]
mod flow_files;

use archflow::layout::{self, Layout};
use archflow::model::Diagram;
use archflow::render::{self, Theme};
use flow_files::{load_valid, load_valid_file};
use std::path::Path;

/// The scenario at `rel` under `scenarios/`.
fn scenario(rel: &str) -> Diagram {
    load_valid_file(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("scenarios")
            .join(rel),
    )
}

fn num(s: Option<&str>) -> f64 {
    s.and_then(|v| v.parse().ok()).expect("a number")
}

/// Every rule of a safe, self-contained SVG.
fn assert_safe(svg: &str) {
    let doc = roxmltree::Document::parse(svg).expect("well-formed XML");
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        assert!(
            !["script", "foreignObject", "iframe", "object", "embed"].contains(&name),
            "<{name}>"
        );
        for attr in node.attributes() {
            assert!(
                !attr.name().to_ascii_lowercase().starts_with("on"),
                "event attribute {}",
                attr.name()
            );
            if attr.name() == "href" {
                let v = attr.value();
                assert!(
                    v.starts_with('#') || v.starts_with("data:image/"),
                    "external reference {v}"
                );
            }
        }
    }
    assert!(!svg.contains("<style"), "no style sheet that could import");
}

#[test]
fn svg_elements_sit_where_the_layout_says() {
    for rel in [
        "03-cloudfront/q1-static-dynamic-origins.toml",
        "20-auto-scaling-group/q1-target-tracking-cpu40.toml",
        "15-nat/q1-nat-in-public-subnet.toml",
    ] {
        let d = scenario(rel);
        let l: Layout = layout::layout(&d);
        let svg = render::to_svg(&d, &l, Theme::Light);
        assert_safe(&svg);
        let doc = roxmltree::Document::parse(&svg).expect("xml");
        let root = doc.root_element();
        assert_eq!(num(root.attribute("width")), l.width);
        assert_eq!(num(root.attribute("height")), l.height);
        let find = |suffix: &str| {
            doc.descendants()
                .find(|n| n.attribute("id").is_some_and(|id| id.ends_with(suffix)))
                .unwrap_or_else(|| panic!("{rel}: no element *{suffix}"))
        };
        for (i, n) in l.nodes.iter().enumerate() {
            let g = find(&format!("-node-{i}"));
            let icon = g
                .children()
                .find(|c| c.has_tag_name("use") || c.has_tag_name("image"))
                .expect("icon element");
            assert!(
                (num(icon.attribute("x")) - n.icon_box.x).abs() < 0.01,
                "{rel} node {}",
                n.id
            );
            assert!(
                (num(icon.attribute("y")) - n.icon_box.y).abs() < 0.01,
                "{rel} node {}",
                n.id
            );
            assert_eq!(num(icon.attribute("width")), n.icon_box.w);
        }
        for (i, gb) in l.groups.iter().enumerate() {
            let g = find(&format!("-group-{i}"));
            let rect = g
                .children()
                .find(|c| c.has_tag_name("rect"))
                .expect("group rect");
            assert!((num(rect.attribute("x")) - gb.rect.x).abs() < 0.01);
            assert!((num(rect.attribute("y")) - gb.rect.y).abs() < 0.01);
            assert!((num(rect.attribute("width")) - gb.rect.w).abs() < 0.01);
            assert!((num(rect.attribute("height")) - gb.rect.h).abs() < 0.01);
        }
        for (i, e) in l.edges.iter().enumerate() {
            let g = find(&format!("-edge-{i}"));
            let path = g
                .children()
                .find(|c| c.has_tag_name("path"))
                .expect("edge path");
            let d_attr = path.attribute("d").expect("d");
            let first: Vec<f64> = d_attr[1..]
                .split(|c: char| c.is_ascii_alphabetic())
                .next()
                .expect("move-to")
                .split(' ')
                .map(|v| v.parse().expect("coordinate"))
                .collect();
            if e.arrow != "both" {
                assert!(
                    (first[0] - e.points[0][0]).abs() < 0.01
                        && (first[1] - e.points[0][1]).abs() < 0.01
                );
            }
        }
    }
}

#[test]
fn user_text_is_escaped_and_cannot_break_the_xml() {
    let d = load_valid(
        r#"title = "<script>alert(1)</script> & \"quotes\" ]]> 'x'"
subtitle = "\u202Eevil\u202C 😀 \u0007bell"
flows = ["a -> b : <b onload=alert(1)>"]
[nodes]
a = { icon = "ec2", label = "</text><script>x</script>" }
b = { icon = "s3", label = "ok" }
"#,
    );
    let l = layout::layout(&d);
    for theme in [Theme::Light, Theme::Dark] {
        let svg = render::to_svg(&d, &l, theme);
        assert_safe(&svg);
        assert!(!svg.contains("<script"), "raw markup leaked");
        let doc = roxmltree::Document::parse(&svg).expect("xml");
        let title = doc
            .descendants()
            .find(|n| n.has_tag_name("title"))
            .expect("title");
        assert!(title
            .text()
            .unwrap_or("")
            .contains("<script>alert(1)</script>"));
    }
}

#[test]
fn svg_ids_are_unique_and_prefixed_per_diagram() {
    let a = render::to_svg(
        &scenario("03-cloudfront/q1-static-dynamic-origins.toml"),
        &layout::layout(&scenario("03-cloudfront/q1-static-dynamic-origins.toml")),
        Theme::Light,
    );
    let b_d = scenario("17-sqs/q1-decouple-lambda-with-sqs.toml");
    let b = render::to_svg(&b_d, &layout::layout(&b_d), Theme::Light);
    let ids = |svg: &str| -> Vec<String> {
        let doc = roxmltree::Document::parse(svg).expect("xml");
        doc.descendants()
            .filter_map(|n| n.attribute("id").map(str::to_string))
            .collect()
    };
    let (ia, ib) = (ids(&a), ids(&b));
    let set_a: std::collections::HashSet<_> = ia.iter().collect();
    assert_eq!(set_a.len(), ia.len(), "ids unique within a file");
    assert!(
        ib.iter().all(|id| !set_a.contains(id)),
        "two diagrams on one page never share an id"
    );
}

#[test]
fn png_has_the_size_of_the_scale_and_is_deterministic() {
    let d = scenario("16-snowball/q1-70tb-nfs-to-s3.toml");
    let l = layout::layout(&d);
    for scale in [1.0f32, 2.0, 3.0] {
        let png = render::to_png(&d, &l, Theme::Light, scale).expect("png");
        let decoder = png::Decoder::new(std::io::Cursor::new(&png));
        let reader = decoder.read_info().expect("decodes");
        let info = reader.info();
        assert_eq!(info.width, (l.width * f64::from(scale)).ceil() as u32);
        assert_eq!(info.height, (l.height * f64::from(scale)).ceil() as u32);
        assert_eq!(
            png,
            render::to_png(&d, &l, Theme::Light, scale).expect("png"),
            "same bytes twice"
        );
    }
    let svg = render::to_svg(&d, &l, Theme::Dark);
    assert_eq!(svg, render::to_svg(&d, &l, Theme::Dark));
}

/// Decodes a PNG into (width, RGBA bytes).
fn pixels(png_bytes: &[u8]) -> (u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = decoder.read_info().expect("decodes");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("frame");
    assert_eq!(info.color_type, png::ColorType::Rgba);
    (info.width, buf)
}

/// How many pixels of the box are dark (ink).
fn ink(png_bytes: &[u8], x: f64, y: f64, w: f64, h: f64) -> usize {
    let (width, buf) = pixels(png_bytes);
    let mut count = 0;
    for py in y as u32..(y + h) as u32 {
        for px in x as u32..(x + w) as u32 {
            let i = ((py * width + px) * 4) as usize;
            if buf.get(i).is_some_and(|&r| r < 128) {
                count += 1;
            }
        }
    }
    count
}

#[test]
fn hangul_labels_are_drawn_with_real_glyphs() {
    let hangul = load_valid(
        "title = \"t\"\nflows = []\n[nodes]\na = { icon = \"ec2\", label = \"한국어 라벨\" }\n",
    );
    // The same width of characters the font does not have: drawn as boxes.
    let tofu = load_valid("title = \"t\"\nflows = []\n[nodes]\na = { icon = \"ec2\", label = \"\u{E000}\u{E001}\u{E002} \u{E003}\u{E004}\" }\n");
    let lh = layout::layout(&hangul);
    let lt = layout::layout(&tofu);
    let ph = render::to_png(&hangul, &lh, Theme::Light, 1.0).expect("png");
    let pt = render::to_png(&tofu, &lt, Theme::Light, 1.0).expect("png");
    let n = &lh.nodes[0];
    let label_top = n.icon_box.y + n.icon_box.h + 4.0;
    let n = n.rect;
    let h_ink = ink(&ph, n.x, label_top, n.w, n.y + n.h - label_top);
    let t = lt.nodes[0].rect;
    let t_ink = ink(&pt, t.x, label_top, t.w, t.y + t.h - label_top);
    assert!(h_ink > 40, "the Korean label has ink ({h_ink} dark pixels)");
    assert_ne!(h_ink, t_ink, "the Korean label is not drawn as boxes");
    // Glyph outlines of Hangul are in the SVG, not boxes.
    let svg = render::to_svg(&hangul, &lh, Theme::Light);
    let glyphs = svg.matches("<path id=").count();
    assert!(glyphs >= 5, "one outline per distinct glyph ({glyphs})");
}

/// The `(x, y)` pairs of a path's `d` (absolute M/L commands only).
fn path_points(d: &str) -> Vec<(f64, f64)> {
    d.split(['M', 'L'])
        .filter(|s| !s.is_empty())
        .map(|pair| {
            let mut it = pair.split(' ').map(|v| v.parse::<f64>().expect("number"));
            (it.next().expect("x"), it.next().expect("y"))
        })
        .collect()
}

#[test]
fn negated_edges_carry_a_red_cross_on_a_straight_run_and_physical_ones_a_rail() {
    let d = load_valid(
        r#"title = "t"
[nodes]
job = { icon = "glue" }
etl = { icon = "s3" }
dev = { icon = "snowball-edge" }
dc = { icon = "on-premises" }
[[edges]]
from = "job"
to = "etl"
style = "negated"
[[edges]]
from = "dc"
to = "dev"
style = "physical"
"#,
    );
    let l = layout::layout(&d);
    assert_eq!(l.edges[0].style, "negated");
    assert_eq!(l.edges[1].style, "physical");
    let svg = render::to_svg(&d, &l, Theme::Light);
    assert_safe(&svg);
    let doc = roxmltree::Document::parse(&svg).expect("xml");
    let edge = |i: usize| {
        doc.descendants()
            .find(|n| {
                n.attribute("id")
                    .is_some_and(|id| id.ends_with(&format!("-edge-{i}")))
            })
            .expect("edge group")
    };
    let negated = edge(0);
    let line = negated
        .children()
        .find(|c| c.has_tag_name("path"))
        .expect("line");
    assert_eq!(line.attribute("stroke"), Some("#B5484B"));
    assert!(line.attribute("stroke-dasharray").is_some(), "dotted");
    let cross = negated
        .children()
        .find(|c| c.attribute("class") == Some("cross"))
        .expect("a cross on the negated edge");
    let arms = path_points(cross.attribute("d").expect("d"));
    assert_eq!(arms.len(), 4);
    let centre = ((arms[0].0 + arms[1].0) / 2.0, (arms[0].1 + arms[1].1) / 2.0);
    // The cross sits on the line's own path, halfway along it.
    let pts = &l.edges[0].points;
    let on_line = pts.windows(2).any(|w| {
        let (a, b) = (w[0], w[1]);
        let within = |v: f64, p: f64, q: f64| v >= p.min(q) - 0.01 && v <= p.max(q) + 0.01;
        within(centre.0, a[0], b[0]) && within(centre.1, a[1], b[1])
    });
    assert!(on_line, "cross centre {centre:?} is on the edge {pts:?}");
    // ...on a straight run: clear of every corner and of both arrowhead ends.
    let dist = |p: &[f64; 2]| (p[0] - centre.0).hypot(p[1] - centre.1);
    assert!(
        pts.iter().all(|p| dist(p) >= 16.0),
        "cross centre {centre:?} sits on a corner or an end of {pts:?}"
    );
    let physical = edge(1);
    assert!(physical
        .children()
        .all(|c| c.attribute("class") != Some("cross")));
    let rail = physical
        .children()
        .find(|c| c.attribute("class") == Some("rail"))
        .expect("the rail's hollow");
    let outer = physical
        .children()
        .find(|c| c.has_tag_name("path"))
        .expect("line");
    assert_eq!(outer.attribute("d"), rail.attribute("d"));
    assert!(num(outer.attribute("stroke-width")) > num(rail.attribute("stroke-width")));
}
