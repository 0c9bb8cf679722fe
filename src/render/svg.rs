//! SVG output: a [`Scene`] drawn in the AWS style.
//!
//! In: a [`Scene`] (everything to draw, already resolved). Out: one
//! self-contained SVG document.
//!
//! The document references nothing outside itself and carries no script:
//! each icon used is inlined once as a `<symbol>` and placed with `<use>`;
//! custom icons (already sanitised by usvg) are embedded as data-URI images;
//! every id carries the scene's prefix, derived from the content, so several
//! diagrams can share one HTML page. Text is drawn from the bundled font's
//! glyph outlines (each glyph defined once, placed with `<use>`), so a
//! browser shows exactly what the PNG shows, with no font to install and no
//! licence question; the words stay in `<title>` and `aria-label` for search
//! and screen readers. That costs a little size (each distinct glyph once)
//! instead of the twenty-fold growth of converting every run to paths.
//!
//! Written by hand rather than with a DOM crate: the document is a flat
//! list of a dozen element kinds, and every piece of user text passes
//! through [`escape`].

use crate::layout::Rect;
use crate::scene::{
    Anchor, EdgeShape, GroupShape, IconShape, NodeShape, Scene, Stroke, Symbol, Text, CROSS_HALF,
};
use crate::text;
use base64::Engine as _;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Arrowhead length and half width.
const ARROW_LEN: f64 = 9.0;
const ARROW_HALF: f64 = 4.0;
/// Radius of rounded corners on edges.
const CORNER: f64 = 6.0;

