//! How alike two icon glyphs look at a glance.
//!
//! In: two icon drawings (our own 64×64 SVGs). Out: a likeness score in
//! 0..=1 — 1 for the same drawing, 0.2 to 0.5 for unrelated ones — and the
//! sets of services a reader must tell apart (`icons.md`, "Told apart at a
//! glance"), which the likeness test and the confusables sheet share.
//!
//! The measure looks at the glyph only, never the tile: the tile colour is
//! painted black like the background, so a glyph that differs only in tile
//! colour scores as the same drawing. The glyph's frame (12..52 for a
//! service, 6..58 for a General drawing) is rasterised in greyscale at
//! [`GLYPH_PX`] pixels — the size a glyph has in a 32 px icon — blurred
//! the way a glance blurs it ([`BLUR_SIGMA`]), and two glyphs are compared
//! by their soft intersection over union: Σ min(a, b) / Σ max(a, b), the
//! best over zooming either glyph by up to ±16 % (the same outline drawn a
//! little larger is still the same outline). A mark added to the same
//! outline (a sparkle in a cylinder, a keyhole in a chip) moves the score
//! little; a different silhouette moves it a lot.

use resvg::{tiny_skia, usvg};

/// The side of a glyph's bitmap, in pixels: the 40-unit glyph frame of a
/// 64-unit icon drawn at 32 px.
pub const GLYPH_PX: usize = 20;
/// The blur of a glance, in pixels (Gaussian sigma).
pub const BLUR_SIGMA: f64 = 0.6;
/// The zooms a glyph is also compared at (the first is its own size).
pub const ZOOMS: [f32; 5] = [1.0, 0.85, 0.92, 1.08, 1.16];
/// Two glyphs scoring above this look alike. Calibrated on the old
/// look-alikes of issue 20 (RDS/Redshift/Aurora, EC2/instance store/CloudHSM,
/// EBS/monolith, Step Functions/Organizations, Kendra/OpenSearch: 0.562 to
/// 0.756, kept in `tests/fixtures/icons-before/`) and on the redrawn
/// catalog's closest distinct pair (0.549): halfway between.
pub const THRESHOLD: f64 = 0.555;

/// The sets of `icons.md` "Told apart at a glance", then those the catalog
/// added since (the CI/CD family, SES beside SNS and an email, X-Ray
/// beside CloudWatch and CloudTrail, the pipelines): within each, every
/// glyph must differ in shape.
pub const TOLD_APART: &[&[&str]] = &[
    &[
        "rds",
        "aurora",
        "redshift",
        "dynamodb",
        "documentdb",
        "neptune",
        "elasticache",
        "keyspaces",
    ],
    &[
        "ebs",
        "efs",
        "fsx",
        "fsx-lustre",
        "fsx-windows",
        "fsx-ontap",
        "s3",
        "s3-glacier",
        "instance-store",
        "storage-gateway",
    ],
    &["elb", "alb", "nlb", "gwlb"],
    &[
        "sqs",
        "sns",
        "eventbridge",
        "kinesis-data-streams",
        "kinesis-data-firehose",
        "mq",
    ],
    &["cloudwatch", "cloudtrail", "config"],
    &[
        "shield",
        "waf",
        "guardduty",
        "inspector",
        "macie",
        "network-firewall",
    ],
    &[
        "direct-connect",
        "direct-connect-gateway",
        "site-to-site-vpn",
        "virtual-private-gateway",
        "customer-gateway",
        "transit-gateway",
    ],
    &["ecs", "eks", "fargate", "ec2"],
    &["ec2", "cloudhsm", "instance-store"],
    &["step-functions", "organizations"],
    &["opensearch", "kendra"],
    &["route53", "shield"],
    &[
        "codecommit",
        "codebuild",
        "codedeploy",
        "codepipeline",
        "codeartifact",
    ],
    &["ses", "sns", "email"],
    &["x-ray", "cloudwatch", "cloudtrail"],
    &["codepipeline", "step-functions", "sagemaker-pipelines"],
];

/// A glyph as blurred greyscale bitmaps, row by row, ink 0..=1: drawn at
/// its own size first, then zoomed by each of [`ZOOMS`].
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub zoomed: Vec<Vec<f64>>,
}

/// The glyph of an icon drawing: `tile` is the tile colour (painted black
/// with the background), `None` for a General drawing.
pub fn glyph(svg: &str, tile: Option<&str>) -> Result<Glyph, String> {
    let zoomed = ZOOMS
        .iter()
        .map(|&zoom| raster(svg, tile, GLYPH_PX, zoom).map(|ink| blur(&ink, GLYPH_PX, BLUR_SIGMA)))
        .collect::<Result<_, _>>()?;
    Ok(Glyph { zoomed })
}

