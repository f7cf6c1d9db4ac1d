//! Tests of Markdown rendering: HTML, headings, links, shortcodes and errors.

use super::*;

#[test]
fn shortcode_openers_are_found_anywhere_and_lone_braces_are_not() {
    assert!(may_have_shortcodes("{{ x() }}"));
    assert!(may_have_shortcodes("text {% x() %}body{% end %}"));
    assert!(may_have_shortcodes("ends with {{"));
    assert!(!may_have_shortcodes("a { brace } and {x} and a last {"));
    assert!(!may_have_shortcodes(""));
}

#[test]
fn count_words_counts_as_split_whitespace_does() {
    for t in [
        "",
        " ",
        "one",
        "  two  words ",
        "tab\tand\nnew\r\nlines\x0bvt\x0cff",
        "caf\u{e9} au\u{a0}lait\u{2003}x",
        "a\u{85}b",
        &"word ".repeat(300),
        &" x\ty\n".repeat(200),
        &"long".repeat(100),
    ] {
        assert_eq!(count_words(t), t.split_whitespace().count(), "{t:?}");
    }
}

#[test]
fn fill_links_replaces_every_resolved_placeholder_and_keeps_the_rest() {
    let html = format!(
        "<a href=\"{}\">a</a> <a href=\"{}\">b</a> <a href=\"{}\">c</a> href=\"dossier:link:x\"",
        link_placeholder(0),
        link_placeholder(1),
        link_placeholder(10)
    );
    let hrefs = vec![Some("/a/?x=1&y=2".to_string()), None];
    let mut all = hrefs.clone();
    all.resize(11, None);
    all[10] = Some("/c/#top".to_string());
    assert_eq!(
        fill_links(&html, &all),
        "<a href=\"/a/?x=1&amp;y=2\">a</a> <a href=\"dossier:link:1\">b</a> <a href=\"/c/#top\">c</a> href=\"dossier:link:x\""
    );
    assert_eq!(fill_links("no links", &hrefs), "no links");
}

struct Echo;
impl ShortcodeHost for Echo {
    fn render(&self, sc: &Shortcode) -> Result<String, (String, String)> {
        match sc.name.as_str() {
            "quote" => Ok(format!(
                "<blockquote class=\"pull-quote\">{:?}</blockquote>",
                sc.args["text"]
            )),
            "inline" => Ok("<em>in</em>".into()),
            other => Err((format!("unknown shortcode `{other}`"), "hint".into())),
        }
    }
}

fn md(src: &str) -> Rendered {
    let (r, errors) = render(src, RawHtml::Allow, &Echo);
    assert_eq!(errors, []);
    r
}

#[test]
fn generated_heading_ids_are_unique_and_explicit_ids_kept() {
    let r = md("## Governance\n\n## Governance\n\n### Money & risk {#money}\n");
    assert_eq!(
        r.html,
        "<h2 id=\"governance\">Governance</h2>\n<h2 id=\"governance-1\">Governance</h2>\n<h3 id=\"money\">Money &amp; risk</h3>\n"
    );
    assert_eq!(r.toc.len(), 2);
    assert_eq!(r.toc[1].children[0].id, "money");
}

#[test]
fn alerts_become_callouts() {
    let r = md("> [!WARNING]\n> Mind the gap.\n");
    assert_eq!(
        r.html,
        "<aside class=\"callout callout-warning\" role=\"note\"><p class=\"callout-title\">Warning</p>\n<p>Mind the gap.</p>\n</aside>\n"
    );
}

#[test]
fn summary_is_the_part_before_the_more_marker() {
    let r = md("First.\n\n<!-- more -->\n\nSecond.\n");
    assert_eq!(r.summary_html.as_deref(), Some("<p>First.</p>\n"));
    assert_eq!(r.html, "<p>First.</p>\n<p>Second.</p>\n");
}

#[test]
fn escape_policy_leaves_no_raw_tag() {
    let (r, _) = render(
        "<script>alert(1)</script>\n\nA <b>b</b>\n",
        RawHtml::Escape,
        &Echo,
    );
    assert!(!r.html.contains("<script>"), "{}", r.html);
    assert!(!r.html.contains("<b>"), "{}", r.html);
    assert!(r.html.contains("&lt;script&gt;"));
}

#[test]
fn internal_links_become_placeholders_with_source_offsets() {
    let src = "{{ inline() }} see [K](@/case-studies/k.md#governance).";
    let r = md(src);
    assert_eq!(r.links[0].target, "case-studies/k.md");
    assert_eq!(r.links[0].fragment.as_deref(), Some("governance"));
    assert_eq!(r.links[0].offset, src.find("[K]").unwrap());
    assert!(r.html.contains("href=\"dossier:link:0\""), "{}", r.html);
    assert!(r.html.starts_with("<p><em>in</em> see"), "{}", r.html);
}

#[test]
fn block_shortcode_replaces_its_paragraph() {
    let r = md("Intro\n\n{{ quote(text=\"Hi\") }}\n\nOutro\n");
    assert_eq!(
        r.html,
        "<p>Intro</p>\n<blockquote class=\"pull-quote\">Str(\"Hi\")</blockquote>\n<p>Outro</p>\n"
    );
}

#[test]
fn shortcodes_in_code_are_shown_not_run() {
    let r = md("`{{ nope() }}`\n\n```\n{% nope() %}\n```\n");
    assert!(r.html.contains("{{ nope() }}"));
    assert!(r.html.contains("{% nope() %}"));
}

#[test]
fn unknown_shortcode_is_an_error_at_its_offset() {
    let (_, errs) = render("Text\n{{ nope() }}\n", RawHtml::Allow, &Echo);
    assert_eq!(errs[0].offset, 5);
    assert_eq!(errs[0].message, "unknown shortcode `nope`");
}

#[test]
fn slugify_keeps_words_and_drops_punctuation() {
    assert_eq!(
        slugify("Blackburn with Darwen's Care Trust Plus!"),
        "blackburn-with-darwens-care-trust-plus"
    );
    assert_eq!(slugify("  Pooled budgets & risk "), "pooled-budgets-risk");
}

#[test]
fn table_column_alignment_is_a_class_not_an_inline_style() {
    let r = md("Intro.\n\n| Item | £m |\n| :-- | --: |\n| Pay | 1.5 |\n\n<!-- more -->\n\nMore.\n");
    assert!(
        r.html.contains("<th class=\"align-left\">Item</th>"),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("<td class=\"align-right\">1.5</td>"),
        "{}",
        r.html
    );
    assert!(!r.html.contains("style="), "{}", r.html);
    let centred = md("| a |\n| :-: |\n| b |\n");
    assert!(centred.html.contains("<td class=\"align-center\">b</td>"));
}

#[test]
fn replace_all_replaces_as_the_standard_library_does() {
    for (s, from, to) in [
        ("<table><table>", "<table>", "[t]"),
        ("aaaa", "aa", "b"),
        ("no match here", "<table>", "x"),
        ("", "a", "b"),
        ("é<table>é", "<table>", "ü"),
    ] {
        assert_eq!(super::replace_all(s, from, to), s.replace(from, to), "{s}");
    }
}
