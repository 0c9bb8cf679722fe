//! The archflow blocks of a Markdown note, and the note with their links.
//!
//! In: the text of a Markdown note. Out: every fenced code block whose info
//! string is `archflow` or `archflow NAME` ([`Block`]: its name, its text
//! as a flow file, where it sits in the note, and the generated link
//! section after it if there is one), and [`splice`], the note with each
//! block's link section put in or replaced. Blocks are found the way a
//! CommonMark reader finds them (pulldown-cmark), so a fence inside a list
//! item or a quote counts and fence-like text inside a paragraph or an
//! indented code block does not.
//!
//! Nothing outside the link sections is ever changed: line endings,
//! trailing spaces and everything else stay byte for byte.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

use crate::diagnostics::Diagnostic;

/// The first word of the info string of an archflow block.
pub const INFO_WORD: &str = "archflow";
/// How the line opening a generated link section starts.
pub const MARK_START: &str = "<!-- archflow:start";
/// The line closing a generated link section.
pub const MARK_END: &str = "<!-- archflow:end -->";

/// One archflow block of a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// 1-based position among the archflow blocks of the note.
    pub position: usize,
    /// The name after `archflow` in the info string, if any.
    pub name: Option<String>,
    /// The opening fence line in the note (without its line ending): where
    /// problems of the block as a whole are shown.
    pub opening: Range<usize>,
    /// The block's text, as a flow file (container prefixes such as a
    /// list item's indentation or a quote's `> ` removed).
    pub source: String,
    /// Pieces of `source` and where they sit in the note.
    pieces: Vec<Piece>,
    /// Byte just after the closing fence line, line ending included (the
    /// note's length when the fence ends the note without one).
    pub end: usize,
    /// The line ending of the fence lines: `"\r\n"` or `"\n"`.
    pub eol: &'static str,
    /// What starts the closing fence line before the fence itself (a list
    /// item's indentation, `> `): inserted lines start with it too.
    pub prefix: String,
    /// The generated link section after the block: from its start marker
    /// line to its end marker line, line ending included.
    pub links: Option<Range<usize>>,
}

/// A run of the block's text that is a run of the note.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Piece {
    /// Start in [`Block::source`].
    source: usize,
    /// Start in the note.
    note: usize,
    len: usize,
    /// False when the text was made up by the Markdown reader (a tab
    /// turned into spaces): every offset in it maps to `note`.
    exact: bool,
}

impl Block {
    /// The note's byte for a byte of [`Block::source`].
    pub fn note_offset(&self, offset: usize) -> usize {
        let piece = self
            .pieces
            .iter()
            .rev()
            .find(|p| p.source <= offset)
            .or(self.pieces.first());
        match piece {
            Some(p) if p.exact => p.note + (offset - p.source.min(offset)).min(p.len),
            Some(p) => p.note,
            None => self.opening.end,
        }
    }

    /// A span of [`Block::source`] as a span of the note.
    pub fn note_span(&self, span: Range<usize>) -> Range<usize> {
        let start = self.note_offset(span.start);
        let end = if span.end > span.start {
            self.note_offset(span.end - 1) + 1
        } else {
            start
        };
        start..end.max(start)
    }

    /// A diagnostic of the block's text moved onto the note: its spans
    /// become note spans, and a problem of the whole text points at the
    /// opening fence.
    pub fn note_diagnostic(&self, mut d: Diagnostic) -> Diagnostic {
        d.span = Some(match d.span {
            Some(span) => self.note_span(span),
            None => self.opening.clone(),
        });
        for (span, _) in &mut d.related {
            *span = self.note_span(span.clone());
        }
        d
    }

    /// The name the block's pictures are saved under: its own name, or
    /// `<stem>-<position>` for an unnamed block.
    pub fn file_stem(&self, note_stem: &str) -> String {
        match &self.name {
            Some(name) => name.clone(),
            None => format!("{note_stem}-{}", self.position),
        }
    }
}

/// Every archflow block of `note`, in order, and the problems of the
/// blocks themselves (an unclosed fence, a bad or repeated name, a link
/// section without its end marker): a block with such a problem is left
/// out.
pub fn find_blocks(note: &str) -> (Vec<Block>, Vec<Diagnostic>) {
    let mut blocks = Vec::new();
    let mut problems = Vec::new();
    let mut events = Parser::new(note).into_offset_iter();
    let mut position = 0;
    while let Some((event, range)) = events.next() {
        let Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) = event else {
            continue;
        };
        let mut words = info.split_whitespace();
        if words.next() != Some(INFO_WORD) {
            continue;
        }
        position += 1;
        let mut pieces = Vec::new();
        let mut source = String::new();
        for (event, piece) in events.by_ref() {
            match event {
                Event::Text(text) => {
                    pieces.push(Piece {
                        source: source.len(),
                        note: piece.start,
                        len: text.len(),
                        exact: note.get(piece.clone()) == Some(&*text),
                    });
                    source.push_str(&text);
                }
                Event::End(TagEnd::CodeBlock) => break,
                _ => {}
            }
        }
        match block_at(note, range, position, source, pieces) {
            Ok(block) => {
                let repeated = blocks
                    .iter()
                    .find(|b: &&Block| b.name.is_some() && b.name == block.name);
                match repeated {
                    Some(first) => problems.push(
                        Diagnostic::at(
                            block.opening.clone(),
                            format!(
                                "two archflow blocks are named `{}`",
                                block.name.as_deref().unwrap_or_default()
                            ),
                        )
                        .with_label("each block's name must be new: it names its pictures")
                        .with_related(first.opening.clone(), "first named here"),
                    ),
                    None => blocks.push(block),
                }
            }
            Err(problem) => problems.push(problem),
        }
    }
    (blocks, problems)
}

