//! `dossier serve`: build in memory, serve on 127.0.0.1, rebuild on every
//! change, and reload the open browsers.
//!
//! The shape is deliberately small and synchronous: tiny_http on a thread
//! per request, a notify debouncer feeding the main thread, which rebuilds.
//! The served site is an immutable snapshot (`Arc` of the file map) swapped
//! in after each successful build; a failed build keeps the last good
//! snapshot and adds an error overlay to every page. Browsers learn of new
//! builds through server-sent events on `/__dossier/events`, from a script
//! that serve adds to HTML responses (never to the files themselves).
//!
//! Each change rebuilds only what it can have changed ([`incremental`]):
//! an edit of a page's text renders that page, the feed and the search
//! index again; an edit of a page template renders the files made with it;
//! any other change builds the whole site in memory, as `dossier build`
//! would. The rebuild times are in docs/workflow.md. A
//! rebuild whose output is identical to what is served (an editor touching
//! a file) reloads nothing.

mod http;
pub(crate) mod incremental;

use std::collections::BTreeMap;
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use tiny_http::{Header, Method, Request, Response, Server};

use crate::build::{self, BuildSettings};
use crate::diagnostic::Diagnostic;
use crate::output::{self, Sink, Staging};
use crate::terminal::print_diagnostics;
use http::Wanted;
use incremental::{BuiltFiles, Session};

/// The folders and files a change in which rebuilds the site.
pub(crate) const WATCHED: &[&str] = &["content", "static", "templates", "themes", "dossier.toml"];

/// Validated settings for `dossier serve`.
#[derive(Debug, Clone)]
pub(crate) struct ServeSettings {
    pub(crate) build: BuildSettings,
    pub(crate) bind: IpAddr,
    /// 0 picks a free port.
    pub(crate) port: u16,
    /// Open a browser once serving.
    pub(crate) open: bool,
    /// Also write each good build to the output folder.
    pub(crate) write: bool,
    pub(crate) quiet: bool,
}

/// What is being served.
struct Snapshot {
    files: BuiltFiles,
    /// The error overlay while the last build failed.
    overlay: Option<Arc<String>>,
    /// Counts builds that changed what is served; pages carry it, and
    /// reload when the server announces another.
    generation: u64,
}

struct Shared {
    snapshot: Mutex<Snapshot>,
    /// One sender per open event stream.
    clients: Mutex<Vec<mpsc::Sender<u64>>>,
}

impl Shared {
    fn current(&self) -> (BuiltFiles, Option<Arc<String>>, u64) {
        let s = self.snapshot.lock().unwrap_or_else(|e| e.into_inner());
        (s.files.clone(), s.overlay.clone(), s.generation)
    }

    fn announce(&self, generation: u64) {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients.retain(|c| c.send(generation).is_ok());
    }
}

