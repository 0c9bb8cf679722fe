//! SVG output: the layout's geometry drawn in the AWS style.
//!
//! In: the diagram (for icons), its [`Layout`] and a theme. Out: one
//! self-contained SVG document.
//!
//! The document references nothing outside itself and carries no script:
//! each icon used is inlined once as a `<symbol>` and placed with `<use>`;
//! custom icons (already sanitised by usvg) are embedded as data-URI images;
//! every id carries a prefix derived from the content, so several diagrams
//! can share one HTML page. Text is drawn from the bundled font's glyph
//! outlines (each glyph defined once, placed with `<use>`), so a browser
//! shows exactly what the PNG shows, with no font to install and no
//! licence question; the words stay in `<title>` and `aria-label` for search
//! and screen readers. That costs a little size (each distinct glyph once)
//! instead of the twenty-fold growth of converting every run to paths.
//!
//! Written by hand rather than with a DOM crate: the document is a flat
//! list of a dozen element kinds, and every piece of user text passes
//! through [`escape`].

use super::style::{self, Palette, Theme};
use crate::icon_art;
use crate::layout::{EdgePath, GroupBox, Layout, NodeBox, TextBlock};
use crate::model::{Diagram, GroupKind, Icon};
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

/// 64-bit FNV-1a, for a content-derived id prefix.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Renders `layout` of `diagram` as an SVG document.
pub fn render(diagram: &Diagram, layout: &Layout, theme: Theme) -> String {
    let prefix = format!(
        "af{:08x}",
        fnv1a(format!("{}{}", layout.to_json(), theme.as_str()).as_bytes()) as u32
    );
    let mut doc = Doc {
        prefix,
        palette: style::palette(theme),
        theme,
        body: String::new(),
        glyphs: BTreeMap::new(),
        symbols: BTreeMap::new(),
    };
    doc.draw(diagram, layout);
    doc.finish(layout)
}

struct Doc {
    prefix: String,
    palette: Palette,
    theme: Theme,
    body: String,
    /// Glyph id -> outline path data (font units, y up).
    glyphs: BTreeMap<u16, String>,
    /// Symbol id -> inner SVG of an icon, with its view box.
    symbols: BTreeMap<String, (String, String)>,
}

