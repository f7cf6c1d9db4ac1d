//! `dossier serve`: a real server on a free port, driven over plain HTTP:
//! pages, content types, live-reload events, the error overlay, and
//! refusal of every way out of the built site.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::*;

/// A running `dossier serve`, stopped when dropped.
pub(crate) struct Served {
    pub(crate) child: Child,
    pub(crate) port: u16,
    _stdout: std::thread::JoinHandle<()>,
    lines: std::sync::mpsc::Receiver<String>,
}

impl Served {
    pub(crate) fn start(dir: &std::path::Path, extra: &[&str]) -> Served {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["serve", "--port", "0"])
            .args(extra)
            .current_dir(dir)
            .env("SOURCE_DATE_EPOCH", EPOCH)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start dossier serve");
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut served = Served {
            child,
            port: 0,
            _stdout: reader,
            lines,
        };
        let line = served.wait_for_line("Serving http://");
        let port = line
            .split("127.0.0.1:")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .and_then(|p| p.parse().ok())
            .expect("a port in the Serving line");
        served.port = port;
        served
    }

    /// The next line of standard output containing `needle`.
    fn wait_for_line(&mut self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(line) = self.lines.recv_timeout(Duration::from_millis(200))
                && line.contains(needle)
            {
                return line;
            }
        }
        panic!("dossier serve never printed {needle:?}");
    }

    fn get(&self, target: &str) -> Reply {
        http_get(self.port, target)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
struct Reply {
    status: u16,
    headers: String,
    body: String,
}

/// A bare HTTP/1.1 GET with the target sent exactly as given (no client
/// normalises `..` away).
fn http_get(port: u16, target: &str) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Reply {
        status,
        headers: head.to_ascii_lowercase(),
        body: body.to_string(),
    }
}

/// An open server-sent event stream.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn open(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        write!(
            stream,
            "GET /__dossier/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        assert!(line.starts_with("HTTP/1.1 200"), "{line}");
        let mut saw_type = false;
        loop {
            line.clear();
            reader.read_line(&mut line).unwrap();
            saw_type |= line
                .to_ascii_lowercase()
                .starts_with("content-type: text/event-stream");
            if line == "\r\n" {
                break;
            }
        }
        assert!(saw_type, "the event stream has the text/event-stream type");
        Events { reader }
    }

    /// The data of the next `build` event. The server sends a comment every
    /// 15 seconds, so the socket's read time-out alone would never fire: a
    /// deadline makes a missed event a failure, not a hang.
    fn next_build(&mut self) -> u64 {
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut event = String::new();
        let mut line = String::new();
        loop {
            assert!(
                Instant::now() < deadline,
                "no build event within 60 seconds"
            );
            line.clear();
            let n = self
                .reader
                .read_line(&mut line)
                .expect("an event before the time-out");
            assert!(n > 0, "the event stream closed");
            let l = line.trim_end();
            if let Some(name) = l.strip_prefix("event: ") {
                event = name.to_string();
            } else if let Some(data) = l.strip_prefix("data: ")
                && event == "build"
            {
                return data.parse().unwrap();
            }
        }
    }
}

