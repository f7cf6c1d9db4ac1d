//! The benchmark corpus: a deterministic generator of large projects, written
//! as a dossier project and, optionally, as the same text for Hugo.
//!
//! ```sh
//! cargo run --release --example corpus -- DIR N [--hugo HUGO_DIR] [--seed S] [--meeting PAPERS] [--confidential] [--meetings M [--papers P] [--roles R]]
//! ```
//!
//! Same N and seed give the same bytes on every machine: the only source of
//! variety is a small seeded generator (splitmix64), and each page is drawn
//! from its own stream (seed, page number), so page 17 of a 1,000-page corpus
//! is the same text as page 17 of a 10,000-page one, apart from the targets
//! of its links (drawn below N).
//!
//! Each page lives in one of ten sections and has 600 to 1,200 words:
//! headings, paragraphs with emphasis, bullet and numbered lists, a table,
//! footnotes, two to four links to other pages (some to a heading), and front
//! matter with a date, a description and two taxonomies (themes, regions).
//! The Hugo project gets the same Markdown, with `@/path.md` links written as
//! `relref` shortcodes, and templates that produce what dossier's default
//! theme produces: pages with breadcrumbs, contents, topics and previous/next
//! links; section listings; taxonomy and term pages; a sitemap; one feed with
//! the full text of the 20 most recent pages; a search index with the first
//! 3,000 characters of each page; robots.txt and a 404.
//!
//! `--meeting PAPERS` also writes a board meeting (`content/meetings/board.toml`)
//! with PAPERS board papers on its agenda, each four sections of five
//! paragraphs and a table: the board pack benchmark (`dossier pack meeting
//! board`; 30 papers make about 160 pages).
//!
//! `--confidential` also writes a confidential board paper
//! (`content/papers/confidential.md`, five sections of five paragraphs), so
//! that the public build runs its leak guard over every file: the leak-guard
//! benchmark (build with and without it).
//!
//! `--meetings M [--papers P] [--roles R]` also writes a body's archive: M
//! monthly meetings from January 2023 (`content/meetings/archive-YYYY-MM.toml`),
//! each with P papers on its agenda (default 25; the first of each is
//! confidential), and R vacancies with a joint appointment each
//! (`content/roles/archive-role-NNN.toml`), whose candidate packs are
//! typeset: the archive benchmark (`scripts/bench --only archive`).
//!
//! This is a benchmark tool, not part of dossier: it uses only the standard
//! library, so it builds with nothing added.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

const SECTIONS: usize = 10;
const DEFAULT_SEED: u64 = 0x0d05_51e4;

const SECTION_NAMES: [&str; SECTIONS] = [
    "Board papers",
    "Briefings",
    "Committee reports",
    "Consultations",
    "Decisions",
    "Guidance",
    "Minutes",
    "Performance",
    "Policies",
    "Strategies",
];

const THEMES: [&str; 40] = [
    "Adult social care",
    "Audit",
    "Capital programme",
    "Children's services",
    "Climate",
    "Commissioning",
    "Community safety",
    "Corporate governance",
    "Data protection",
    "Digital",
    "Education",
    "Equality",
    "Estates",
    "Finance",
    "Health inequalities",
    "Homelessness",
    "Housing",
    "Integrated care",
    "Joint appointments",
    "Leadership",
    "Mental health",
    "Partnerships",
    "Planning",
    "Pooled budgets",
    "Primary care",
    "Procurement",
    "Public health",
    "Quality",
    "Regeneration",
    "Risk",
    "Safeguarding",
    "Scrutiny",
    "Skills",
    "Special educational needs",
    "Transformation",
    "Transport",
    "Urgent care",
    "Value for money",
    "Waste",
    "Workforce",
];

const REGIONS: [&str; 12] = [
    "East Midlands",
    "East of England",
    "London",
    "North East",
    "North West",
    "Northern Ireland",
    "Scotland",
    "South East",
    "South West",
    "Wales",
    "West Midlands",
    "Yorkshire and the Humber",
];

const HEADINGS: [&str; 16] = [
    "Accountability",
    "Consultation",
    "Equality impact",
    "Financial implications",
    "Governance",
    "Legal implications",
    "Options considered",
    "Outcomes",
    "Performance",
    "Recommendations",
    "Resources",
    "Risks",
    "Timetable",
    "Workforce",
    "Next steps",
    "Lessons learned",
];

const NOUNS: [&str; 48] = [
    "board",
    "council",
    "trust",
    "partnership",
    "committee",
    "budget",
    "programme",
    "service",
    "strategy",
    "plan",
    "report",
    "director",
    "cabinet",
    "officer",
    "resident",
    "patient",
    "provider",
    "contract",
    "framework",
    "pathway",
    "workforce",
    "target",
    "outcome",
    "risk",
    "assurance",
    "audit",
    "decision",
    "review",
    "scheme",
    "fund",
    "allocation",
    "estate",
    "system",
    "place",
    "neighbourhood",
    "community",
    "carer",
    "family",
    "school",
    "hospital",
    "practice",
    "authority",
    "agreement",
    "memorandum",
    "consultation",
    "proposal",
    "forecast",
    "saving",
];

