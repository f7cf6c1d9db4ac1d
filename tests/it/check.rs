//! `dossier check`: every lint on a fixture, every output format, exit
//! codes, and the external link checker against a local server.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::Value;

use crate::support::*;

fn check(dir: &std::path::Path, args: &[&str]) -> Run {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    dossier(dir, &all)
}

#[test]
fn the_example_project_is_fit_to_publish() {
    let run = check(&repo_root(), &["--deny-warnings"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("pages: 0 errors, 0 warnings, 4 meetings' deadlines."),
        "{}",
        run.stderr
    );
    // The upcoming meeting's publication deadline, in clear working days.
    assert!(
        run.stderr.contains("note: agenda for Thursday 10 December 2026 must be published by Wednesday 2 December 2026 (5 clear working days)"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_reports_every_lint_at_its_source_line() {
    let dir = fixture("lints");
    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 1, "internal link errors fail the check");
    assert_snapshot("check/lints.txt", &run.stderr);
    // Nothing is written.
    assert!(!dir.path().join("public").exists());
}

#[test]
fn warnings_fail_only_with_deny_warnings() {
    let dir = fixture("minimal");
    let page = dir.path().join("content/notes/first.md");
    std::fs::write(
        &page,
        read(&page) + "\nFor the minutes, [click here](@/case-studies/one.md).\n",
    )
    .unwrap();
    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning: the link text \"click here\" does not say where the link goes")
    );
    assert!(
        run.stderr.contains("--> content/notes/first.md:11:18"),
        "{}",
        run.stderr
    );
    let run = check(dir.path(), &["--deny-warnings"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .ends_with("0 errors, 1 warning (--deny-warnings).\n"),
        "{}",
        run.stderr
    );
    let run = check(dir.path(), &["--quiet"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
}

#[test]
fn check_reports_build_problems_and_usage_problems() {
    let dir = fixture("broken");
    let run = check(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 1);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    let diagnostics = doc["diagnostics"].as_array().unwrap();
    assert!(diagnostics.len() > 3);
    assert!(
        diagnostics
            .iter()
            .all(|d| d["rule"] == "build" && d["severity"] == "error")
    );

    let empty = TempDir::new();
    let run = check(empty.path(), &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("error: no dossier.toml in ."),
        "{}",
        run.stderr
    );
}

#[test]
fn json_format_follows_the_documented_schema() {
    let dir = fixture("lints");
    let run = check(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stderr, "");
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["summary"]["errors"], 3);
    assert_eq!(doc["summary"]["warnings"], 8);
    let rules: Vec<&str> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            for key in [
                "severity",
                "rule",
                "path",
                "line",
                "column",
                "message",
                "hint",
                "note",
                "source_line",
            ] {
                assert!(d.get(key).is_some(), "{key} missing from {d}");
            }
            d["rule"].as_str().unwrap()
        })
        .collect();
    for rule in [
        "case-study-age",
        "heading-order",
        "img-alt",
        "link-text",
        "table-headers",
        "internal-link",
        "html-lang",
    ] {
        assert!(rules.contains(&rule), "{rule} not reported");
    }
    let age = &doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "case-study-age")
        .unwrap();
    assert_eq!(age["path"], "content/case-studies/old.md");
    assert_eq!(
        (age["line"].as_u64(), age["column"].as_u64()),
        (Some(4), Some(1))
    );
}

#[test]
fn github_format_prints_workflow_annotations() {
    let dir = fixture("lints");
    let run = check(dir.path(), &["--format", "github"]);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 11);
    assert!(lines.contains(
        &"::warning file=content/case-studies/old.md,line=4,col=1,title=dossier case-study-age::this case study is dated 1 June 2023, more than 2 years before 29 November 2026%0Ahint: check the facts are still true and update the date, or retire the case study; the limit is `case_study_max_age_years = 2` under [check] in dossier.toml (0 turns this off)"
    ), "{}", run.stdout);
    assert!(lines.iter().any(|l| l.starts_with(
        "::error file=content/notes/accessibility.md,line=18,col=23,title=dossier internal-link::"
    )));
    assert!(
        lines
            .iter()
            .all(|l| l.starts_with("::warning ") || l.starts_with("::error "))
    );
}

#[test]
fn sarif_format_is_a_valid_sarif_2_1_0_log() {
    let dir = fixture("lints");
    let run = check(dir.path(), &["--format", "sarif"]);
    assert_eq!(run.code, 1);
    let log: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "dossier");
    let rules = driver["rules"].as_array().unwrap();
    let rule_ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    for r in rules {
        assert!(r["shortDescription"]["text"].is_string());
    }
    let results = runs[0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 11);
    for result in results {
        let id = result["ruleId"].as_str().unwrap();
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rule_ids[index], id, "ruleIndex points at its rule");
        assert!(["error", "warning", "note", "none"].contains(&result["level"].as_str().unwrap()));
        assert!(result["message"]["text"].as_str().unwrap().len() > 5);
        for location in result["locations"].as_array().into_iter().flatten() {
            let physical = &location["physicalLocation"];
            let uri = physical["artifactLocation"]["uri"].as_str().unwrap();
            assert!(!uri.starts_with('/') && !uri.contains('\\'), "{uri}");
            if let Some(region) = physical.get("region") {
                assert!(region["startLine"].as_u64().unwrap() >= 1);
                assert!(
                    region
                        .get("startColumn")
                        .is_none_or(|c| c.as_u64().unwrap() >= 1)
                );
            }
        }
    }
}

