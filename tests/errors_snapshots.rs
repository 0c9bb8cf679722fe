//! Every kind of mistake, with the exact message, place and suggestion it
//! is reported with (insta snapshots under `tests/snapshots/`).

use std::path::Path;

/// The plain-text report of an invalid flow file named `q1.toml`.
fn report(src: &str) -> String {
    report_bytes(src.as_bytes())
}

fn report_bytes(bytes: &[u8]) -> String {
    match archflow::load_source("q1.toml", bytes, Path::new(".")) {
        Ok(d) => panic!("expected errors, got a valid diagram: {d:?}"),
        Err(r) => r.render(false),
    }
}

/// `(line, column, message)` of every error.
fn locations(src: &str) -> Vec<(usize, usize, String)> {
    match archflow::load_source("q1.toml", src.as_bytes(), Path::new(".")) {
        Ok(_) => Vec::new(),
        Err(r) => r.locations(),
    }
}

#[test]
fn unknown_icon_with_suggestion() {
    let src = "title = \"t\"\nflows = []\n\n[nodes]\n\n\ncdn = { icon = \"cloudfrnt\" }\n";
    insta::assert_snapshot!(report(src));
    assert_eq!(
        locations(src),
        [(7, 16, "unknown icon `cloudfrnt`".to_string())]
    );
}

#[test]
fn unknown_icon_without_suggestion() {
    insta::assert_snapshot!(report(
        "title = \"t\"\nflows = []\n[nodes]\nx = { icon = \"quantum-computer\" }\n"
    ));
}

#[test]
fn node_without_icon_whose_id_is_no_icon() {
    insta::assert_snapshot!(report(
        "title = \"t\"\nflows = []\n[nodes]\nlamda = { label = \"worker\" }\nfrontend = {}\n"
    ));
}

#[test]
fn unknown_top_level_key() {
    insta::assert_snapshot!(report("title = \"t\"\nflow = [\"users -> s3\"]\n"));
}

#[test]
fn unknown_node_group_and_edge_keys() {
    insta::assert_snapshot!(report(
        r#"title = "t"
flows = []
[nodes]
web = { icon = "ec2", lable = "Web" }
[groups]
vpc = { kind = "vpc", parent = "x" }
[[edges]]
from = "web"
too = "vpc"
"#
    ));
}

#[test]
fn unknown_group_kind() {
    insta::assert_snapshot!(report(
        "title = \"t\"\nflows = []\n[groups]\na = { kind = \"regoin\" }\nb = { kind = \"subnet\" }\nc = { kind = \"Auto Scaling Group\" }\nd = { label = \"no kind\" }\n"
    ));
}

#[test]
fn bad_direction() {
    insta::assert_snapshot!(report("title = \"t\"\ndirection = \"rigth\"\nflows = []\n"));
}

#[test]
fn bad_style_and_arrow_words() {
    insta::assert_snapshot!(report(
        "title = \"t\"\n[[edges]]\nfrom = \"users\"\nto = \"s3\"\nstyle = \"dotted\"\narrow = \"forwards\"\n"
    ));
}

#[test]
fn in_naming_an_unknown_group() {
    insta::assert_snapshot!(report(
        "title = \"t\"\nflows = []\n[nodes]\nweb = { icon = \"ec2\", in = \"vcp\" }\n[groups]\nvpc = { kind = \"vpc\", in = \"regon\" }\nregion = { kind = \"region\" }\n"
    ));
}

#[test]
fn in_naming_a_node() {
    insta::assert_snapshot!(report(
        "title = \"t\"\nflows = []\n[nodes]\nalb = { icon = \"alb\" }\nweb = { icon = \"ec2\", in = \"alb\" }\n"
    ));
}

#[test]
fn group_cycle_through_in() {
    insta::assert_snapshot!(report(
        r#"title = "t"
flows = []
[groups]
cloud  = { kind = "aws-cloud", in = "vpc" }
region = { kind = "region", in = "cloud" }
vpc    = { kind = "vpc", in = "region" }
self   = { kind = "generic", in = "self" }
"#
    ));
}

#[test]
fn id_both_node_and_group() {
    insta::assert_snapshot!(report(
        "title = \"t\"\nflows = []\n[groups]\nvpc = { kind = \"vpc\" }\n[nodes]\nvpc = { icon = \"vpc\" }\n"
    ));
}

#[test]
fn edge_to_unknown_id() {
    insta::assert_snapshot!(report(
        r#"title = "t"
flows = ["users -> webb", "web -> databse"]
[nodes]
web = { icon = "ec2" }
[[edges]]
from = ["web", "cach"]
to = "xyzzy"
"#
    ));
}

#[test]
fn top_level_key_after_a_table() {
    insta::assert_snapshot!(report(
        r#"[groups]
vpc = { kind = "vpc" }
title = "t"
flows = ["users -> s3"]

[nodes.web]
icon = "ec2"
direction = "down"
"#
    ));
}

