//! PNG output: an SVG document rasterised by resvg.
//!
//! In: an SVG document (ours) and a scale. Out: PNG bytes, the same bytes
//! for the same input on every machine (no system font is ever consulted:
//! usvg's font database holds only the bundled font).

use crate::text;
use resvg::{tiny_skia, usvg};
use std::sync::OnceLock;

/// The largest PNG archflow writes, in pixels (width × height).
pub const MAX_PIXELS: u64 = 100_000_000;
/// The largest scale `--scale` accepts.
pub const MAX_SCALE: f32 = 8.0;

fn options() -> &'static usvg::Options<'static> {
    static OPTIONS: OnceLock<usvg::Options<'static>> = OnceLock::new();
    OPTIONS.get_or_init(text::usvg_options)
}

/// Rasterises `svg` at `scale` pixels per user unit; refuses when the PNG
/// would have more than [`MAX_PIXELS`].
pub fn render(svg: &str, scale: f32) -> Result<Vec<u8>, String> {
    check_scale(scale)?;
    let tree = parse(svg)?;
    rasterise(&tree, scale)
}

/// Rasterises `svg` at `scale`, or, when that would pass [`MAX_PIXELS`], at
/// the largest scale (in hundredths) that stays within it. Returns the
/// bytes and the scale used.
pub fn render_within_limit(svg: &str, scale: f32) -> Result<(Vec<u8>, f32), String> {
    check_scale(scale)?;
    let tree = parse(svg)?;
    let size = tree.size();
    let (w, h) = (f64::from(size.width()), f64::from(size.height()));
    let fitted = scale_within_limit(w, h, scale).ok_or_else(|| {
        format!(
            "the drawing is {w}×{h} units, too large for a PNG of at most {MAX_PIXELS} pixels; use --format svg"
        )
    })?;
    Ok((rasterise(&tree, fitted)?, fitted))
}

/// `scale` if a `width` × `height` drawing stays within [`MAX_PIXELS`] at
/// it, else the largest scale in hundredths that does; None when not even
/// 0.01 does.
pub fn scale_within_limit(width: f64, height: f64, scale: f32) -> Option<f32> {
    let pixels = |s: f32| (width * f64::from(s)).ceil() * (height * f64::from(s)).ceil();
    if pixels(scale) <= MAX_PIXELS as f64 {
        return Some(scale);
    }
    let ideal = (MAX_PIXELS as f64 / (width * height)).sqrt();
    let mut hundredths = (ideal * 100.0).floor().min(f64::from(scale) * 100.0) as i64;
    while hundredths >= 1 && pixels(hundredths as f32 / 100.0) > MAX_PIXELS as f64 {
        hundredths -= 1;
    }
    (hundredths >= 1).then(|| hundredths as f32 / 100.0)
}

fn check_scale(scale: f32) -> Result<(), String> {
    if scale > 0.0 && scale <= MAX_SCALE {
        Ok(())
    } else {
        Err(format!(
            "scale {scale} is out of range (0 < scale <= {MAX_SCALE})"
        ))
    }
}

fn parse(svg: &str) -> Result<usvg::Tree, String> {
    usvg::Tree::from_str(svg, options()).map_err(|e| format!("cannot read the SVG: {e}"))
}

fn rasterise(tree: &usvg::Tree, scale: f32) -> Result<Vec<u8>, String> {
    let size = tree.size();
    let w = (f64::from(size.width()) * f64::from(scale)).ceil();
    let h = (f64::from(size.height()) * f64::from(scale)).ceil();
    if w * h > MAX_PIXELS as f64 {
        return Err(format!(
            "the PNG would be {w}×{h} pixels, more than the limit of {MAX_PIXELS}; use a smaller --scale or --format svg"
        ));
    }
    let mut pixmap = tiny_skia::Pixmap::new(w as u32, h as u32)
        .ok_or_else(|| format!("cannot allocate a {w}×{h} image"))?;
    resvg::render(
        tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    encode(pixmap).map_err(|e| format!("cannot encode the PNG: {e}"))
}

/// PNG bytes of a pixmap: straight (not premultiplied) RGBA, compressed
/// with the png crate's fast DEFLATE, which costs a fraction of the
/// default level for files a little larger.
fn encode(mut pixmap: tiny_skia::Pixmap) -> Result<Vec<u8>, png::EncodingError> {
    let (width, height) = (pixmap.width(), pixmap.height());
    // Straight alpha in place: no second copy of the image.
    for px in pixmap.data_mut().chunks_exact_mut(4) {
        let a = px[3];
        if a != 0 && a != 255 {
            for c in &mut px[..3] {
                *c = ((u16::from(*c) * 255 + u16::from(a) / 2) / u16::from(a)) as u8;
            }
        }
    }
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(pixmap.data())?;
    }
    Ok(out)
}
