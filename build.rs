//! Embeds the built-in theme (themes/default) and the `dossier init` scaffold
//! (scaffold/) in the binary, so `cargo install` gives a dossier that works
//! anywhere. Generates a sorted list of (relative path, bytes) pairs.

use std::fmt::Write;
use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn embed(name: &str, dir: &str, code: &mut String) {
    // The manifest folder of *this* build (read at run time: a build script
    // compiled for one checkout may be run for another sharing the target
    // folder), and rerun-if-changed paths relative to it, so a copied or
    // shared target folder never keeps another checkout's theme.
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let root = manifest.join(dir);
    println!("cargo:rerun-if-changed={dir}");
    let mut list = Vec::new();
    files(&root, &mut list);
    list.sort();
    // A binary without its theme would build nothing: never make one.
    assert!(
        !list.is_empty(),
        "{} holds no files to embed",
        root.display()
    );
    writeln!(code, "pub static {name}: &[(&str, &[u8])] = &[").unwrap();
    for path in list {
        let relative = |p: &Path| p.strip_prefix(&manifest).unwrap_or(p).display().to_string();
        if let Some(parent) = path.parent() {
            println!("cargo:rerun-if-changed={}", relative(parent));
        }
        println!("cargo:rerun-if-changed={}", relative(&path));
        let rel = path
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        writeln!(
            code,
            "    ({rel:?}, include_bytes!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    writeln!(code, "];").unwrap();
}

fn main() {
    let mut code = String::new();
    embed("DEFAULT_THEME", "themes/default", &mut code);
    embed("SCAFFOLD", "scaffold", &mut code);
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("embedded.rs");
    std::fs::write(out, code).unwrap();
}
