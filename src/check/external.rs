//! `dossier check --external`: do the web addresses a site links to still
//! answer?
//!
//! Requests run on a few threads with at most `external_per_host` at a time
//! to any one host, so a site with 200 links to one council's website does
//! not hammer it. Each address is asked with HEAD (and GET when a server
//! does not support HEAD); timeouts, dropped connections, 429 and 5xx are
//! retried with a growing pause (honouring a short `Retry-After`). A server
//! that answers 401, 403 or 429 is refusing robots, not reporting a missing
//! page: such links are "could not verify", never "broken".
//!
//! Working links are remembered in `external-links.json` in dossier's cache
//! folder (`.dossier-cache/` unless moved; see `pdf::cache::folder`) for
//! `external_cache_hours`, so repeated checks stay fast and polite; failures
//! are always asked again, so a fix shows at once.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// The cache file, in the cache folder.
pub(crate) const CACHE_FILE: &str = "external-links.json";

/// How to check.
#[derive(Debug, Clone)]
pub(crate) struct ExternalSettings {
    /// At most this many requests at a time to one host.
    pub(crate) per_host: usize,
    /// Threads making requests.
    pub(crate) workers: usize,
    /// Per request, including redirects.
    pub(crate) timeout: Duration,
    /// Tries after the first.
    pub(crate) retries: u32,
    /// The first pause before a retry; doubled each time.
    pub(crate) backoff: Duration,
    /// The longest `Retry-After` honoured.
    pub(crate) max_retry_after: Duration,
    /// Trust a cached success for this long (zero: do not use the cache).
    pub(crate) cache_for: Duration,
    /// The cache file (absolute), or none to keep no cache.
    pub(crate) cache: Option<PathBuf>,
    /// Seconds since 1970, now.
    pub(crate) now: u64,
}

/// What became of one address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    Ok,
    /// Answered, but not with the page: 404, 410, a server error, no such host.
    Broken(String),
    /// Refused or no answer: 401, 403, 429, time-outs.
    Unverified(String),
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Cache {
    version: u32,
    /// Address to when it last worked (seconds since 1970).
    working: BTreeMap<String, u64>,
}

/// Check every address; returns a verdict for each.
pub(crate) fn check_all(urls: &[String], settings: &ExternalSettings) -> HashMap<String, Verdict> {
    let mut cache = settings
        .cache
        .as_deref()
        .and_then(|p| std::fs::read_to_string(p).ok())
        .and_then(|t| serde_json::from_str::<Cache>(&t).ok())
        .filter(|c| c.version == 1)
        .unwrap_or(Cache {
            version: 1,
            ..Cache::default()
        });
    let fresh = |url: &str| {
        cache
            .working
            .get(url)
            .is_some_and(|&t| settings.now.saturating_sub(t) < settings.cache_for.as_secs())
    };
    let mut verdicts: HashMap<String, Verdict> = HashMap::new();
    let mut pending = VecDeque::new();
    for url in urls {
        if verdicts.contains_key(url) || pending.contains(url) {
            continue;
        }
        if fresh(url) {
            verdicts.insert(url.clone(), Verdict::Ok);
        } else {
            pending.push_back(url.clone());
        }
    }
    let checked = run_pool(pending, settings);
    for (url, verdict) in checked {
        if verdict == Verdict::Ok {
            cache.working.insert(url.clone(), settings.now);
        } else {
            cache.working.remove(&url);
        }
        verdicts.insert(url, verdict);
    }
    if let Some(path) = &settings.cache {
        cache
            .working
            .retain(|_, t| settings.now.saturating_sub(*t) < settings.cache_for.as_secs());
        // A cache that cannot be written only makes the next check slower.
        let _ = write_cache(path, &cache);
    }
    verdicts
}

fn write_cache(path: &Path, cache: &Cache) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, serde_json::to_vec_pretty(cache)?)?;
    std::fs::rename(tmp, path)
}

struct Queue {
    pending: VecDeque<String>,
    active: HashMap<String, usize>,
    done: Vec<(String, Verdict)>,
}

