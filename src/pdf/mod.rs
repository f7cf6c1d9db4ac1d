//! PDF: Typst as a library, behind one small module (its API moves between
//! minor versions, so it is pinned exactly and touched only here).
//!
//! Packs are Typst source made by tera templates in the theme (`pdf/*.typ`),
//! where every value from content is escaped for Typst by default (see
//! [`markup`]). The Typst world here is a sandbox: it serves the one main
//! source and, as files, only the theme's and the project's static files;
//! every other path is refused. Output is byte-identical across runs: the
//! document identifier is fixed, there is no timestamp, and "today" is the
//! build date.

pub mod cache;
pub mod markup;
pub mod pack;
pub(crate) mod text;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use typst::diag::{FileError, FileResult, Severity};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_kit::fonts::FontStore;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use crate::dates::Date;
use crate::render::theme::Origin;

/// Fonts and the standard library, made once per process and shared.
struct Engine {
    library: LazyHash<Library>,
    fonts: FontStore,
}

/// The fonts dossier embeds for the PDFs, by file name, in the order Typst
/// falls back through them: Noto Sans, the face of every pack
/// (`assets/fonts/`, from Debian's fonts-noto-core, OFL; docs/design.md says
/// why), then DejaVu Sans (the `dejavu` crate), which themes written for it
/// still name and which covers letters Noto Sans lacks. Typst's own fonts
/// (Libertinus Serif, New Computer Modern, DejaVu Sans Mono) come after
/// these. No system fonts: the PDF is the same on every machine.
pub fn embedded_fonts() -> [(&'static str, &'static [u8]); 8] {
    [
        (
            "NotoSans-Regular.ttf",
            include_bytes!("../../assets/fonts/NotoSans-Regular.ttf"),
        ),
        (
            "NotoSans-Bold.ttf",
            include_bytes!("../../assets/fonts/NotoSans-Bold.ttf"),
        ),
        (
            "NotoSans-Italic.ttf",
            include_bytes!("../../assets/fonts/NotoSans-Italic.ttf"),
        ),
        (
            "NotoSans-BoldItalic.ttf",
            include_bytes!("../../assets/fonts/NotoSans-BoldItalic.ttf"),
        ),
        ("DejaVuSans.ttf", dejavu::sans::regular()),
        ("DejaVuSans-Bold.ttf", dejavu::sans::bold()),
        ("DejaVuSans-Oblique.ttf", dejavu::sans::oblique()),
        ("DejaVuSans-BoldOblique.ttf", dejavu::sans::bold_oblique()),
    ]
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let mut fonts = FontStore::new();
        for (_, data) in embedded_fonts() {
            for font in Font::iter(Bytes::new(data)) {
                let info = font.info().clone();
                fonts.push((font, info));
            }
        }
        fonts.extend(typst_kit::fonts::embedded());
        Engine {
            library: LazyHash::new(Library::default()),
            fonts,
        }
    })
}

/// The files a pack may use (logos, images): static files of the theme and
/// the project, by their site path without the leading slash.
#[derive(Debug, Clone, Default)]
pub struct Assets {
    pub root: PathBuf,
    pub files: BTreeMap<String, Origin>,
}

impl Assets {
    fn read(&self, path: &str) -> Option<Vec<u8>> {
        match self.files.get(path)? {
            Origin::Disk(rel) => std::fs::read(self.root.join(rel)).ok(),
            Origin::BuiltIn(bytes) => Some(bytes.to_vec()),
        }
    }
}

/// The page (1-based) on which each label stands.
pub(crate) type LabelPages = BTreeMap<String, usize>;

/// A problem Typst found, located in the generated source.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfError {
    /// 1-based line and column in the generated Typst source.
    pub(crate) line: usize,
    pub(crate) col: usize,
    pub message: String,
    pub(crate) hints: Vec<String>,
    /// The generated source line, to show the user.
    pub(crate) source_line: String,
}

