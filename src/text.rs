//! Text with the bundled font: widths, line wrapping and glyph outlines.
//!
//! In: a string and a font size. Out: its width in SVG user units, its
//! wrapped lines, or the outlines of its glyphs as SVG path data.
//!
//! archflow ships NanumGothic (OFL-1.1, see `fonts/`) inside the binary. The
//! layout measures every label with the advances of this font and the
//! renderer draws every glyph from its outlines, so a label is exactly as
//! wide on the page as the layout planned, on every machine, in Latin and in
//! Hangul alike. There is no shaping beyond the font's advances: Hangul
//! syllables are precomposed and Latin needs no ligatures for labels.

use std::sync::OnceLock;

/// The bundled font file, unmodified.
pub static FONT_DATA: &[u8] = include_bytes!("../fonts/NanumGothic.ttf");

/// The family name the bundled font declares.
pub const FONT_FAMILY: &str = "NanumGothic";

/// The parsed bundled font.
pub fn face() -> &'static ttf_parser::Face<'static> {
    static FACE: OnceLock<ttf_parser::Face<'static>> = OnceLock::new();
    FACE.get_or_init(|| {
        // The font is compiled in; a failure here is a build defect, caught
        // by every test that measures text.
        ttf_parser::Face::parse(FONT_DATA, 0).expect("the bundled font parses")
    })
}

fn units_per_em() -> f64 {
    f64::from(face().units_per_em())
}

/// The advance of one character in font units; characters the font lacks
/// are drawn as a box as wide as a Hangul syllable, so they still take room.
pub fn advance_units(ch: char) -> f64 {
    let face = face();
    match face.glyph_index(ch) {
        Some(g) => f64::from(face.glyph_hor_advance(g).unwrap_or(0)),
        None if ch.is_control() => 0.0,
        None => units_per_em() * 0.92,
    }
}

/// The width of `text` (one line) at `size` user units per em.
pub fn width(text: &str, size: f64) -> f64 {
    let units: f64 = text.chars().map(advance_units).sum();
    units * size / units_per_em()
}

/// Distance from the top of a line box to its baseline, for `size`.
pub fn ascent(size: f64) -> f64 {
    f64::from(face().ascender()) * size / units_per_em()
}

/// Height of the font's ink range (ascender to descender) for `size`.
pub fn ink_height(size: f64) -> f64 {
    let f = face();
    f64::from(f.ascender() - f.descender()) * size / units_per_em()
}

/// Breaks `text` into lines no wider than `max_width` at `size`.
///
/// `\n` always breaks. Lines break at spaces where they can; a word wider
/// than the limit is cut between characters. Never returns an empty list.
pub fn wrap(text: &str, max_width: f64, size: f64) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        wrap_paragraph(paragraph.trim(), max_width, size, &mut lines);
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

