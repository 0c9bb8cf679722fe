//! A user's own icon file, made safe to embed.
//!
//! In: the path written in `icon = "./my.svg"` (or `.png`), relative to the
//! flow file's folder. Out: a [`CustomIcon`] whose `svg` is a
//! self-contained SVG document, or a message saying why the file cannot be
//! used.
//!
//! An SVG is parsed by usvg and written back by usvg's writer, which keeps
//! only drawing: no script, event handler, `foreignObject`, style sheet or
//! external reference survives (image references to other files are
//! refused while parsing, text becomes paths drawn with the bundled font).
//! As a last guard, any `href` left that is neither `#...` nor `data:`
//! makes the icon an error. A PNG is decoded in full to make sure it is one,
//! then wrapped into an SVG `<image>` with a `data:` URI.

use std::path::{Path, PathBuf};

use base64::Engine as _;
use resvg::usvg;

use crate::model::CustomIcon;

/// Icon files larger than this are refused.
pub const MAX_ICON_BYTES: u64 = 4 * 1024 * 1024;

/// PNG icons wider or taller than this are refused.
pub const MAX_PNG_SIDE: u32 = 4096;

/// The kind of custom icon a path names, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IconFileKind {
    Svg,
    Png,
}

/// The kind of custom icon `written` names, when it ends in `.svg` or
/// `.png` (any case).
pub fn file_kind(written: &str) -> Option<IconFileKind> {
    let lower = written.to_ascii_lowercase();
    if lower.ends_with(".svg") {
        Some(IconFileKind::Svg)
    } else if lower.ends_with(".png") {
        Some(IconFileKind::Png)
    } else {
        None
    }
}

/// Reads and sanitises the icon file `written` (as written in the flow
/// file), relative to `base_dir`.
pub fn load(base_dir: &Path, written: &str) -> Result<CustomIcon, String> {
    let kind =
        file_kind(written).ok_or_else(|| format!("`{written}` is not an `.svg` or `.png` file"))?;
    let path: PathBuf = base_dir.join(written);
    let meta = std::fs::metadata(&path)
        .map_err(|e| format!("cannot read icon file `{written}`: {}", io_reason(&e)))?;
    if !meta.is_file() {
        return Err(format!("icon path `{written}` is not a file"));
    }
    if meta.len() > MAX_ICON_BYTES {
        return Err(format!(
            "icon file `{written}` is {} bytes; icons may be at most {} MiB",
            meta.len(),
            MAX_ICON_BYTES / (1024 * 1024)
        ));
    }
    let bytes = std::fs::read(&path)
        .map_err(|e| format!("cannot read icon file `{written}`: {}", io_reason(&e)))?;
    let svg = match kind {
        IconFileKind::Svg => sanitize_svg(&bytes, &id_prefix(written, &bytes))
            .map_err(|e| format!("icon file `{written}` is not a usable SVG: {e}"))?,
        IconFileKind::Png => wrap_png(&bytes)
            .map_err(|e| format!("icon file `{written}` is not a usable PNG: {e}"))?,
    };
    Ok(CustomIcon {
        written_as: written.to_string(),
        svg,
    })
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// A prefix for the element ids of one icon, so two icons in one diagram
/// never share an id. The same file always gets the same prefix.
fn id_prefix(written: &str, bytes: &[u8]) -> String {
    // FNV-1a: stable across runs and platforms.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in written.as_bytes().iter().chain(bytes) {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("icon{:08x}-", h & 0xffff_ffff)
}

/// Parses an SVG with usvg and writes it back, drawing only.
pub fn sanitize_svg(bytes: &[u8], id_prefix: &str) -> Result<String, String> {
    let mut options = crate::text::usvg_options();
    options.resources_dir = None;
    options.image_href_resolver = usvg::ImageHrefResolver {
        resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
        // Never open another file, whatever the SVG names.
        resolve_string: Box::new(|_, _| None),
    };
    let tree = usvg::Tree::from_data(bytes, &options).map_err(|e| e.to_string())?;
    let write_options = usvg::WriteOptions {
        id_prefix: Some(id_prefix.to_string()),
        ..usvg::WriteOptions::default()
    };
    let svg = tree.to_string(&write_options);
    check_written_svg(&svg)?;
    Ok(svg)
}

/// The last guard on usvg's output: every `href` is local (`#...`) or a
/// `data:` URI, and nothing active is left.
fn check_written_svg(svg: &str) -> Result<(), String> {
    let lower = svg.to_ascii_lowercase();
    for forbidden in ["<script", "<foreignobject", "javascript:"] {
        if lower.contains(forbidden) {
            return Err(format!("it still holds `{forbidden}` after cleaning"));
        }
    }
    let mut rest = lower.as_str();
    while let Some(i) = rest.find("href=") {
        let after = rest.get(i + 5..).unwrap_or("");
        let value = after.trim_start_matches(['"', '\'']);
        if !(value.starts_with('#') || value.starts_with("data:")) {
            return Err("it refers to another file or address".to_string());
        }
        rest = after;
    }
    Ok(())
}

/// Decodes a PNG in full and wraps it in an SVG `<image>` of its size.
pub fn wrap_png(bytes: &[u8]) -> Result<String, String> {
    let decoder = png::Decoder::new_with_limits(
        std::io::Cursor::new(bytes),
        png::Limits {
            bytes: 128 * 1024 * 1024,
        },
    );
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let (width, height) = reader.info().size();
    if width == 0 || height == 0 {
        return Err("it has no pixels".to_string());
    }
    if width > MAX_PNG_SIDE || height > MAX_PNG_SIDE {
        return Err(format!(
            "it is {width}×{height} pixels; at most {MAX_PNG_SIDE}×{MAX_PNG_SIDE}"
        ));
    }
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| "it is too large".to_string())?;
    let mut buffer = vec![0; size];
    reader.next_frame(&mut buffer).map_err(|e| e.to_string())?;
    let data = base64::engine::general_purpose::STANDARD.encode(bytes);
    Ok(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\"><image width=\"{width}\" height=\"{height}\" \
         href=\"data:image/png;base64,{data}\"/></svg>"
    ))
}

