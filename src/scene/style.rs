//! The AWS look: colours of themes and group kinds (style.md).
//!
//! In: a theme and a group kind. Out: the colours and dash pattern to draw
//! them with. The scene ([`super::build`]) resolves every colour from here.

use crate::model::GroupKind;

/// Light (white canvas) or dark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    Light,
    Dark,
}

impl Theme {
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// Colours of the canvas, text and lines of a theme.
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    pub canvas: &'static str,
    pub text: &'static str,
    pub subtitle: &'static str,
    pub edge: &'static str,
    /// The colour of the grey General drawings (users, servers, ...).
    pub general_icon: &'static str,
    /// Behind edge labels, so they stay readable over tinted groups.
    pub label_bg: &'static str,
    /// A negated edge (`style = "negated"`): a muted red.
    pub negated: &'static str,
}

pub fn palette(theme: Theme) -> Palette {
    match theme {
        Theme::Light => Palette {
            canvas: "#FFFFFF",
            text: "#232F3E",
            subtitle: "#545B64",
            edge: "#545B64",
            general_icon: "#232F3E",
            label_bg: "#FFFFFF",
            negated: "#B5484B",
        },
        Theme::Dark => Palette {
            canvas: "#0F1419",
            text: "#E6EAEF",
            subtitle: "#A9B2BD",
            edge: "#A9B2BD",
            general_icon: "#D5DBE3",
            label_bg: "#0F1419",
            negated: "#E08487",
        },
    }
}

/// How a group box is drawn.
#[derive(Debug, Clone, Copy)]
pub struct GroupStyle {
    pub border: &'static str,
    pub fill: Option<&'static str>,
    pub dashed: bool,
    /// Colour of the group's name.
    pub text: &'static str,
}

pub fn group_style(kind: GroupKind, theme: Theme) -> GroupStyle {
    let dark = theme == Theme::Dark;
    let (border, fill, dashed) = match kind {
        GroupKind::AwsCloud => (if dark { "#D5DBE3" } else { "#232F3E" }, None, false),
        GroupKind::Region => ("#00A4A6", None, true),
        GroupKind::AvailabilityZone => ("#00A4A6", None, true),
        GroupKind::Vpc => ("#8C4FFF", None, false),
        GroupKind::PublicSubnet => (
            "#7AA116",
            Some(if dark { "#1C2612" } else { "#F2F6E8" }),
            false,
        ),
        GroupKind::PrivateSubnet => (
            "#00A4A6",
            Some(if dark { "#0C2628" } else { "#E6F6F7" }),
            false,
        ),
        GroupKind::SecurityGroup => ("#DD344C", None, false),
        GroupKind::AutoScalingGroup => ("#ED7100", None, true),
        GroupKind::CorporateDataCenter => ("#7D8998", None, false),
        GroupKind::Account => ("#E7157B", None, false),
        GroupKind::Generic => ("#7D8998", None, true),
    };
    let text = match kind {
        GroupKind::AwsCloud | GroupKind::CorporateDataCenter | GroupKind::Generic => {
            if dark {
                "#D5DBE3"
            } else {
                "#232F3E"
            }
        }
        GroupKind::PublicSubnet => {
            if dark {
                "#A8C95A"
            } else {
                "#4E6B0A"
            }
        }
        GroupKind::Region | GroupKind::AvailabilityZone | GroupKind::PrivateSubnet => {
            if dark {
                "#4FD1D3"
            } else {
                "#007A7C"
            }
        }
        _ => border,
    };
    GroupStyle {
        border,
        fill,
        dashed,
        text,
    }
}
