//! What the board publishes on the site: a page per paper and per meeting,
//! meeting calendars, and pack page numbers filled into agendas and `ref`s.

use std::collections::BTreeMap;

use crate::board::PaperRef;
use crate::diagnostic::Diagnostics;
use crate::model::Site;
use crate::output::Sink;
use crate::pdf::pack::PackRenderer;
use crate::render::emit::{Emit, Selection, uid_host, v};
use crate::render::view::Views;

/// Put board-pack page numbers where `ref` shortcodes left placeholders.
pub(crate) fn fill_pack_pages(
    text: String,
    pages: &std::collections::BTreeMap<String, usize>,
) -> String {
    if memchr::memmem::find(text.as_bytes(), b"DOSSIERPACKPAGE").is_none() {
        return text;
    }
    let mut text = text;
    for (slug, page) in pages {
        text = text.replace(
            &crate::board::pack_page_placeholder(slug),
            &page.to_string(),
        );
    }
    // A paper whose pack could not be made (its error is reported).
    while let Some(start) = text.find("DOSSIERPACKPAGE") {
        let end = text[start..]
            .find('X')
            .map_or(text.len(), |e| start + e + 1);
        text.replace_range(start..end, "?");
    }
    text
}

pub(crate) struct BoardOutput<'a> {
    pub(crate) views: &'a Views<'a>,
    pub(crate) packs: &'a PackRenderer,
    pub(crate) refs: &'a std::collections::BTreeMap<String, crate::board::PaperRef>,
    pub(crate) pack_pages: &'a std::collections::BTreeMap<String, usize>,
}

/// Paper pages and PDFs, the paper listing, meeting pages, the meeting
/// listing and the calendar of meetings.
pub(crate) fn write_board(
    site: &Site,
    out: &BoardOutput,
    emit: &mut Emit,
    sink: &mut dyn Sink,
    problems: &mut Diagnostics,
    selection: &Selection,
) -> std::io::Result<()> {
    let c = &site.config;
    let paper_views: Vec<_> = (0..site.board.papers.len())
        .map(|i| out.views.paper(i))
        .collect();
    for (paper, view) in site.board.papers.iter().zip(&paper_views) {
        emit(
            &paper.path,
            "paper.html",
            &[("paper", v(view))],
            Some(format!("content/{}", paper.content_path)),
            sink,
            problems,
        )?;
    }
    if selection.all() {
        // Each paper's own PDF, typeset on all cores, written in order.
        crate::board::typst::write_pdfs(
            site.board.papers.len(),
            |i| {
                crate::board::pack::paper_pdf(
                    site,
                    out.views,
                    out.packs,
                    out.refs,
                    out.pack_pages,
                    i,
                )
            },
            |i| {
                format!(
                    "{}paper.pdf",
                    site.board.papers[i].path.trim_start_matches('/')
                )
            },
            sink,
            problems,
        )?;
    }
    emit(
        "/papers/",
        "papers.html",
        &[("papers", v(&paper_views))],
        None,
        sink,
        problems,
    )?;
    let meeting_views: Vec<_> = (0..site.board.meetings.len())
        .map(|i| out.views.meeting(i, out.pack_pages))
        .collect();
    for (meeting, view) in site.board.meetings.iter().zip(&meeting_views) {
        emit(
            &meeting.path,
            "meeting.html",
            &[("meeting", v(view))],
            Some(format!("content/{}", meeting.content_path)),
            sink,
            problems,
        )?;
    }
    let pdfs = crate::board::minutes::output::Pdfs {
        views: out.views,
        packs: out.packs,
        refs: out.refs,
        pack_pages: out.pack_pages,
    };
    crate::board::minutes::output::write(site, &pdfs, emit, sink, problems, selection)?;
    let upcoming: Vec<_> = meeting_views.iter().filter(|m| m.upcoming).collect();
    let mut past: Vec<_> = meeting_views.iter().filter(|m| !m.upcoming).collect();
    past.reverse();
    emit(
        "/meetings/",
        "meetings.html",
        &[
            ("upcoming", v(&upcoming)),
            ("past", v(&past)),
            ("has_minutes", v(&!site.board.minutes.is_empty())),
        ],
        None,
        sink,
        problems,
    )?;
    if !selection.all() {
        return Ok(());
    }
    write_open_data(site, &paper_views, &meeting_views, sink)?;
    let host = uid_host(c);
    let events: Vec<crate::render::ics::Event> = meeting_views
        .iter()
        .map(|m| meeting_event(m, &host, &c.pass))
        .collect();
    let zone = &c.calendar.zone;
    for (m, event) in meeting_views.iter().zip(&events) {
        let ics = crate::render::ics::calendar(
            &format!("{}: {}", m.body, m.title),
            site.build_date,
            zone,
            std::slice::from_ref(event),
        );
        sink.write(&format!("meetings/{}/meeting.ics", m.slug), ics.as_bytes())?;
    }
    let ics = crate::render::ics::calendar(
        &c.pass
            .fill("cal_meetings", "{site}: meetings", &[("site", &c.title)]),
        site.build_date,
        zone,
        &events,
    );
    sink.write("meetings/meetings.ics", ics.as_bytes())?;
    // A calendar holds at least one event (RFC 5545), so none is written
    // when no meeting is coming up.
    let deadlines = deadline_events(site, &host);
    if deadlines.is_empty() {
        return Ok(());
    }
    let ics = crate::render::ics::calendar(
        &c.pass.fill(
            "cal_deadlines",
            "{site}: report and publication deadlines",
            &[("site", &c.title)],
        ),
        site.build_date,
        zone,
        &deadlines,
    );
    sink.write("meetings/deadlines.ics", ics.as_bytes())
}

