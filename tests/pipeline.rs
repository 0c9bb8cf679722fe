//! The library's one pipeline ([`archflow::compile`]) and the scene it
//! draws from: each stage stops where asked, errors come in one type that
//! names the file, the scene resolves arrows, strokes, icons and drawing
//! order, and every way in gives the same bytes.

use archflow::pipeline::{self, Compiled, Error, Options, PngScale, Stage};
use archflow::render::Theme;
use archflow::scene::{Heads, IconShape, Stroke};
use std::path::Path;

const FLOW: &str = r#"
title = "Pipeline"
subtitle = "one of each arrow"
flows = [
  "users -> api",
  "api <-> fn",
  "fn -- db",
  "db ..> queue",
  "queue <..> api",
  "fn .. users",
]
[nodes]
api   = { icon = "api-gateway", label = "Front door", in = "subnet" }
fn    = { icon = "lambda", label = "Handler", in = "subnet" }
db    = { icon = "dynamodb", label = "Table" }
queue = { icon = "sqs", label = "Queue" }
[groups]
cloud  = { kind = "aws-cloud" }
vpc    = { kind = "vpc", in = "cloud" }
subnet = { kind = "private-subnet", in = "vpc" }
"#;

fn compile(until: Stage, theme: Theme) -> Result<Compiled, Error> {
    let options = Options { theme, until };
    pipeline::compile(FLOW.as_bytes(), Path::new("flows/p.toml"), &options)
}

fn ok(until: Stage) -> Compiled {
    compile(until, Theme::Light).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn each_stage_stops_where_asked() {
    let layout = ok(Stage::Layout);
    assert!(layout.scene.is_none() && layout.svg.is_none() && layout.png.is_none());
    assert_eq!(layout.layout.nodes.len(), 5, "four declared and `users`");

    let svg = ok(Stage::Svg);
    assert!(svg.scene.is_some() && svg.png.is_none());
    assert_eq!(svg.layout.to_json(), layout.layout.to_json());
    let text = svg.svg.as_deref().unwrap_or_default();
    for label in ["Front door", "Handler", "Table", "Queue", "Users"] {
        assert!(text.contains(&format!("aria-label=\"{label}\"")), "{label}");
    }

    let png = ok(Stage::Png(PngScale::Exact(0.5)));
    let bytes = png.png.unwrap_or_default();
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    assert_eq!(png.svg, svg.svg, "the PNG stage keeps the same SVG");
}

#[test]
fn every_way_in_gives_the_same_bytes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("p.toml");
    std::fs::write(&path, FLOW).expect("write");
    let from_file = pipeline::compile_file(&path, &Options::default()).expect("valid");
    let from_bytes = ok(Stage::Svg);
    assert_eq!(from_file.svg, from_bytes.svg);
    // The convenience renderer builds the same scene.
    let again = archflow::render::to_svg(&from_bytes.diagram, &from_bytes.layout, Theme::Light);
    assert_eq!(Some(again), from_bytes.svg);
    // And drawing a finished layout is the same last step.
    let drawn =
        pipeline::draw(from_bytes.diagram, from_bytes.layout, &Options::default()).expect("draws");
    assert_eq!(drawn.svg, from_file.svg);
}

#[test]
fn the_contact_sheet_is_drawn_by_the_same_pipeline() {
    let (diagram, layout) = archflow::internals::sheet::contact_sheet();
    let drawn = pipeline::draw(diagram, layout, &Options::default()).expect("draws");
    let committed =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/icons/sheet.svg"))
            .expect("icons/sheet.svg");
    assert!(drawn.svg.as_deref() == Some(committed.as_str()));
}

#[test]
fn an_invalid_file_is_one_error_with_its_report() {
    let err = pipeline::compile(
        b"title = \"t\"\nflows = [\"a -> \"]\n",
        Path::new("dir/bad.toml"),
        &Options::default(),
    )
    .expect_err("invalid");
    let Error::Invalid(report) = &err else {
        panic!("not a report: {err:?}");
    };
    assert_eq!(report.name, "dir/bad.toml");
    assert!(err.to_string().starts_with("error"), "{err}");
    assert!(err.to_string().contains("dir/bad.toml:2:"), "{err}");
    assert_eq!(err.render(false), report.render(false));

    let missing = pipeline::compile_file(Path::new("/nonexistent/q.toml"), &Options::default())
        .expect_err("missing");
    assert!(
        missing
            .to_string()
            .contains("cannot read `/nonexistent/q.toml`"),
        "{missing}"
    );
}

