//! One flow line, `"users -> dns, cdn : label"`, parsed by hand.
//!
//! In: the decoded text of one flow line. Out: a [`FlowLine`] — the lists
//! of ids, the arrows between them and the label — where every id, arrow
//! and label carries its byte range in that text (map it to the file with
//! [`super::strings::StrMap`]), or a [`FlowError`] at the range of the
//! mistake.
//!
//! ```text
//! line  := chain [ ":" label ]
//! chain := list ( arrow list )+
//! list  := id ( "," id )*
//! arrow := "->" | "<->" | "--" | "..>" | "<..>" | ".." | "<-" | "<.."
//! ```
//!
//! `a <- b` and `a <.. b` are written target-first: the edge from `b` to
//! `a` ([`ArrowRef::reversed`]).
//!
//! An id is letters, digits, `_` and `-`. A `-` belongs to an id only when
//! a letter, digit or `_` follows it, so `a->b` and `a--b` are two ids
//! joined by an arrow while `api-gw` is one id.

use std::ops::Range;

use crate::model::{Arrow, LineStyle};

/// The arrows of the format, with the line and heads each one draws.
pub const ARROWS: [(&str, LineStyle, Arrow); 8] = [
    ("->", LineStyle::Solid, Arrow::Forward),
    ("<->", LineStyle::Solid, Arrow::Both),
    ("--", LineStyle::Solid, Arrow::None),
    ("..>", LineStyle::Dashed, Arrow::Forward),
    ("<..>", LineStyle::Dashed, Arrow::Both),
    ("..", LineStyle::Dashed, Arrow::None),
    ("<-", LineStyle::Solid, Arrow::Forward),
    ("<..", LineStyle::Dashed, Arrow::Forward),
];

/// True for an arrow written target-first (`<-`, `<..`): a head on the
/// left only.
pub fn is_reversed(written: &str) -> bool {
    written.starts_with('<') && !written.ends_with('>')
}

/// Every arrow, as the error messages list them.
const ARROW_LIST: &str = "-> <-> -- ..> <..> .. <- <..";

/// An id as written in a flow line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdRef {
    pub text: String,
    /// Byte range in the line.
    pub span: Range<usize>,
}

/// An arrow between two lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArrowRef {
    pub style: LineStyle,
    pub arrow: Arrow,
    /// Written target-first (`<-`, `<..`): `lists[i + 1]` to `lists[i]`.
    pub reversed: bool,
    pub span: Range<usize>,
}

/// A parsed flow line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowLine {
    /// At least two lists, each of at least one id.
    pub lists: Vec<Vec<IdRef>>,
    /// `arrows[i]` joins `lists[i]` to `lists[i + 1]`.
    pub arrows: Vec<ArrowRef>,
    /// The trimmed text after the first `:` and its range.
    pub label: Option<(String, Range<usize>)>,
}

/// A mistake in a flow line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowError {
    /// Byte range in the line.
    pub span: Range<usize>,
    pub message: String,
    /// The text shown under the span (often a suggestion).
    pub label: Option<String>,
}

impl FlowError {
    fn new(span: Range<usize>, message: impl Into<String>) -> FlowError {
        FlowError {
            span,
            message: message.into(),
            label: None,
        }
    }

    fn label(mut self, label: impl Into<String>) -> FlowError {
        self.label = Some(label.into());
        self
    }
}

/// True for a character that may appear in an id.
pub fn is_id_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

/// True when `text` is a valid id.
pub fn is_valid_id(text: &str) -> bool {
    !text.is_empty() && text.chars().all(is_id_char)
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Id(String),
    Comma,
    Arrow(LineStyle, Arrow, bool),
}