/// For officers: each upcoming meeting's report deadline (when
/// `[governance] report_deadline_working_days` is set), the last day to
/// publish its agenda and, for an executive's, the last days to publish
/// notice of its key decisions and of meeting in private, as all-day
/// events.
fn deadline_events(site: &Site, host: &str) -> Vec<crate::render::ics::Event> {
    use crate::render::ics::Event;
    let c = &site.config;
    let wd = c.calendar.working_days();
    let counting = c.governance.executive_notice_counting;
    let mut events = Vec::new();
    for m in site
        .board
        .meetings
        .iter()
        .filter(|m| m.upcoming && m.goes_ahead())
    {
        let due = m.deadlines(c, &wd);
        let executive = m.executive_deadlines(c, &wd);
        let name = format!("{}: {}", m.file.body, m.file.title);
        // In the words of the pass's language (see `LanguagePass::word`).
        let p = &c.pass;
        let about = |days: String| {
            p.fill(
                "cal_deadline_about",
                "{meeting}, {date} at {location}. {days} notice.",
                &[
                    ("meeting", &name),
                    ("date", &m.date.long_in(&c.language)),
                    ("location", &m.file.location),
                    ("days", &days),
                ],
            )
        };
        let n_days =
            |key: &str, english: &str, n: u32| p.fill(key, english, &[("n", &n.to_string())]);
        let working = |n: u32| n_days("cal_working_days", "{n} clear working days'", n);
        // An executive's notices count as `executive_notice_counting` says.
        let notice = |n: u32| match (counting, n) {
            (crate::calendar::Counting::Calendar, 1) => {
                n_days("cal_clear_day", "{n} clear day'", n)
            }
            (crate::calendar::Counting::Calendar, _) => {
                n_days("cal_clear_days", "{n} clear days'", n)
            }
            (crate::calendar::Counting::Working, 1) => {
                n_days("cal_clear_working_day", "{n} clear working day'", n)
            }
            (crate::calendar::Counting::Working, _) => {
                n_days("cal_clear_working_days", "{n} clear working days'", n)
            }
        };
        let dated = [
            due.and_then(|d| {
                Some((
                    d.reports_due?,
                    "reports",
                    p.word("cal_reports_due", "Reports due"),
                    working(d.clear),
                ))
            }),
            due.map(|d| {
                (
                    d.publish,
                    "agenda",
                    p.word("cal_publish_agenda", "Last day to publish the agenda"),
                    working(d.clear),
                )
            }),
            executive.key_decisions.map(|n| {
                (
                    n.publish,
                    "key-decisions",
                    p.word(
                        "cal_key_decision_notice",
                        "Last day to give notice of key decisions",
                    ),
                    notice(n.clear),
                )
            }),
            executive.private.map(|n| {
                (
                    n.publish,
                    "private",
                    p.word(
                        "cal_private_meeting_notice",
                        "Last day to give notice of meeting in private",
                    ),
                    notice(n.clear),
                )
            }),
        ];
        for (date, uid, what, days) in dated.into_iter().flatten() {
            events.push(Event {
                description: Some(about(days)),
                url: Some(c.permalink(&m.path)),
                ..Event::all_day(
                    format!("{uid}-{}@{host}", m.slug),
                    date,
                    format!("{what}: {name}"),
                )
            });
        }
    }
    events.sort_by(|a, b| a.date.cmp(&b.date).then(a.uid.cmp(&b.uid)));
    events
}