const VERBS: [&str; 24] = [
    "agreed",
    "approved",
    "noted",
    "reviewed",
    "recommended",
    "endorsed",
    "delivered",
    "commissioned",
    "funded",
    "shared",
    "reported",
    "monitored",
    "improved",
    "reduced",
    "extended",
    "supported",
    "published",
    "considered",
    "confirmed",
    "delegated",
    "scrutinised",
    "integrated",
    "prioritised",
    "aligned",
];

const ADJECTIVES: [&str; 24] = [
    "joint",
    "statutory",
    "local",
    "regional",
    "annual",
    "quarterly",
    "strategic",
    "operational",
    "integrated",
    "shared",
    "pooled",
    "independent",
    "revised",
    "draft",
    "final",
    "interim",
    "recurrent",
    "one-off",
    "capital",
    "revenue",
    "preventive",
    "community",
    "digital",
    "accessible",
];

const LINKERS: [&str; 12] = [
    "and", "while", "because", "so that", "although", "after", "before", "until", "since", "where",
    "once", "as",
];

/// splitmix64: tiny, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn for_page(seed: u64, page: usize) -> Rng {
        let mut r = Rng(seed ^ (page as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
        r.next();
        r
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.range(0, items.len() - 1)]
    }
}

/// Where page `i` lives: (section number 1..=10, path under content/).
fn page_path(i: usize) -> (usize, String) {
    let s = i % SECTIONS + 1;
    (s, format!("section-{s:02}/page-{i:06}.md"))
}

/// A generated Markdown body and its word count.
struct Body {
    markdown: String,
    words: usize,
}

fn sentence(rng: &mut Rng, out: &mut String) {
    let clauses = rng.range(1, 2);
    for c in 0..clauses {
        if c > 0 {
            out.push(' ');
            out.push_str(rng.pick(&LINKERS));
            out.push(' ');
        }
        let start = out.len();
        let _ = write!(
            out,
            "the {} {} {} the {} {}",
            rng.pick(&ADJECTIVES),
            rng.pick(&NOUNS),
            rng.pick(&VERBS),
            rng.pick(&ADJECTIVES),
            rng.pick(&NOUNS)
        );
        if c == 0 {
            // Capitalise the first letter of the sentence.
            let first = out[start..start + 1].to_ascii_uppercase();
            out.replace_range(start..start + 1, &first);
        }
        let extra = rng.range(0, 6);
        for _ in 0..extra {
            out.push(' ');
            match rng.range(0, 9) {
                0 => {
                    let _ = write!(out, "*{}*", rng.pick(&ADJECTIVES));
                }
                1 => {
                    let _ = write!(out, "**{}**", rng.pick(&NOUNS));
                }
                2 => {
                    let _ = write!(out, "in {}", 2015 + rng.range(0, 11));
                }
                3 => {
                    let _ = write!(out, "for the {}'s {}", rng.pick(&NOUNS), rng.pick(&NOUNS));
                }
                _ => out.push_str(rng.pick(&NOUNS)),
            }
        }
    }
    out.push('.');
}

fn paragraph(rng: &mut Rng, out: &mut String, sentences: usize) {
    for k in 0..sentences {
        if k > 0 {
            out.push(' ');
        }
        sentence(rng, out);
    }
}