#[test]
fn serve_reloads_on_edits_shows_an_overlay_for_broken_ones_and_recovers() {
    let dir = fixture("minimal");
    let mut served = Served::start(dir.path(), &[]);

    let home = served.get("/");
    assert_eq!(home.status, 200);
    assert!(
        home.headers
            .contains("content-type: text/html; charset=utf-8")
    );
    assert!(
        home.body
            .contains("<script src=\"/__dossier/livereload.js\" data-generation=\"1\"></script>")
    );
    // Links point at the local server while serving.
    assert!(
        home.body
            .contains(&format!("http://127.0.0.1:{}/", served.port))
    );
    let css = served.get("/style.css");
    assert_eq!(css.status, 200);
    assert!(css.headers.contains("content-type: text/css"));
    assert!(!css.body.contains("livereload"));
    let script = served.get("/__dossier/livereload.js");
    assert!(script.body.contains("EventSource"));
    assert_eq!(served.get("/notes/first").status, 301);

    let mut events = Events::open(served.port);
    assert_eq!(events.next_build(), 1);

    // An edit: a reload event, then the new text.
    let note = dir.path().join("content/notes/first.md");
    let good = read(&note);
    std::fs::write(
        &note,
        good.replace("is allowed by default", "was edited while serving"),
    )
    .unwrap();
    assert_eq!(events.next_build(), 2);
    // Only the text changed: the page, the feed and the search index (the
    // chunk of the new words, and the table naming the index's edition) are
    // rendered again, nothing else.
    let line = served.wait_for_line("after a change to content/notes/first.md");
    assert!(line.contains("Rebuilt 4 of 25 files in "), "{line}");
    let page = served.get("/notes/first/");
    assert!(
        page.body.contains("was edited while serving"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("dossier-error-overlay"));

    // A broken edit: the last good page stays, with the overlay on top.
    std::fs::write(
        &note,
        "+++\ntitle = \"First note\"\ndate = \"soon\"\n+++\nBroken.\n",
    )
    .unwrap();
    assert_eq!(events.next_build(), 3);
    let page = served.get("/notes/first/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("was edited while serving"));
    assert!(page.body.contains("id=\"dossier-error-overlay\""));
    assert!(
        page.body.contains("--&gt; content/notes/first.md:3:8"),
        "{}",
        page.body
    );
    assert!(page.body.contains("data-generation=\"3\""));

    // Fixed: the overlay goes.
    std::fs::write(&note, good).unwrap();
    assert_eq!(events.next_build(), 4);
    let page = served.get("/notes/first/");
    assert!(page.body.contains("is allowed by default"));
    assert!(!page.body.contains("dossier-error-overlay"));

    // Nothing was written to the output folder.
    assert!(!dir.path().join("public").exists());
}

#[test]
fn serve_refuses_every_way_out_of_the_built_site() {
    let dir = fixture("minimal");
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        dir.path().join("dossier.toml"),
        dir.path().join("static/linked.toml"),
    )
    .unwrap();
    let served = Served::start(dir.path(), &[]);
    for bad in [
        "/../dossier.toml",
        "/static/../../dossier.toml",
        "/%2e%2e/dossier.toml",
        "/%2E%2E%2Fdossier.toml",
        "/..%2f..%2fetc/passwd",
        "//etc/passwd",
        "/..\\dossier.toml",
        "http://127.0.0.1/dossier.toml",
    ] {
        assert_eq!(served.get(bad).status, 400, "{bad}");
    }
    for missing in [
        "/dossier.toml",
        "/content/notes/first.md",
        "/linked.toml",
        "/%252e%252e/dossier.toml",
    ] {
        let reply = served.get(missing);
        assert_eq!(reply.status, 404, "{missing}");
        // The theme's 404 page.
        assert!(reply.body.contains("Page not found"), "{missing}");
    }
    let hello = served.get("/hello.txt");
    assert_eq!(hello.status, 200);
    assert!(
        hello
            .headers
            .contains("content-type: text/plain; charset=utf-8")
    );
    assert!(hello.headers.contains("x-content-type-options: nosniff"));
}

#[test]
fn serve_write_puts_each_good_build_in_the_output_folder() {
    let dir = fixture("minimal");
    let _served = Served::start(dir.path(), &["--write"]);
    let index = dir.path().join("public/notes/first/index.html");
    let deadline = Instant::now() + Duration::from_secs(10);
    while !index.is_file() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(index.is_file());
    assert!(dir.path().join("public/.dossier-manifest").is_file());
    // The written files have no live-reload script in them.
    assert!(!read(&index).contains("livereload"));
}

#[test]
fn serve_warns_before_listening_beyond_this_computer() {
    let dir = fixture("minimal");
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["serve", "--port", "0", "--bind", "0.0.0.0"])
        .current_dir(dir.path())
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        first.starts_with("warning: serving on 0.0.0.0:")
            && first.contains("other computers on the network can read this site"),
        "{first}"
    );
}

#[test]
fn confidential_serve_refuses_to_listen_beyond_this_computer() {
    let dir = fixture("minimal");
    let run = dossier(
        dir.path(),
        &[
            "serve",
            "--confidential",
            "--bind",
            "0.0.0.0",
            "--port",
            "0",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("the confidential edition can only be served on this computer"),
        "{}",
        run.stderr
    );
}

/// The text of the first `ref` link of an HTML page.
fn paper_ref_text(html: &str) -> String {
    let start = html
        .find("class=\"paper-ref\"")
        .unwrap_or_else(|| panic!("no paper reference in:\n{html}"));
    let open = start + html[start..].find('>').unwrap() + 1;
    let close = open + html[open..].find("</").unwrap();
    html[open..close].to_string()
}

/// Regression: `check` and `serve` rendered case studies before the papers'
/// references existed, so a valid `ref` failed there ("there is no paper")
/// while `build` of the same project succeeded. References are now made
/// before any Markdown is rendered.
#[test]
fn a_ref_in_a_case_study_reads_the_same_in_build_check_and_serve() {
    let dir = fixture("board");
    std::fs::create_dir_all(dir.path().join("content/case-studies")).unwrap();
    std::fs::write(
        dir.path().join("content/case-studies/shared-post.md"),
        "+++\ntitle = \"A shared post\"\nsummary = \"One post, two employers.\"\ndate = 2026-11-01\n+++\n\nThe board considered it as {{ ref(paper=\"joint-appointments\") }}.\n",
    )
    .unwrap();

    let built = dossier(dir.path(), &["build"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let page = read(
        dir.path()
            .join("public/case-studies/shared-post/index.html"),
    );
    let from_build = paper_ref_text(&page);
    assert!(
        from_build.starts_with("item ") && from_build.contains("pack page"),
        "{from_build}"
    );

    let checked = dossier(dir.path(), &["check"]);
    assert_eq!(checked.code, 0, "{}{}", checked.stdout, checked.stderr);
    assert!(
        !checked.stdout.contains("there is no paper")
            && !checked.stderr.contains("there is no paper"),
        "{}{}",
        checked.stdout,
        checked.stderr
    );

    let served = Served::start(dir.path(), &[]);
    let reply = served.get("/case-studies/shared-post/");
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(paper_ref_text(&reply.body), from_build);
}