/// Parses one flow line.
pub fn parse(line: &str) -> Result<FlowLine, FlowError> {
    let (chain_text, label) = match line.find(':') {
        Some(colon) => {
            let after = line.get(colon + 1..).unwrap_or("");
            let trimmed = after.trim();
            if trimmed.is_empty() {
                return Err(FlowError::new(colon..colon + 1, "empty label after `:`")
                    .label("write the label after `:`, or leave the `:` out"));
            }
            let lead = after.len() - after.trim_start().len();
            let start = colon + 1 + lead;
            (
                line.get(..colon).unwrap_or(""),
                Some((trimmed.to_string(), start..start + trimmed.len())),
            )
        }
        None => (line, None),
    };
    let tokens = tokenize(chain_text)?;
    let (lists, arrows) = build(chain_text, &tokens)?;
    Ok(FlowLine {
        lists,
        arrows,
        label,
    })
}

fn tokenize(text: &str) -> Result<Vec<(Token, Range<usize>)>, FlowError> {
    let mut tokens = Vec::new();
    let mut start = 0;
    while let Some(c) = char_at(text, start) {
        if c.is_whitespace() {
            start += c.len_utf8();
        } else if c == ',' {
            tokens.push((Token::Comma, start..start + 1));
            start += 1;
        } else if is_id_char(c) && c != '-' || c == '-' && starts_id(text, start) {
            let mut end = start;
            while let Some(d) = char_at(text, end) {
                let part = if d == '-' {
                    starts_id(text, end)
                } else {
                    is_id_char(d)
                };
                if !part {
                    break;
                }
                end += d.len_utf8();
            }
            tokens.push((
                Token::Id(text.get(start..end).unwrap_or("").to_string()),
                start..end,
            ));
            start = end;
        } else if is_arrow_char(c) {
            let mut end = start;
            while let Some(d) = char_at(text, end).filter(|&d| is_arrow_char(d)) {
                end += d.len_utf8();
            }
            let written = text.get(start..end).unwrap_or("");
            let between_id_chars = text
                .get(..start)
                .and_then(|before| before.chars().next_back())
                .is_some_and(is_id_char)
                && char_at(text, end).is_some_and(is_id_char);
            match ARROWS.iter().find(|(a, _, _)| *a == written) {
                Some(&(_, style, arrow)) => {
                    tokens.push((Token::Arrow(style, arrow, is_reversed(written)), start..end))
                }
                None if written == "." && between_id_chars => {
                    return Err(FlowError::new(start..end, "`.` cannot appear in an id")
                        .label("ids are letters, digits, `_` and `-`"));
                }
                None => {
                    let err = FlowError::new(start..end, format!("unknown arrow `{written}`"));
                    return Err(match nearest_arrow(written) {
                        Some(a) => err.label(format!("did you mean `{a}`?")),
                        None => err.label(format!("arrows are {ARROW_LIST}")),
                    });
                }
            }
            start = end;
        } else {
            let end = start + c.len_utf8();
            let shown: String = c.escape_debug().collect();
            return Err(FlowError::new(
                start..end,
                format!("`{shown}` cannot appear in a flow line"),
            )
            .label(format!(
                "ids are letters, digits, `_` and `-`; arrows are {ARROW_LIST}"
            )));
        }
    }
    Ok(tokens)
}

/// The character that starts at byte `i` of `text`, if any.
fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|s| s.chars().next())
}

/// True when the `-` at byte `i` starts or continues an id: a letter,
/// digit or `_` follows it (so `--` and `->` stay arrows).
fn starts_id(text: &str, i: usize) -> bool {
    char_at(text, i + 1).is_some_and(|c| is_id_char(c) && c != '-')
}

fn is_arrow_char(c: char) -> bool {
    matches!(c, '-' | '<' | '>' | '.' | '=' | '~' | '|' | '+' | '*')
        || matches!(c, '→' | '←' | '↔' | '⇒' | '—' | '–')
}