/// The body of page `i` of `n`, with internal links written dossier's way
/// (`@/section-01/page-000010.md#background`); see [`hugo_links`].
fn body(seed: u64, i: usize, n: usize) -> Body {
    let mut rng = Rng::for_page(seed, i);
    // Leaves room for the block that crosses the target, the closing links
    // and the footnotes, so that pages end up with 600 to 1,200 words.
    let target_words = rng.range(580, 950);
    let mut md = String::with_capacity(9_000);
    let mut footnotes = 0;
    let links = rng.range(2, 4);
    let mut links_left = links;

    let link_sentence = |rng: &mut Rng, md: &mut String| {
        let mut j = rng.range(0, n.saturating_sub(1));
        if j == i && n > 1 {
            j = (j + 1) % n;
        }
        let (_, path) = page_path(j);
        let fragment = if rng.range(0, 1) == 0 {
            "#background"
        } else {
            ""
        };
        let _ = write!(
            md,
            " See [the {} {} of page {j}](@/{path}{fragment}).",
            rng.pick(&ADJECTIVES),
            rng.pick(&NOUNS),
        );
    };

    paragraph(&mut rng, &mut md, 3);
    md.push_str("\n\n## Background\n\n");
    paragraph(&mut rng, &mut md, 4);
    footnotes += 1;
    let _ = write!(md, "[^{footnotes}]");
    if links_left > 0 {
        link_sentence(&mut rng, &mut md);
        links_left -= 1;
    }
    md.push_str("\n\n");

    let mut used = [false; HEADINGS.len()];
    let mut block = 0;
    while count_words(&md) < target_words {
        let mut h = rng.range(0, HEADINGS.len() - 1);
        while used[h] {
            h = (h + 1) % HEADINGS.len();
        }
        used[h] = true;
        if used.iter().all(|&u| u) {
            used = [false; HEADINGS.len()];
        }
        let _ = write!(md, "## {}\n\n", HEADINGS[h]);
        let k = rng.range(2, 4);
        paragraph(&mut rng, &mut md, k);
        if links_left > 0 && rng.range(0, 1) == 0 {
            link_sentence(&mut rng, &mut md);
            links_left -= 1;
        }
        md.push_str("\n\n");
        match block % 4 {
            0 => {
                for _ in 0..rng.range(3, 6) {
                    md.push_str("- ");
                    sentence(&mut rng, &mut md);
                    md.push('\n');
                }
                md.push('\n');
            }
            1 => {
                md.push_str("| Item | Owner | Amount (£000) |\n| --- | --- | ---: |\n");
                for _ in 0..rng.range(3, 6) {
                    let _ = writeln!(
                        md,
                        "| {} {} | {} | {} |",
                        rng.pick(&ADJECTIVES),
                        rng.pick(&NOUNS),
                        rng.pick(&NOUNS),
                        rng.range(10, 9_999)
                    );
                }
                md.push('\n');
            }
            2 => {
                let _ = write!(md, "### {} detail\n\n", rng.pick(&ADJECTIVES));
                paragraph(&mut rng, &mut md, 2);
                footnotes += 1;
                let _ = write!(md, "[^{footnotes}]\n\n");
                for k in 1..=rng.range(3, 5) {
                    let _ = write!(md, "{k}. ");
                    sentence(&mut rng, &mut md);
                    md.push('\n');
                }
                md.push('\n');
            }
            _ => {
                let k = rng.range(2, 3);
                paragraph(&mut rng, &mut md, k);
                md.push_str("\n\n");
            }
        }
        block += 1;
    }
    while links_left > 0 {
        md.push_str("Related:");
        link_sentence(&mut rng, &mut md);
        md.push_str("\n\n");
        links_left -= 1;
    }
    for k in 1..=footnotes {
        let _ = write!(md, "[^{k}]: ");
        sentence(&mut rng, &mut md);
        md.push('\n');
    }
    Body {
        words: count_words(&md),
        markdown: md,
    }
}

/// Words as a reader counts them: runs of text holding a letter or digit
/// (table rules, list markers and `##` are not words).
fn count_words(md: &str) -> usize {
    md.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// Front matter shared by both tools: title, date, description, taxonomies.
fn front_matter(seed: u64, i: usize) -> String {
    // A stream of its own, so the body does not shift when this changes.
    let mut rng = Rng::for_page(seed ^ 0xf0f0_f0f0, i);
    let day = rng.range(0, 11 * 365);
    let (y, m, d) = civil_from_days(16_436 + day as i64); // 2015-01-01
    let mut themes: Vec<&str> = (0..rng.range(1, 3)).map(|_| rng.pick(&THEMES)).collect();
    themes.sort_unstable();
    themes.dedup();
    let region = rng.pick(&REGIONS);
    let title = format!(
        "{} {} {} ({i})",
        capitalise(rng.pick(&ADJECTIVES)),
        rng.pick(&NOUNS),
        rng.pick(&NOUNS)
    );
    let mut description = String::new();
    sentence(&mut rng, &mut description);
    // Plain text: meta descriptions and listings show it as it is.
    description.retain(|c| c != '*');
    let themes = themes
        .iter()
        .map(|t| format!("\"{t}\""))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "+++\ntitle = \"{title}\"\ndate = {y:04}-{m:02}-{d:02}\ndescription = \"{description}\"\nthemes = [{themes}]\nregions = [\"{region}\"]\n+++\n\n"
    )
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap_or_else(|e| fail(parent, &e));
    }
    fs::write(path, text).unwrap_or_else(|e| fail(path, &e));
}

fn fail(path: &Path, e: &std::io::Error) -> ! {
    eprintln!("corpus: cannot write {}: {e}", path.display());
    std::process::exit(2);
}

fn section_index(s: usize) -> String {
    format!(
        "+++\ntitle = \"{}\"\nweight = {s}\n+++\n\nEvery page filed under {} in the generated corpus.\n",
        SECTION_NAMES[s - 1],
        SECTION_NAMES[s - 1].to_lowercase()
    )
}

const HOME: &str = "+++\ntitle = \"Benchmark corpus\"\n+++\n\nA generated project for measuring build times: the same text is built by dossier, Hugo and a floor program.\n";

