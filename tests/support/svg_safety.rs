//! One reading of "an SVG carries nothing active and nothing from outside
//! itself", shared by the hardening tests and the `pipeline` fuzz target
//! (which includes this file by path).

/// The SVG parses and carries nothing active and nothing from outside:
/// no script, style, foreign object, frame or link element, no event
/// attribute, no `javascript:`, and every reference (`href`, `url()`) is
/// inside the file or a data image. Panics naming what it found.
#[allow(dead_code)]
pub fn assert_safe_svg(svg: &str) {
    let doc = roxmltree::Document::parse(svg)
        .unwrap_or_else(|e| panic!("not well-formed XML: {e}\n{}", &svg[..svg.len().min(2000)]));
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        assert!(
            ![
                "script",
                "foreignObject",
                "iframe",
                "object",
                "embed",
                "style",
                "a"
            ]
            .contains(&name),
            "<{name}> in the SVG"
        );
        for attr in node.attributes() {
            let an = attr.name().to_ascii_lowercase();
            let v = attr.value().trim();
            assert!(!an.starts_with("on"), "event attribute {an}=\"{v}\"");
            if an == "href" {
                assert!(
                    v.starts_with('#') || v.starts_with("data:image/"),
                    "reference outside the file: {an}=\"{v}\""
                );
            }
            if an.starts_with("aria-") {
                // Words for screen readers: any text at all is fine.
                continue;
            }
            let lv = v.to_ascii_lowercase();
            assert!(!lv.contains("javascript:"), "{an}=\"{v}\"");
            if let Some(i) = lv.find("url(") {
                let inner = lv[i + 4..].trim_start_matches(['\'', '"', ' ']);
                assert!(inner.starts_with('#'), "external url(): {an}=\"{v}\"");
            }
        }
    }
}