/// Run the server until the process is stopped; returns an exit code only
/// when it cannot start.
pub(crate) fn serve(mut settings: ServeSettings) -> u8 {
    let config = match build::load_config(&settings.build) {
        Ok(c) => c,
        Err(f) => {
            print_diagnostics(&f.diagnostics);
            return f.exit_code;
        }
    };
    // The confidential edition is never served beyond this computer.
    if settings.build.confidential() && !settings.bind.is_loopback() {
        print_diagnostics(&[Diagnostic::error(format!(
            "the confidential edition can only be served on this computer, not on {}",
            settings.bind
        ))
        .with_hint("drop --bind (the default is 127.0.0.1), or serve the public edition")]);
        return 2;
    }
    let write_to = if settings.build.confidential() {
        &config.private_output_dir
    } else {
        &config.output_dir
    };
    let out_dir = if settings.write {
        match output::resolve_output_dir(&settings.build.root, write_to) {
            Ok(d) => Some(d),
            Err(d) => {
                print_diagnostics(&[d]);
                return 2;
            }
        }
    } else {
        None
    };
    let server = match Server::http(SocketAddr::new(settings.bind, settings.port)) {
        Ok(s) => Arc::new(s),
        Err(e) => {
            print_diagnostics(&[Diagnostic::error(format!(
                "cannot serve on {}: {e}",
                SocketAddr::new(settings.bind, settings.port)
            ))
            .with_hint("another program may be using the port: choose another with --port, e.g. --port 1112")]);
            return 2;
        }
    };
    let port = server
        .server_addr()
        .to_ip()
        .map_or(settings.port, |a| a.port());
    let host = match settings.bind {
        IpAddr::V4(v4) if v4.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V6(v6) if v6.is_unspecified() => "[::1]".to_string(),
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    };
    let url = format!("http://{host}:{port}/");
    // Links, canonical URLs and feeds point at this server while serving.
    settings.build.base_url = Some(url.clone());
    if !settings.bind.is_loopback() {
        eprintln!(
            "warning: serving on {}, so other computers on the network can read this site{}; use --bind 127.0.0.1 to keep it on this computer",
            SocketAddr::new(settings.bind, port),
            if settings.build.drafts {
                ", drafts included"
            } else {
                ""
            }
        );
    }

    let shared = Arc::new(Shared {
        snapshot: Mutex::new(Snapshot {
            files: Arc::new(BTreeMap::new()),
            overlay: None,
            generation: 0,
        }),
        clients: Mutex::new(Vec::new()),
    });
    // Watch before the first build and before serving, so that no change
    // made once the server answers (or while it builds) can be missed.
    let (tx, rx) = mpsc::channel();
    let root = settings
        .build
        .root
        .canonicalize()
        .unwrap_or_else(|_| settings.build.root.clone());
    let mut debouncer =
        match notify_debouncer_full::new_debouncer(Duration::from_millis(50), None, tx) {
            Ok(d) => d,
            Err(e) => {
                print_diagnostics(&[Diagnostic::error(format!(
                    "cannot watch the project for changes: {e}"
                ))]);
                return 2;
            }
        };
    let mut watching: Vec<PathBuf> = Vec::new();
    let mut watch_new = |debouncer: &mut notify_debouncer_full::Debouncer<_, _>| {
        if watching.is_empty() && debouncer.watch(&root, RecursiveMode::NonRecursive).is_ok() {
            watching.push(root.clone());
        }
        for name in WATCHED.iter().filter(|n| !n.contains('.')) {
            let dir = root.join(name);
            if dir.is_dir()
                && !watching.contains(&dir)
                && debouncer.watch(&dir, RecursiveMode::Recursive).is_ok()
            {
                watching.push(dir);
            }
        }
    };
    watch_new(&mut debouncer);

    let mut session = Session::new(settings.build.clone());
    rebuild(&settings, &mut session, &shared, out_dir.as_deref(), &[]);

    {
        let server = server.clone();
        let shared = shared.clone();
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                let shared = shared.clone();
                std::thread::spawn(move || handle(request, &shared));
            }
        });
    }
    println!("Serving {url} (press Ctrl+C to stop)");
    let _ = std::io::stdout().flush();
    if settings.open {
        open_browser(&url);
    }

    for result in rx {
        let Ok(events) = result else { continue };
        let mut changed: Vec<PathBuf> = events
            .iter()
            .filter(|e| !matches!(e.kind, EventKind::Access(_)))
            .flat_map(|e| e.paths.iter())
            .filter_map(|p| relevant(&root, p))
            .collect();
        changed.sort();
        changed.dedup();
        if changed.is_empty() {
            continue;
        }
        // A watched folder created after start (templates/, say) is
        // watched from now on.
        watch_new(&mut debouncer);
        rebuild(
            &settings,
            &mut session,
            &shared,
            out_dir.as_deref(),
            &changed,
        );
    }
    0
}

