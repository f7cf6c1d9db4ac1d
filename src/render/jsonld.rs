//! JSON-LD that is safe to place inside `<script type="application/ld+json">`
//! (each product makes its own structured data: `roles::view` the
//! schema.org `JobPosting` of an open vacancy).

use serde_json::Value;

/// Serialise JSON so that it cannot end a `<script>` element.
pub(crate) fn script_safe(value: &Value) -> String {
    let text = serde_json::to_string(value).expect("JSON values serialise");
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn script_safe_json_cannot_close_the_script_element() {
        let v = json!({ "t": "</script><script>alert(1)</script> & <!--" });
        let s = script_safe(&v);
        assert!(
            !s.contains('<') && !s.contains('>') && !s.contains('&'),
            "{s}"
        );
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }
}
