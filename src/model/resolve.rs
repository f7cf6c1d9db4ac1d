//! Resolution: parsed inputs become the site's pages, sections, organisations,
//! taxonomies, roles and board, each body's Markdown rendered on all cores a
//! batch at a time. Every problem is collected; nothing is half-built.

use crate::config::SiteConfig;
use crate::dates::Date;
use crate::diagnostic::{Diagnostic, Diagnostics, SourceText, no_such};
use crate::load::{CASE_STUDIES, Inputs, ORGANISATIONS};
use crate::markdown::{self, Rendered, ShortcodeHost, slugify};
use crate::site::organisation::OrganisationKind;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use super::*;

/// How many pages' Markdown is rendered at a time (on all cores).
pub(super) const BATCH: usize = 512;

/// `items`, [`BATCH`] at a time, in order.
pub(super) fn batches<T>(items: Vec<T>) -> impl Iterator<Item = Vec<T>> {
    let mut items = items.into_iter();
    std::iter::from_fn(move || {
        let batch: Vec<T> = items.by_ref().take(BATCH).collect();
        (!batch.is_empty()).then_some(batch)
    })
}

/// Resolve parsed inputs into a site, collecting every problem. The board's
/// `agenda` was planned before the renderer `host` was made, so every
/// Markdown body rendered here can name papers with `ref`.
pub fn resolve(
    root: &Path,
    config: SiteConfig,
    inputs: Inputs,
    agenda: crate::board::Agenda,
    host: &(dyn ShortcodeHost + Sync),
    options: ModelOptions,
    problems: &mut Diagnostics,
) -> Site {
    let raw_html = config.markdown.raw_html;
    let unparsed = inputs.unparsed.clone();
    // Where each deferred page's file is (its real path, which a content
    // path, made for URLs, may not spell exactly) and a hash of its front
    // matter as read.
    let sources: HashMap<String, (std::path::PathBuf, u64)> = if options.defer_pages {
        let source = |content_path: &String, file: &SourceText, front_matter: &str| {
            let stamp = crate::load::stamp(front_matter);
            (content_path.clone(), (file.path.clone(), stamp))
        };
        let pages = inputs
            .pages
            .iter()
            .filter(|f| f.body_let_go)
            .map(|f| source(&f.content_path, &f.file, f.front_matter_text()));
        let case_studies = inputs
            .case_studies
            .iter()
            .filter(|f| f.body_let_go)
            .map(|f| source(&f.content_path, &f.file, f.front_matter_text()));
        pages.chain(case_studies).collect()
    } else {
        HashMap::new()
    };
    let mut files = SourceFiles {
        root: root.to_path_buf(),
        map: HashMap::new(),
    };
    // Markdown is rendered on all cores first; problems are reported in
    // file order afterwards.
    let report = |file: &SourceText,
                  offset: usize,
                  done: (Rendered, Vec<markdown::MarkdownError>),
                  problems: &mut Diagnostics|
     -> Rendered {
        let (rendered, errors) = done;
        for e in errors {
            problems.push(
                Diagnostic::error(e.message)
                    .at(file, offset + e.offset)
                    .with_hint(e.hint),
            );
        }
        rendered
    };
    let md =
        |file: &SourceText, body: &str, offset: usize, problems: &mut Diagnostics| -> Rendered {
            report(
                file,
                offset,
                markdown::render(body, raw_html, host),
                problems,
            )
        };
    // Drafts this build leaves out are skipped later: render nothing for them.
    // A page's text is kept only as far as the search index reads it.
    let text_limit = config.search.text_limit;
    // Each body (`None` for a draft this build leaves out) with its
    // rendering; empty for deferred pages, rendered as they are written.
    // A page whose body was kept (a translation's, read into its source)
    // is rendered now even when others are deferred: it is not on disk as
    // it is read.
    let render_all = |bodies: Vec<(bool, &str, bool)>| {
        crate::par::map(&bodies, |&(draft, body, let_go)| {
            if draft && !options.drafts {
                return None;
            }
            if options.defer_pages && let_go {
                return Some((Rendered::default(), Vec::new()));
            }
            let (mut rendered, errors) = markdown::render(body, raw_html, host);
            markdown::keep_searchable_text(&mut rendered, text_limit);
            Some((rendered, errors))
        })
    };

    // Organisations.
    let mut organisations = Vec::new();
    for f in inputs.organisations {
        let slug = stem_slug(&f.content_path);
        let data = f.value;
        let mut colour = None;
        if let Some(c) = &data.colour {
            if is_hex_colour(c.get_ref()) {
                colour = Some(c.get_ref().to_lowercase());
            } else {
                problems.push(
                    Diagnostic::error(format!("\"{}\" is not a colour", c.get_ref()))
                        .at(&f.file, c.span().start)
                        .with_hint(
                            "write colours as # and six hexadecimal digits, like \"#005eb8\"",
                        ),
                );
            }
        }
        let mut website = None;
        if let Some(w) = &data.website {
            if crate::config::is_web_address(w.get_ref()) {
                website = Some(w.get_ref().clone());
            } else {
                problems.push(
                    Diagnostic::error("website must be a full web address")
                        .at(&f.file, w.span().start)
                        .with_hint("write it like \"https://www.example.org/\""),
                );
            }
        }
        let mut logo = None;
        if let Some(l) = &data.logo {
            match static_path(root, l.get_ref()) {
                Ok(p) => logo = Some(p),
                Err(hint) => problems.push(
                    Diagnostic::error(format!("the logo \"{}\" cannot be found", l.get_ref()))
                        .at(&f.file, l.span().start)
                        .with_hint(hint),
                ),
            }
        }
        let about_html = data
            .about
            .as_deref()
            .map(|a| markdown::render_simple(a, raw_html));
        organisations.push(OrganisationEntry {
            path: format!("/{ORGANISATIONS}/{slug}/"),
            slug,
            kind: data.kind.unwrap_or(OrganisationKind::Other),
            logo,
            colour,
            website,
            about_html,
            data,
            case_studies: Vec::new(),
        });
        files.keep(&f.content_path, f.file, 0);
    }
    organisations.sort_by(|a, b| a.data.name.cmp(&b.data.name).then(a.slug.cmp(&b.slug)));
    let org_slugs: BTreeSet<&str> = inputs
        .organisation_slugs
        .iter()
        .map(String::as_str)
        .collect();

    // Pages (sized once: a large site's page list is among its largest).
    let mut pages = Vec::with_capacity(inputs.case_studies.len() + inputs.pages.len());
    // A batch at a time: each file's text is let go once its page is made,
    // so a large site's sources and HTML are not all in memory at once.
    for batch in batches(inputs.case_studies) {
        let bodies = render_all(
            batch
                .iter()
                .map(|f| (f.front_matter.draft, f.body(), f.body_let_go))
                .collect(),
        );
        for (f, done) in batch.into_iter().zip(bodies) {
            let fm = &f.front_matter;
            let Some((rendered, errors)) = done else {
                continue;
            };
            let date = Date::from_toml(fm.date.get_ref());
            if date.is_none() {
                problems.push(
                    Diagnostic::error("`date` must be a calendar date")
                        .at(&f.file, f.front_matter_offset + fm.date.span().start)
                        .with_hint("write it like `date = 2026-03-12`"),
                );
            }
            let mut orgs = Vec::new();
            for o in &fm.organisations {
                if org_slugs.contains(o.get_ref().as_str()) {
                    if organisations.iter().any(|x| &x.slug == o.get_ref()) {
                        orgs.push(o.get_ref().clone());
                    }
                } else {
                    let naming = format!(
                        "organisations are named by the file name of content/{ORGANISATIONS}/<slug>.toml; known: {}",
                        org_slugs.iter().copied().collect::<Vec<_>>().join(", ")
                    );
                    problems.push(
                        no_such(
                            "organisation",
                            o.get_ref(),
                            org_slugs.iter().copied(),
                            &naming,
                        )
                        .at(&f.file, f.front_matter_offset + o.span().start),
                    );
                }
            }
            let body = report(&f.file, f.body_offset, (rendered, errors), problems);
            let aliases = aliases(&f.file, f.front_matter_offset, &fm.aliases, problems);
            let slug = stem_slug(&f.content_path);
            pages.push(Page {
                kind: PageKind::CaseStudy,
                path: format!("/{CASE_STUDIES}/{slug}/"),
                section: Some(CASE_STUDIES.to_string()),
                title: fm.title.clone(),
                date,
                summary: Some(fm.summary.clone()),
                description: Some(fm.summary.clone()),
                weight: fm.weight,
                aliases,
                organisations: orgs,
                key_facts: fm.key_facts.clone(),
                terms: terms(&fm.other),
                extra: fm.extra.clone(),
                body,
                deferred: options.defer_pages && f.body_let_go,
                content_path: f.content_path.clone(),
            });
            files.drop_text(&f.content_path, f.file, f.body_offset);
        }
    }
    let section_folders: BTreeSet<String> = inputs
        .section_indexes
        .iter()
        .map(|s| parent_folder(&s.content_path))
        .chain([CASE_STUDIES.to_string()])
        .collect();
    for batch in batches(inputs.pages) {
        let bodies = render_all(
            batch
                .iter()
                .map(|f| (f.front_matter.draft, f.body(), f.body_let_go))
                .collect(),
        );
        for (f, done) in batch.into_iter().zip(bodies) {
            let fm = &f.front_matter;
            let Some((rendered, errors)) = done else {
                continue;
            };
            let date = page_date(&f, problems);
            let body = report(&f.file, f.body_offset, (rendered, errors), problems);
            let aliases = aliases(&f.file, f.front_matter_offset, &fm.aliases, problems);
            let folder = parent_folder(&f.content_path);
            let slug = stem_slug(&f.content_path);
            let path = if folder.is_empty() {
                format!("/{slug}/")
            } else {
                format!("/{}/{slug}/", folder_path(&folder))
            };
            pages.push(Page {
                kind: PageKind::Page,
                path,
                section: section_folders.contains(&folder).then_some(folder),
                title: fm.title.clone(),
                date,
                summary: None,
                description: fm.description.clone(),
                weight: fm.weight,
                aliases,
                organisations: Vec::new(),
                key_facts: Vec::new(),
                terms: terms(&fm.other),
                extra: fm.extra.clone(),
                body,
                deferred: options.defer_pages && f.body_let_go,
                content_path: f.content_path.clone(),
            });
            files.drop_text(&f.content_path, f.file, f.body_offset);
        }
    }
    pages.sort_by(|a, b| {
        (a.kind == PageKind::Page)
            .cmp(&(b.kind == PageKind::Page))
            .then_with(|| listing_order(a, b))
            .then_with(|| a.path.cmp(&b.path))
    });

    // Sections.
    let mut sections = Vec::new();
    let mut has_case_study_index = false;
    for f in inputs.section_indexes {
        let fm = &f.front_matter;
        if fm.draft && !options.drafts {
            continue;
        }
        let folder = parent_folder(&f.content_path);
        has_case_study_index |= folder == CASE_STUDIES;
        let body = md(&f.file, f.body(), f.body_offset, problems);
        let _ = page_date(&f, problems);
        sections.push(Section {
            path: format!("/{}/", folder_path(&folder)),
            title: fm.title.clone(),
            description: fm.description.clone(),
            weight: fm.weight,
            extra: fm.extra.clone(),
            body,
            pages: Vec::new(),
            folder,
        });
        files.keep(&f.content_path, f.file, f.body_offset);
    }
    if !has_case_study_index && pages.iter().any(|p| p.kind == PageKind::CaseStudy) {
        sections.push(Section {
            folder: CASE_STUDIES.to_string(),
            path: format!("/{CASE_STUDIES}/"),
            title: config.pass.word("case_studies", "Case studies").to_string(),
            description: None,
            weight: None,
            extra: toml::Table::new(),
            body: Rendered::default(),
            pages: Vec::new(),
        });
    }
    sections.sort_by(|a, b| {
        (a.folder != CASE_STUDIES)
            .cmp(&(b.folder != CASE_STUDIES))
            .then(
                a.weight
                    .unwrap_or(i64::MAX)
                    .cmp(&b.weight.unwrap_or(i64::MAX)),
            )
            .then(a.title.cmp(&b.title))
    });
    for section in &mut sections {
        section.pages = (0..pages.len())
            .filter(|&i| pages[i].section.as_deref() == Some(section.folder.as_str()))
            .collect();
    }

    // Home.
    let home = match inputs.home {
        Some(f) => {
            let body = md(&f.file, f.body(), f.body_offset, problems);
            let home = Home {
                title: Some(f.front_matter.title.clone()),
                description: f.front_matter.description.clone(),
                body,
            };
            files.keep(&f.content_path, f.file, f.body_offset);
            home
        }
        None => Home::default(),
    };

    // Back-references and taxonomies.
    for (i, page) in pages.iter().enumerate() {
        for slug in &page.organisations {
            if let Some(org) = organisations.iter_mut().find(|o| &o.slug == slug) {
                org.case_studies.push(i);
            }
        }
    }
    let taxonomies = config
        .taxonomies
        .iter()
        .map(|(name, title)| {
            let mut by_slug: BTreeMap<String, Term> = BTreeMap::new();
            for (i, page) in pages.iter().enumerate() {
                for term in page.terms.get(name).into_iter().flatten() {
                    let slug = slugify(term);
                    by_slug
                        .entry(slug.clone())
                        .or_insert_with(|| Term {
                            name: term.clone(),
                            path: format!("/{name}/{slug}/"),
                            slug,
                            pages: Vec::new(),
                        })
                        .pages
                        .push(i);
                }
            }
            Taxonomy {
                name: name.clone(),
                title: title.clone(),
                path: format!("/{name}/"),
                terms: by_slug.into_values().collect(),
            }
        })
        .collect();

    // A case study that could not be parsed has its own error; a role naming
    // it is not reported again.
    let case_study_slugs: BTreeSet<String> = pages
        .iter()
        .filter(|p| p.kind == PageKind::CaseStudy)
        .map(|p| stem_slug(&p.content_path))
        .chain(
            unparsed
                .iter()
                .filter(|c| c.starts_with("case-studies/"))
                .map(|c| stem_slug(c)),
        )
        .collect();
    let role_cx = crate::roles::RoleContext {
        organisations: &org_slugs,
        case_studies: &case_study_slugs,
        build_date: options.build_date,
        drafts: options.drafts,
        raw_html,
        language: &config.language,
    };
    let roles = crate::roles::resolve_roles(inputs.roles.roles, &role_cx, problems);
    let board = crate::board::render(agenda, raw_html, host, text_limit, problems);

    let mut site = Site {
        config,
        build_date: options.build_date,
        home,
        pages,
        sections,
        organisations,
        taxonomies,
        assets: inputs.assets,
        aliases: BTreeMap::new(),
        roles,
        board,
        edition: options.edition,
        deferred: None,
    };
    for (content_path, file, body_offset) in site.board.sources() {
        files.keep(content_path, file.clone(), body_offset);
    }
    check_paths(&mut site, &files, problems);
    let targets = link_targets(&site);
    let pending = resolve_links(&mut site, &targets, &files, &unparsed, problems);
    fill_field_links(&mut site, &targets, problems);
    if options.defer_pages {
        site.deferred = Some(Deferred {
            root: root.to_path_buf(),
            targets,
            unparsed,
            sources,
            pending,
        });
    }
    site
}