/// The project-relative path of a changed file, if a change there matters.
fn relevant(root: &Path, path: &Path) -> Option<PathBuf> {
    let rel = path.strip_prefix(root).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    if !WATCHED.contains(&first) {
        return None;
    }
    let hidden = rel
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    let name = rel.file_name()?.to_string_lossy();
    let editor_temp =
        name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".swx") || name == "4913";
    (!hidden && !editor_temp).then(|| rel.to_path_buf())
}

/// Build again and swap in the result (or show why it failed).
fn rebuild(
    settings: &ServeSettings,
    session: &mut Session,
    shared: &Shared,
    out_dir: Option<&Path>,
    changed: &[PathBuf],
) {
    let started = Instant::now();
    let result = session.rebuild(changed);
    let millis = started.elapsed().as_millis();
    let what = match changed {
        [] => String::new(),
        [one] => format!(
            " after a change to {}",
            crate::diagnostic::display_path(one)
        ),
        [first, rest @ ..] => format!(
            " after changes to {} and {} more",
            crate::diagnostic::display_path(first),
            rest.len()
        ),
    };
    match result {
        Ok(rebuilt) => {
            if !settings.quiet {
                print_diagnostics(&rebuilt.warnings);
            }
            let generation = {
                let mut s = shared.snapshot.lock().unwrap_or_else(|e| e.into_inner());
                if s.overlay.is_none() && unchanged(&s.files, &rebuilt) {
                    None
                } else {
                    s.generation += 1;
                    s.files = rebuilt.files.clone();
                    s.overlay = None;
                    Some((s.generation, s.files.clone()))
                }
            };
            let verb = if changed.is_empty() {
                "Built"
            } else {
                "Rebuilt"
            };
            if !settings.quiet {
                let unchanged = if generation.is_none() {
                    " (nothing changed)"
                } else {
                    ""
                };
                let scope = match &rebuilt.rerendered {
                    None => format!("{} pages", rebuilt.pages),
                    Some(files) if files.is_empty() => "nothing".to_string(),
                    Some(files) if files.len() <= 3 => {
                        format!(
                            "{} of {} files ({})",
                            files.len(),
                            rebuilt.files.len(),
                            files.join(", ")
                        )
                    }
                    Some(files) => format!("{} of {} files", files.len(), rebuilt.files.len()),
                };
                println!("{verb} {scope} in {millis} ms{what}{unchanged}.");
            }
            if let Some((generation, files)) = generation {
                shared.announce(generation);
                if let Some(out) = out_dir {
                    write_out(out, &files, settings.build.confidential());
                }
            }
        }
        Err(failure) => {
            print_diagnostics(&failure.diagnostics);
            let generation = {
                let mut s = shared.snapshot.lock().unwrap_or_else(|e| e.into_inner());
                s.generation += 1;
                s.overlay = Some(Arc::new(http::overlay(&failure.diagnostics)));
                s.generation
            };
            eprintln!(
                "Build failed in {millis} ms{what}; still serving the last version that built."
            );
            shared.announce(generation);
        }
    }
}

/// Whether a rebuild made exactly the files being served.
fn unchanged(served: &BuiltFiles, rebuilt: &incremental::Rebuilt) -> bool {
    match &rebuilt.rerendered {
        // Only these files can differ.
        Some(names) => names
            .iter()
            .all(|n| served.get(n).map(|b| &b[..]) == rebuilt.files.get(n).map(|b| &b[..])),
        None => **served == *rebuilt.files,
    }
}