/// The block whose fenced code spans `range` of the note.
fn block_at(
    note: &str,
    range: Range<usize>,
    position: usize,
    source: String,
    pieces: Vec<Piece>,
) -> Result<Block, Diagnostic> {
    let text = note.get(range.clone()).unwrap_or("");
    let opening_len = text.find(['\r', '\n']).unwrap_or(text.len());
    let opening = range.start..range.start + opening_len;
    let info = text.get(..opening_len).unwrap_or("");
    let name = block_name(info, opening.start)?;
    let last_line_start = text.rfind('\n').map(|i| i + 1);
    let prefix = match last_line_start {
        Some(i) => closing_fence_prefix(&text[i..]),
        None => None,
    };
    let Some(prefix) = prefix else {
        return Err(
            Diagnostic::at(opening, "this archflow block is never closed")
                .with_label("close it with a line of ``` under the flow"),
        );
    };
    let after = line_end(note, range.end);
    let eol = match note.get(opening.end..).unwrap_or("").starts_with("\r\n") {
        true => "\r\n",
        false => "\n",
    };
    let eol = match note.get(range.end..after).unwrap_or("") {
        s if s.ends_with("\r\n") => "\r\n",
        s if s.ends_with('\n') => "\n",
        _ => eol,
    };
    let links = link_section(note, after, &prefix)?;
    Ok(Block {
        position,
        name,
        opening,
        source,
        pieces,
        end: after,
        eol,
        prefix,
        links,
    })
}

/// The name in an opening fence line `info` (which starts at `at`):
/// `None` for a bare `archflow`.
fn block_name(info: &str, at: usize) -> Result<Option<String>, Diagnostic> {
    let word_at = info.find(INFO_WORD).unwrap_or(0) + INFO_WORD.len();
    let rest = info.get(word_at..).unwrap_or("");
    let name = rest.trim();
    if name.is_empty() {
        return Ok(None);
    }
    let valid = name
        .chars()
        .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
    if valid {
        return Ok(Some(name.to_string()));
    }
    let start = at + word_at + (rest.len() - rest.trim_start().len());
    Err(Diagnostic::at(
        start..start + name.len(),
        format!("`{name}` cannot name an archflow block"),
    )
    .with_label("a name is letters, digits, `-` and `_`: it becomes a file name"))
}

/// What stands before the fence on a closing fence line (`line` without
/// its ending), or `None` when the line does not close a fence.
fn closing_fence_prefix(line: &str) -> Option<String> {
    let line = line.trim_end();
    let fence_char = line.chars().last().filter(|c| *c == '`' || *c == '~')?;
    let before = line.trim_end_matches(fence_char);
    let run = line.len() - before.len();
    let container = before.chars().all(|c| c == ' ' || c == '\t' || c == '>');
    (run >= 3 && container).then(|| before.to_string())
}

/// The byte after the line ending of the line holding `offset` (the text's
/// end when that line has none).
fn line_end(text: &str, offset: usize) -> usize {
    match text.get(offset..).and_then(|s| s.find('\n')) {
        Some(i) => offset + i + 1,
        None => text.len(),
    }
}

/// The generated link section that follows a block ending at `from`
/// (blank lines may stand between them).
fn link_section(note: &str, from: usize, prefix: &str) -> Result<Option<Range<usize>>, Diagnostic> {
    let mut at = from;
    while at < note.len() {
        let next = line_end(note, at);
        let line = note.get(at..next).unwrap_or("");
        let content = line.strip_prefix(prefix).unwrap_or(line).trim();
        if content.is_empty() {
            at = next;
            continue;
        }
        if !content.starts_with(MARK_START) {
            return Ok(None);
        }
        let start = at;
        while at < note.len() {
            let next = line_end(note, at);
            if note.get(at..next).unwrap_or("").contains(MARK_END) {
                return Ok(Some(start..next));
            }
            at = next;
        }
        let opening = start..start + line.trim_end().len();
        return Err(Diagnostic::at(
            opening,
            format!("this link section has no `{MARK_END}` line"),
        )
        .with_label("put the end marker back, or delete this line to make a new section"));
    }
    Ok(None)
}