/// Check `pending` on a pool of threads, never more than `per_host` at a
/// time per host.
fn run_pool(pending: VecDeque<String>, settings: &ExternalSettings) -> Vec<(String, Verdict)> {
    if pending.is_empty() {
        return Vec::new();
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(settings.timeout))
        .http_status_as_error(false)
        .max_redirects(10)
        .user_agent(concat!(
            "dossier/",
            env!("CARGO_PKG_VERSION"),
            " (link checker)"
        ))
        .build()
        .into();
    let workers = settings.workers.clamp(1, pending.len());
    let queue = Mutex::new(Queue {
        pending,
        active: HashMap::new(),
        done: Vec::new(),
    });
    let changed = Condvar::new();
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let (url, host) = {
                        let mut q = queue.lock().unwrap_or_else(|e| e.into_inner());
                        loop {
                            if q.pending.is_empty() {
                                return;
                            }
                            let free = q.pending.iter().position(|u| {
                                q.active.get(&host_of(u)).copied().unwrap_or(0)
                                    < settings.per_host.max(1)
                            });
                            if let Some(i) = free {
                                let url = q.pending.remove(i).unwrap_or_default();
                                let host = host_of(&url);
                                *q.active.entry(host.clone()).or_default() += 1;
                                break (url, host);
                            }
                            q = changed.wait(q).unwrap_or_else(|e| e.into_inner());
                        }
                    };
                    let verdict = check_one(&agent, &url, settings);
                    let mut q = queue.lock().unwrap_or_else(|e| e.into_inner());
                    if let Some(n) = q.active.get_mut(&host) {
                        *n -= 1;
                    }
                    q.done.push((url, verdict));
                    changed.notify_all();
                }
            });
        }
    });
    queue.into_inner().unwrap_or_else(|e| e.into_inner()).done
}

/// The host (and port) of an address, lower-cased.
pub(crate) fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    host.to_ascii_lowercase()
}

/// One address, with retries.
fn check_one(agent: &ureq::Agent, url: &str, settings: &ExternalSettings) -> Verdict {
    let mut pause = settings.backoff;
    let mut attempt = 0;
    loop {
        let (verdict, retry_after) = ask(agent, url);
        let retry = match &verdict {
            Attempt::Done(_) => false,
            Attempt::Retry(_) => attempt < settings.retries,
        };
        if !retry {
            return match verdict {
                Attempt::Done(v) | Attempt::Retry(v) => v,
            };
        }
        attempt += 1;
        let wait = retry_after
            .filter(|d| *d <= settings.max_retry_after)
            .map_or(pause, |d| d.max(pause));
        std::thread::sleep(wait);
        pause *= 2;
    }
}

enum Attempt {
    Done(Verdict),
    /// Worth asking again; the verdict if not.
    Retry(Verdict),
}

fn ask(agent: &ureq::Agent, url: &str) -> (Attempt, Option<Duration>) {
    let head = agent.head(url).call();
    let response = match head {
        Ok(r) if matches!(r.status().as_u16(), 200..=399) => {
            return (Attempt::Done(Verdict::Ok), None);
        }
        // Some servers do not support HEAD, or answer it wrongly: ask with GET.
        Ok(_) => agent.get(url).call(),
        Err(e) => Err(e),
    };
    match response {
        Ok(r) => {
            let status = r.status().as_u16();
            let retry_after = r
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(Duration::from_secs);
            let verdict = match status {
                200..=399 => Attempt::Done(Verdict::Ok),
                401 | 403 => Attempt::Done(Verdict::Unverified(format!(
                    "the server refused to answer a link checker ({status})"
                ))),
                429 => Attempt::Retry(Verdict::Unverified(
                    "the server asked dossier to slow down (429)".into(),
                )),
                500..=599 => {
                    Attempt::Retry(Verdict::Broken(format!("the server failed ({status})")))
                }
                _ => Attempt::Done(Verdict::Broken(format!("the server answered {status}"))),
            };
            (verdict, retry_after)
        }
        Err(e) => {
            let verdict = match e {
                ureq::Error::HostNotFound => Attempt::Done(Verdict::Broken("no such host".into())),
                ureq::Error::BadUri(_) => {
                    Attempt::Done(Verdict::Broken("not a valid web address".into()))
                }
                ureq::Error::TooManyRedirects => {
                    Attempt::Done(Verdict::Broken("it redirects in a loop".into()))
                }
                ureq::Error::Tls(_) | ureq::Error::Rustls(_) => Attempt::Done(Verdict::Broken(
                    format!("its secure connection failed: {e}"),
                )),
                ureq::Error::Timeout(_) => Attempt::Retry(Verdict::Unverified(
                    "the server did not answer in time".into(),
                )),
                other => Attempt::Retry(Verdict::Unverified(format!("no answer: {other}"))),
            };
            (verdict, None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_include_ports_and_ignore_users_and_case() {
        assert_eq!(host_of("https://WWW.Example.org/a?b"), "www.example.org");
        assert_eq!(host_of("http://127.0.0.1:8080/x"), "127.0.0.1:8080");
        assert_eq!(host_of("https://user@host.org"), "host.org");
    }
}
