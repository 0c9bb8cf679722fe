//! The whole pipeline as one function: a flow file in, its pictures out.
//!
//! In: a flow file's bytes and path (or just its path), and [`Options`]
//! saying how far to go. Out: a [`Compiled`] holding the validated diagram,
//! its layout and, on request, its scene, SVG document and PNG image; or one
//! [`Error`] (an invalid file's full report, or what stopped a picture).
//!
//! ```text
//! bytes ─ validate ─> Diagram ─ layout ─> Layout ─ scene ─> Scene ─ svg ─> SVG ─ png ─> PNG
//! ```
//!
//! The command line, the batch renderer, the icon contact sheet, the
//! benchmarks and the fuzz targets all run this one pipeline.

use crate::diagnostics::{error_word, Diagnostic, FileReport};
use crate::layout::{self, Layout};
use crate::model::Diagram;
use crate::render::{png, svg};
use crate::scene::{self, Scene, Theme};
use crate::validate;
use std::fmt;
use std::path::Path;

/// How far to run the pipeline, and in which theme.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// The colours of the scene, the SVG and the PNG.
    pub theme: Theme,
    /// The last stage to run.
    pub until: Stage,
}

impl Default for Options {
    /// Light theme, up to the SVG document.
    fn default() -> Options {
        Options {
            theme: Theme::Light,
            until: Stage::Svg,
        }
    }
}

/// The stages after validation, in order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Stage {
    /// The geometry ([`Compiled::layout`]).
    Layout,
    /// The scene and the SVG document ([`Compiled::scene`], [`Compiled::svg`]).
    Svg,
    /// Also the PNG image ([`Compiled::png`]).
    Png(PngScale),
}

/// Pixels per user unit of a PNG.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PngScale {
    /// Exactly this scale; a PNG that would pass
    /// [`png::MAX_PIXELS`] is an error.
    Exact(f32),
    /// This scale, or the largest (in hundredths) that keeps the PNG within
    /// [`png::MAX_PIXELS`].
    AtMost(f32),
}

/// Everything the pipeline made.
#[derive(Debug, Clone)]
pub struct Compiled {
    pub diagram: Diagram,
    pub layout: Layout,
    /// From [`Stage::Svg`] on.
    pub scene: Option<Scene>,
    /// From [`Stage::Svg`] on.
    pub svg: Option<String>,
    /// At [`Stage::Png`].
    pub png: Option<Vec<u8>>,
}

/// Why the pipeline (or writing its output) stopped.
#[derive(Debug)]
pub enum Error {
    /// The flow file is invalid or could not be read: every problem, each
    /// at its `file:line:column`.
    Invalid(FileReport),
    /// A picture could not be made or written, in one line that names the
    /// file where there is one.
    Output(String),
}

impl Error {
    /// The error as the command line prints it: the report of an invalid
    /// file, or `error: message` (the word in red when `color` is set).
    pub fn render(&self, color: bool) -> String {
        match self {
            Error::Invalid(report) => report.render(color),
            Error::Output(message) => format!("{}: {message}\n", error_word(color)),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Invalid(report) => f.write_str(report.render(false).trim_end()),
            Error::Output(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}

impl From<FileReport> for Error {
    fn from(report: FileReport) -> Error {
        Error::Invalid(report)
    }
}

/// Runs the pipeline on `source`, the bytes of the flow file at `path`
/// (named in every error; custom icons are found beside it).
///
/// # Errors
/// [`Error::Invalid`] when the source is not a valid flow file;
/// [`Error::Output`] when the PNG asked for cannot be made.
pub fn compile(source: &[u8], path: &Path, options: &Options) -> Result<Compiled, Error> {
    let base_dir = path.parent().unwrap_or(Path::new("."));
    let diagram = validate::load_source(&path.display().to_string(), source, base_dir)?;
    let text = String::from_utf8_lossy(source);
    finish(diagram, path, &text, options)
}

/// Reads the flow file at `path` (refusing folders, devices and files over
/// the size limit) and runs the pipeline on it.
///
/// # Errors
/// As [`compile`], and [`Error::Invalid`] when the file cannot be read.
pub fn compile_file(path: &Path, options: &Options) -> Result<Compiled, Error> {
    let diagram = validate::load_file(path)?;
    let text = std::fs::read_to_string(path).unwrap_or_default();
    finish(diagram, path, &text, options)
}

/// The rest of the pipeline from a validated diagram read from `source`.
fn finish(
    diagram: Diagram,
    path: &Path,
    source: &str,
    options: &Options,
) -> Result<Compiled, Error> {
    let (layout, notes) = layout::layout_with_notes(&diagram);
    // What the layout could not do as the file asks (flow-format v1.1:
    // border nodes, overlay groups): warnings go to stderr, an error
    // stops this file.
    for w in &notes.warnings {
        eprintln!("warning: {}: {w}", path.display());
    }
    for w in crate::warnings::warnings(&diagram, source) {
        eprintln!("warning: {}:{w}", path.display());
    }
    if let Some(e) = notes.errors.first() {
        return Err(Error::Invalid(refusal(path, source, &diagram, e)));
    }
    draw(diagram, layout, options).map_err(|e| match e {
        Error::Output(message) => Error::Output(format!("{}: {message}", path.display())),
        other => other,
    })
}

/// An overlay group the layout refused, reported at its `spans` key in the
/// file (the whole file when the key cannot be found), so the error names
/// `file:line:column`.
fn refusal(path: &Path, source: &str, diagram: &Diagram, refused: &layout::Refusal) -> FileReport {
    let message = &refused.message;
    let at = diagram
        .groups
        .get(refused.group)
        .and_then(|g| crate::parse::key_span(source, &["groups", &g.id, "spans"]));
    let diagnostic = match at {
        Some(at) => Diagnostic::at(at, message).with_label("these nodes cannot share one box"),
        None => Diagnostic::file(message),
    };
    FileReport::new(path.display().to_string(), source, vec![diagnostic])
}

/// The pictures of a diagram whose geometry is already made (the icon
/// contact sheet's, or a layout engine's of one's own).
///
/// # Errors
/// [`Error::Output`] when the PNG asked for cannot be made.
pub fn draw(diagram: Diagram, layout: Layout, options: &Options) -> Result<Compiled, Error> {
    let mut compiled = Compiled {
        diagram,
        layout,
        scene: None,
        svg: None,
        png: None,
    };
    if options.until == Stage::Layout {
        return Ok(compiled);
    }
    let scene = scene::build(&compiled.diagram, &compiled.layout, options.theme);
    let document = svg::render(&scene);
    if let Stage::Png(scale) = options.until {
        compiled.png = Some(rasterise(&document, scale)?);
    }
    compiled.scene = Some(scene);
    compiled.svg = Some(document);
    Ok(compiled)
}

/// An SVG document as PNG bytes.
///
/// # Errors
/// [`Error::Output`] when the scale is out of range or the PNG would pass
/// [`png::MAX_PIXELS`] (at every scale, for [`PngScale::AtMost`]).
pub fn rasterise(svg: &str, scale: PngScale) -> Result<Vec<u8>, Error> {
    match scale {
        PngScale::Exact(s) => png::render(svg, s),
        PngScale::AtMost(s) => png::render_within_limit(svg, s).map(|(bytes, _)| bytes),
    }
    .map_err(Error::Output)
}