#[test]
fn dangling_arrow() {
    let src = "title = \"t\"\nflows = [\"users -> \", \"-> s3\"]\n";
    insta::assert_snapshot!(report(src));
    assert_eq!(locations(src)[0].1, 17);
}

#[test]
fn empty_label_after_colon() {
    insta::assert_snapshot!(report("title = \"t\"\nflows = [\"users -> s3 :   \"]\n"));
}

#[test]
fn empty_label_in_a_table() {
    insta::assert_snapshot!(report(
        "title = \"\"\nflows = []\n[nodes]\ncdn = { icon = \"cloudfront\", label = \"\" }\n[groups]\nvpc = { kind = \"vpc\", label = \" \" }\n[[edges]]\nfrom = \"cdn\"\nto = \"s3\"\nlabel = \"\"\n"
    ));
}

#[test]
fn bad_arrows() {
    insta::assert_snapshot!(report(
        "title = \"t\"\nflows = [\"users => s3\", \"a --> b\", \"a <=> b\", \"a ...> b\", \"a - b\"]\n"
    ));
}

#[test]
fn missing_ids_and_bad_characters_in_flow_lines() {
    insta::assert_snapshot!(report(
        "title = \"t\"\nflows = [\"users,, s3 -> sqs\", \"users, -> s3\", \"users -> s3,\", \"users s3 -> sqs\", \"users -> s3.bucket\", \"users\", \"\", \"users -> my/app\"]\n"
    ));
}

#[test]
fn ids_inside_escaped_strings_are_found_exactly() {
    let src = "title = \"t\"\nflows = [\"\\u0075sers -> \\\"s3\\\" -> lamda\"]\n";
    insta::assert_snapshot!(report(src));
}

#[test]
fn ids_inside_multiline_strings_are_found_exactly() {
    let src = "title = \"t\"\nflows = [\"\"\"\nusers -> \\\n    lamda\"\"\"]\n";
    insta::assert_snapshot!(report(src));
    assert_eq!(locations(src)[0].0, 4);
    assert_eq!(locations(src)[0].1, 5);
}

#[test]
fn not_utf8() {
    insta::assert_snapshot!(report_bytes(b"title = \"caf\xe9\"\nflows = []\n"));
}

#[test]
fn binary_garbage() {
    // A fixed, pseudo-random run of bytes (xorshift), with NULs and high bytes.
    let mut x: u32 = 0x1234_5678;
    let bytes: Vec<u8> = (0..4096)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 24) as u8
        })
        .collect();
    insta::assert_snapshot!(report_bytes(&bytes));
    // Valid UTF-8 with control characters is not TOML either.
    insta::assert_snapshot!(
        "binary_garbage_utf8",
        report_bytes(b"\x00\x01\x02title\x7f = 1\n")
    );
}

#[test]
fn empty_file() {
    insta::assert_snapshot!(report(""));
}

#[test]
fn only_comments_and_whitespace() {
    insta::assert_snapshot!(report("# nothing here\n\n   \n"));
}

#[test]
fn not_toml() {
    insta::assert_snapshot!(report(
        "title = \"t\"\nflows = [\"users -> s3\"\n[nodes]\nweb = { icon = ec2 }\n"
    ));
    insta::assert_snapshot!(
        "not_toml_markdown",
        report("# My diagram\n\n- users -> s3\n")
    );
}

#[test]
fn duplicate_keys() {
    insta::assert_snapshot!(report(
        "title = \"t\"\nflows = []\n[nodes]\nweb = { icon = \"ec2\" }\nweb = { icon = \"lambda\" }\n"
    ));
}

#[test]
fn file_of_ten_megabytes() {
    let mut big = String::from("title = \"t\"\nflows = []\n");
    while big.len() < 10 * 1024 * 1024 {
        big.push_str("# padding padding padding padding padding padding padding padding\n");
    }
    insta::assert_snapshot!(report(&big));
}

#[test]
fn missing_title() {
    insta::assert_snapshot!(report("flows = [\"users -> s3\"]\n"));
}

#[test]
fn missing_flows() {
    insta::assert_snapshot!(report("title = \"t\"\n[nodes]\nweb = { icon = \"ec2\" }\n"));
}

#[test]
fn wrong_types() {
    insta::assert_snapshot!(report(
        r#"title = 42
subtitle = ["a"]
direction = true
flows = "users -> s3"
nodes = 3
groups = "vpc"
edges = { from = "a" }
"#
    ));
    insta::assert_snapshot!(
        "wrong_types_inside",
        report(
            r#"title = "t"
flows = ["users -> s3", 7]
[nodes]
web = "ec2"
api = { icon = 1, label = 2, in = 3 }
[groups]
vpc = "vpc"
[[edges]]
from = []
to = 5
"#
        )
    );
}

#[test]
fn invalid_declared_ids() {
    insta::assert_snapshot!(report(
        "title = \"t\"\nflows = []\n[nodes]\n\"my web\" = { icon = \"ec2\" }\n[groups]\n\"a.b\" = { kind = \"vpc\" }\n"
    ));
}

