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

/// The characters of `text` the bundled font has no glyph for (emoji, `✓`,
/// ...), each once, in order: they are drawn as a box.
pub fn missing_glyphs(text: &str) -> Vec<char> {
    let face = face();
    let mut missing = Vec::new();
    for ch in text.chars() {
        if !ch.is_control() && face.glyph_index(ch).is_none() && !missing.contains(&ch) {
            missing.push(ch);
        }
    }
    missing
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

/// Breaks `text` into lines no wider than `max_width` at `size`, as evenly
/// as they go (no orphaned last word).
///
/// `\n` always breaks. Lines break at spaces where they can. A word wider
/// than the limit keeps a line of its own, whole, up to [`LONG_WORD`] times
/// the limit; only a longer one is cut, into even pieces. Never returns an
/// empty list.
pub fn wrap(text: &str, max_width: f64, size: f64) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        lines.extend(balanced(paragraph.trim(), max_width, size));
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// The first line of `text` wrapped greedily at `max_width`: as much as
/// fits (for one-line titles that are cut).
pub fn first_line(text: &str, max_width: f64, size: f64) -> String {
    let mut lines = Vec::new();
    let hard = max_width * LONG_WORD;
    greedy(
        text.trim(),
        (max_width, hard.min(max_width), false),
        size,
        &mut lines,
    );
    lines.into_iter().next().unwrap_or_default()
}

/// A word up to this many times the wrap width stays whole on its own line
/// (`DeleteOnTermination=true` rather than `DeleteOn` / `Termination=true`).
pub const LONG_WORD: f64 = 1.4;

/// Halvings of the search for the narrowest width that needs no more lines.
const BALANCE_STEPS: usize = 10;

/// `paragraph` wrapped greedily at the narrowest width (down to half of
/// `max_width`) that needs no more lines than at `max_width`: the lines
/// come out about equally long.
fn balanced(paragraph: &str, max_width: f64, size: f64) -> Vec<String> {
    let hard = max_width * LONG_WORD;
    let at = |w: f64, even: bool| {
        let mut lines = Vec::new();
        greedy(paragraph, (w, hard, even), size, &mut lines);
        lines
    };
    // Long words cut into even pieces, unless pieces as long as fit need
    // fewer lines (the last piece shares its line with the next words).
    let (even, full) = (at(max_width, true), at(max_width, false));
    let even = even.len() <= full.len();
    let mut best = if even { at(max_width, true) } else { full };
    if best.len() < 2 {
        return best;
    }
    let (mut lo, mut hi) = (max_width / 2.0, max_width);
    for _ in 0..BALANCE_STEPS {
        let mid = (lo + hi) / 2.0;
        let lines = at(mid, even);
        if lines.len() <= best.len() {
            hi = mid;
            best = lines;
        } else {
            lo = mid;
        }
    }
    best
}

/// Greedy wrapping at `limits.0`; a word wider than that stays whole up to
/// `limits.1`, and is cut beyond: into even pieces when `limits.2`, else
/// into pieces as long as fit.
fn greedy(paragraph: &str, limits: (f64, f64, bool), size: f64, lines: &mut Vec<String>) {
    let (max_width, hard, even) = limits;
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
        if word_w <= max_width.max(hard) {
            line.push_str(word);
            line_w = word_w;
            continue;
        }
        let mut cut = cut_word(word, max_width, even, size);
        line = cut.pop().unwrap_or_default();
        line_w = width(&line, size);
        lines.extend(cut);
    }
    if !line.is_empty() {
        lines.push(line);
    }
}

/// A word longer than a line, cut into pieces no wider than `max_width`,
/// as even as they go: where it reads best, after a `/`, `-`, `_`, `.` or
/// `:` or before a capital that follows a small letter
/// (`ApproximateNumber|OfMessages`), the place that gives the piece nearest
/// the even share; between characters only where a piece holds no such
/// place past its first third.
fn cut_word(word: &str, max_width: f64, even: bool, size: f64) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let advance: Vec<f64> = chars
        .iter()
        .map(|&ch| advance_units(ch) * size / units_per_em())
        .collect();
    let mut out = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        let rest: f64 = advance[start..].iter().sum();
        if rest <= max_width {
            out.push(chars[start..].iter().collect());
            break;
        }
        let share = if even {
            rest / (rest / max_width).ceil()
        } else {
            max_width
        };
        // Width of the piece start..i for every i that fits.
        let mut fits = vec![(start + 1, advance[start])];
        while let Some(&(i, w)) = fits.last() {
            if i >= chars.len() || w + advance[i] > max_width {
                break;
            }
            fits.push((i + 1, w + advance[i]));
        }
        let nearest = |list: &mut dyn Iterator<Item = (usize, f64)>| {
            list.min_by(|a, b| (a.1 - share).abs().total_cmp(&(b.1 - share).abs()))
        };
        let at_place =
            nearest(&mut fits.iter().copied().filter(|&(i, w)| {
                i < chars.len() && w >= max_width / 3.0 && breaks_before(&chars, i)
            }));
        let at_char = nearest(&mut fits.iter().copied());
        let end = at_place.or(at_char).map_or(start + 1, |(i, _)| i);
        out.push(chars[start..end].iter().collect());
        start = end;
    }
    out
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
            vec!["ApproximateNumberOfMessagesVisible", "> 100"]
        );
        assert_eq!(
            wrap("ApproximateNumberOfMessagesVisible", 100.0, 11.0),
            vec!["Approximate", "NumberOf", "MessagesVisible"]
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
    fn lines_are_balanced_and_long_words_stay_whole_where_they_fit() {
        // Greedy wrapping would leave "s" alone on the last line.
        let lines = wrap("storage replication < 1s", 100.0, 11.0);
        assert_eq!(lines.len(), 2, "{lines:?}");
        let (a, b) = (width(&lines[0], 11.0), width(&lines[1], 11.0));
        assert!(a.min(b) > a.max(b) / 3.0, "{lines:?}");
        // An attribute a little wider than a line keeps a line of its own.
        assert_eq!(
            wrap("DeleteOnTermination=true", 120.0, 11.0),
            vec!["DeleteOnTermination=true"]
        );
        assert_eq!(
            wrap("keep DeleteOnTermination=false", 120.0, 11.0),
            vec!["keep", "DeleteOnTermination=false"]
        );
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
