//! Rendering: geometry in, pictures out.
//!
//! In: a [`Diagram`] and its [`Layout`]. Out: an SVG document ([`svg`]) and
//! a PNG image rasterised from it ([`png`]). The renderer draws exactly the
//! layout's numbers; it decides colours, strokes and glyphs, never
//! positions. `style` holds every colour.

pub mod png;
pub mod style;
pub mod svg;

pub use style::Theme;

use crate::layout::Layout;
use crate::model::Diagram;

/// The diagram as an SVG document.
pub fn to_svg(diagram: &Diagram, layout: &Layout, theme: Theme) -> String {
    svg::render(diagram, layout, theme)
}

/// The diagram as PNG bytes at `scale` pixels per unit.
pub fn to_png(
    diagram: &Diagram,
    layout: &Layout,
    theme: Theme,
    scale: f32,
) -> Result<Vec<u8>, String> {
    png::render(&svg::render(diagram, layout, theme), scale)
}