/// The glyph's frame of an icon drawing as `px`×`px` greyscale ink, row by
/// row, before any blur.
pub fn raster(svg: &str, tile: Option<&str>, px: usize, zoom: f32) -> Result<Vec<f64>, String> {
    let mut source = svg.replace("currentColor", "#FFFFFF");
    if let Some(colour) = tile {
        source = replace_ignoring_case(&source, colour, "#000000");
    }
    let tree = usvg::Tree::from_str(&source, &usvg::Options::default())
        .map_err(|e| format!("cannot read the drawing: {e}"))?;
    let (origin, side) = if tile.is_some() {
        (12.0, 40.0)
    } else {
        (6.0, 52.0)
    };
    let mut pixmap = tiny_skia::Pixmap::new(px as u32, px as u32)
        .ok_or_else(|| "cannot allocate a bitmap".to_string())?;
    pixmap.fill(tiny_skia::Color::BLACK);
    let scale = px as f32 / side * zoom;
    let centre = origin + side / 2.0;
    let transform = tiny_skia::Transform::from_translate(px as f32 / 2.0, px as f32 / 2.0)
        .pre_scale(scale, scale)
        .pre_translate(-centre, -centre);
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    Ok(pixmap
        .pixels()
        .iter()
        .map(|p| {
            let c = p.demultiply();
            (0.299 * f64::from(c.red())
                + 0.587 * f64::from(c.green())
                + 0.114 * f64::from(c.blue()))
                / 255.0
        })
        .collect())
}

/// The glyph of a catalog key, or why there is none.
pub fn glyph_of(key: &str) -> Result<Glyph, String> {
    let entry = crate::catalog::by_key(key).ok_or_else(|| format!("no icon `{key}`"))?;
    let art = crate::icon_art::service(key).ok_or_else(|| format!("no drawing for `{key}`"))?;
    glyph(art, entry.category.tile_colour()).map_err(|e| format!("{key}: {e}"))
}

/// How alike two glyphs look: Σ min / Σ max of their blurred ink, 1 for
/// the same drawing; the best over zooming either one, so the same
/// drawing at another size still counts as the same.
pub fn likeness(a: &Glyph, b: &Glyph) -> f64 {
    let (Some(a1), Some(b1)) = (a.zoomed.first(), b.zoomed.first()) else {
        return 0.0;
    };
    let a_zoomed = b.zoomed.iter().map(|bz| overlap(a1, bz));
    let b_zoomed = a.zoomed.iter().map(|az| overlap(az, b1));
    a_zoomed.chain(b_zoomed).fold(0.0, f64::max)
}

/// Σ min / Σ max of two bitmaps.
fn overlap(a: &[f64], b: &[f64]) -> f64 {
    let (mut both, mut either) = (0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        both += x.min(*y);
        either += x.max(*y);
    }
    if either == 0.0 {
        1.0
    } else {
        both / either
    }
}

/// Every pair of `glyphs` (by name) with its likeness, most alike first.
pub fn ranked_pairs<'a>(glyphs: &'a [(&'a str, Glyph)]) -> Vec<(f64, &'a str, &'a str)> {
    let mut pairs = Vec::new();
    for (i, (a, ga)) in glyphs.iter().enumerate() {
        for (b, gb) in &glyphs[i + 1..] {
            pairs.push((likeness(ga, gb), *a, *b));
        }
    }
    pairs.sort_by(|x, y| {
        y.0.total_cmp(&x.0)
            .then_with(|| (x.1, x.2).cmp(&(y.1, y.2)))
    });
    pairs
}

fn replace_ignoring_case(text: &str, from: &str, to: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let needle = from.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (i, _) in lower.match_indices(&needle) {
        out.push_str(&text[last..i]);
        out.push_str(to);
        last = i + needle.len();
    }
    out.push_str(&text[last..]);
    out
}

/// A separable Gaussian blur of a `side`×`side` bitmap; edges clamp.
pub fn blur(ink: &[f64], side: usize, sigma: f64) -> Vec<f64> {
    let radius = (sigma * 3.0).ceil() as isize;
    let kernel: Vec<f64> = (-radius..=radius)
        .map(|d| (-((d * d) as f64) / (2.0 * sigma * sigma)).exp())
        .collect();
    let total: f64 = kernel.iter().sum();
    let pass = |src: &[f64], horizontal: bool| -> Vec<f64> {
        let mut out = vec![0.0; src.len()];
        for y in 0..side {
            for x in 0..side {
                let mut acc = 0.0;
                for (k, w) in kernel.iter().enumerate() {
                    let d = k as isize - radius;
                    let (sx, sy) = if horizontal {
                        ((x as isize + d).clamp(0, side as isize - 1) as usize, y)
                    } else {
                        (x, (y as isize + d).clamp(0, side as isize - 1) as usize)
                    };
                    acc += w * src[sy * side + sx];
                }
                out[y * side + x] = acc / total;
            }
        }
        out
    };
    pass(&pass(ink, true), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SQUARE: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64"><rect width="64" height="64" rx="6" fill="#ED7100"/><rect x="20" y="20" width="24" height="24" fill="none" stroke="#FFFFFF" stroke-width="2.5"/></svg>"##;

    #[test]
    fn the_tile_colour_does_not_count() {
        let orange = glyph(SQUARE, Some("#ED7100")).unwrap_or_else(|e| panic!("{e}"));
        let purple = glyph(&SQUARE.replace("#ED7100", "#8c4fff"), Some("#8C4FFF"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(likeness(&orange, &purple) > 0.999);
    }

    #[test]
    fn a_different_shape_scores_lower_than_the_same() {
        let square = glyph(SQUARE, Some("#ED7100")).unwrap_or_else(|e| panic!("{e}"));
        let circle = SQUARE.replace(
            r#"<rect x="20" y="20" width="24" height="24""#,
            r#"<path d="M14 50 L50 14""#,
        );
        let line = glyph(&circle, Some("#ED7100")).unwrap_or_else(|e| panic!("{e}"));
        assert!(likeness(&square, &line) < 0.5);
        assert!((likeness(&square, &square) - 1.0).abs() < 1e-12);
    }
}
