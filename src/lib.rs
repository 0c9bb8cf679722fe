//! archflow turns a small TOML flow of AWS services into a laid-out,
//! labelled SVG and PNG architecture diagram.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! flow file ─ read ─> UTF-8 text ─ parse ─> syntax (spans)
//!           ─ validate ─> model::Diagram
//!           ─ layout ─> layout::Layout (geometry, layout-json.md)
//!           ─ render ─> SVG ─> PNG
//! ```
//!
//! `catalog` is the one table of icon keys and aliases, `diagnostics` turns
//! every problem into a `file:line:column` report, `text` measures text with
//! the bundled font, and `batch` / `cli` drive whole folders.

pub mod batch;
pub mod catalog;
pub mod cli;
pub mod custom_icon;
pub mod diagnostics;
pub mod export;
pub mod gallery;
pub mod icon_art;
pub mod inputs;
pub mod layout;
pub mod model;
pub mod parse;
pub mod read;
pub mod render;
pub mod sheet;
pub mod synth;
pub mod text;
pub mod validate;

pub use validate::{load_file, load_source};