/// Escapes text for XML content and attribute values, and drops the
/// characters XML 1.0 cannot carry at all.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\t' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// A number as short as SVG allows, at 1/100 precision.
fn num(x: f64) -> String {
    let r = (x * 100.0).round() / 100.0;
    let r = if r == 0.0 { 0.0 } else { r };
    let s = format!("{r:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

/// Draws `scene` as an SVG document.
pub fn render(scene: &Scene) -> String {
    let mut doc = Doc {
        prefix: &scene.id_prefix,
        background: scene.background,
        body: String::new(),
        glyphs: BTreeMap::new(),
        symbols: BTreeMap::new(),
    };
    doc.draw(scene);
    doc.finish(scene)
}

struct Doc<'a> {
    prefix: &'a str,
    /// The canvas colour (the hollow of a physical edge's rail).
    background: &'static str,
    body: String,
    /// Glyph id -> outline path data (font units, y up).
    glyphs: BTreeMap<u16, String>,
    /// Symbol id -> inner SVG of an icon, with its view box.
    symbols: BTreeMap<String, (String, String)>,
}

impl Doc<'_> {
    fn draw(&mut self, scene: &Scene) {
        let _ = write!(
            self.body,
            r#"<rect width="{}" height="{}" fill="{}"/>"#,
            num(scene.width),
            num(scene.height),
            scene.background
        );
        if let Some(t) = &scene.title {
            self.body.push_str(r#"<g class="title">"#);
            self.text(&t.text);
            if let Some(s) = &t.subtitle {
                self.text(s);
            }
            self.body.push_str("</g>");
        }
        for g in &scene.groups {
            self.group(g);
        }
        for e in &scene.edges {
            self.edge(e);
        }
        // Branches of a fan that share one label box draw it once.
        let mut drawn = std::collections::HashSet::new();
        for e in &scene.edges {
            if let Some(l) = &e.label {
                let at = (l.text.as_str(), l.rect.x.to_bits(), l.rect.y.to_bits());
                if !drawn.insert(at) {
                    continue;
                }
            }
            self.edge_label(e);
        }
        for n in &scene.nodes {
            self.node(n);
        }
    }

    fn finish(self, scene: &Scene) -> String {
        let mut out = String::with_capacity(self.body.len() + 4096);
        let _ = write!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{p}-title {p}-desc" data-theme="{theme}"><title id="{p}-title">{title}</title><desc id="{p}-desc">{desc}</desc><defs>"#,
            w = num(scene.width),
            h = num(scene.height),
            p = self.prefix,
            theme = scene.theme.as_str(),
            title = escape(&scene.name),
            desc = escape(&scene.description),
        );
        for (gid, d) in &self.glyphs {
            let _ = write!(out, r#"<path id="{}-g{gid}" d="{d}"/>"#, self.prefix);
        }
        for (id, (view_box, inner)) in &self.symbols {
            let _ = write!(
                out,
                r#"<symbol id="{id}" viewBox="{view_box}">{inner}</symbol>"#
            );
        }
        out.push_str("</defs>");
        out.push_str(&self.body);
        out.push_str("</svg>\n");
        out
    }

    /// Draws a block of text from glyph outlines.
    fn text(&mut self, block: &Text) {
        let scale = text::scale(block.size);
        for (k, line) in block.lines.iter().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let baseline = block.baseline + block.line_height * k as f64;
            let x0 = match block.anchor {
                Anchor::Middle => block.anchor_x - text::width(line, block.size) / 2.0,
                Anchor::Start => block.anchor_x,
            };
            let _ = write!(
                self.body,
                r#"<g transform="matrix({s} 0 0 -{s} {x} {y})" fill="{fill}">"#,
                s = format_args!("{scale:.6}"),
                x = num(x0),
                y = num(baseline),
                fill = block.fill,
            );
            self.glyph_run(line);
            self.body.push_str("</g>");
        }
    }

    /// One line of text as glyph references, each glyph defined once.
    fn glyph_run(&mut self, line: &str) {
        let face = text::face();
        let mut pen = 0.0f64;
        for ch in line.chars() {
            let gid = face.glyph_index(ch).map(|g| g.0).unwrap_or(0);
            if !self.glyphs.contains_key(&gid) {
                self.define_glyph(gid, ch);
            }
            if self.glyphs.contains_key(&gid) {
                let _ = write!(
                    self.body,
                    r##"<use href="#{}-g{gid}" x="{}"/>"##,
                    self.prefix,
                    num(pen)
                );
            }
            pen += text::advance_units(ch);
        }
    }

    /// Defines glyph `gid` (of `ch`) from the font's outline; a character
    /// the font lacks (glyph 0) is a visible box.
    fn define_glyph(&mut self, gid: u16, ch: char) {
        let outline = if gid == 0 {
            None
        } else {
            text::glyph_outline(ch)
        };
        match outline {
            Some(d) => {
                self.glyphs.insert(gid, d);
            }
            None if gid != 0 => {}
            None => {
                let w = (text::advance_units(ch) * 0.8).round();
                self.glyphs.insert(
                    0,
                    format!("M60 0h{w}v700h-{w}ZM120 60v580h{}v-580Z", w - 120.0),
                );
            }
        }
    }

    fn group(&mut self, g: &GroupShape) {
        let r = g.rect;
        let _ = write!(
            self.body,
            r#"<g id="{}-group-{}" class="group" aria-label="{}"><rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="{}" stroke-width="1.5"{}/>"#,
            self.prefix,
            g.index,
            escape(&g.label),
            num(r.x),
            num(r.y),
            num(r.w),
            num(r.h),
            g.fill.unwrap_or("none"),
            g.border,
            dash(g.stroke),
        );
        if let Some((symbol, r)) = &g.tab_icon {
            let id = self.symbol(symbol);
            self.use_symbol(&id, *r, "");
        }
        self.text(&g.title);
        self.body.push_str("</g>");
    }

    fn edge(&mut self, e: &EdgeShape) {
        if e.points.len() < 2 {
            return;
        }
        let colour = e.colour;
        let mut pts = e.points.clone();
        let end_tip = pts[pts.len() - 1];
        let end_dir = direction(pts[pts.len() - 2], end_tip);
        let start_tip = pts[0];
        let start_dir = direction(pts[1], start_tip);
        if e.heads.end {
            let n = pts.len();
            pts[n - 1] = shorten(pts[n - 2], pts[n - 1], ARROW_LEN - 1.0);
        }
        if e.heads.start {
            pts[0] = shorten(pts[1], pts[0], ARROW_LEN - 1.0);
        }
        let d = rounded_path(&pts);
        let _ = write!(
            self.body,
            r#"<g id="{}-edge-{}" class="edge" aria-label="{} → {}"><path d="{d}" fill="none" stroke="{colour}" stroke-width="{}" stroke-linejoin="round"{}/>"#,
            self.prefix,
            e.index,
            escape(&e.from),
            escape(&e.to),
            if e.stroke == Stroke::Physical {
                "5"
            } else {
                "1.5"
            },
            dash(e.stroke),
        );
        if e.stroke == Stroke::Physical {
            // The rail's hollow: the canvas colour down the thick line's middle.
            let _ = write!(
                self.body,
                r#"<path class="rail" d="{d}" fill="none" stroke="{}" stroke-width="2" stroke-linejoin="round"/>"#,
                self.background,
            );
        }
        if let Some(c) = e.cross {
            self.cross(c, colour);
        }
        if e.heads.end {
            self.arrowhead(end_tip, end_dir, colour);
        }
        if e.heads.start {
            self.arrowhead(start_tip, start_dir, colour);
        }
        self.body.push_str("</g>");
    }

    /// The ✕ on a negated edge: two strokes crossing at `c`.
    fn cross(&mut self, c: [f64; 2], colour: &str) {
        let h = CROSS_HALF;
        let _ = write!(
            self.body,
            r#"<path class="cross" d="M{} {}L{} {}M{} {}L{} {}" stroke="{colour}" stroke-width="2.5" stroke-linecap="round"/>"#,
            num(c[0] - h),
            num(c[1] - h),
            num(c[0] + h),
            num(c[1] + h),
            num(c[0] - h),
            num(c[1] + h),
            num(c[0] + h),
            num(c[1] - h),
        );
    }

    fn arrowhead(&mut self, tip: [f64; 2], dir: [f64; 2], colour: &str) {
        let base = [tip[0] - dir[0] * ARROW_LEN, tip[1] - dir[1] * ARROW_LEN];
        let n = [-dir[1] * ARROW_HALF, dir[0] * ARROW_HALF];
        let _ = write!(
            self.body,
            r#"<path d="M{} {}L{} {}L{} {}Z" fill="{colour}"/>"#,
            num(tip[0]),
            num(tip[1]),
            num(base[0] + n[0]),
            num(base[1] + n[1]),
            num(base[0] - n[0]),
            num(base[1] - n[1]),
        );
    }

    fn edge_label(&mut self, e: &EdgeShape) {
        let Some(l) = &e.label else {
            return;
        };
        let _ = write!(
            self.body,
            r#"<g id="{}-label-{}" class="edge-label" aria-label="{}"><rect x="{}" y="{}" width="{}" height="{}" rx="3" fill="{}" fill-opacity="0.92"/>"#,
            self.prefix,
            e.index,
            escape(&l.text),
            num(l.rect.x),
            num(l.rect.y),
            num(l.rect.w),
            num(l.rect.h),
            l.background,
        );
        self.text(&l.lines);
        self.body.push_str("</g>");
    }

    fn node(&mut self, n: &NodeShape) {
        let _ = write!(
            self.body,
            r#"<g id="{}-node-{}" class="node" aria-label="{}"><title>{}</title>"#,
            self.prefix,
            n.index,
            escape(&n.label),
            escape(&n.label),
        );
        let r = n.icon_box;
        match &n.icon {
            IconShape::Symbol { symbol, tint } => {
                let id = self.symbol(symbol);
                let colour = match tint {
                    Some(c) => format!(r#" color="{c}""#),
                    None => String::new(),
                };
                self.use_symbol(&id, r, &colour);
            }
            IconShape::Placeholder => {
                let _ = write!(
                    self.body,
                    r##"<rect x="{}" y="{}" width="{}" height="{}" rx="5" fill="#7D8998"/>"##,
                    num(r.x),
                    num(r.y),
                    num(r.w),
                    num(r.h)
                );
            }
            IconShape::Image { svg } => {
                let data = base64::engine::general_purpose::STANDARD.encode(svg.as_bytes());
                let _ = write!(
                    self.body,
                    r#"<image href="data:image/svg+xml;base64,{data}" x="{}" y="{}" width="{}" height="{}" preserveAspectRatio="xMidYMid meet"/>"#,
                    num(r.x),
                    num(r.y),
                    num(r.w),
                    num(r.h)
                );
            }
        }
        self.text(&n.label_text);
        self.body.push_str("</g>");
    }

    /// A `<use>` of symbol `id` filling `r`, with extra attributes.
    fn use_symbol(&mut self, id: &str, r: Rect, attributes: &str) {
        let _ = write!(
            self.body,
            r##"<use href="#{id}" x="{}" y="{}" width="{}" height="{}"{attributes}/>"##,
            num(r.x),
            num(r.y),
            num(r.w),
            num(r.h)
        );
    }

    /// Registers a drawing as a symbol once; returns its id.
    fn symbol(&mut self, symbol: &Symbol) -> String {
        let id = format!("{}-{}", self.prefix, symbol.name);
        if !self.symbols.contains_key(&id) {
            let (view_box, inner) = split_svg(symbol.art);
            self.symbols.insert(id.clone(), (view_box, inner));
        }
        id
    }
}

/// The dash attribute of a stroke.
fn dash(stroke: Stroke) -> &'static str {
    match stroke {
        Stroke::Dashed => r#" stroke-dasharray="6 4""#,
        Stroke::Dotted => r#" stroke-dasharray="1.5 3.5" stroke-linecap="round""#,
        Stroke::Solid | Stroke::Physical => "",
    }
}

