//! Tests of the search index's JSON and text cutting.

use super::*;
use crate::markdown::truncate_chars;

#[test]
fn search_text_is_cut_at_a_number_of_characters_not_bytes() {
    assert_eq!(truncate_chars("abcdef", 4), "abcd");
    assert_eq!(truncate_chars("abcd", 4), "abcd");
    assert_eq!(truncate_chars("", 4), "");
    // Five characters, seven bytes: short enough.
    assert_eq!(truncate_chars("éabcé", 5), "éabcé");
    assert_eq!(truncate_chars("éabcé", 4), "éabc");
    assert_eq!(truncate_chars("abcé…xyz", 5), "abcé…");
    assert_eq!(truncate_chars("abc", 0), "");
    // Across blocks, with characters of one to four bytes.
    let text = "a é – 😀 ".repeat(300);
    for limit in (0..1400).step_by(7) {
        let expected = match text.char_indices().nth(limit) {
            Some((i, _)) => &text[..i],
            None => &text[..],
        };
        assert_eq!(truncate_chars(&text, limit), expected, "limit {limit}");
    }
}

#[test]
fn search_details_are_the_json_serde_json_writes() {
    let every_ascii: String = (0u8..0x80).map(char::from).collect();
    let texts = [
        String::new(),
        "plain words".to_string(),
        every_ascii.clone(),
        format!("{every_ascii}{every_ascii}"),
        "quotes \" and back\\slashes, a tab\t and a bell\u{7} mid-run".repeat(3),
        "Ünïcödé — “smart” quotes, 日本語, emoji 🙂, then \"\n".repeat(5),
        "sixteen bytes ok\"sixteen bytes ok\\".to_string(),
    ];
    for text in &texts {
        let mut mine = String::new();
        json_string(&mut mine, text);
        assert_eq!(mine, serde_json::to_string(text).unwrap(), "{text:?}");
    }
    for summary in [None, Some("A \"summary\"")] {
        let entry = SearchEntry {
            title: "Joint \"Director\" of Finance",
            url: "/case-studies/a/".to_string(),
            kind: "case-study",
            summary,
            text: &texts[4],
            terms: vec!["finance", "joint\u{1}"],
        };
        let details = (entry.title, &entry.url, entry.kind, entry.summary);
        assert_eq!(
            entry.index(&Default::default()).details,
            serde_json::to_string(&details).unwrap()
        );
    }
}