/// A local web server standing in for other people's websites.
struct Web {
    server: Arc<tiny_http::Server>,
    port: u16,
    hits: Arc<Mutex<Vec<String>>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Web {
    fn start() -> Web {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
        let port = server.server_addr().to_ip().unwrap().port();
        let hits = Arc::new(Mutex::new(Vec::new()));
        let busy = Arc::new(AtomicUsize::new(0));
        let thread = {
            let (server, hits) = (server.clone(), hits.clone());
            std::thread::spawn(move || {
                for request in server.incoming_requests() {
                    let path = request.url().to_string();
                    hits.lock()
                        .unwrap()
                        .push(format!("{} {path}", request.method()));
                    let status = match path.as_str() {
                        "/ok" => 200,
                        "/gone" => 404,
                        "/private" => 403,
                        "/busy" => 429,
                        // Failing for HEAD and GET once, then fine: a retry succeeds.
                        "/flaky" if busy.fetch_add(1, Ordering::SeqCst) < 2 => 503,
                        "/flaky" => 200,
                        "/get-only" if request.method() == &tiny_http::Method::Head => 405,
                        "/get-only" => 200,
                        _ => 500,
                    };
                    let _ = request.respond(tiny_http::Response::empty(status));
                }
            })
        };
        Web {
            server,
            port,
            hits,
            thread: Some(thread),
        }
    }

    fn hits(&self, path: &str) -> usize {
        self.hits
            .lock()
            .unwrap()
            .iter()
            .filter(|h| h.ends_with(&format!(" {path}")))
            .count()
    }
}

impl Drop for Web {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[test]
fn external_links_are_checked_politely_and_cached() {
    let web = Web::start();
    let dir = fixture("minimal");
    let page = dir.path().join("content/notes/first.md");
    let base = format!("http://127.0.0.1:{}", web.port);
    // The fixture's organisation links to a real address: tests stay off the network.
    let config = dir.path().join("dossier.toml");
    std::fs::write(
        &config,
        read(&config) + "\n[check]\nexternal_skip = [\"https://acme.example.org/\"]\n",
    )
    .unwrap();
    std::fs::write(
        &page,
        read(&page)
            + &format!(
                "\nSee [the report]({base}/ok), [the old page]({base}/gone), [the members' area]({base}/private),\n[the busy page]({base}/busy), [the flaky page]({base}/flaky) and [the form]({base}/get-only).\n"
            ),
    )
    .unwrap();
    let run = check(dir.path(), &["--external", "--format", "json"]);
    assert_eq!(
        run.code, 0,
        "broken external links are warnings: {}",
        run.stdout
    );
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    let found: Vec<(String, String, String)> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["severity"].as_str().unwrap().to_string(),
                d["rule"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().replace(&base, ""),
            )
        })
        .collect();
    let expect = |severity: &str, rule: &str, message: &str| {
        (severity.to_string(), rule.to_string(), message.to_string())
    };
    assert_eq!(
        found,
        [
            expect(
                "warning",
                "external-link",
                "the link /gone is broken: the server answered 404"
            ),
            expect(
                "note",
                "external-unverified",
                "could not verify the link /private: the server refused to answer a link checker (403)"
            ),
            expect(
                "note",
                "external-unverified",
                "could not verify the link /busy: the server asked dossier to slow down (429)"
            ),
        ]
    );
    let first = &doc["diagnostics"][0];
    assert_eq!(
        (first["path"].as_str(), first["line"].as_u64()),
        (Some("content/notes/first.md"), Some(11))
    );
    // 429 was retried, 503 was retried once and then worked, 405 fell back to GET.
    assert_eq!(web.hits("/busy"), 6, "HEAD then GET, three tries");
    assert_eq!(web.hits("/flaky"), 3);
    assert_eq!(web.hits("/get-only"), 2);
    assert!(
        dir.path()
            .join(".dossier-cache/external-links.json")
            .is_file()
    );

    // Working links are cached; failures are asked again.
    let run = check(dir.path(), &["--external"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stderr
            .contains("Checked 12 pages: 0 errors, 1 warning, 2 links not verified."),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("note: could not verify the link"));
    assert_eq!(web.hits("/ok"), 1, "the working link came from the cache");
    assert_eq!(web.hits("/gone"), 4);
}
