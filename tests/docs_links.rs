//! Every relative link and image of the project's Markdown — the README,
//! `docs/`, the icons' pages and the other READMEs — resolves to a file
//! inside the repository, so the pages work in a clone and on a code host;
//! a `#fragment` into a Markdown page names one of its headings.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

#[path = "support/docs_pages.rs"]
mod docs_pages;
use docs_pages::{markdown_under, root};

/// The Markdown pages whose links are checked.
fn pages() -> Vec<PathBuf> {
    let mut out = vec![
        root().join("README.md"),
        root().join("icons/README.md"),
        root().join("icons/STYLE.md"),
    ];
    for optional in [
        "scenarios/README.md",
        "fonts/README.md",
        "fuzz/README.md",
        "BENCHMARKS.md",
    ] {
        let page = root().join(optional);
        if page.is_file() {
            out.push(page);
        }
    }
    out.extend(markdown_under(&root().join("docs")));
    out
}

/// The text of a page with fenced code blocks and inline code spans
/// blanked out (a link written as code is not a link), keeping lines.
fn prose(markdown: &str) -> String {
    let mut out = String::new();
    let mut in_fence = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            out.push('\n');
            continue;
        }
        if !in_fence {
            let mut in_code = false;
            for c in line.chars() {
                if c == '`' {
                    in_code = !in_code;
                }
                out.push(if in_code || c == '`' { ' ' } else { c });
            }
        }
        out.push('\n');
    }
    out
}

/// Every link target of a page, with its line: Markdown `[..](target)`
/// and `![..](target)`, reference definitions `[..]: target`, and HTML
/// `src="target"` and `href="target"`.
fn links(markdown: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in prose(markdown).lines().enumerate() {
        let mut rest = line;
        while let Some(at) = rest.find("](") {
            let after = &rest[at + 2..];
            let end = after.find(')').unwrap_or(after.len());
            let target = after[..end].split_whitespace().next().unwrap_or("");
            out.push((n + 1, target.trim_matches(['<', '>']).to_string()));
            rest = &after[end..];
        }
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') && !trimmed.starts_with("[[") {
            if let Some((_, target)) = trimmed.split_once("]: ") {
                let target = target.split_whitespace().next().unwrap_or("");
                out.push((n + 1, target.to_string()));
            }
        }
        for attr in ["src=\"", "href=\""] {
            let mut rest = line;
            while let Some(at) = rest.find(attr) {
                let after = &rest[at + attr.len()..];
                let end = after.find('"').unwrap_or(after.len());
                out.push((n + 1, after[..end].to_string()));
                rest = &after[end..];
            }
        }
    }
    out
}

/// The anchors a code host gives the headings of a Markdown page.
fn heading_anchors(markdown: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut in_fence = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        }
        if in_fence || !line.starts_with('#') {
            continue;
        }
        let text = line.trim_start_matches('#').trim();
        let slug: String = text
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
            .map(|c| if c == ' ' { '-' } else { c })
            .collect();
        let mut anchor = slug.clone();
        let mut n = 1;
        while seen.contains(&anchor) {
            anchor = format!("{slug}-{n}");
            n += 1;
        }
        seen.insert(anchor);
    }
    seen
}

/// `path` with `.` and `..` folded away, without touching the disk.
fn normalise(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    Some(out)
}

/// Why `target`, linked from `page`, does not resolve; `None` when it does
/// (or when it leaves the repository on purpose, as a web address).
fn broken(page: &Path, target: &str) -> Option<String> {
    if target.is_empty() {
        return Some("an empty link".to_string());
    }
    if target.contains("://") || target.starts_with("mailto:") {
        return None;
    }
    let (path_part, fragment) = match target.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (target, None),
    };
    let path_part = path_part
        .split('?')
        .next()
        .unwrap_or("")
        .replace("%20", " ");
    let file = if path_part.is_empty() {
        page.to_path_buf()
    } else if path_part.starts_with('/') {
        return Some("an absolute path (write it relative to the page)".to_string());
    } else {
        page.parent().expect("a page's folder").join(&path_part)
    };
    let root = root();
    let Some(file) = normalise(&file).filter(|f| f.starts_with(&root)) else {
        return Some("points outside the repository".to_string());
    };
    if file.starts_with(root.join("target")) {
        return Some("points into target/, which is not committed".to_string());
    }
    if !file.exists() {
        return Some("no such file in the repository".to_string());
    }
    let fragment = fragment.filter(|f| !f.is_empty())?;
    if file.extension().is_some_and(|e| e == "md") {
        let text = std::fs::read_to_string(&file).expect("a linked page");
        if !heading_anchors(&text).contains(fragment) {
            return Some(format!("`#{fragment}` is no heading of that page"));
        }
    }
    None
}

#[test]
fn every_relative_link_resolves_inside_the_repository() {
    let mut problems = Vec::new();
    let mut count = 0;
    for page in pages() {
        let text = std::fs::read_to_string(&page)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", page.display()));
        let shown = page
            .strip_prefix(root())
            .unwrap_or(&page)
            .display()
            .to_string();
        for (line, target) in links(&text) {
            count += 1;
            if let Some(why) = broken(&page, &target) {
                problems.push(format!("{shown}:{line}: `{target}`: {why}"));
            }
        }
    }
    assert!(
        count > 50,
        "only {count} links found: is the link reader broken?"
    );
    assert!(
        problems.is_empty(),
        "broken links:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_readme_links_the_docs() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let targets: Vec<String> = links(&readme).into_iter().map(|(_, t)| t).collect();
    for page in [
        "docs/README.md",
        "docs/flow-format.md",
        "docs/cli.md",
        "docs/layout-json.md",
    ] {
        assert!(
            targets.iter().any(|t| t == page),
            "README.md does not link {page}"
        );
    }
}

#[test]
fn the_link_reader_finds_what_a_code_host_shows() {
    let page = "See [the format](docs/flow-format.md#keys) and ![a](images/a.png).\n\
                `[not](a-link.md)`\n\
                ```\n[nor](this.md)\n```\n\
                <a href=\"x.svg\"><img src=\"x.png\" width=\"9\"></a>\n\
                [ref]: other.md\n";
    let found: Vec<String> = links(page).into_iter().map(|(_, t)| t).collect();
    assert_eq!(
        found,
        [
            "docs/flow-format.md#keys",
            "images/a.png",
            "x.png",
            "x.svg",
            "other.md"
        ]
    );
    let anchors = heading_anchors("# The flow format (v1.1)\n## `[nodes]`\n## Keys\n## Keys\n");
    let expected: BTreeSet<String> = ["the-flow-format-v11", "nodes", "keys", "keys-1"]
        .into_iter()
        .map(String::from)
        .collect();
    assert_eq!(anchors, expected);
}

#[test]
fn no_page_names_a_path_beside_the_repository() {
    // Paths such as `../shared/spec/...` were the author's machine, not
    // the reader's: even written as code they point nowhere in a clone.
    for page in pages() {
        let text = std::fs::read_to_string(&page).expect("a page");
        for (n, line) in text.lines().enumerate() {
            assert!(
                !line.contains("../shared/"),
                "{}:{}: `../shared/` is outside the repository",
                page.display(),
                n + 1
            );
        }
    }
}
