//! A sink that puts every file under a folder of another sink: the pages of
//! a language other than the default go under its folder (`cy/`).

use std::io;
use std::sync::Arc;

use super::{Placer, Sink};

/// Writes into `inner`, under `folder` (ending in `/`).
pub(crate) struct InFolder<'a> {
    inner: &'a mut dyn Sink,
    folder: String,
}

impl<'a> InFolder<'a> {
    pub(crate) fn new(inner: &'a mut dyn Sink, folder: &str) -> Self {
        InFolder {
            inner,
            folder: folder.to_string(),
        }
    }

    fn path(&self, rel: &str) -> String {
        format!("{}{rel}", self.folder)
    }
}

impl Sink for InFolder<'_> {
    fn write(&mut self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.path(rel);
        self.inner.write(&path, bytes)
    }

    fn append(&mut self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.path(rel);
        self.inner.append(&path, bytes)
    }

    fn files(&self) -> Option<Arc<dyn Placer>> {
        let inner = self.inner.files()?;
        Some(Arc::new(PlaceInFolder {
            inner,
            folder: self.folder.clone(),
        }))
    }

    fn record(&mut self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.path(rel);
        self.inner.record(&path, bytes)
    }

    fn contains(&self, rel: &str) -> bool {
        self.inner.contains(&self.path(rel))
    }

    fn scan_text(&mut self, rel: &str, text: &str) {
        let path = self.path(rel);
        self.inner.scan_text(&path, text);
    }

    fn write_pdf(
        &mut self,
        rel: &str,
        bytes: &[u8],
        typst_source: &str,
        text: Option<&[String]>,
    ) -> io::Result<()> {
        let path = self.path(rel);
        self.inner.write_pdf(&path, bytes, typst_source, text)
    }
}

/// [`InFolder`]'s placer for the rendering threads.
struct PlaceInFolder {
    inner: Arc<dyn Placer>,
    folder: String,
}

impl Placer for PlaceInFolder {
    fn put(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.inner.put(&format!("{}{rel}", self.folder), bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Memory;

    #[test]
    fn every_file_goes_under_the_folder() {
        let mut memory = Memory::default();
        {
            let mut sink = InFolder::new(&mut memory, "cy/");
            sink.write("index.html", b"a").unwrap();
            sink.append("search.json", b"[").unwrap();
            sink.write_pdf("roles/x/pack.pdf", b"%PDF", "", None)
                .unwrap();
            assert!(sink.contains("index.html"));
            assert!(!sink.contains("cy/index.html"));
        }
        let names: Vec<&String> = memory.files.keys().collect();
        assert_eq!(
            names,
            ["cy/index.html", "cy/roles/x/pack.pdf", "cy/search.json"]
        );
    }
}