/// `--write`: put a good build in the output folder, as `dossier build`
/// would (staging folder, swap, manifest).
fn write_out(out: &Path, files: &BTreeMap<String, std::sync::Arc<[u8]>>, private: bool) {
    // The confidential edition is for its owner only, as `dossier build`
    // writes it.
    let staging = if private {
        Staging::begin_private(out)
    } else {
        Staging::begin(out)
    };
    let result = staging.and_then(|mut staging| {
        for (name, bytes) in files {
            if let Err(e) = staging.write(name, bytes) {
                staging.abandon();
                return Err(e);
            }
        }
        staging.commit()
    });
    if let Err(e) = result {
        print_diagnostics(&[Diagnostic::error(format!(
            "cannot write the site to {}: {e}",
            out.display()
        ))]);
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

/// Answer one request.
fn handle(request: Request, shared: &Shared) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        let response = Response::from_string("Only GET and HEAD are served.\n")
            .with_status_code(405)
            .with_header(header("Allow", "GET, HEAD"));
        let _ = request.respond(response);
        return;
    }
    let target = request.url().to_string();
    match target.split('?').next().unwrap_or("") {
        "/__dossier/events" => return events(request, shared),
        "/__dossier/livereload.js" => {
            let response = Response::from_data(include_bytes!("livereload.js").to_vec())
                .with_header(header("Content-Type", "text/javascript; charset=utf-8"))
                .with_header(header("Cache-Control", "no-store"));
            let _ = request.respond(response);
            return;
        }
        _ => {}
    }
    let (files, overlay, generation) = shared.current();
    let (status, name, body) = match http::resolve(&target, |f| files.contains_key(f)) {
        Wanted::BadRequest => {
            let response = Response::from_string(
                "Bad request: dossier serves only the files of the built site.\n",
            )
            .with_status_code(400)
            .with_header(header("Content-Type", "text/plain; charset=utf-8"));
            let _ = request.respond(response);
            return;
        }
        Wanted::Redirect(to) => {
            let response = Response::empty(301)
                .with_header(header("Location", &to))
                .with_header(header("Cache-Control", "no-store"));
            let _ = request.respond(response);
            return;
        }
        Wanted::File(name) => match files.get(&name) {
            Some(bytes) => (200, name, bytes.to_vec()),
            None => {
                // A language's folder (`cy/`) has its own page, in it.
                let in_folder = name
                    .split_once('/')
                    .map(|(folder, _)| format!("{folder}/404.html"))
                    .filter(|p| files.contains_key(p));
                let page = in_folder.unwrap_or_else(|| "404.html".to_string());
                let body = files
                    .get(&page)
                    .map(|b| b.to_vec())
                    .unwrap_or_else(|| http::bare_page("Page not found"));
                (404, page, body)
            }
        },
    };
    let content_type = http::content_type(&name);
    let body = if content_type.starts_with("text/html") {
        http::inject(&body, generation, overlay.as_deref().map(String::as_str))
    } else {
        body
    };
    let response = Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", content_type))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"));
    let _ = request.respond(response);
}

/// A server-sent event stream: one `build` event with the current
/// generation on connection, then one per build, and a comment every 15
/// seconds so a closed browser tab is noticed.
fn events(request: Request, shared: &Shared) {
    let (tx, rx) = mpsc::channel();
    shared
        .clients
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(tx);
    let (_, _, generation) = shared.current();
    // tiny_http buffers ordinary responses; taking the connection over lets
    // each event be flushed as it happens. The response is a plain 200 with
    // no length, ended by closing the connection.
    let response = Response::empty(200)
        .with_header(header("Content-Type", "text/event-stream"))
        .with_header(header("Cache-Control", "no-store"));
    let mut stream = request.upgrade("dossier-events", response);
    let mut send = |text: &str| {
        stream
            .write_all(text.as_bytes())
            .and_then(|()| stream.flush())
    };
    if send(&format!(
        "retry: 1000\nevent: build\ndata: {generation}\n\n"
    ))
    .is_err()
    {
        return;
    }
    loop {
        let message = match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(generation) => format!("event: build\ndata: {generation}\n\n"),
            Err(mpsc::RecvTimeoutError::Timeout) => ": still here\n\n".to_string(),
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        };
        if send(&message).is_err() {
            return;
        }
    }
}

/// `--open`: hand the address to the desktop's browser, if there is one.
fn open_browser(url: &str) {
    let (program, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    match std::process::Command::new(program)
        .args(&args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        Ok(_) => {}
        Err(_) => eprintln!(
            "note: cannot open a browser ({program} is not available); open {url} yourself"
        ),
    }
}
