//! Tests of the split search index: postings, chunks, fragments, order.

use super::*;
use crate::output::Memory;
use serde_json::Value;

fn page(title: &str, summary: Option<&str>, text: &str, terms: &[&str]) -> IndexedPage {
    IndexedPage::new(title, &format!("/{title}/"), "page", summary, text, terms)
}

fn written(pages: &[IndexedPage]) -> Memory {
    let mut memory = Memory::default();
    write_search_index(pages, &mut memory).unwrap();
    memory
}

fn json(memory: &Memory, file: &str) -> Value {
    serde_json::from_slice(&memory.files[file]).unwrap()
}

/// Postings decoded as `search.js` decodes them: (page, field bits).
fn decode(postings: &str) -> Vec<(u64, u8)> {
    let mut out = Vec::new();
    let (mut page, mut n) = (-1i64, 0u64);
    for b in postings.bytes() {
        let d = DIGITS.iter().position(|&x| x == b).unwrap() as u64;
        n = n * 32 + (d & 31);
        if d >= 32 {
            page += (n >> 4) as i64;
            out.push((page as u64, (n & 15) as u8));
            n = 0;
        }
    }
    out
}

/// Every word of the index with its postings, across chunks, in order.
fn all_words(memory: &Memory) -> Vec<(String, String)> {
    let toc = json(memory, "search/index.json");
    let chunks = toc["chunks"].as_array().unwrap();
    let mut out = Vec::new();
    for (k, first) in chunks.iter().enumerate() {
        let chunk = json(memory, &format!("search/words/{k}.json"));
        let entries = chunk.as_array().unwrap();
        assert_eq!(
            &entries[0][0], first,
            "chunk {k} starts with its listed word"
        );
        for e in entries {
            out.push((
                e[0].as_str().unwrap().to_string(),
                e[1].as_str().unwrap().to_string(),
            ));
        }
    }
    out
}

#[test]
fn postings_name_each_page_a_word_is_in_and_the_fields_it_is_in() {
    let mut pages = vec![
        page(
            "Pooled budgets",
            Some("About pooling."),
            "Budgets are pooled.",
            &["Finance"],
        ),
        page("Other", None, "Nothing here.", &[]),
    ];
    // Far pages: gaps of more than one digit.
    for i in 0..2000 {
        pages.push(page(&format!("p{i}"), None, "filler", &[]));
    }
    pages.push(page("Late", None, "pooled again", &["finance"]));
    let memory = written(&pages);
    let words: BTreeMap<String, String> = all_words(&memory).into_iter().collect();
    assert_eq!(decode(&words["pooled"]), [(0, TITLE | TEXT), (2002, TEXT)]);
    assert_eq!(decode(&words["finance"]), [(0, TERMS), (2002, TERMS)]);
    assert_eq!(decode(&words["pooling"]), [(0, SUMMARY)]);
    assert_eq!(decode(&words["here"]), [(1, TEXT)]);
    assert_eq!(decode(&words["filler"]).len(), 2000);
    assert_eq!(decode(&words["filler"])[1999], (2001, TEXT));
}

#[test]
fn words_are_sorted_and_cut_into_chunks_no_larger_than_the_bound() {
    let pages: Vec<IndexedPage> = (0..300)
        .map(|i| {
            page(
                &format!("t{i}"),
                None,
                &format!("w{i}a w{i}b w{i}c common"),
                &[],
            )
        })
        .collect();
    let memory = written(&pages);
    let words = all_words(&memory);
    assert!(
        words.windows(2).all(|w| w[0].0 < w[1].0),
        "sorted, no repeats"
    );
    let chunks = memory
        .files
        .keys()
        .filter(|f| f.starts_with("search/words/"))
        .count();
    assert!(chunks > 1, "{chunks} chunks");
    for (name, bytes) in &memory.files {
        if name.starts_with("search/words/") {
            assert!(bytes.len() <= CHUNK_BYTES, "{name}: {} bytes", bytes.len());
        }
    }
    // 300 titles, three words of each text and "common".
    assert_eq!(words.len(), 300 + 300 * 3 + 1);
}

#[test]
fn a_word_on_more_pages_than_a_chunk_holds_has_a_chunk_of_its_own() {
    let pages: Vec<IndexedPage> = (0..40_000)
        .map(|i| {
            page(
                "t",
                None,
                if i % 2 == 0 { "every other" } else { "the" },
                &[],
            )
        })
        .collect();
    let memory = written(&pages);
    let toc = json(&memory, "search/index.json");
    assert_eq!(
        toc["chunks"],
        serde_json::json!(["every", "other", "t", "the"])
    );
    assert!(memory.files["search/words/0.json"].len() > CHUNK_BYTES);
}

#[test]
fn page_details_come_a_few_pages_to_a_fragment_in_page_order() {
    let pages: Vec<IndexedPage> = (0..PER_FRAGMENT * 2 + 3)
        .map(|i| {
            page(
                &format!("t{i}"),
                (i == 1).then_some("A \"summary\""),
                "x",
                &[],
            )
        })
        .collect();
    let memory = written(&pages);
    let toc = json(&memory, "search/index.json");
    assert_eq!(toc["pages"], pages.len());
    assert_eq!(toc["per_fragment"], PER_FRAGMENT);
    let last = json(&memory, "search/pages/2.json");
    assert_eq!(last.as_array().unwrap().len(), 3);
    assert_eq!(
        json(&memory, "search/pages/0.json")[1],
        serde_json::json!(["t1", "/t1/", "page", "A \"summary\""])
    );
    assert_eq!(
        last[2],
        serde_json::json!([
            format!("t{}", PER_FRAGMENT * 2 + 2),
            format!("/t{}/", PER_FRAGMENT * 2 + 2),
            "page",
            null
        ])
    );
    assert!(!memory.files.contains_key("search/pages/3.json"));
}

#[test]
fn the_same_pages_give_the_same_bytes() {
    let pages: Vec<IndexedPage> = (0..500)
        .map(|i| {
            page(
                &format!("Title {i}"),
                None,
                &format!("word{} shared café {i}", i % 37),
                &["x"],
            )
        })
        .collect();
    // Each index has its own hash map, with its own random order.
    let (a, b) = (written(&pages), written(&pages));
    assert_eq!(a.files, b.files);
}

#[test]
fn an_index_that_is_off_writes_nothing() {
    let mut memory = Memory::default();
    let mut index = SearchIndex::new(false);
    index.push(&page("t", None, "x", &[]), &mut memory).unwrap();
    index.end(&mut memory).unwrap();
    assert!(memory.files.is_empty());
}

use std::collections::BTreeMap;

#[test]
fn the_edition_changes_with_any_word_or_detail() {
    let edition =
        |pages: &[IndexedPage]| json(&written(pages), "search/index.json")["edition"].clone();
    let one = [page("Title", None, "some text", &[])];
    let word = [page("Title", None, "some texts", &[])];
    let detail = [page("Title", Some("A summary"), "some text", &[])];
    assert_eq!(edition(&one), edition(&one));
    assert_ne!(edition(&one), edition(&word));
    assert_ne!(edition(&one), edition(&detail));
}