/// What to compile.
pub struct PdfJob<'a> {
    /// The Typst source.
    pub source: String,
    pub assets: &'a Assets,
    /// The build date: Typst's "today".
    pub today: Date,
    /// A stable identifier for the document (e.g. its site path).
    pub ident: String,
}

struct PackWorld<'a> {
    engine: &'static Engine,
    main: Source,
    assets: &'a Assets,
    today: Date,
    /// Every file the document asked for, with a hash of its bytes (`None`:
    /// refused or missing), for the cache to check before reusing it.
    read: std::sync::Mutex<BTreeMap<String, Option<u128>>>,
}

fn main_id() -> FileId {
    RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new("/main.typ").expect("valid path"),
    )
    .intern()
}

impl World for PackWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.engine.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.engine.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        let rooted = id.get();
        if !matches!(rooted.root(), VirtualRoot::Project) {
            return Err(FileError::AccessDenied);
        }
        let path = rooted.vpath().get_without_slash();
        let bytes = self.assets.read(path);
        if let Ok(mut read) = self.read.lock() {
            let hash = bytes.as_ref().map(|b| typst::utils::hash128(&b[..]));
            read.insert(path.to_string(), hash);
        }
        bytes.map(Bytes::new).ok_or(FileError::AccessDenied)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.engine.fonts.font(index)
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Datetime::from_ymd(self.today.year, self.today.month, self.today.day)
    }
}

/// Compile Typst source to PDF bytes: tagged, PDF/UA-1 and PDF/A-2a.
pub fn compile(job: &PdfJob) -> Result<Vec<u8>, Vec<PdfError>> {
    compile_with_pages(job, &[]).map(|typeset| typeset.pdf)
}

/// A typeset document.
pub(crate) struct Typeset {
    pub(crate) pdf: Vec<u8>,
    /// The page (1-based) on which each label asked for stands.
    pub(crate) pages: LabelPages,
    /// Every file the document read (see [`cache`]).
    pub(crate) read: Vec<cache::FileRead>,
    /// The text of each page, as the leak guard reads it (see [`text`]);
    /// `None` when only the PDF can tell it.
    pub(crate) text: Option<Vec<String>>,
}

/// [`compile`], also returning the page (1-based) on which each of `labels`
/// stands in the typeset document, and the files it read.
pub(crate) fn compile_with_pages(
    job: &PdfJob,
    labels: &[String],
) -> Result<Typeset, Vec<PdfError>> {
    let world = PackWorld {
        engine: engine(),
        main: Source::new(main_id(), job.source.clone()),
        assets: job.assets,
        today: job.today,
        read: std::sync::Mutex::new(BTreeMap::new()),
    };
    let warned = typst::compile::<PagedDocument>(&world);
    let document = warned
        .output
        .map_err(|errors| errors.iter().map(|d| locate(&world, d)).collect::<Vec<_>>())?;
    let standards = PdfStandards::new(&[PdfStandard::Ua_1, PdfStandard::A_2a]).map_err(|e| {
        vec![PdfError {
            line: 0,
            col: 0,
            message: e.message().to_string(),
            hints: e.hints().iter().map(|h| h.to_string()).collect(),
            source_line: String::new(),
        }]
    })?;
    let options = PdfOptions {
        ident: Smart::Custom(job.ident.clone()),
        creator: Smart::Custom(Some(crate::render::view::GENERATOR.to_string())),
        timestamp: None,
        page_ranges: None,
        standards,
        tagged: true,
        pretty: false,
    };
    let mut pages = BTreeMap::new();
    let introspector = document.introspector();
    for name in labels {
        let Some(label) = typst::foundations::Label::new(typst::utils::PicoStr::intern(name))
        else {
            continue;
        };
        if let Ok(content) = typst::introspection::Introspector::query_label(&**introspector, label)
            && let Some(location) = content.location()
            && let Some(page) = typst::introspection::Introspector::page(&**introspector, location)
        {
            pages.insert(name.clone(), page.get());
        }
    }
    let pdf = typst_pdf::pdf(&document, &options)
        .map_err(|errors| errors.iter().map(|d| locate(&world, d)).collect::<Vec<_>>());
    let text = text::page_texts(&document);
    drop(document);
    // Typst memoises its work in one global cache that nothing empties: a
    // body's archive of hundreds of PDFs held every document's layout until
    // the build ended (3 GiB for 12 meetings). In a build that writes its
    // output, each compilation ages the entries and drops those unused by
    // the last one (what every document shares, the fonts and the theme's
    // set rules, stays in use), as Typst's own watch mode does. `serve` and
    // `check` keep them: their rebuilds typeset the same documents again,
    // about four times faster from the cache. The output is the same either
    // way: only what is kept between documents changes.
    if EVICT_BETWEEN_DOCUMENTS.load(std::sync::atomic::Ordering::Relaxed) {
        typst::comemo::evict(EVICT_AFTER);
    }
    let read = world
        .read
        .into_inner()
        .map(|read| read.into_iter().collect())
        .unwrap_or_default();
    Ok(Typeset {
        pdf: pdf?,
        pages,
        read,
        text,
    })
}