impl Doc {
    fn draw(&mut self, diagram: &Diagram, layout: &Layout) {
        let p = self.palette;
        let _ = write!(
            self.body,
            r#"<rect width="{}" height="{}" fill="{}"/>"#,
            num(layout.width),
            num(layout.height),
            p.canvas
        );
        if let Some(t) = &layout.title {
            self.body.push_str(r#"<g class="title">"#);
            self.text(&t.text, p.text);
            if let Some(s) = &t.subtitle {
                self.text(s, p.subtitle);
            }
            self.body.push_str("</g>");
        }
        let mut groups: Vec<(usize, &GroupBox)> = layout.groups.iter().enumerate().collect();
        groups.sort_by_key(|(i, g)| (g.depth, *i));
        for (i, g) in groups {
            self.group(i, g, diagram.groups[i].kind);
        }
        for (i, e) in layout.edges.iter().enumerate() {
            self.edge(i, e);
        }
        // Branches of a fan that share one label box draw it once.
        let mut drawn = std::collections::HashSet::new();
        for (i, e) in layout.edges.iter().enumerate() {
            if let Some(l) = &e.label {
                if !drawn.insert((l.text.as_str(), l.x.to_bits(), l.y.to_bits())) {
                    continue;
                }
            }
            self.edge_label(i, e);
        }
        for (i, n) in layout.nodes.iter().enumerate() {
            self.node(i, n, &diagram.nodes[i].icon);
        }
    }

    fn finish(self, layout: &Layout) -> String {
        let mut out = String::with_capacity(self.body.len() + 4096);
        let title = layout
            .title
            .as_ref()
            .map(|t| t.text.lines.join(" "))
            .unwrap_or_default();
        let desc = layout
            .title
            .as_ref()
            .and_then(|t| t.subtitle.as_ref())
            .map(|s| s.lines.join(" "))
            .unwrap_or_default();
        let _ = write!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{p}-title {p}-desc" data-theme="{theme}"><title id="{p}-title">{title}</title><desc id="{p}-desc">{desc}</desc><defs>"#,
            w = num(layout.width),
            h = num(layout.height),
            p = self.prefix,
            theme = self.theme.as_str(),
            title = escape(&title),
            desc = escape(&desc),
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
    fn text(&mut self, block: &TextBlock, fill: &str) {
        let scale = text::scale(block.size);
        for (k, line) in block.lines.iter().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let baseline = block.baseline + block.line_height * k as f64;
            let x0 = match block.anchor {
                "middle" => block.anchor_x - text::width(line, block.size) / 2.0,
                _ => block.anchor_x,
            };
            let _ = write!(
                self.body,
                r#"<g transform="matrix({s} 0 0 -{s} {x} {y})" fill="{fill}">"#,
                s = format_args!("{scale:.6}"),
                x = num(x0),
                y = num(baseline),
            );
            let face = text::face();
            let mut pen = 0.0f64;
            for ch in line.chars() {
                let gid = face.glyph_index(ch).map(|g| g.0).unwrap_or(0);
                if !self.glyphs.contains_key(&gid) {
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
                            // A character the font lacks: a visible box.
                            let w = (text::advance_units(ch) * 0.8).round();
                            self.glyphs.insert(
                                0,
                                format!("M60 0h{w}v700h-{w}ZM120 60v580h{}v-580Z", w - 120.0),
                            );
                        }
                    }
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
            self.body.push_str("</g>");
        }
    }

    fn group(&mut self, i: usize, g: &GroupBox, kind: GroupKind) {
        let st = style::group_style(kind, self.theme);
        let _ = write!(
            self.body,
            r#"<g id="{}-group-{i}" class="group" aria-label="{}"><rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="{}" stroke-width="1.5"{}/>"#,
            self.prefix,
            escape(&g.label),
            num(g.x),
            num(g.y),
            num(g.w),
            num(g.h),
            st.fill.unwrap_or("none"),
            st.border,
            if st.dashed {
                r#" stroke-dasharray="6 4""#
            } else {
                ""
            },
        );
        if let (Some(r), Some(art)) = (g.title_icon, icon_art::group(kind)) {
            let id = self.symbol(&format!("grp-{}", kind.as_str()), art);
            let _ = write!(
                self.body,
                r##"<use href="#{id}" x="{}" y="{}" width="{}" height="{}"/>"##,
                num(r.x),
                num(r.y),
                num(r.w),
                num(r.h)
            );
        }
        self.text(&g.title_text, st.text);
        self.body.push_str("</g>");
    }

    fn edge(&mut self, i: usize, e: &EdgePath) {
        if e.points.len() < 2 {
            return;
        }
        let colour = self.palette.edge;
        let mut pts = e.points.clone();
        let head_end = matches!(e.arrow, "forward" | "both");
        let head_start = e.arrow == "both";
        let end_tip = pts[pts.len() - 1];
        let end_dir = direction(pts[pts.len() - 2], end_tip);
        let start_tip = pts[0];
        let start_dir = direction(pts[1], start_tip);
        if head_end {
            let n = pts.len();
            pts[n - 1] = shorten(pts[n - 2], pts[n - 1], ARROW_LEN - 1.0);
        }
        if head_start {
            pts[0] = shorten(pts[1], pts[0], ARROW_LEN - 1.0);
        }
        let _ = write!(
            self.body,
            r#"<g id="{}-edge-{i}" class="edge" aria-label="{} → {}"><path d="{}" fill="none" stroke="{colour}" stroke-width="1.5" stroke-linejoin="round"{}/>"#,
            self.prefix,
            escape(&e.from),
            escape(&e.to),
            rounded_path(&pts),
            if e.style == "dashed" {
                r#" stroke-dasharray="6 4""#
            } else {
                ""
            },
        );
        if head_end {
            self.arrowhead(end_tip, end_dir, colour);
        }
        if head_start {
            self.arrowhead(start_tip, start_dir, colour);
        }
        self.body.push_str("</g>");
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

    fn edge_label(&mut self, i: usize, e: &EdgePath) {
        let Some(l) = &e.label else {
            return;
        };
        let _ = write!(
            self.body,
            r#"<g id="{}-label-{i}" class="edge-label" aria-label="{}"><rect x="{}" y="{}" width="{}" height="{}" rx="3" fill="{}" fill-opacity="0.92"/>"#,
            self.prefix,
            escape(&l.text),
            num(l.x),
            num(l.y),
            num(l.w),
            num(l.h),
            self.palette.label_bg,
        );
        self.text(&l.lines, self.palette.text);
        self.body.push_str("</g>");
    }

    fn node(&mut self, i: usize, n: &NodeBox, icon: &Icon) {
        let _ = write!(
            self.body,
            r#"<g id="{}-node-{i}" class="node" aria-label="{}"><title>{}</title>"#,
            self.prefix,
            escape(&n.label),
            escape(&n.label),
        );
        let r = n.icon_box;
        match icon {
            Icon::Builtin(key) => match icon_art::service(key) {
                Some(art) => {
                    let id = self.symbol(&format!("icon-{key}"), art);
                    let colour = if icon_art::is_general(key) {
                        format!(r#" color="{}""#, self.palette.general_icon)
                    } else {
                        String::new()
                    };
                    let _ = write!(
                        self.body,
                        r##"<use href="#{id}" x="{}" y="{}" width="{}" height="{}"{colour}/>"##,
                        num(r.x),
                        num(r.y),
                        num(r.w),
                        num(r.h)
                    );
                }
                None => {
                    let _ = write!(
                        self.body,
                        r##"<rect x="{}" y="{}" width="{}" height="{}" rx="5" fill="#7D8998"/>"##,
                        num(r.x),
                        num(r.y),
                        num(r.w),
                        num(r.h)
                    );
                }
            },
            Icon::Custom(c) => {
                let data = base64::engine::general_purpose::STANDARD.encode(c.svg.as_bytes());
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
        self.text(&n.label_text, self.palette.text);
        self.body.push_str("</g>");
    }

    /// Registers an icon drawing as a symbol once; returns its id.
    fn symbol(&mut self, name: &str, art: &str) -> String {
        let id = format!("{}-{name}", self.prefix);
        if !self.symbols.contains_key(&id) {
            let (view_box, inner) = split_svg(art);
            self.symbols.insert(id.clone(), (view_box, inner));
        }
        id
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
