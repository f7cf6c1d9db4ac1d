//! The floor: the least work any generator must do for a corpus, on this
//! machine, with dossier's own parsers.
//!
//! ```sh
//! cargo run --release --example floor -- CONTENT_DIR OUT_DIR [--threads N]
//! ```
//!
//! Reads every `.md` file under CONTENT_DIR, splits the `+++` front matter
//! and parses it with `toml` into a table, renders the body with
//! pulldown-cmark (dossier's options), and writes one `index.html` per page
//! under OUT_DIR, on all cores (or N threads). No templates, listings, links
//! or checks: whatever dossier spends beyond this is its own overhead.
//! Benchmarks compare against this program, never against a guess.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use pulldown_cmark::{Options, Parser, html};
use walkdir::WalkDir;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut positional = Vec::new();
    let mut threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--threads" {
            threads = it
                .next()
                .and_then(|n| n.parse().ok())
                .filter(|&n| n > 0)
                .unwrap_or_else(|| usage());
        } else {
            positional.push(PathBuf::from(a));
        }
    }
    let [content, out] = positional.as_slice() else {
        usage()
    };
    let files: Vec<PathBuf> = WalkDir::new(content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    let next = AtomicUsize::new(0);
    let pages = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut html_out = String::with_capacity(64 * 1024);
                    let mut done = 0usize;
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(path) = files.get(i) else { break };
                        page(content, out, path, &mut html_out);
                        done += 1;
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("worker"))
            .sum::<usize>()
    });
    println!("floor: {pages} pages on {threads} threads");
}

fn page(content: &Path, out: &Path, path: &Path, html_out: &mut String) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| fail(path, &e));
    let (front_matter, body) = split(&text).unwrap_or_else(|| {
        eprintln!("floor: {} has no +++ front matter", path.display());
        std::process::exit(1);
    });
    let table: toml::Table = toml::from_str(front_matter).unwrap_or_else(|e| {
        eprintln!("floor: {}: {e}", path.display());
        std::process::exit(1);
    });
    std::hint::black_box(&table);
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM;
    html_out.clear();
    html::push_html(html_out, Parser::new_ext(body, options));
    let rel = path
        .strip_prefix(content)
        .unwrap_or(path)
        .with_extension("");
    let dir = out.join(rel);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| fail(&dir, &e));
    let file = dir.join("index.html");
    std::fs::write(&file, html_out.as_bytes()).unwrap_or_else(|e| fail(&file, &e));
}

/// Front matter and body of a file that starts with a `+++` line.
fn split(text: &str) -> Option<(&str, &str)> {
    let rest = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))?;
    let mut pos = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            return Some((&rest[..pos], &rest[pos + line.len()..]));
        }
        pos += line.len();
    }
    None
}

fn fail(path: &Path, e: &std::io::Error) -> ! {
    eprintln!("floor: {}: {e}", path.display());
    std::process::exit(2);
}

fn usage() -> ! {
    eprintln!("usage: floor CONTENT_DIR OUT_DIR [--threads N]");
    std::process::exit(2);
}