/// Checks that an already sanitised icon parses again.
#[cfg(test)]
fn reparses(svg: &str) -> bool {
    let options = usvg::Options {
        fontdb: std::sync::Arc::new(usvg::fontdb::Database::new()),
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &options).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_extension() {
        assert_eq!(file_kind("./a.SVG"), Some(IconFileKind::Svg));
        assert_eq!(file_kind("b.png"), Some(IconFileKind::Png));
        assert_eq!(file_kind("cloudfront"), None);
    }

    #[test]
    fn scripts_and_external_references_are_dropped() {
        let evil = br##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10" onload="alert(1)">
            <script>alert(1)</script>
            <foreignObject width="5" height="5"><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>
            <image href="/etc/passwd.png" width="5" height="5"/>
            <image xlink:href="http://example.com/x.png" width="5" height="5"/>
            <a href="javascript:alert(1)"><rect width="4" height="4" fill="red" onclick="x()"/></a>
            <linearGradient id="g"><stop offset="0" stop-color="blue"/><stop offset="1" stop-color="red"/></linearGradient>
            <rect x="5" width="5" height="5" fill="url(#g)"/>
        </svg>"##;
        let svg = sanitize_svg(evil, "p-").expect("sanitised");
        let lower = svg.to_ascii_lowercase();
        for bad in [
            "script",
            "onload",
            "onclick",
            "foreignobject",
            "passwd",
            "example.com",
            "javascript",
        ] {
            assert!(!lower.contains(bad), "{bad} survived: {svg}");
        }
        assert!(lower.contains("<rect") || lower.contains("<path"), "{svg}");
        assert!(reparses(&svg));
    }

    #[test]
    fn not_an_svg_is_an_error() {
        assert!(sanitize_svg(b"hello", "p-").is_err());
        assert!(wrap_png(b"\x89PNG\r\n\x1a\nbroken").is_err());
    }
}
