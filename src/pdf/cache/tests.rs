//! The cache's entries, read back, refused when damaged, pruned and
//! dropped.
use super::*;

fn sample() -> (Vec<FileRead>, LabelPages, Vec<u8>) {
    let files = vec![
        ("logos/council.svg".to_string(), Some(42u128)),
        ("logos/missing.png".to_string(), None),
    ];
    let pages = BTreeMap::from([("paper-a".to_string(), 3usize)]);
    (files, pages, b"%PDF-1.7 body".to_vec())
}

#[test]
fn an_entry_reads_back_as_it_was_written() {
    let (files, pages, pdf) = sample();
    let bytes = Entry::encode(7, &files, &pdf, &pages);
    let entry = Entry::decode(&bytes, 7).expect("whole entry");
    assert_eq!(entry.files, files);
    assert_eq!(entry.pages, pages);
    assert_eq!(entry.pdf, pdf);
}

#[test]
fn a_truncated_damaged_or_foreign_entry_is_refused() {
    let (files, pages, pdf) = sample();
    let bytes = Entry::encode(7, &files, &pdf, &pages);
    for cut in [0, 1, 16, bytes.len() / 2, bytes.len() - 1] {
        assert!(Entry::decode(&bytes[..cut], 7).is_none(), "cut at {cut}");
    }
    for at in [0, MAGIC.len() + 3, bytes.len() / 2, bytes.len() - 20] {
        let mut damaged = bytes.clone();
        damaged[at] ^= 0x40;
        assert!(Entry::decode(&damaged, 7).is_none(), "byte {at} flipped");
    }
    assert!(Entry::decode(&bytes, 8).is_none(), "another key's entry");
}

#[test]
fn an_entry_is_used_only_while_the_files_it_read_are_unchanged() {
    let dir = std::env::temp_dir().join(format!("dossier-cache-unit-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("static")).unwrap();
    std::fs::write(dir.join("static/logo.svg"), "<svg/>").unwrap();
    let assets = Assets {
        root: dir.clone(),
        files: BTreeMap::from([(
            "logo.svg".to_string(),
            crate::render::theme::Origin::Disk("static/logo.svg".into()),
        )]),
    };
    let cache = PdfCache::new(dir.join("cache"));
    let key = cache.key("#lorem", "a.pdf", "2026-12-07", &[]);
    let read = vec![(
        "logo.svg".to_string(),
        assets.read("logo.svg").map(|b| hash128(&b[..])),
    )];
    cache.store(key, &read, b"pdf", &LabelPages::new());
    assert!(
        cache.load(key, &assets).is_none(),
        "not in place before commit"
    );
    cache.commit();
    assert_eq!(
        cache.load(key, &assets).map(|(p, _)| p),
        Some(b"pdf".to_vec())
    );
    assert!(dir.join("cache").join(TAG_FILE).is_file());
    std::fs::write(dir.join("static/logo.svg"), "<svg></svg>").unwrap();
    assert!(cache.load(key, &assets).is_none(), "the logo changed");
    let counts = cache.counts();
    assert_eq!((counts.typeset, counts.reused, counts.damaged), (1, 1, 0));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_text_read_from_a_pdf_is_kept_for_those_exact_bytes_only() {
    let dir = std::env::temp_dir().join(format!("dossier-cache-text-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let cache = PdfCache::new(dir.clone());
    let pieces = vec!["Page one.".to_string(), "Page two.".to_string()];
    cache.store_pdf_text(b"%PDF a", &pieces);
    assert_eq!(
        cache.pdf_text(b"%PDF a"),
        None,
        "not in place before commit"
    );
    cache.commit();
    assert_eq!(cache.pdf_text(b"%PDF a"), Some(pieces.clone()));
    assert_eq!(cache.pdf_text(b"%PDF b"), None);
    let key = cache.text_key(b"%PDF a");
    let path = cache.path_in(TEXT_FOLDER, key);
    let mut bytes = std::fs::read(&path).unwrap();
    let last = bytes.len() - 20;
    bytes[last] ^= 1;
    std::fs::write(&path, bytes).unwrap();
    assert_eq!(
        cache.pdf_text(b"%PDF a"),
        None,
        "a damaged entry is not used"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn entries_of_a_build_that_never_committed_are_removed() {
    let dir = std::env::temp_dir().join(format!("dossier-cache-drop-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let cache = PdfCache::new(dir.clone());
    let key = cache.key("leaked", "", "", &[]);
    cache.store(key, &[], b"pdf", &LabelPages::new());
    drop(cache);
    let left: Vec<_> = walkdir::WalkDir::new(dir.join(PDF_FOLDER))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .collect();
    assert!(left.is_empty(), "{left:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn pruning_removes_only_entries_unused_for_longer_than_asked() {
    let dir = std::env::temp_dir().join(format!("dossier-cache-prune-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let cache = PdfCache::new(dir.clone());
    let assets = Assets::default();
    let (old, new) = (cache.key("old", "", "", &[]), cache.key("new", "", "", &[]));
    cache.store(old, &[], b"old", &LabelPages::new());
    cache.store(new, &[], b"new", &LabelPages::new());
    cache.commit();
    let month_ago = std::time::SystemTime::now() - KEEP_UNUSED * 2;
    std::fs::File::options()
        .write(true)
        .open(cache.entry_path(old))
        .unwrap()
        .set_modified(month_ago)
        .unwrap();
    assert_eq!(cache.prune(KEEP_UNUSED), 1);
    assert!(cache.load(old, &assets).is_none());
    assert!(cache.load(new, &assets).is_some());
    // A use makes an entry new again.
    std::fs::File::options()
        .write(true)
        .open(cache.entry_path(new))
        .unwrap()
        .set_modified(month_ago)
        .unwrap();
    assert!(cache.load(new, &assets).is_some());
    assert_eq!(cache.prune(KEEP_UNUSED), 0);
    let _ = std::fs::remove_dir_all(&dir);
}
