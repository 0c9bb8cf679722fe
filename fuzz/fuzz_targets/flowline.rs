//! (a) The flow-line grammar: any text in, a parsed line or an error out,
//! never a panic, and every span it hands back points into the line.
#![no_main]

use archflow::internals::flowline;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let line = String::from_utf8_lossy(data);
    let line = line.as_ref();
    match flowline::parse(line) {
        Ok(parsed) => {
            assert!(parsed.lists.len() >= 2, "a chain has two lists: {line:?}");
            assert_eq!(parsed.arrows.len() + 1, parsed.lists.len(), "{line:?}");
            for list in &parsed.lists {
                assert!(!list.is_empty(), "empty list in {line:?}");
                for id in list {
                    assert!(flowline::is_valid_id(&id.text), "{:?} in {line:?}", id.text);
                    assert_eq!(
                        line.get(id.span.clone()),
                        Some(id.text.as_str()),
                        "{line:?}"
                    );
                }
            }
            for arrow in &parsed.arrows {
                let text = line
                    .get(arrow.span.clone())
                    .unwrap_or_else(|| panic!("arrow span {:?} not in {line:?}", arrow.span));
                assert!(
                    flowline::ARROWS
                        .iter()
                        .any(|(a, s, h)| *a == text && *s == arrow.style && *h == arrow.arrow),
                    "arrow {text:?} in {line:?}"
                );
            }
            if let Some((label, span)) = &parsed.label {
                assert!(!label.is_empty());
                assert_eq!(line.get(span.clone()), Some(label.as_str()), "{line:?}");
            }
        }
        Err(e) => {
            assert!(
                e.span.start <= e.span.end && e.span.end <= line.len(),
                "{e:?} {line:?}"
            );
            assert!(line.is_char_boundary(e.span.start), "{e:?} {line:?}");
            assert!(!e.message.is_empty());
        }
    }
});
