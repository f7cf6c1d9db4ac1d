//! Progress of a long build: on a terminal, a line redrawn in place
//! ("Rendering: 4,200 pages written"); in CI (`CI` set) or when standard
//! error is not a terminal, a plain log line every few seconds. Short builds
//! print nothing: the first report comes after a second on a terminal and
//! after five seconds elsewhere. `--quiet` turns it off.
//!
//! It is a [`Sink`] wrapped around the real one, so the pipeline reports
//! progress without knowing about it.

use std::io::Write;
use std::time::{Duration, Instant};

use crate::output::Sink;

/// How to show progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Off,
    /// Redraw one line in place.
    Terminal,
    /// Plain lines, for logs.
    Lines,
}

impl Mode {
    /// The mode for standard error: off when quiet, in place on an
    /// interactive terminal, plain lines otherwise.
    pub(crate) fn detect(quiet: bool) -> Mode {
        if quiet {
            Mode::Off
        } else if crate::terminal::interactive_stderr() {
            Mode::Terminal
        } else {
            Mode::Lines
        }
    }

    fn first_after(self) -> Duration {
        match self {
            Mode::Terminal => Duration::from_secs(1),
            _ => Duration::from_secs(5),
        }
    }

    fn every(self) -> Duration {
        match self {
            Mode::Terminal => Duration::from_millis(100),
            _ => Duration::from_secs(5),
        }
    }
}

/// A sink that counts pages written and reports now and then.
pub(crate) struct Progress<'a> {
    inner: &'a mut dyn Sink,
    mode: Mode,
    started: Instant,
    last: Option<Instant>,
    pages: usize,
    drawn: bool,
}

impl<'a> Progress<'a> {
    pub(crate) fn new(inner: &'a mut dyn Sink, mode: Mode) -> Self {
        Progress {
            inner,
            mode,
            started: Instant::now(),
            last: None,
            pages: 0,
            drawn: false,
        }
    }

    fn report(&mut self) {
        let now = Instant::now();
        let due = match self.last {
            None => now.duration_since(self.started) >= self.mode.first_after(),
            Some(last) => now.duration_since(last) >= self.mode.every(),
        };
        if !due {
            return;
        }
        self.last = Some(now);
        let mut err = std::io::stderr().lock();
        let _ = match self.mode {
            Mode::Off => Ok(()),
            Mode::Terminal => {
                self.drawn = true;
                write!(err, "\r\x1b[2KRendering: {} pages written", self.pages)
            }
            Mode::Lines => writeln!(err, "Rendering: {} pages written so far", self.pages),
        };
        let _ = err.flush();
    }

    /// Clear the progress line, if one was drawn.
    pub(crate) fn finish(self) {
        if self.drawn {
            let _ = write!(std::io::stderr(), "\r\x1b[2K");
        }
    }
}

impl Progress<'_> {
    fn count(&mut self, rel: &str) {
        if rel.ends_with(".html") {
            self.pages += 1;
        }
        if self.mode != Mode::Off {
            self.report();
        }
    }
}

impl Sink for Progress<'_> {
    fn write(&mut self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.inner.write(rel, bytes)?;
        self.count(rel);
        Ok(())
    }

    fn files(&self) -> Option<std::sync::Arc<dyn crate::output::Placer>> {
        self.inner.files()
    }

    fn record(&mut self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.inner.record(rel, bytes)?;
        self.count(rel);
        Ok(())
    }

    fn append(&mut self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.inner.append(rel, bytes)
    }

    fn scan_text(&mut self, rel: &str, text: &str) {
        self.inner.scan_text(rel, text);
    }

    fn contains(&self, rel: &str) -> bool {
        self.inner.contains(rel)
    }
}