/// How many compilations a memoised result of Typst survives unused.
const EVICT_AFTER: usize = 1;

/// Whether Typst's memoised results are evicted after each document (see
/// [`compile_with_pages`]); set by the commands that write their output.
static EVICT_BETWEEN_DOCUMENTS: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

/// Evict Typst's memoised results after each document from now on: for a
/// build whose memory should be bounded by its largest document, not by
/// the whole archive.
pub(crate) fn evict_between_documents() {
    EVICT_BETWEEN_DOCUMENTS.store(true, std::sync::atomic::Ordering::Relaxed);
}

fn locate(world: &PackWorld, d: &typst::diag::SourceDiagnostic) -> PdfError {
    let main = &world.main;
    let range = typst::WorldExt::range(world, d.span).unwrap_or(0..0);
    let lines = main.lines();
    let line = lines.byte_to_line(range.start).unwrap_or(0);
    let col = lines.byte_to_column(range.start).unwrap_or(0);
    let source_line = main.text().lines().nth(line).unwrap_or("").to_string();
    let severity = match d.severity {
        Severity::Error => "",
        Severity::Warning => "warning: ",
    };
    PdfError {
        line: line + 1,
        col: col + 1,
        message: format!("{severity}{}", d.message),
        hints: d.hints.iter().map(|h| h.v.to_string()).collect(),
        source_line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use typst::text::{FontStyle, FontWeight};

    /// The templates ask for "Noto Sans" by name: its four styles must be
    /// in the book under that family, each with every Welsh letter, or a
    /// pack would fall back to DejaVu Sans for them without a word.
    #[test]
    fn noto_sans_has_four_styles_each_with_every_welsh_letter() {
        let welsh = "ŴŶŵŷÂÊÎÔÛâêîôûẀẂẄẁẃẅỲÝŸỳýÿÏï";
        let mut variants = Vec::new();
        for (name, data) in embedded_fonts() {
            if !name.starts_with("NotoSans") {
                continue;
            }
            let fonts: Vec<Font> = Font::iter(Bytes::new(data)).collect();
            assert_eq!(fonts.len(), 1, "{name}");
            let info = fonts[0].info();
            assert_eq!(info.family, "Noto Sans", "{name}");
            for c in welsh.chars() {
                assert!(info.coverage.contains(c as u32), "{name} lacks {c}");
            }
            variants.push((info.variant.style, info.variant.weight));
        }
        variants.sort();
        assert_eq!(
            variants,
            [
                (FontStyle::Normal, FontWeight::REGULAR),
                (FontStyle::Normal, FontWeight::BOLD),
                (FontStyle::Italic, FontWeight::REGULAR),
                (FontStyle::Italic, FontWeight::BOLD),
            ]
        );
    }
}
