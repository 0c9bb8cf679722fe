//! Places inside TOML string values.
//!
//! In: the file's text, the span of a string value in it (quotes included)
//! and the string as TOML decoded it. Out: a [`StrMap`] that turns a byte
//! range of the decoded string into the byte range of the file that wrote
//! it, through escapes (`\"`, `\n`, `\u00e9`, ...), line-ending backslashes
//! and the newline that opens a multi-line string.
//!
//! The map re-decodes the raw text itself and keeps the result only when it
//! gives exactly the string TOML decoded; otherwise (a form it does not
//! know) every range maps to the whole value, which is still a correct, if
//! wider, place.

use std::ops::Range;

/// Maps byte ranges of a decoded string to byte ranges of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StrMap {
    /// The span of the whole value in the file, quotes included.
    whole: Range<usize>,
    /// For each byte of the decoded string, the file offset of the source
    /// text that produced it, plus one entry for the end.
    offsets: Option<Vec<usize>>,
}

impl StrMap {
    /// Builds the map of the string value at `span` of `source` that TOML
    /// decoded as `decoded`.
    pub fn new(source: &str, span: Range<usize>, decoded: &str) -> StrMap {
        let offsets = source
            .get(span.clone())
            .and_then(decode_with_offsets)
            .filter(|(text, _)| text == decoded)
            .map(|(_, offs)| offs.into_iter().map(|o| o + span.start).collect());
        StrMap {
            whole: span,
            offsets,
        }
    }

    /// The span of the whole value, quotes included.
    pub fn whole_span(&self) -> Range<usize> {
        self.whole.clone()
    }

    /// True when ranges map exactly (not to the whole value).
    #[cfg(test)]
    fn is_exact(&self) -> bool {
        self.offsets.is_some()
    }

    /// The file range that wrote `range` of the decoded string.
    pub fn span(&self, range: Range<usize>) -> Range<usize> {
        let Some(offsets) = &self.offsets else {
            return self.whole.clone();
        };
        match (offsets.get(range.start), offsets.get(range.end)) {
            (Some(&a), Some(&b)) if a <= b => a..b,
            _ => self.whole.clone(),
        }
    }
}

/// Decodes a raw TOML string (quotes included) and records, for each
/// decoded byte, the offset in `raw` it came from. `None` for a form that
/// is not a TOML string.
fn decode_with_offsets(raw: &str) -> Option<(String, Vec<usize>)> {
    let (quote_len, basic) = if raw.starts_with("\"\"\"") {
        (3, true)
    } else if raw.starts_with("'''") {
        (3, false)
    } else if raw.starts_with('"') {
        (1, true)
    } else if raw.starts_with('\'') {
        (1, false)
    } else {
        return None;
    };
    let end = raw.len().checked_sub(quote_len)?;
    if end < quote_len {
        return None;
    }
    let mut body_start = quote_len;
    if quote_len == 3 {
        // A newline right after the opening delimiter is trimmed.
        let rest = raw.get(body_start..end)?;
        if rest.starts_with("\r\n") {
            body_start += 2;
        } else if rest.starts_with('\n') {
            body_start += 1;
        }
    }
    let body = raw.get(body_start..end)?;
    let mut out = String::with_capacity(body.len());
    let mut offs = Vec::with_capacity(body.len() + 1);
    let push = |out: &mut String, offs: &mut Vec<usize>, c: char, at: usize| {
        out.push(c);
        offs.extend(std::iter::repeat_n(at, c.len_utf8()));
    };
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let at = body_start + i;
        if !basic || c != '\\' {
            push(&mut out, &mut offs, c, at);
            continue;
        }
        let (_, esc) = chars.next()?;
        let decoded = match esc {
            'b' => '\u{8}',
            't' => '\t',
            'n' => '\n',
            'f' => '\u{c}',
            'r' => '\r',
            'e' => '\u{1b}',
            '"' => '"',
            '\\' => '\\',
            'x' | 'u' | 'U' => {
                let digits = match esc {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let mut value: u32 = 0;
                for _ in 0..digits {
                    let (_, d) = chars.next()?;
                    value = value.checked_mul(16)?.checked_add(d.to_digit(16)?)?;
                }
                char::from_u32(value)?
            }
            ' ' | '\t' | '\r' | '\n' if quote_len == 3 => {
                // A line-ending backslash: skip all whitespace and newlines.
                if !matches!(esc, '\r' | '\n') {
                    let mut saw_newline = false;
                    while let Some(&(_, w)) = chars.peek() {
                        if w == '\n' {
                            saw_newline = true;
                        }
                        if !matches!(w, ' ' | '\t' | '\r' | '\n') {
                            break;
                        }
                        chars.next();
                    }
                    if !saw_newline {
                        return None;
                    }
                }
                while let Some(&(_, w)) = chars.peek() {
                    if !matches!(w, ' ' | '\t' | '\r' | '\n') {
                        break;
                    }
                    chars.next();
                }
                continue;
            }
            _ => return None,
        };
        push(&mut out, &mut offs, decoded, at);
    }
    offs.push(end);
    Some((out, offs))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(raw: &str, decoded: &str) -> StrMap {
        let source = format!("k = {raw}");
        StrMap::new(&source, 4..source.len(), decoded)
    }

    #[test]
    fn plain_basic_string() {
        let m = map("\"a -> b\"", "a -> b");
        assert!(m.is_exact());
        assert_eq!(m.span(5..6), 10..11);
    }

    #[test]
    fn escapes_shift_offsets() {
        // "\u00e9 -> b": é is 2 bytes decoded, 6 bytes raw.
        let m = map("\"\\u00e9 -> b\"", "é -> b");
        assert!(m.is_exact());
        assert_eq!(m.span(0..2), 5..11);
        assert_eq!(m.span(6..7), 15..16);
        let m = map("\"a\\tb\"", "a\tb");
        assert_eq!(m.span(2..3), 8..9);
    }

    #[test]
    fn literal_and_multiline() {
        let m = map("'a\\b'", "a\\b");
        assert_eq!(m.span(2..3), 7..8);
        let m = map("\"\"\"\na\"\"\"", "a");
        assert_eq!(m.span(0..1), 8..9);
        let m = map("\"\"\"a \\\n   b\"\"\"", "a b");
        assert!(m.is_exact());
        assert_eq!(m.span(2..3), 14..15);
    }

    #[test]
    fn mismatch_falls_back_to_whole() {
        let m = map("\"abc\"", "xyz");
        assert!(!m.is_exact());
        assert_eq!(m.span(0..1), 4..9);
    }
}