/// `note` with the link section of every block in `sections` (a block and
/// its new section) put right after the block, or put over its old one.
/// Blocks not listed keep what they have.
pub fn splice(note: &str, sections: &[(&Block, String)]) -> String {
    let mut edits: Vec<(Range<usize>, String)> = sections
        .iter()
        .map(|(block, section)| match &block.links {
            Some(old) => (old.clone(), section.clone()),
            None if block.end == note.len() && !note.ends_with('\n') => {
                (block.end..block.end, format!("{}{section}", block.eol))
            }
            None => (block.end..block.end, section.clone()),
        })
        .collect();
    edits.sort_by_key(|(range, _)| range.start);
    let mut out = String::with_capacity(note.len() + edits.len() * 200);
    let mut at = 0;
    for (range, text) in edits {
        if range.start < at {
            continue;
        }
        out.push_str(note.get(at..range.start).unwrap_or(""));
        out.push_str(&text);
        at = range.end;
    }
    out.push_str(note.get(at..).unwrap_or(""));
    out
}

/// The link section of a block: its marker lines around an image link to
/// `image` (a path relative to the note) with `alt` as its text, each line
/// starting with the block's prefix and ending with its line ending.
pub fn link_section_text(block: &Block, image: &str, alt: &str) -> String {
    let (prefix, eol) = (block.prefix.as_str(), block.eol);
    let label = block.name.as_deref().unwrap_or("");
    let space = if label.is_empty() { "" } else { " " };
    format!(
        "{prefix}{MARK_START}{space}{label} (made by `archflow md` from the block above; do not edit) -->{eol}\
         {prefix}![{alt}]({image}){eol}\
         {prefix}{MARK_END}{eol}",
        alt = markdown_alt(alt),
        image = markdown_destination(image),
    )
}

/// Text that is safe inside `![...]`: one line, brackets escaped.
fn markdown_alt(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            '[' | ']' | '\\' | '<' | '>' | '*' | '_' | '`' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A link destination: in `<...>` when it holds spaces or parentheses.
fn markdown_destination(path: &str) -> String {
    if path.contains([' ', '(', ')', '<', '>']) {
        format!("<{}>", path.replace('<', "%3C").replace('>', "%3E"))
    } else {
        path.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_named_and_unnamed_blocks_in_containers() {
        let note = "# T\r\n\r\n```archflow three-tier\r\ntitle = \"a\"\r\n```\r\n\
                    - item\n\n  ```archflow\n  title = \"b\"\n  ```\n\
                    > ```archflow\n> title = \"c\"\n> ```\n";
        let (blocks, problems) = find_blocks(note);
        assert!(problems.is_empty(), "{problems:?}");
        let names: Vec<_> = blocks.iter().map(|b| b.name.clone()).collect();
        assert_eq!(names, vec![Some("three-tier".to_string()), None, None]);
        assert_eq!(blocks[0].source, "title = \"a\"\n");
        assert_eq!(blocks[0].eol, "\r\n");
        assert_eq!(blocks[1].source, "title = \"b\"\n");
        assert_eq!(blocks[1].prefix, "  ");
        assert_eq!(blocks[2].prefix, "> ");
        let at = blocks[1].note_offset(blocks[1].source.find('"').unwrap_or(0));
        assert_eq!(&note[at..at + 3], "\"b\"");
    }

    #[test]
    fn fence_like_text_is_not_a_block() {
        let note = "1. Type this:\n\n        ```archflow\n        x\n        ```\n\nsee\n    ```archflow\n";
        let (blocks, problems) = find_blocks(note);
        assert!(blocks.is_empty() && problems.is_empty());
    }

    #[test]
    fn splices_once_and_replaces_after() {
        let note = "a\n```archflow x\ntitle = \"t\"\n```";
        let (blocks, _) = find_blocks(note);
        let section = link_section_text(&blocks[0], "n-images/x.svg", "T [1]");
        let once = splice(note, &[(&blocks[0], section.clone())]);
        assert!(once.starts_with("a\n```archflow x\ntitle = \"t\"\n```\n<!-- archflow:start x"));
        assert!(once.contains("![T \\[1\\]](n-images/x.svg)\n"), "{once}");
        let (again, _) = find_blocks(&once);
        assert_eq!(splice(&once, &[(&again[0], section)]), once);
    }

    #[test]
    fn block_problems_point_into_the_note() {
        let note = "```archflow a b\n```\n```archflow x\n```\n```archflow x\n```\n```archflow\nx\n";
        let (blocks, problems) = find_blocks(note);
        assert_eq!(blocks.len(), 1);
        let messages: Vec<_> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "`a b` cannot name an archflow block",
                "two archflow blocks are named `x`",
                "this archflow block is never closed"
            ]
        );
    }
}
