//! The shape of `src/`, checked on every test run (docs/architecture.md):
//! no module imports, directly or through others, a module that imports it
//! back; no source file is over 600 lines; every file opens with a `//!`
//! that says its job.
//!
//! A module is a file. An edge is every `crate::…` path (in `use` lines,
//! `use crate::{…}` groups and paths in code) and every `super::…` path
//! that names a module other than the file's own ancestors: a child may use
//! the items of the folder module it belongs to, which is its namespace. A
//! folder module that re-exports a child's items (`pub use agenda::*;`)
//! depends on that child, since a path to the folder may name the child's
//! item; declaring a child (`mod x;`) is not an import.
//! Test code (`#[cfg(test)]` onwards, and `tests.rs` children) is left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::support::repo_root;

const MAX_LINES: usize = 600;

/// Every `.rs` file under `src/`, by module path ("model::links").
fn modules() -> BTreeMap<String, PathBuf> {
    let src = repo_root().join("src");
    let mut out = BTreeMap::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(&src).unwrap().with_extension("");
                let mut parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                if parts.last().is_some_and(|p| p == "mod") {
                    parts.pop();
                }
                out.insert(parts.join("::"), path);
            }
        }
    }
    out
}

/// The code of a file without its comments and its inline test module
/// (`#[cfg(test)] mod tests { … }`, last in the file by convention).
fn code_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let text = match text.find("#[cfg(test)]\nmod tests {") {
        Some(i) => &text[..i],
        None => &text,
    };
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Module paths named in `code` (as written after `crate::`), one per path.
fn crate_paths(code: &str) -> Vec<String> {
    let mut paths = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let before = rest[..i].chars().next_back();
        rest = &rest[i + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // e.g. `dossier_crate::`
        }
        if let Some(group) = rest.strip_prefix('{') {
            // use crate::{a::b, c::{d, e}}: the first segments are enough.
            let end = group.find("};").unwrap_or(group.len());
            let mut depth = 0;
            let mut item = String::new();
            for c in group[..end].chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => paths.push(std::mem::take(&mut item)),
                    _ if depth == 0 => item.push(c),
                    _ => {}
                }
            }
            paths.push(item);
            continue;
        }
        let path: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        paths.push(path);
    }
    paths
        .into_iter()
        .map(|p| p.split_whitespace().collect::<String>())
        .map(|p| p.trim_end_matches(':').to_string())
        .filter(|p| !p.is_empty() && p != "self")
        .collect()
}

/// `super::…` paths of `code`, made absolute from `module`.
fn super_paths(code: &str, module: &str) -> Vec<String> {
    let base: Vec<&str> = module.split("::").collect();
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("super::") {
        let before = rest[..i].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            rest = &rest[i + 7..];
            continue;
        }
        let mut ups = 0;
        let mut tail = &rest[i..];
        while let Some(t) = tail.strip_prefix("super::") {
            ups += 1;
            tail = t;
        }
        let path: String = tail
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        if ups <= base.len() {
            let mut abs: Vec<&str> = base[..base.len() - ups].to_vec();
            abs.extend(path.split("::").filter(|s| !s.is_empty()));
            out.push(abs.join("::"));
        }
        rest = tail;
    }
    out
}

/// The longest module that `path` starts with.
fn module_of<'m>(path: &str, modules: &'m BTreeMap<String, PathBuf>) -> Option<&'m str> {
    let segments: Vec<&str> = path.split("::").collect();
    (1..=segments.len())
        .rev()
        .map(|n| segments[..n].join("::"))
        .find_map(|m| modules.get_key_value(&m).map(|(k, _)| k.as_str()))
}

/// Module to the modules it imports (not itself, not its ancestors).
fn import_graph() -> BTreeMap<String, BTreeSet<String>> {
    let modules = modules();
    let mut graph = BTreeMap::new();
    for (module, path) in &modules {
        if module == "lib" || module == "main" || module.ends_with("tests") {
            continue;
        }
        let code = code_of(path);
        let mut edges: BTreeSet<String> = modules
            .keys()
            .filter(|m| {
                m.strip_prefix(module.as_str())
                    .and_then(|rest| rest.strip_prefix("::"))
                    .filter(|child| !child.contains("::"))
                    .is_some_and(|child| {
                        code.lines().any(|l| {
                            let l = l.trim_start();
                            let l = l
                                .strip_prefix("pub(crate) ")
                                .or(l.strip_prefix("pub "))
                                .unwrap_or(l);
                            l.starts_with(&format!("use {child}::"))
                                || l.starts_with(&format!("use self::{child}::"))
                        })
                    })
            })
            .cloned()
            .collect();
        for p in crate_paths(&code)
            .into_iter()
            .chain(super_paths(&code, module))
        {
            if let Some(target) = module_of(&p, &modules) {
                let ancestor = module.starts_with(&format!("{target}::"));
                if target != module && !ancestor {
                    edges.insert(target.to_string());
                }
            }
        }
        graph.insert(module.clone(), edges);
    }
    graph
}