#[test]
fn custom_icon_problems() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("bad.svg"), "this is not svg").expect("write");
    std::fs::write(dir.path().join("bad.png"), "this is not png").expect("write");
    let src = "title = \"t\"\nflows = []\n[nodes]\na = { icon = \"./missing.svg\" }\nb = { icon = \"bad.svg\" }\nc = { icon = \"bad.png\" }\n";
    let text = match archflow::load_source("q1.toml", src.as_bytes(), dir.path()) {
        Ok(_) => panic!("expected errors"),
        Err(r) => r.render(false),
    };
    insta::assert_snapshot!(text);
}

#[test]
fn every_error_of_a_file_at_once() {
    let src = r#"title = "CloudFront in front of S3"
direction = "diagonal"
flows = [
  "users -> dns -> cdn",
  "cdn => alb",
  "web -> dbb",
]
[nodes]
users = { icon = "users" }
dns   = { icon = "route53", label = "" }
cdn   = { icon = "cloudfrnt" }
alb   = { icon = "alb", in = "vcp" }
web   = { icon = "ec2", in = "asg" }
[groups]
vpc = { kind = "vpc", in = "vpc" }
asg = { kind = "asg", in = "vpc" }
"#;
    insta::assert_snapshot!(report(src));
    let lines: Vec<usize> = locations(src).iter().map(|l| l.0).collect();
    assert_eq!(lines, [2, 5, 6, 10, 11, 12, 15, 16]);
}

#[test]
fn colour_only_on_request() {
    let src = "title = \"t\"\nflows = [\"users -> s4\"]\n";
    let r = archflow::load_source("q1.toml", src.as_bytes(), Path::new(".")).expect_err("invalid");
    assert!(!r.render(false).contains('\x1b'));
    assert!(r.render(true).contains('\x1b'));
}

#[test]
fn near_miss_edge_style_suggests_the_word() {
    insta::assert_snapshot!(report(
        "title = \"t\"\n[[edges]]\nfrom = \"users\"\nto = \"s3\"\nstyle = \"negate\"\n"
    ));
}

/// What users of other diagram tools write (Mermaid's `TB`, Graphviz's
/// `dotted`, an `az` group, a `parent` key) is not accepted, but the error
/// names the flow format's word for it.
#[test]
fn other_tools_words_get_the_flow_format_word() {
    let src = r#"title = "t"
direction = "TB"
flows = []
[nodes]
web = { icon = "ec2", parent = "az1", type = "ec2" }
[groups]
az1 = { kind = "az", parent = "vpc" }
sub = { kind = "subnet", type = "private" }
[[edges]]
source = "web"
to = "sub"
style = "dotted"
arrow = "bidirectional"
"#;
    insta::assert_snapshot!(report(src));
    let labels: Vec<String> = locations(src)
        .into_iter()
        .map(|(l, c, m)| format!("{l}:{c} {m}"))
        .collect();
    assert_eq!(
        labels,
        [
            "2:13 unknown direction `TB`",
            "5:23 unknown node key `parent`",
            "5:39 unknown node key `type`",
            "7:16 unknown group kind `az`",
            "7:22 unknown group key `parent`",
            "8:16 unknown group kind `subnet`",
            "8:26 unknown group key `type`",
            "9:1 edge has no `from`",
            "10:1 unknown edge key `source`",
            "12:9 unknown line style `dotted`",
            "13:9 unknown arrow `bidirectional`",
        ]
    );
}

/// A `"` inside a double-quoted string (a quoted word in a label) ends the
/// string; the error points at that quote and shows both ways to write one.
#[test]
fn quote_inside_a_string() {
    insta::assert_snapshot!(report(
        "title = \"t\"\nflows = [\n  \"client -> api : \"GET /orders\"\",\n]\n"
    ));
    assert_eq!(
        locations("title = \"Say \"hi\" now\"\nflows = []\n"),
        [(
            1,
            14,
            "not valid TOML: a `\"` inside a string ends the string".to_string()
        )]
    );
    assert_eq!(
        locations("title = \"t\"\nflows = []\n[nodes]\napi = { label = \"The \"API\" gw\" }\n"),
        [(
            4,
            22,
            "not valid TOML: a `\"` inside a string ends the string".to_string()
        )]
    );
}

/// Korean ids must be quoted as TOML keys (flow-format.md says so); the
/// error says how, and a key with a space gets the id it could be.
#[test]
fn unquoted_korean_id_and_id_with_a_space() {
    insta::assert_snapshot!(report(
        "title = \"한글\"\nflows = [\"사용자 -> 서버\"]\n\n[nodes]\n사용자 = { icon = \"users\" }\n"
    ));
    insta::assert_snapshot!(report(
        "title = \"t\"\nflows = []\n[nodes]\nweb server = { icon = \"ec2\" }\n"
    ));
}