/// `meetings/<slug>/meeting.json`, `meetings/index.json` and
/// `papers/index.json` (see [`crate::board::open_data`]).
fn write_open_data(
    site: &Site,
    papers: &[crate::board::view::PaperView],
    meetings: &[crate::board::view::MeetingView],
    sink: &mut dyn Sink,
) -> std::io::Result<()> {
    use crate::board::open_data::{event, meeting_entry, paper_entry};
    let c = &site.config;
    let zone = &c.calendar.zone;
    for m in meetings {
        let data = event(m, &c.base_url, zone, zone.name());
        sink.write(
            &format!("meetings/{}/meeting.json", m.slug),
            &pretty(&data)?,
        )?;
    }
    let list: Vec<_> = meetings
        .iter()
        .map(|m| meeting_entry(m, &c.base_url, zone))
        .collect();
    sink.write("meetings/index.json", &pretty(&list)?)?;
    let list: Vec<_> = papers.iter().map(|p| paper_entry(p, &c.base_url)).collect();
    sink.write("papers/index.json", &pretty(&list)?)
}

/// Pretty JSON, ending with a newline.
fn pretty<T: serde::Serialize>(value: &T) -> std::io::Result<Vec<u8>> {
    let mut out = serde_json::to_vec_pretty(value).map_err(std::io::Error::other)?;
    out.push(b'\n');
    Ok(out)
}

/// A meeting as a calendar event: busy time from its start to its end, at
/// its place, with its status; "Cancelled: " or "Postponed: " before the
/// title of one that is not going ahead.
fn meeting_event(
    m: &crate::board::view::MeetingView,
    host: &str,
    pass: &crate::config::LanguagePass,
) -> crate::render::ics::Event {
    use crate::board::meeting::MeetingStatus;
    let prefix = match m.status {
        MeetingStatus::Cancelled => pass.word("cal_cancelled", "Cancelled: "),
        MeetingStatus::Postponed => pass.word("cal_postponed", "Postponed: "),
        _ => "",
    };
    let mut description = m.status_note.clone().unwrap_or_default();
    if !description.is_empty() {
        description.push_str("\n\n");
    }
    description.push_str(&pass.fill(
        "cal_agenda_and_papers",
        "Agenda and papers: {url}",
        &[("url", &m.permalink)],
    ));
    crate::render::ics::Event {
        start: m.start.clone(),
        end: m.end.clone(),
        description: Some(description),
        url: Some(m.permalink.clone()),
        location: Some(m.location.clone()),
        status: Some(m.status.ics()),
        sequence: Some(m.sequence),
        busy: m.status != MeetingStatus::Cancelled,
        ..crate::render::ics::Event::all_day(
            format!("meeting-{}@{host}", m.slug),
            m.date,
            format!("{prefix}{}: {}", m.body, m.title),
        )
    }
}

/// Typeset and write every meeting's board pack; gives the page of its
/// meeting's pack on which each paper (by slug) starts, which web agendas and
/// `ref` shortcodes print, so this runs before any page is rendered.
pub(crate) fn write_board_packs(
    site: &Site,
    views: &Views,
    packs: &PackRenderer,
    refs: &BTreeMap<String, PaperRef>,
    sink: &mut dyn Sink,
    problems: &mut Diagnostics,
) -> std::io::Result<BTreeMap<String, usize>> {
    // The main pack of each meeting, then each supplementary agenda's own,
    // typeset on all cores and written, in this order, as each is done.
    let parts: Vec<(usize, Option<u32>)> = site
        .board
        .meetings
        .iter()
        .enumerate()
        .flat_map(|(i, m)| {
            std::iter::once((i, None)).chain(m.supplements.iter().map(move |s| (i, Some(s.0))))
        })
        .collect();
    let mut pack_pages = BTreeMap::new();
    crate::par::for_each_costly_in_order(
        &parts,
        |&(i, supplement)| crate::board::pack::board_pack(site, views, packs, refs, i, supplement),
        |k, made| {
            let (i, supplement) = parts[k];
            match made {
                Ok((typeset, pages)) => {
                    pack_pages.extend(pages);
                    let file = match supplement {
                        Some(n) => format!("supplement-{n}.pdf"),
                        None => "board-pack.pdf".to_string(),
                    };
                    let path = site.board.meetings[i].path.trim_start_matches('/');
                    sink.write_pdf(
                        &format!("{path}{file}"),
                        &typeset.pdf,
                        &typeset.source,
                        typeset.text.as_deref(),
                    )
                }
                Err(d) => {
                    problems.push(d);
                    Ok(())
                }
            }
        },
    )?;
    Ok(pack_pages)
}