/// The valid arrow nearest to an unknown one.
pub fn nearest_arrow(written: &str) -> Option<&'static str> {
    let both = written.starts_with('<') && written.ends_with('>');
    let dashed = written.contains('.');
    let headless = !written.contains('>') && !written.contains('<') && !written.contains('→');
    if written == "-" || written == "=" {
        return Some("->");
    }
    // Target-first (`<--`, `<=`, `←`): the suggestion keeps the edge's
    // direction.
    if !both && (written.starts_with('<') || written.contains('←')) {
        return Some(if dashed { "<.." } else { "<-" });
    }
    let by_shape = match (dashed, both, headless) {
        (false, true, _) => "<->",
        (true, true, _) => "<..>",
        (false, false, true) => "--",
        (true, false, true) => "..",
        (false, false, false) => "->",
        (true, false, false) => "..>",
    };
    if written.is_empty() {
        None
    } else {
        Some(by_shape)
    }
}

type Lists = (Vec<Vec<IdRef>>, Vec<ArrowRef>);

fn build(text: &str, tokens: &[(Token, Range<usize>)]) -> Result<Lists, FlowError> {
    let mut lists: Vec<Vec<IdRef>> = vec![Vec::new()];
    let mut arrows: Vec<ArrowRef> = Vec::new();
    // What the previous token was, to know what may come next.
    let mut prev: Option<&(Token, Range<usize>)> = None;
    for tok in tokens {
        let (t, span) = tok;
        match t {
            Token::Id(id) => {
                if let Some((Token::Id(before), bspan)) = prev {
                    return Err(FlowError::new(
                        bspan.start..span.end,
                        format!("`{before}` and `{id}` need a `,` or an arrow between them"),
                    )
                    .label(format!(
                        "an id has no spaces: `{before}-{id}` would be one id"
                    )));
                }
                if let Some(list) = lists.last_mut() {
                    list.push(IdRef {
                        text: id.clone(),
                        span: span.clone(),
                    });
                }
            }
            Token::Comma => match prev {
                Some((Token::Id(_), _)) => {}
                Some((Token::Comma, _)) => {
                    return Err(FlowError::new(span.clone(), "missing id between commas")
                        .label("expected an id before this `,`"))
                }
                Some((Token::Arrow(..), aspan)) => {
                    return Err(FlowError::new(
                        span.clone(),
                        format!(
                            "missing id after `{}`",
                            text.get(aspan.clone()).unwrap_or("arrow")
                        ),
                    )
                    .label("expected an id before this `,`"))
                }
                None => {
                    return Err(FlowError::new(span.clone(), "flow line starts with `,`")
                        .label("expected an id before this `,`"))
                }
            },
            Token::Arrow(style, arrow, reversed) => {
                let written = text.get(span.clone()).unwrap_or("arrow");
                match prev {
                    Some((Token::Id(_), _)) => {}
                    Some((Token::Comma, cspan)) => {
                        return Err(FlowError::new(cspan.clone(), "missing id after `,`")
                            .label(format!("expected an id between this `,` and `{written}`")))
                    }
                    Some((Token::Arrow(..), _)) | None => {
                        return Err(FlowError::new(
                            span.clone(),
                            format!("arrow `{written}` has no id before it"),
                        )
                        .label("expected an id before this arrow"))
                    }
                }
                arrows.push(ArrowRef {
                    style: *style,
                    arrow: *arrow,
                    reversed: *reversed,
                    span: span.clone(),
                });
                lists.push(Vec::new());
            }
        }
        prev = Some(tok);
    }
    match prev {
        None => Err(FlowError::new(0..text.len(), "empty flow line")
            .label("write ids joined by arrows, e.g. `users -> cloudfront`")),
        Some((Token::Arrow(..), span)) => {
            let written = text.get(span.clone()).unwrap_or("arrow");
            Err(FlowError::new(
                span.clone(),
                format!("dangling arrow `{written}`: nothing after it"),
            )
            .label("expected an id after this arrow"))
        }
        Some((Token::Comma, span)) => Err(FlowError::new(span.clone(), "missing id after `,`")
            .label("expected an id after this `,`")),
        Some((Token::Id(_), _)) if arrows.is_empty() => {
            let all = tokens.first().map_or(0, |(_, s)| s.start)
                ..tokens.last().map_or(text.len(), |(_, s)| s.end);
            Err(FlowError::new(all, "a flow line needs at least one arrow")
                .label("e.g. `users -> cloudfront`"))
        }
        Some(_) => Ok((lists, arrows)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(line: &FlowLine) -> Vec<Vec<&str>> {
        line.lists
            .iter()
            .map(|l| l.iter().map(|i| i.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn chain_lists_and_label() {
        let l = parse("users -> dns, cdn : static files").expect("valid");
        assert_eq!(ids(&l), vec![vec!["users"], vec!["dns", "cdn"]]);
        assert_eq!(
            l.label.as_ref().map(|(t, _)| t.as_str()),
            Some("static files")
        );
        assert_eq!(l.lists[1][1].span, 14..17);
        let (_, span) = l.label.expect("label");
        assert_eq!(span, 20..32);
    }

    #[test]
    fn every_arrow() {
        let l = parse("a->b<->c--d..>e<..>f..g<-h<..i").expect("valid");
        assert_eq!(
            ids(&l).concat(),
            vec!["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        );
        let reversed: Vec<bool> = l.arrows.iter().map(|a| a.reversed).collect();
        assert_eq!(
            reversed,
            [false, false, false, false, false, false, true, true]
        );
        let kinds: Vec<_> = l.arrows.iter().map(|a| (a.style, a.arrow)).collect();
        assert_eq!(
            kinds,
            ARROWS.iter().map(|(_, s, a)| (*s, *a)).collect::<Vec<_>>()
        );
    }

    #[test]
    fn hyphens_in_ids() {
        let l = parse("api-gw -> my_fn-2").expect("valid");
        assert_eq!(ids(&l), vec![vec!["api-gw"], vec!["my_fn-2"]]);
        let l = parse("사용자 -> s3").expect("valid");
        assert_eq!(l.lists[0][0].text, "사용자");
    }

    #[test]
    fn errors() {
        let e = parse("a -> ").expect_err("dangling");
        assert_eq!(e.span, 2..4);
        assert!(e.message.contains("dangling"));
        let e = parse("a -> b :  ").expect_err("empty label");
        assert_eq!(e.span, 7..8);
        let e = parse("a,,b -> c").expect_err("commas");
        assert_eq!(e.span, 2..3);
        let e = parse("a => b").expect_err("arrow");
        assert_eq!(e.label.as_deref(), Some("did you mean `->`?"));
        assert_eq!(e.span, 2..4);
        let e = parse("a --> b").expect_err("arrow");
        assert_eq!(e.label.as_deref(), Some("did you mean `->`?"));
        let e = parse("a <-- b").expect_err("arrow");
        assert_eq!(e.label.as_deref(), Some("did you mean `<-`?"));
        let e = parse("a <=> b").expect_err("arrow");
        assert_eq!(e.label.as_deref(), Some("did you mean `<->`?"));
        let e = parse("a ...> b").expect_err("arrow");
        assert_eq!(e.label.as_deref(), Some("did you mean `..>`?"));
        let e = parse("igw <-- nat").expect_err("arrow");
        assert_eq!(e.label.as_deref(), Some("did you mean `<-`?"));
        let e = parse("igw <... nat").expect_err("arrow");
        assert_eq!(e.label.as_deref(), Some("did you mean `<..`?"));
        let e = parse("igw <- ").expect_err("dangling");
        assert_eq!(e.message, "dangling arrow `<-`: nothing after it");
        let e = parse("a - b").expect_err("arrow");
        assert_eq!(e.label.as_deref(), Some("did you mean `->`?"));
        let e = parse("a -> s3.bucket").expect_err("dot");
        assert_eq!(e.message, "`.` cannot appear in an id");
        let e = parse("a -> b!").expect_err("char");
        assert_eq!(e.span, 6..7);
        assert!(parse("").is_err());
        assert!(parse("a").is_err());
        assert!(parse("a b -> c").is_err());
        assert!(parse("-> c").is_err());
        assert!(parse("a -> , c").is_err());
        assert!(parse("a, -> c").is_err());
    }
}