#[test]
fn a_png_that_cannot_be_made_names_the_file() {
    let err = compile(Stage::Png(PngScale::Exact(9.0)), Theme::Light).expect_err("scale 9");
    let Error::Output(message) = &err else {
        panic!("not an output error: {err:?}");
    };
    assert!(
        message.starts_with("flows/p.toml: scale 9 is out of range"),
        "{message}"
    );
    assert_eq!(err.render(false), format!("error: {message}\n"));
    // Without a file there is nothing to name.
    let e = pipeline::rasterise("<svg/>", PngScale::Exact(0.0)).expect_err("scale 0");
    assert!(e.to_string().starts_with("scale 0 is out of range"), "{e}");
}

#[test]
fn the_scene_resolves_arrows_strokes_icons_and_order() {
    let c = ok(Stage::Svg);
    let scene = c.scene.expect("a scene");
    let arrows: Vec<(Heads, Stroke)> = scene.edges.iter().map(|e| (e.heads, e.stroke)).collect();
    let h = |start, end| Heads { start, end };
    assert_eq!(
        arrows,
        [
            (h(false, true), Stroke::Solid),   // ->
            (h(true, true), Stroke::Solid),    // <->
            (h(false, false), Stroke::Solid),  // --
            (h(false, true), Stroke::Dashed),  // ..>
            (h(true, true), Stroke::Dashed),   // <..>
            (h(false, false), Stroke::Dashed), // ..
        ]
    );
    // Groups outermost first, whatever the file order.
    let order: Vec<&str> = scene.groups.iter().map(|g| g.label.as_str()).collect();
    assert_eq!(order, ["AWS Cloud", "VPC", "Private subnet"]);
    assert_eq!(scene.groups[1].border, "#8C4FFF", "the VPC's colour");
    // Built-in icons are symbols; only the grey General ones are tinted.
    let tint = |label: &str| {
        let node = scene.nodes.iter().find(|n| n.label == label).expect(label);
        match &node.icon {
            IconShape::Symbol { tint, .. } => *tint,
            other => panic!("{label}: {other:?}"),
        }
    };
    assert_eq!(tint("Users"), Some("#232F3E"));
    assert_eq!(tint("Handler"), None);
    assert_eq!(scene.name, "Pipeline");
    assert_eq!(scene.description, "one of each arrow");
}

#[test]
fn the_theme_reaches_the_scene_and_the_ids() {
    let light = ok(Stage::Svg).scene.expect("scene");
    let dark = compile(Stage::Svg, Theme::Dark)
        .expect("valid")
        .scene
        .expect("scene");
    assert_eq!(light.background, "#FFFFFF");
    assert_eq!(dark.background, "#0F1419");
    assert_ne!(light.id_prefix, dark.id_prefix, "ids differ per theme");
    assert!(light.id_prefix.starts_with("af") && light.id_prefix.len() == 10);
}

#[test]
fn an_overlay_the_layout_refuses_is_reported_at_its_spans_key() {
    // Read from a file and from bytes, the refusal names file:line:column
    // of the overlay's `spans`, what is wrong and how to mend it.
    let path = Path::new("tests/fixtures/flows/v11/overlay-conflict.toml");
    let options = Options {
        theme: Theme::Light,
        until: Stage::Svg,
    };
    let bytes = std::fs::read(path).expect("fixture");
    for result in [
        pipeline::compile_file(path, &options),
        pipeline::compile(&bytes, path, &options),
    ] {
        let Err(Error::Invalid(report)) = result else {
            panic!("expected the overlay to be refused");
        };
        let located = report.locations();
        assert_eq!(located.len(), 1);
        let (line, column, message) = &located[0];
        assert_eq!((*line, *column), (16, 52));
        assert!(
            message.starts_with("overlay group `asg` cannot be drawn: node `worker` lies between"),
            "{message}"
        );
        assert!(message.contains("list fewer nodes in `spans`"), "{message}");
    }
}