/// Groups of modules that import each other (strongly connected, size > 1).
fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    // Two modules are in one circle when each reaches the other.
    let reach = |from: &str| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.to_string()];
        while let Some(m) = stack.pop() {
            for next in graph.get(&m).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    stack.push(next.clone());
                }
            }
        }
        seen
    };
    let reaches: BTreeMap<&String, BTreeSet<String>> =
        graph.keys().map(|m| (m, reach(m))).collect();
    let mut done = BTreeSet::new();
    let mut out = Vec::new();
    for m in graph.keys() {
        if done.contains(m) || !reaches[m].contains(m) {
            continue;
        }
        let group: Vec<String> = reaches[m]
            .iter()
            .filter(|o| reaches.get(o).is_some_and(|r| r.contains(m)))
            .cloned()
            .collect();
        done.extend(group.iter().cloned());
        out.push(group);
    }
    out
}

#[test]
fn no_module_imports_a_module_that_imports_it_back() {
    let graph = import_graph();
    assert!(graph.len() > 40, "the module graph looks empty: {graph:?}");
    let found = circles(&graph);
    let described: Vec<String> = found
        .iter()
        .map(|group| {
            let edges: Vec<String> = group
                .iter()
                .flat_map(|m| {
                    graph[m]
                        .iter()
                        .filter(|t| group.contains(t))
                        .map(move |t| format!("{m} -> {t}"))
                })
                .collect();
            format!("{} ({})", group.join(", "), edges.join("; "))
        })
        .collect();
    assert!(
        found.is_empty(),
        "import circles (move the shared item down a layer, see docs/architecture.md):\n{}",
        described.join("\n")
    );
}

#[test]
fn the_circle_finder_sees_a_circle_through_a_third_module() {
    let mut graph = BTreeMap::new();
    let edge = |to: &[&str]| to.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
    graph.insert("a".to_string(), edge(&["b"]));
    graph.insert("b".to_string(), edge(&["c"]));
    graph.insert("c".to_string(), edge(&["a", "d"]));
    graph.insert("d".to_string(), edge(&[]));
    assert_eq!(circles(&graph), vec![vec!["a", "b", "c"]]);
}

#[test]
fn import_paths_are_read_from_groups_code_and_super() {
    let code = "use crate::{board::paper::Paper, load::{self, Inputs}};\nlet x = crate::markdown::render(a);\nuse super::super::render::view::Views;";
    assert_eq!(
        crate_paths(code),
        vec!["board::paper::Paper", "load::", "markdown::render"]
            .into_iter()
            .map(|s| s.trim_end_matches(':').to_string())
            .collect::<Vec<_>>()
    );
    assert_eq!(
        super_paths(code, "roles::output"),
        vec!["render::view::Views".to_string()]
    );
}

#[test]
fn every_source_file_is_short_and_says_its_job() {
    let mut long = Vec::new();
    let mut undocumented = Vec::new();
    for (module, path) in modules() {
        let text = std::fs::read_to_string(&path).unwrap();
        let shown = path
            .strip_prefix(repo_root())
            .unwrap()
            .display()
            .to_string();
        if !text.starts_with("//!") {
            undocumented.push(shown.clone());
        }
        let lines = text.lines().count();
        if lines > MAX_LINES && !module.ends_with("tests") {
            long.push(format!("{shown}: {lines} lines"));
        }
    }
    assert!(
        long.is_empty(),
        "files over {MAX_LINES} lines (split them by job; tests may move to a tests.rs child):\n{}",
        long.join("\n")
    );
    assert!(
        undocumented.is_empty(),
        "files that do not open with a //! saying their job:\n{}",
        undocumented.join("\n")
    );
}