fn wrap_paragraph(paragraph: &str, max_width: f64, size: f64, lines: &mut Vec<String>) {
    let space = width(" ", size);
    let mut line = String::new();
    let mut line_w = 0.0;
    for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
        let word_w = width(word, size);
        if !line.is_empty() && line_w + space + word_w <= max_width {
            line.push(' ');
            line.push_str(word);
            line_w += space + word_w;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if word_w <= max_width {
            line.push_str(word);
            line_w = word_w;
            continue;
        }
        // A word longer than a line: cut it where it reads best, after a
        // `/`, `-`, `_`, `.` or `:` or before a capital that follows a small
        // letter (`ApproximateNumber|OfMessages`), between characters only
        // where a line holds no such place past its first third.
        let chars: Vec<char> = word.chars().collect();
        let advance = |ch: char| advance_units(ch) * size / units_per_em();
        let mut start = 0;
        while start < chars.len() {
            let mut end = start;
            let mut w = 0.0;
            while end < chars.len() && (end == start || w + advance(chars[end]) <= max_width) {
                w += advance(chars[end]);
                end += 1;
            }
            if end < chars.len() {
                let min = start + (end - start).div_ceil(3);
                if let Some(cut) = (min.max(start + 1)..end)
                    .rev()
                    .find(|&i| breaks_before(&chars, i))
                {
                    end = cut;
                }
            }
            line = chars[start..end].iter().collect();
            line_w = width(&line, size);
            start = end;
            if start < chars.len() {
                lines.push(std::mem::take(&mut line));
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
}

/// Whether a word may break before its `i`-th character: after a path or
/// name separator, or at a camelCase boundary.
fn breaks_before(chars: &[char], i: usize) -> bool {
    let (a, b) = (chars[i - 1], chars[i]);
    matches!(a, '/' | '-' | '_' | '.' | ':' | ',' | '&' | '=' | '?')
        || (a.is_lowercase() && b.is_uppercase())
}

/// The width of the widest of `lines` at `size`.
pub fn widest(lines: &[String], size: f64) -> f64 {
    lines.iter().map(|l| width(l, size)).fold(0.0, f64::max)
}

/// The outline of one glyph as SVG path data in font units, y pointing up
/// (callers flip it with a transform). None for glyphs without ink (space)
/// or characters the font lacks.
pub fn glyph_outline(ch: char) -> Option<String> {
    let face = face();
    let gid = face.glyph_index(ch)?;
    let mut builder = PathData(String::new());
    face.outline_glyph(gid, &mut builder)?;
    Some(builder.0)
}

struct PathData(String);

impl ttf_parser::OutlineBuilder for PathData {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.push_str(&format!("M{x} {y}"));
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.push_str(&format!("L{x} {y}"));
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.0.push_str(&format!("Q{x1} {y1} {x} {y}"));
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.0.push_str(&format!("C{x1} {y1} {x2} {y2} {x} {y}"));
    }
    fn close(&mut self) {
        self.0.push('Z');
    }
}

/// The font scale: SVG units per font unit at `size`.
pub fn scale(size: f64) -> f64 {
    size / units_per_em()
}

/// usvg options whose font database holds only the bundled font, with every
/// generic family (serif, sans-serif, monospace, cursive, fantasy) mapped to
/// it, so text in a custom icon never silently disappears and no system
/// font is ever used.
pub fn usvg_options() -> resvg::usvg::Options<'static> {
    let mut options = resvg::usvg::Options {
        font_family: FONT_FAMILY.to_string(),
        ..Default::default()
    };
    let db = options.fontdb_mut();
    // The compiled-in bytes themselves, not a 4.7 MB copy per process.
    db.load_font_source(resvg::usvg::fontdb::Source::Binary(std::sync::Arc::new(
        FONT_DATA,
    )));
    db.set_serif_family(FONT_FAMILY);
    db.set_sans_serif_family(FONT_FAMILY);
    db.set_monospace_family(FONT_FAMILY);
    db.set_cursive_family(FONT_FAMILY);
    db.set_fantasy_family(FONT_FAMILY);
    options
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_words_break_at_camel_case_and_separators() {
        assert_eq!(
            wrap("ApproximateNumberOfMessagesVisible > 100", 150.0, 11.0),
            vec!["ApproximateNumberOf", "MessagesVisible > 100"]
        );
        assert_eq!(
            wrap("s3://bucket-name/logs/2026/archive", 120.0, 11.0),
            vec!["s3://bucket-name/", "logs/2026/archive"]
        );
        // No such place: cut between characters, every line within width.
        let lines = wrap("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 60.0, 11.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| width(l, 11.0) <= 60.0), "{lines:?}");
        assert_eq!(lines.concat(), "a".repeat(30));
    }

    #[test]
    fn hangul_is_measured_with_real_advances() {
        let latin = width("abc", 12.0);
        let hangul = width("가나다", 12.0);
        assert!(latin > 10.0 && latin < 24.0, "{latin}");
        assert!(hangul > 28.0 && hangul < 40.0, "{hangul}");
    }

    #[test]
    fn wrap_keeps_lines_within_width() {
        let lines = wrap("Application Load Balancer", 80.0, 12.0);
        assert!(lines.len() >= 2);
        for l in &lines {
            assert!(width(l, 12.0) <= 80.0, "{l}");
        }
        assert_eq!(wrap("a\nb", 100.0, 12.0), vec!["a", "b"]);
        assert_eq!(wrap("", 100.0, 12.0), vec![""]);
        let long = "x".repeat(200);
        for l in wrap(&long, 50.0, 12.0) {
            assert!(width(&l, 12.0) <= 50.0);
        }
    }

    #[test]
    fn hangul_glyphs_have_outlines() {
        assert!(glyph_outline('한').is_some());
        assert!(glyph_outline('A').is_some());
        assert!(glyph_outline(' ').is_none());
    }
}