fn write_dossier(dir: &Path, n: usize, seed: u64) -> usize {
    write(
        &dir.join("dossier.toml"),
        "title = \"Benchmark corpus\"\nbase_url = \"https://bench.example.org/\"\ndescription = \"A generated corpus for measuring build times.\"\n\n[taxonomies]\nthemes = \"Themes\"\nregions = \"Regions\"\n",
    );
    write(&dir.join("content/_index.md"), HOME);
    for s in 1..=SECTIONS {
        write(
            &dir.join(format!("content/section-{s:02}/_index.md")),
            &section_index(s),
        );
    }
    let mut words = 0;
    for i in 0..n {
        let (_, path) = page_path(i);
        let b = body(seed, i, n);
        words += b.words;
        write(
            &dir.join("content").join(&path),
            &(front_matter(seed, i) + &b.markdown),
        );
    }
    words
}

fn write_hugo(dir: &Path, n: usize, seed: u64) {
    for (name, text) in HUGO_FILES {
        write(&dir.join(name), text);
    }
    write(&dir.join("content/_index.md"), HOME);
    for s in 1..=SECTIONS {
        write(
            &dir.join(format!("content/section-{s:02}/_index.md")),
            &section_index(s),
        );
    }
    for i in 0..n {
        let (_, path) = page_path(i);
        let b = body(seed, i, n);
        write(
            &dir.join("content").join(&path),
            &(front_matter(seed, i) + &hugo_links(&b.markdown)),
        );
    }
}

/// The same Markdown with `](@/path#x)` links as Hugo's `relref` shortcode,
/// which checks the target exists as dossier does.
fn hugo_links(md: &str) -> String {
    let mut out = String::with_capacity(md.len() + 256);
    let mut rest = md;
    while let Some(at) = rest.find("](@/") {
        let target_start = at + "](@/".len();
        let Some(len) = rest[target_start..].find(')') else {
            break;
        };
        out.push_str(&rest[..at]);
        let target = &rest[target_start..target_start + len];
        let _ = write!(out, "]({{{{< relref \"/{target}\" >}}}})");
        rest = &rest[target_start + len + 1..];
    }
    out.push_str(rest);
    out
}