/// The view box and the children of a root `<svg>` element of our own
/// icon files.
fn split_svg(art: &str) -> (String, String) {
    let view_box = art
        .find("viewBox=\"")
        .and_then(|i| {
            let rest = &art[i + 9..];
            rest.find('"').map(|j| rest[..j].to_string())
        })
        .unwrap_or_else(|| "0 0 64 64".to_string());
    let start = art
        .find("<svg")
        .and_then(|i| art[i..].find('>').map(|j| i + j + 1))
        .unwrap_or(0);
    let end = art.rfind("</svg>").unwrap_or(art.len());
    let inner = art.get(start..end).unwrap_or("").trim().to_string();
    (view_box, inner)
}

fn direction(from: [f64; 2], to: [f64; 2]) -> [f64; 2] {
    let dx = to[0] - from[0];
    let dy = to[1] - from[1];
    let len = (dx * dx + dy * dy).sqrt();
    if len < 1e-9 {
        [1.0, 0.0]
    } else {
        [dx / len, dy / len]
    }
}

/// Moves `to` back towards `from` by `by` (at most to the middle).
fn shorten(from: [f64; 2], to: [f64; 2], by: f64) -> [f64; 2] {
    let dx = to[0] - from[0];
    let dy = to[1] - from[1];
    let len = (dx * dx + dy * dy).sqrt();
    if len < 1e-9 {
        return to;
    }
    let k = by.min(len / 2.0) / len;
    [to[0] - dx * k, to[1] - dy * k]
}

