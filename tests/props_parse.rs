//! Property tests: whatever bytes or TOML-ish text `load_source` is given,
//! it returns a diagram or a report, and never panics; every report's
//! places are inside the text.

use std::path::Path;

use proptest::prelude::*;

fn check(bytes: &[u8]) {
    match archflow::load_source("p.toml", bytes, Path::new("/nonexistent")) {
        Ok(d) => {
            for e in &d.edges {
                let _ = d.endpoint_id(e.from);
                let _ = d.endpoint_id(e.to);
            }
            for g in 0..d.groups.len() {
                assert!(d.group_depth(g) <= archflow::limits::MAX_GROUP_DEPTH);
            }
        }
        Err(report) => {
            assert!(!report.diagnostics.is_empty());
            let lines = report.source.lines().count().max(1);
            for (line, col, message) in report.locations() {
                assert!(line <= lines + 1, "line {line} of {lines}: {message}");
                assert!(line > 0 || col == 0);
                assert!(!message.is_empty());
            }
            let _ = report.render(true);
            let _ = report.render(false);
        }
    }
}

fn id() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("users".to_string()),
        Just("s3".to_string()),
        Just("cdn".to_string()),
        Just("vpc".to_string()),
        Just("R53".to_string()),
        Just("가나".to_string()),
        "[a-z_-]{0,6}",
        "\\PC{0,4}",
    ]
}

fn arrow() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("->"),
        Just("<->"),
        Just("--"),
        Just("..>"),
        Just("<..>"),
        Just(".."),
        Just("=>"),
        Just("-->"),
        Just(","),
        Just(":"),
        Just(" "),
        Just(""),
    ]
    .prop_map(str::to_string)
}

fn flow_line() -> impl Strategy<Value = String> {
    proptest::collection::vec((id(), arrow()), 0..6).prop_map(|parts| {
        parts
            .into_iter()
            .map(|(i, a)| format!("{i} {a} "))
            .collect::<String>()
    })
}

/// A TOML string literal of any text (escaped so it stays one string).
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        id().prop_map(|s| quoted(&s)),
        flow_line().prop_map(|s| quoted(&s)),
        Just("42".to_string()),
        Just("true".to_string()),
        Just("[]".to_string()),
        Just("{}".to_string()),
        Just("\"\"".to_string()),
        Just("\"./x.svg\"".to_string()),
        Just("\"../../etc/passwd.png\"".to_string()),
        Just("\"down\"".to_string()),
        Just("\"vpc\"".to_string()),
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("title"),
        Just("subtitle"),
        Just("direction"),
        Just("flows"),
        Just("icon"),
        Just("label"),
        Just("in"),
        Just("kind"),
        Just("from"),
        Just("to"),
        Just("style"),
        Just("arrow"),
        Just("users"),
        Just("vpc"),
        Just("s3"),
        Just("x"),
    ]
    .prop_map(str::to_string)
}

fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        (key(), value()).prop_map(|(k, v)| format!("{k} = {v}")),
        (key(), key(), value()).prop_map(|(k, k2, v)| format!("{k} = {{ {k2} = {v} }}")),
        proptest::collection::vec(flow_line(), 0..4).prop_map(|ls| {
            let items: Vec<String> = ls.iter().map(|l| quoted(l)).collect();
            format!("flows = [{}]", items.join(", "))
        }),
        Just("[nodes]".to_string()),
        Just("[groups]".to_string()),
        Just("[[edges]]".to_string()),
        key().prop_map(|k| format!("[nodes.{k}]")),
        key().prop_map(|k| format!("[groups.{k}]")),
        "\\PC{0,20}",
    ]
}

fn document() -> impl Strategy<Value = String> {
    proptest::collection::vec(line(), 0..14).prop_map(|lines| lines.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        check(&bytes);
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        check(text.as_bytes());
    }

    #[test]
    fn toml_ish_documents_never_panic(doc in document()) {
        check(doc.as_bytes());
    }

    #[test]
    fn valid_prefix_with_random_flows_never_panics(lines in proptest::collection::vec(flow_line(), 0..8)) {
        let items: Vec<String> = lines.iter().map(|l| quoted(l)).collect();
        let doc = format!(
            "title = \"t\"\nflows = [{}]\n[nodes]\ncdn = {{ icon = \"cloudfront\" }}\n[groups]\nvpc = {{ kind = \"vpc\" }}\n",
            items.join(",\n")
        );
        check(doc.as_bytes());
    }

    #[test]
    fn flow_lines_parse_or_fail_inside_their_text(line in "[ a-z0-9,:<>.=_-]{0,40}") {
        match archflow::internals::flowline::parse(&line) {
            Ok(parsed) => {
                for list in &parsed.lists {
                    for id in list {
                        prop_assert_eq!(line.get(id.span.clone()), Some(id.text.as_str()));
                    }
                }
            }
            Err(e) => {
                prop_assert!(e.span.end <= line.len());
                prop_assert!(line.get(e.span.clone()).is_some());
            }
        }
    }
}