/// Hugo's configuration and templates, equivalent to dossier's default theme.
const HUGO_FILES: &[(&str, &str)] = &[
    (
        "config.toml",
        r##"baseURL = "https://bench.example.org/"
languageCode = "en-gb"
title = "Benchmark corpus"
enableRobotsTXT = true
disableHugoGeneratorInject = true

[params]
description = "A generated corpus for measuring build times."

[taxonomies]
theme = "themes"
region = "regions"

[outputs]
home = ["HTML", "RSS", "SearchIndex"]
section = ["HTML"]
taxonomy = ["HTML"]
term = ["HTML"]
page = ["HTML"]

[outputFormats.SearchIndex]
mediaType = "application/json"
baseName = "search-index"
isPlainText = true
notAlternative = true

[markup.goldmark.renderer]
unsafe = true

[markup.tableOfContents]
startLevel = 2
endLevel = 6
"##,
    ),
    (
        "layouts/_default/baseof.html",
        r##"<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{{ block "title" . }}{{ .Site.Title }}{{ end }}</title>
  <meta name="description" content="{{ block "description" . }}{{ .Site.Params.description }}{{ end }}">
  <link rel="canonical" href="{{ .Permalink }}">
  <link rel="alternate" type="application/rss+xml" title="{{ .Site.Title }}" href="{{ "index.xml" | relURL }}">
  <link rel="stylesheet" href="{{ "style.css" | relURL }}">
</head>
<body>
  <a class="skip-link" href="#main">Skip to main content</a>
  <header class="site-header">
    <div class="wrapper site-header-inner">
      <a class="site-title" href="{{ "/" | relURL }}"{{ if .IsHome }} aria-current="page"{{ end }}>{{ .Site.Title }}</a>
      <nav class="site-nav" aria-label="Main">
        <ul>
          {{- $current := .RelPermalink }}
          {{- range .Site.Sections.ByWeight }}
          <li><a href="{{ .RelPermalink }}"{{ if eq .RelPermalink $current }} aria-current="page"{{ else if hasPrefix $current .RelPermalink }} class="is-ancestor"{{ end }}>{{ .Title }}</a></li>
          {{- end }}
          {{- range $name, $_ := .Site.Taxonomies }}
          {{- with $.Site.GetPage $name }}
          <li><a href="{{ .RelPermalink }}"{{ if eq .RelPermalink $current }} aria-current="page"{{ else if hasPrefix $current .RelPermalink }} class="is-ancestor"{{ end }}>{{ .Title }}</a></li>
          {{- end }}
          {{- end }}
          <li><a href="{{ "search/" | relURL }}">Search</a></li>
        </ul>
      </nav>
    </div>
  </header>
  <main id="main" class="wrapper site-main" tabindex="-1">
    {{- block "main" . }}{{ end }}
  </main>
  <footer class="site-footer">
    <div class="wrapper site-footer-inner">
      <p class="site-footer-title">{{ .Site.Title }}</p>
      <ul class="site-footer-links">
        <li><a href="{{ "index.xml" | relURL }}">Feed</a></li>
        <li><a href="{{ "search/" | relURL }}">Search</a></li>
      </ul>
    </div>
  </footer>
</body>
</html>
"##,
    ),
    (
        "layouts/partials/card.html",
        r##"<article class="card">
  <h3 class="card-title"><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
  {{- if not .Date.IsZero }}
  <p class="card-date"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></p>
  {{- end }}
  {{- with .Description }}
  <p class="card-summary">{{ . }}</p>
  {{- end }}
</article>
"##,
    ),
    (
        "layouts/_default/single.html",
        r##"{{ define "title" }}{{ .Title }} – {{ .Site.Title }}{{ end }}
{{ define "description" }}{{ with .Description }}{{ . }}{{ else }}{{ .Site.Params.description }}{{ end }}{{ end }}
{{ define "main" }}
<nav class="breadcrumbs" aria-label="Breadcrumb">
  <ol>
    <li><a href="{{ "/" | relURL }}">Home</a></li>
    {{- with .CurrentSection }}
    <li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
    {{- end }}
    <li><span aria-current="page">{{ .Title }}</span></li>
  </ol>
</nav>
<article class="page">
  <header class="page-header">
    <h1>{{ .Title }}</h1>
    {{- with .Description }}
    <p class="lead">{{ . }}</p>
    {{- end }}
    {{- if not .Date.IsZero }}
    <dl class="page-meta">
      <div>
        <dt>Published</dt>
        <dd><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></dd>
      </div>
    </dl>
    {{- end }}
  </header>
  <nav class="toc" aria-labelledby="toc-title">
    <h2 id="toc-title" class="toc-title">Contents</h2>
    {{ .TableOfContents }}
  </nav>
  <div class="prose">
    {{ .Content }}
  </div>
  <section class="page-terms-section" aria-labelledby="page-terms-title">
    <h2 id="page-terms-title">Topics</h2>
    <dl class="page-terms">
      {{- range $name, $_ := .Site.Taxonomies }}
      {{- with $.GetTerms $name }}
      <div class="page-terms-group">
        <dt>{{ $name | title }}</dt>
        <dd>
          <ul class="term-list">
            {{- range . }}
            <li><a class="term-link" href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>
            {{- end }}
          </ul>
        </dd>
      </div>
      {{- end }}
      {{- end }}
    </dl>
  </section>
  {{- if or .PrevInSection .NextInSection }}
  <nav class="prev-next" aria-label="Previous and next">
    <ul>
      {{- with .NextInSection }}
      <li class="prev-next-previous"><a href="{{ .RelPermalink }}" rel="prev"><span class="prev-next-label">Previous</span> <span class="prev-next-title">{{ .Title }}</span></a></li>
      {{- end }}
      {{- with .PrevInSection }}
      <li class="prev-next-next"><a href="{{ .RelPermalink }}" rel="next"><span class="prev-next-label">Next</span> <span class="prev-next-title">{{ .Title }}</span></a></li>
      {{- end }}
    </ul>
  </nav>
  {{- end }}
</article>
{{ end }}
"##,
    ),
    (
        "layouts/_default/list.html",
        r##"{{ define "title" }}{{ .Title }} – {{ .Site.Title }}{{ end }}
{{ define "main" }}
<nav class="breadcrumbs" aria-label="Breadcrumb">
  <ol>
    <li><a href="{{ "/" | relURL }}">Home</a></li>
    <li><span aria-current="page">{{ .Title }}</span></li>
  </ol>
</nav>
<div class="page-header">
  <h1>{{ .Title }}</h1>
</div>
{{- with .Content }}
<div class="prose">
  {{ . }}
</div>
{{- end }}
<section class="listing" aria-labelledby="listing-title">
  <h2 id="listing-title">In this section</h2>
  <ul class="card-list">
    {{- range .Pages }}
    <li>{{ partial "card.html" . }}</li>
    {{- end }}
  </ul>
</section>
{{ end }}
"##,
    ),
    (
        "layouts/_default/terms.html",
        r##"{{ define "title" }}{{ .Title }} – {{ .Site.Title }}{{ end }}
{{ define "main" }}
<div class="page-header">
  <h1>{{ .Title }}</h1>
</div>
<ul class="term-index">
  {{- range .Data.Terms.Alphabetical }}
  <li>
    <a class="term-index-link" href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a>
    <span class="term-index-count">{{ .Count }} pages</span>
  </li>
  {{- end }}
</ul>
{{ end }}
"##,
    ),
    (
        "layouts/_default/term.html",
        r##"{{ define "title" }}{{ .Title }} – {{ .Site.Title }}{{ end }}
{{ define "main" }}
<nav class="breadcrumbs" aria-label="Breadcrumb">
  <ol>
    <li><a href="{{ "/" | relURL }}">Home</a></li>
    {{- with .Parent }}
    <li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
    {{- end }}
    <li><span aria-current="page">{{ .Title }}</span></li>
  </ol>
</nav>
<div class="page-header">
  <h1>{{ .Title }}</h1>
  <p class="lead">{{ len .Pages }} pages filed under this term.</p>
</div>
<ul class="card-list">
  {{- range .Pages }}
  <li>{{ partial "card.html" . }}</li>
  {{- end }}
</ul>
{{ end }}
"##,
    ),
    (
        "layouts/index.html",
        r##"{{ define "main" }}
<div class="page-header">
  <h1>{{ .Title }}</h1>
</div>
<div class="prose">
  {{ .Content }}
</div>
<section class="home-section" aria-labelledby="home-sections">
  <h2 id="home-sections">Explore</h2>
  <ul class="section-list">
    {{- range .Site.Sections.ByWeight }}
    <li><h3 class="section-list-title"><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3></li>
    {{- end }}
  </ul>
</section>
{{ end }}
"##,
    ),
    (
        "layouts/404.html",
        r##"{{ define "main" }}
<h1>Page not found</h1>
<p>There is no page at this address. Try the <a href="{{ "/" | relURL }}">home page</a>.</p>
{{ end }}
"##,
    ),
    (
        "layouts/_default/rss.xml",
        r##"<?xml version="1.0" encoding="utf-8" standalone="yes"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>{{ .Site.Title }}</title>
    <link>{{ .Permalink }}</link>
    <description>{{ .Site.Params.description }}</description>
    <language>en-GB</language>
    {{- with .OutputFormats.Get "RSS" }}
    <atom:link href="{{ .Permalink }}" rel="self" type="application/rss+xml" />
    {{- end }}
    {{- range first 20 .Site.RegularPages.ByDate.Reverse }}
    <item>
      <title>{{ .Title }}</title>
      <link>{{ .Permalink }}</link>
      <pubDate>{{ .Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" | safeHTML }}</pubDate>
      <guid>{{ .Permalink }}</guid>
      <description>{{ .Description }}</description>
      <content:encoded>{{ .Content | html }}</content:encoded>
    </item>
    {{- end }}
  </channel>
</rss>
"##,
    ),
    (
        "layouts/index.searchindex.json",
        r##"{{- $pages := slice -}}
{{- range .Site.RegularPages -}}
{{- $terms := slice -}}
{{- with .Params.themes }}{{ $terms = $terms | append . }}{{ end -}}
{{- with .Params.regions }}{{ $terms = $terms | append . }}{{ end -}}
{{- $pages = $pages | append (dict "title" .Title "url" .RelPermalink "kind" "page" "summary" .Description "text" (substr .Plain 0 3000) "terms" $terms) -}}
{{- end -}}
{{- dict "pages" $pages | jsonify -}}
"##,
    ),
    ("static/style.css", "body { font-family: sans-serif; }\n"),
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut positional = Vec::new();
    let mut hugo: Option<PathBuf> = None;
    let mut seed = DEFAULT_SEED;
    let mut meeting: Option<usize> = None;
    let mut confidential = false;
    let mut archive: Option<usize> = None;
    let mut papers_each = 25;
    let mut roles = 0;
    let mut it = args.iter();
    let number = |it: &mut std::slice::Iter<String>| -> usize {
        it.next()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| usage())
    };
    while let Some(a) = it.next() {
        match a.as_str() {
            "--hugo" => hugo = it.next().map(PathBuf::from),
            "--meeting" => {
                meeting = Some(
                    it.next()
                        .and_then(|s| s.parse().ok())
                        .unwrap_or_else(|| usage()),
                )
            }
            "--seed" => {
                seed = it
                    .next()
                    .and_then(|s| s.parse().ok())
                    .unwrap_or_else(|| usage())
            }
            "--confidential" => confidential = true,
            "--meetings" => archive = Some(number(&mut it)),
            "--papers" => papers_each = number(&mut it),
            "--roles" => roles = number(&mut it),
            "-h" | "--help" => usage(),
            _ => positional.push(a.clone()),
        }
    }
    let [dir, n] = positional.as_slice() else {
        usage()
    };
    let n: usize = n
        .replace(['_', ','], "")
        .parse()
        .unwrap_or_else(|_| usage());
    let dir = PathBuf::from(dir);
    for d in std::iter::once(&dir).chain(hugo.as_ref()) {
        if d.exists()
            && fs::read_dir(d)
                .map(|mut e| e.next().is_some())
                .unwrap_or(true)
        {
            eprintln!("corpus: {} exists and is not empty", d.display());
            std::process::exit(2);
        }
    }
    let words = write_dossier(&dir, n, seed);
    println!(
        "Wrote {n} pages ({words} words, {} on average) in {}",
        words / n.max(1),
        dir.display()
    );
    if let Some(papers) = meeting {
        write_meeting(&dir, papers, seed);
        println!("Wrote a meeting of {papers} papers (content/meetings/board.toml)");
    }
    if let Some(meetings) = archive {
        write_archive(&dir, meetings, papers_each, roles, seed);
        println!(
            "Wrote an archive of {meetings} meetings of {papers_each} papers each and {roles} vacancies"
        );
    }
    if confidential {
        write_confidential_paper(&dir, seed);
        println!("Wrote a confidential paper (content/papers/confidential.md)");
    }
    if let Some(h) = hugo {
        write_hugo(&h, n, seed);
        println!(
            "Wrote the same {n} pages as a Hugo project in {}",
            h.display()
        );
    }
}

/// A confidential paper of five sections of five paragraphs, on no agenda.
fn write_confidential_paper(dir: &Path, seed: u64) {
    let mut rng = Rng::for_page(seed ^ 0x00c0_ff1d, 0);
    let mut text = String::from(
        "+++\ntitle = \"Confidential: senior management restructure\"\ndate = 2026-11-20\npurpose = \"information\"\nvisibility = \"confidential\"\nexemption = \"Schedule 12A, paragraph 1: information relating to an individual\"\n+++\n",
    );
    for s in 0..5 {
        let _ = write!(text, "\n## Part {}\n\n", s + 1);
        for _ in 0..5 {
            paragraph(&mut rng, &mut text, 6);
            text.push_str("\n\n");
        }
    }
    write(&dir.join("content/papers/confidential.md"), &text);
}

/// A board meeting with `papers` papers on its agenda.
fn write_meeting(dir: &Path, papers: usize, seed: u64) {
    let mut agenda = String::from(
        "body = \"Joint Board\"\nbody_code = \"JB\"\ntitle = \"Generated meeting\"\ndate = 2026-12-10\nlocation = \"Council Chamber\"\n",
    );
    for k in 1..=papers {
        let _ = write!(
            agenda,
            "\n[[agenda]]\nitem = \"{k}\"\npaper = \"p{k:03}\"\n"
        );
        let mut rng = Rng::for_page(seed ^ 0x00b0_a7d0, k);
        let mut text = format!(
            "+++\ntitle = \"{}\"\ndate = 2026-11-20\npurpose = \"information\"\nmeeting = \"board\"\n+++\n",
            capitalise(&format!(
                "{} {} ({k})",
                rng.pick(&ADJECTIVES),
                rng.pick(&NOUNS)
            ))
        );
        for _ in 0..4 {
            let _ = write!(text, "\n## {}\n", rng.pick(&HEADINGS));
            for _ in 0..5 {
                text.push('\n');
                paragraph(&mut rng, &mut text, 6);
                text.push('\n');
            }
            text.push_str("\n| Item | Amount |\n|---|--:|\n| Staff | 120 |\n| Estates | 45 |\n");
        }
        write(&dir.join(format!("content/papers/p{k:03}.md")), &text);
    }
    write(&dir.join("content/meetings/board.toml"), &agenda);
}

/// A body's archive: `meetings` monthly meetings of `papers` papers each
/// (the first of each confidential), and `roles` joint vacancies.
fn write_archive(dir: &Path, meetings: usize, papers: usize, roles: usize, seed: u64) {
    for m in 0..meetings {
        let (year, month) = (2023 + m / 12, m % 12 + 1);
        let slug = format!("archive-{year}-{month:02}");
        let mut agenda = format!(
            "body = \"Archive Board\"\nbody_code = \"AB\"\ntitle = \"Meeting of {year}-{month:02}\"\ndate = {year}-{month:02}-12\nlocation = \"Board room\"\n"
        );
        for k in 1..=papers {
            let paper = format!("{slug}-p{k:02}");
            let _ = write!(
                agenda,
                "\n[[agenda]]\nitem = \"{k}\"\npaper = \"{paper}\"\n"
            );
            let mut rng = Rng::for_page(seed ^ 0x00a2_c41e, m * 1000 + k);
            let title = capitalise(&format!(
                "{} {} ({year}-{month:02}, {k})",
                rng.pick(&ADJECTIVES),
                rng.pick(&NOUNS)
            ));
            let confidential = if k == 1 {
                "visibility = \"confidential\"\nexemption = \"Schedule 12A, paragraph 3: financial or business affairs\"\npublic_title = \"A confidential item\"\n"
            } else {
                ""
            };
            let mut text = format!(
                "+++\ntitle = \"{title}\"\ndate = {year}-{month:02}-01\npurpose = \"information\"\nmeeting = \"{slug}\"\n{confidential}+++\n"
            );
            for _ in 0..4 {
                let _ = write!(text, "\n## {}\n", rng.pick(&HEADINGS));
                for _ in 0..5 {
                    text.push('\n');
                    let mut para = String::new();
                    paragraph(&mut rng, &mut para, 6);
                    if k == 1 {
                        // The corpus's vocabulary is small: its sentences
                        // recur in other papers, which the leak guard would
                        // rightly stop. A confidential paper's words are
                        // made its own.
                        para = para
                            .split(' ')
                            .enumerate()
                            .map(|(i, w)| {
                                if i % 3 == 2 {
                                    format!("{w} c{m}w{i}")
                                } else {
                                    w.to_string()
                                }
                            })
                            .collect::<Vec<_>>()
                            .join(" ");
                    }
                    text.push_str(&para);
                    text.push('\n');
                }
                text.push_str(
                    "\n| Item | Amount |\n|---|--:|\n| Staff | 120 |\n| Estates | 45 |\n",
                );
            }
            write(&dir.join(format!("content/papers/{paper}.md")), &text);
        }
        write(&dir.join(format!("content/meetings/{slug}.toml")), &agenda);
    }
    if roles == 0 {
        return;
    }
    write(
        &dir.join("content/organisations/archive-council.toml"),
        "name = \"Archive Council\"\nkind = \"local-authority\"\ncolour = \"#1d4f91\"\n",
    );
    write(
        &dir.join("content/organisations/archive-nhs.toml"),
        "name = \"Archive NHS Trust\"\nkind = \"nhs\"\ncolour = \"#005eb8\"\n",
    );
    for r in 1..=roles {
        let mut rng = Rng::for_page(seed ^ 0x00a2_c4ab, r);
        let mut about = String::new();
        paragraph(&mut rng, &mut about, 6);
        let role = format!(
            "title = \"Director of {} ({r})\"\nreference = \"ARC-{r:03}\"\nsummary = \"A joint post for the council and the trust.\"\ncontract = \"Permanent\"\nhours = \"Full-time\"\nlocation = {{ locality = \"Archive Town\" }}\nabout_role = \"{}\"\nresponsibilities = [\"Lead the service.\", \"Report to both boards.\"]\nhow_to_apply = \"Send a CV.\"\nclosing_date = 2027-06-30\n\n[[employers]]\norganisation = \"archive-council\"\nshare = 50\nhost = true\n\n[[employers]]\norganisation = \"archive-nhs\"\nshare = 50\n\n[salary]\nmin = 100000\nmax = 110000\n\n[[person_specification]]\ncategory = \"Experience\"\ncriterion = \"Leading services across councils and the NHS\"\nlevel = \"essential\"\nassessed = [\"application\", \"interview\"]\n",
            capitalise(rng.pick(&NOUNS)),
            about.replace('"', "'")
        );
        write(
            &dir.join(format!("content/roles/archive-role-{r:03}.toml")),
            &role,
        );
    }
}

fn usage() -> ! {
    eprintln!(
        "usage: corpus DIR N [--hugo HUGO_DIR] [--seed S] [--meeting PAPERS] [--confidential] [--meetings M [--papers P] [--roles R]]"
    );
    std::process::exit(2);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_page_number_and_seed_give_the_same_text() {
        for i in [0, 7, 999] {
            assert_eq!(
                body(DEFAULT_SEED, i, 1_000).markdown,
                body(DEFAULT_SEED, i, 1_000).markdown
            );
            assert_eq!(front_matter(DEFAULT_SEED, i), front_matter(DEFAULT_SEED, i));
        }
        assert_ne!(body(1, 7, 1_000).markdown, body(2, 7, 1_000).markdown);
    }

    /// FNV-1a of the first 50 pages of a 50-page corpus. It changes only
    /// when the generator does; then every published figure was measured on
    /// other text, so change this value together with docs/performance.md.
    #[test]
    fn the_corpus_is_the_same_bytes_everywhere() {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for i in 0..50 {
            let page = front_matter(DEFAULT_SEED, i) + &body(DEFAULT_SEED, i, 50).markdown;
            for byte in page.bytes() {
                hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
            }
        }
        assert_eq!(hash, 1_913_790_287_682_727_145);
    }

    #[test]
    fn pages_have_600_to_1200_words_and_links_to_pages_that_exist() {
        let n = 1_000;
        for i in 0..n {
            let b = body(DEFAULT_SEED, i, n);
            assert!(
                (600..=1_200).contains(&b.words),
                "page {i} has {} words",
                b.words
            );
            let links: Vec<&str> = b.markdown.split("](@/").skip(1).collect();
            assert!((2..=4).contains(&links.len()), "page {i}");
            for l in links {
                let target = l.split([')', '#']).next().unwrap_or("");
                let number: usize = target[target.len() - 9..target.len() - 3].parse().unwrap();
                assert!(number < n && number != i, "page {i} links to {target}");
                assert_eq!(page_path(number).1, target);
            }
        }
    }

    #[test]
    fn hugo_links_are_relref_shortcodes() {
        assert_eq!(
            hugo_links("See [x](@/section-01/page-000010.md#background) and [y](@/a.md)."),
            "See [x]({{< relref \"/section-01/page-000010.md#background\" >}}) and [y]({{< relref \"/a.md\" >}})."
        );
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(16_436), (2015, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
    }
}