/// A polyline as path data with its corners rounded.
fn rounded_path(pts: &[[f64; 2]]) -> String {
    let mut d = format!("M{} {}", num(pts[0][0]), num(pts[0][1]));
    for k in 1..pts.len() {
        let b = pts[k];
        if k + 1 < pts.len() {
            let a = pts[k - 1];
            let c = pts[k + 1];
            let lab = ((b[0] - a[0]).powi(2) + (b[1] - a[1]).powi(2)).sqrt();
            let lbc = ((c[0] - b[0]).powi(2) + (c[1] - b[1]).powi(2)).sqrt();
            let r = CORNER.min(lab / 2.0).min(lbc / 2.0);
            if r > 0.5 {
                let p1 = [
                    b[0] - (b[0] - a[0]) / lab * r,
                    b[1] - (b[1] - a[1]) / lab * r,
                ];
                let p2 = [
                    b[0] + (c[0] - b[0]) / lbc * r,
                    b[1] + (c[1] - b[1]) / lbc * r,
                ];
                let _ = write!(
                    d,
                    "L{} {}Q{} {} {} {}",
                    num(p1[0]),
                    num(p1[1]),
                    num(b[0]),
                    num(b[1]),
                    num(p2[0]),
                    num(p2[1])
                );
                continue;
            }
        }
        let _ = write!(d, "L{} {}", num(b[0]), num(b[1]));
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(
            escape("<script>&\"'\u{1}x"),
            "&lt;script&gt;&amp;&quot;&apos;x"
        );
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.345), "12.35");
        assert_eq!(num(-0.001), "0");
    }
}
