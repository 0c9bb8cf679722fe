//! archflow turns a small TOML flow of AWS services into a laid-out,
//! labelled SVG and PNG architecture diagram.
//!
//! The pipeline, one module per stage, run whole by [`compile`]:
//!
//! ```text
//! flow file ─ read ─> UTF-8 text ─ parse ─> syntax (spans)
//!           ─ validate ─> model::Diagram
//!           ─ layout ─> layout::Layout (geometry, layout-json.md)
//!           ─ scene ─> scene::Scene (what to draw, resolved)
//!           ─ render ─> SVG ─> PNG
//! ```
//!
//! # Example
//!
//! ```
//! use archflow::{compile, Options, Stage};
//! use std::path::Path;
//!
//! let source = r#"
//! title = "Static site"
//! flows = ["users -> cloudfront : HTTPS", "cloudfront -> s3"]
//! [nodes]
//! s3 = { icon = "s3", label = "Site bucket" }
//! "#;
//! let compiled = compile(source.as_bytes(), Path::new("site.toml"), &Options::default())?;
//! // Three nodes, two edges, every one of them drawn.
//! assert_eq!(compiled.layout.nodes.len(), 3);
//! assert_eq!(compiled.layout.edges.len(), 2);
//! let svg = compiled.svg.expect("Options::default() draws the SVG");
//! assert!(svg.starts_with("<svg "));
//! assert!(svg.contains(r#"aria-label="Site bucket""#));
//!
//! // An invalid file gives every problem at its file:line:column.
//! let error = compile(b"title = 1\n", Path::new("bad.toml"), &Options::default())
//!     .expect_err("the title must be a string");
//! assert!(error.to_string().contains("bad.toml:1:"));
//!
//! // Only the geometry, as `archflow layout` prints it.
//! let layout_only = Options { until: Stage::Layout, ..Options::default() };
//! let compiled = compile(source.as_bytes(), Path::new("site.toml"), &layout_only)?;
//! assert!(compiled.svg.is_none());
//! assert!(compiled.layout.to_json().contains(r#""label": "Site bucket""#));
//! # Ok::<(), archflow::Error>(())
//! ```
//!
//! # The public surface
//!
//! - [`compile`], [`compile_file`] and [`pipeline::draw`]: the whole
//!   pipeline, with one [`Error`] type.
//! - [`model`] (the validated diagram), [`layout`] (its geometry, the JSON
//!   of `archflow layout`), [`scene`] (what the renderer draws) and
//!   [`render`] (SVG and PNG).
//! - [`catalog`]: every icon key and alias; [`diagnostics`]: the
//!   `file:line:column` reports; [`limits`]: the sizes a flow file may have.
//! - [`batch`]: many flow files to pictures in a folder; [`export`]: a
//!   diagram in Graphviz DOT.
//! - [`notes`]: the archflow blocks of Markdown notes rendered in place
//!   (`archflow md`); [`fmt`]: the canonical layout of a flow file;
//!   [`schema`]: the JSON Schema of the flow format, for editors.
//! - [`run_cli`]: the `archflow` command line, for the binary.
//!
//! Everything else (parsing, validation passes, text measuring, the icon
//! artwork, the gallery, the synthetic-flow generator) is private.

pub mod batch;
pub mod catalog;
mod cli;
mod confusables;
mod custom_icon;
pub mod diagnostics;
pub mod export;
pub mod fmt;
mod gallery;
mod icon_art;
mod icon_likeness;
mod inputs;
pub mod layout;
pub mod model;
pub mod notes;
mod parse;
pub mod pipeline;
mod read;
pub mod render;
pub mod scene;
pub mod schema;
mod sheet;
mod synth;
mod text;
mod validate;
mod warnings;
mod watch;

pub use cli::run as run_cli;
pub use pipeline::{compile, compile_file, Compiled, Error, Options, PngScale, Stage};
pub use validate::{load_file, load_source};

/// The limits of a flow file (`check --help` tells them): each is refused
/// with an error at its place.
pub mod limits {
    pub use crate::validate::{
        MAX_EDGES, MAX_FILE_BYTES, MAX_GROUPS, MAX_GROUP_DEPTH, MAX_LABEL_CHARS, MAX_NODES,
        MAX_REPORTED,
    };
}

/// Not API: what the project's own tests, benchmarks, fuzz targets and the
/// `gen-flow` tool reach inside the crate for. It may change at any time.
#[doc(hidden)]
pub mod internals {
    /// The synthetic flows of `gen-flow` and the benchmarks.
    pub mod synth {
        pub use crate::synth::{generate, Params};
    }
    /// The README gallery section.
    pub mod gallery {
        pub use crate::gallery::{
            min_scale, section, shown, splice, Shown, Slot, END, MAX_SHOWN_HEIGHT, ROW_WIDTH, START,
        };
    }
    /// The icon drawings compiled in from `icons/`.
    pub mod icon_art {
        pub use crate::icon_art::{find, group, is_general, service, ICON_ART};
    }
    /// The icon contact sheet's diagram and geometry.
    pub mod sheet {
        pub use crate::sheet::contact_sheet;
    }
    /// The confusables sheet: the told-apart sets in colour and greyscale.
    pub mod confusables {
        pub use crate::confusables::{confusables_sheet, rows_sheet};
    }
    /// How alike two icon glyphs look at a glance, and the told-apart sets.
    pub mod icon_likeness {
        pub use crate::icon_likeness::*;
    }
    /// The flow-line grammar.
    pub mod flowline {
        pub use crate::parse::flowline::*;
    }
    /// Text measuring with the bundled font.
    pub mod text {
        pub use crate::text::*;
    }
}
