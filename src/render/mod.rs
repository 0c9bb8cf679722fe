//! Rendering: a scene in, pictures out.
//!
//! In: a [`Scene`](crate::scene::Scene) (built by [`crate::scene::build`] from a diagram, its
//! layout and a theme). Out: an SVG document ([`svg`]) and a PNG image
//! rasterised from it ([`png`]). The renderer draws exactly the scene's
//! numbers and colours; it decides strokes and glyphs, never positions.

pub mod png;
pub mod svg;

pub use crate::scene::Theme;

use crate::layout::Layout;
use crate::model::Diagram;
use crate::scene;

/// The diagram as an SVG document: its scene, drawn.
pub fn to_svg(diagram: &Diagram, layout: &Layout, theme: Theme) -> String {
    svg::render(&scene::build(diagram, layout, theme))
}

/// The diagram as PNG bytes at `scale` pixels per unit.
pub fn to_png(
    diagram: &Diagram,
    layout: &Layout,
    theme: Theme,
    scale: f32,
) -> Result<Vec<u8>, String> {
    png::render(&to_svg(diagram, layout, theme), scale)
}
