//! Faults: a build killed at any point, a full disk, a read-only output
//! folder, two builds at once, and the dev server under load. Each keeps
//! the previous output (or finishes the new one) and says what happened in
//! words. See docs/reliability.md ("Faults") and src/output/mod.rs for the
//! protocol these tests hold.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::Duration;

use crate::serve::Served;
use crate::support::*;

/// Notes added to the minimal fixture to make writing take a while.
const BULK: usize = 3000;

/// A temporary folder for a project of thousands of pages: in memory where
/// the system has /dev/shm, since removing thousands of folders from a
/// disk can take longer than the whole test (the behaviour under test,
/// renames and locks, is the same on every local file system).
fn scratch() -> TempDir {
    let shm = Path::new("/dev/shm");
    let usable = shm.is_dir() && {
        let probe = shm.join(format!("dossier-probe-{}", std::process::id()));
        let ok = std::fs::create_dir(&probe).is_ok();
        let _ = std::fs::remove_dir(&probe);
        ok
    };
    if usable {
        TempDir::new_in(shm)
    } else {
        TempDir::new()
    }
}

/// The minimal fixture with `BULK` more notes, in a scratch folder.
fn big_project() -> TempDir {
    let dir = scratch();
    copy_dir(&repo_root().join("tests/fixtures/minimal"), dir.path());
    let notes = dir.path().join("content/notes");
    for i in 0..BULK {
        std::fs::write(
            notes.join(format!("bulk-{i:04}.md")),
            format!(
                "+++\ntitle = \"Bulk note {i}\"\ndate = 2026-01-02\n+++\n\nA short note, number {i}, about board business.\n"
            ),
        )
        .unwrap();
    }
    dir
}

/// Give the site another title, so that a build that got through would
/// change every page.
fn retitle(dir: &Path, title: &str) {
    let path = dir.join("dossier.toml");
    let text = read(&path);
    let first = text.lines().next().unwrap();
    assert!(first.starts_with("title = "), "{first}");
    std::fs::write(
        &path,
        text.replacen(first, &format!("title = \"{title}\""), 1),
    )
    .unwrap();
}

/// The folders dossier uses beside an output folder that are still there.
fn leftovers(parent: &Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".dossier-staging") || n.ends_with(".dossier-old"))
        .collect()
}

/// Panic, naming the first difference, unless the two trees are the same.
fn assert_same_tree(actual: &[(String, Vec<u8>)], expected: &[(String, Vec<u8>)], what: &str) {
    let sorted = |t: &[(String, Vec<u8>)]| {
        let mut t = t.to_vec();
        t.sort();
        t
    };
    if sorted(actual) == sorted(expected) {
        return;
    }
    let names =
        |t: &[(String, Vec<u8>)]| -> Vec<String> { t.iter().map(|(n, _)| n.clone()).collect() };
    let (a, e) = (names(actual), names(expected));
    let missing: Vec<&String> = e.iter().filter(|n| !a.contains(n)).take(5).collect();
    let extra: Vec<&String> = a.iter().filter(|n| !e.contains(n)).take(5).collect();
    let changed: Vec<&String> = actual
        .iter()
        .filter(|(n, bytes)| expected.iter().any(|(m, b)| m == n && b != bytes))
        .map(|(n, _)| n)
        .take(5)
        .collect();
    panic!(
        "{what}: {} files instead of {}; missing {missing:?}, extra {extra:?}, changed {changed:?}",
        a.len(),
        e.len()
    );
}

/// How many page folders a build has written to `notes/` so far.
fn notes_written(staging: &Path) -> usize {
    std::fs::read_dir(staging.join("notes")).map_or(0, |d| d.count())
}

/// A `dossier build` running in the background, killed if still running
/// when dropped (and continued first, should it be stopped).
struct Background {
    child: Child,
}

impl Background {
    fn start(dir: &Path, args: &[&str]) -> Background {
        let child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(args)
            .current_dir(dir)
            .env("SOURCE_DATE_EPOCH", EPOCH)
            .env("NO_COLOR", "1")
            .env_remove("CI")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start dossier build");
        Background { child }
    }

    /// Wait (polling) until `ready` holds; panics if the build ends first.
    fn wait_until(&mut self, what: &str, ready: impl Fn() -> bool) {
        while !ready() {
            if let Some(status) = self.child.try_wait().unwrap() {
                let mut stderr = String::new();
                let _ = self
                    .child
                    .stderr
                    .take()
                    .unwrap()
                    .read_to_string(&mut stderr);
                panic!(
                    "the build ended ({status}) before {what}; the project is too small for this machine?\n{stderr}"
                );
            }
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    fn signal(&self, signal: &str) {
        let status = Command::new("kill")
            .args([&format!("-{signal}"), &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -{signal}");
    }

    /// Stop the build (SIGSTOP) and wait until it is stopped: `kill`
    /// returns before the signal takes effect.
    fn pause(&self) {
        self.signal("STOP");
        let stat = format!("/proc/{}/stat", self.child.id());
        let stopped = || match std::fs::read_to_string(&stat) {
            // "pid (name) S ...": the state follows the name's parenthesis.
            Ok(text) => text
                .rsplit_once(") ")
                .is_some_and(|(_, rest)| rest.starts_with('T')),
            Err(_) => match Command::new("ps")
                .args(["-o", "stat=", "-p", &self.child.id().to_string()])
                .output()
            {
                Ok(o) => String::from_utf8_lossy(&o.stdout)
                    .trim_start()
                    .starts_with('T'),
                // No way to tell here: go on.
                Err(_) => true,
            },
        };
        while !stopped() {
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    /// Wait for the end; the exit status and standard error.
    fn finish(mut self) -> (ExitStatus, String) {
        let mut stderr = String::new();
        self.child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        (self.child.wait().unwrap(), stderr)
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            self.signal("CONT");
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

#[test]
fn a_build_killed_while_writing_leaves_the_previous_output_and_the_next_build_recovers() {
    let dir = big_project();
    let root = dir.path();
    let out = root.join("public");
    let staging = root.join(".public.dossier-staging");
    let titles = ["Briefing, first edition", "Briefing, second edition"];
    // What each version of the project builds to.
    let mut expected = Vec::new();
    for (i, title) in titles.iter().enumerate() {
        retitle(root, title);
        let folder = format!("expected-{i}");
        let run = dossier(root, &["build", "--output", &folder]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let mut files = tree(&root.join(&folder));
        files.push((".git/HEAD".into(), b"ref: refs/heads/main\n".to_vec()));
        expected.push(files);
        std::fs::remove_dir_all(root.join(&folder)).unwrap();
    }
    // The previous output, with a deploy repository in it.
    retitle(root, titles[0]);
    assert_eq!(dossier(root, &["build"]).code, 0);
    std::fs::create_dir(out.join(".git")).unwrap();
    std::fs::write(out.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    assert_same_tree(&tree(&out), &expected[0], "the first build");

    // Killed when the staging folder appears (still loading), after the
    // first page, and a third of the way through the pages (early enough
    // that the build cannot have finished by the time the kill lands).
    let kill_points: [(&str, usize); 3] = [
        ("as the staging folder appeared", 0),
        ("after the first page", 1),
        ("a third of the way through the pages", BULK / 3),
    ];
    for (n, (point, pages)) in kill_points.into_iter().enumerate() {
        let previous = tree(&out);
        let version = (n + 1) % 2;
        retitle(root, titles[version]);
        let mut build = Background::start(root, &["build"]);
        build.wait_until(point, || {
            staging.is_dir() && (pages == 0 || notes_written(&staging) >= pages)
        });
        build.child.kill().unwrap(); // SIGKILL
        let (status, _) = build.finish();
        assert_eq!(status.code(), None, "killed {point}: {status}");
        assert!(
            staging.is_dir(),
            "killed {point}: the build had already swapped its output in; the project is too small for this machine?"
        );
        assert_same_tree(
            &tree(&out),
            &previous,
            &format!("killed {point}, the output folder"),
        );

        let run = dossier(root, &["build"]);
        assert_eq!(run.code, 0, "after a kill {point}: {}", run.stderr);
        assert_same_tree(
            &tree(&out),
            &expected[version],
            &format!(
                "after a kill {point}, the next build's output (the new site, and the deploy .git)"
            ),
        );
        assert_eq!(
            leftovers(root),
            Vec::<String>::new(),
            "after a kill {point}"
        );
    }
}

/// Run dossier as `sh` would after `ulimit -f 64` (32 KiB with dash's
/// 512-byte blocks, 64 KiB with bash's): a bigger file cannot be written.
/// SIGXFSZ is ignored (and stays ignored across exec), so the write fails
/// with EFBIG instead of killing the process.
fn dossier_with_file_size_limit(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new("sh")
        .arg("-c")
        .arg("ulimit -f 64 && trap '' XFSZ && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .output()
        .expect("run sh");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A note of `kib` KiB of prose.
fn long_note(dir: &Path, name: &str, kib: usize) {
    let para = "The board discussed the briefing pack at length, and agreed to publish it.\n\n";
    let body = para.repeat(kib * 1024 / para.len() + 1);
    std::fs::write(
        dir.join("content/notes").join(format!("{name}.md")),
        format!("+++\ntitle = \"A long note\"\ndate = 2026-01-03\n+++\n\n{body}"),
    )
    .unwrap();
}

#[test]
fn a_file_too_large_to_write_is_reported_clearly_and_keeps_the_previous_output() {
    let dir = fixture("minimal");
    let out = dir.path().join("public");
    assert_eq!(dossier(dir.path(), &["build"]).code, 0);
    let previous = tree(&out);
    // The same limit does not stop the previous output being built...
    let unchanged = dossier_with_file_size_limit(dir.path(), &["build"]);
    assert_eq!(unchanged.code, 0, "{}", unchanged.stderr);
    assert_same_tree(&tree(&out), &previous, "built under the limit");
    // ...but a 200 KiB page is over it.
    retitle(dir.path(), "A longer briefing");
    long_note(dir.path(), "long", 200);
    let run = dossier_with_file_size_limit(dir.path(), &["build"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let out_shown = out.display().to_string();
    assert_eq!(
        run.stderr.replace(&out_shown, "$OUT"),
        "error: cannot write the site to $OUT: a file is larger than this computer allows (the disk, or a limit set for your account, does not take files that big)\n  \
         = note: the system said: File too large (os error 27)\n  \
         = hint: ask whoever manages this computer about the limit on file size, or set output_dir in dossier.toml (or use --output) to a folder on another disk, then build again\n\n\
         Build failed with 1 error; the previous output was left as it was.\n"
    );
    assert_same_tree(&tree(&out), &previous, "the previous output");
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}

/// A small tmpfs mounted for the test, unmounted when dropped.
struct SmallDisk {
    dir: TempDir,
}

impl SmallDisk {
    /// None when mounting is not allowed here (not root, or no
    /// CAP_SYS_ADMIN in a container).
    fn mount(size: &str) -> Option<SmallDisk> {
        let dir = TempDir::new();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        mounted.then_some(SmallDisk { dir })
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

#[test]
fn a_full_disk_is_reported_clearly_and_keeps_the_previous_output() {
    let Some(disk) = SmallDisk::mount("1m") else {
        eprintln!(
            "SKIPPED a_full_disk_is_reported_clearly_and_keeps_the_previous_output: cannot mount a small tmpfs here (it needs root); the file-size-limit test covers a failing write"
        );
        return;
    };
    let dir = fixture("minimal");
    let out = disk.dir.path().join("public");
    let out_arg = out.to_str().unwrap();
    let run = dossier(dir.path(), &["build", "--output", out_arg]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let previous = tree(&out);
    // 40 pages of 40 KiB: more than the disk has left.
    retitle(dir.path(), "A bigger briefing");
    for i in 0..40 {
        long_note(dir.path(), &format!("long-{i}"), 40);
    }
    let run = dossier(dir.path(), &["build", "--output", out_arg]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr.replace(out_arg, "$OUT"),
        "error: cannot write the site to $OUT: the disk is full\n  \
         = note: the system said: No space left on device (os error 28)\n  \
         = hint: free some space on the disk that holds $OUT (empty the wastebasket, remove files you no longer need), or set output_dir in dossier.toml (or use --output) to a folder on another disk, then build again\n\n\
         Build failed with 1 error; the previous output was left as it was.\n"
    );
    assert_same_tree(&tree(&out), &previous, "the previous output");
    assert_eq!(leftovers(disk.dir.path()), Vec::<String>::new());
}

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Readable (and folders enterable) by everyone, for a build as `nobody`.
#[cfg(unix)]
fn readable_by_all(path: &Path) {
    if path.is_dir() {
        set_mode(path, 0o755);
        for entry in std::fs::read_dir(path).unwrap() {
            readable_by_all(&entry.unwrap().path());
        }
    } else {
        set_mode(path, 0o644);
    }
}

#[cfg(unix)]
#[test]
fn a_read_only_output_folder_is_reported_clearly_and_keeps_the_previous_output() {
    let dir = fixture("minimal");
    let site = dir.path().join("site");
    let out = site.join("public");
    let run = dossier(dir.path(), &["build", "--output", "site/public"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let previous = tree(&out);
    retitle(dir.path(), "A changed briefing");
    let root = running_as_root();
    // Permissions do not stop root: as root, build as `nobody`, who may
    // read the project but not change `site/` (root's, mode 755).
    let mut command = if root {
        readable_by_all(dir.path());
        let mut c = Command::new("setpriv");
        c.args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            env!("CARGO_BIN_EXE_dossier"),
        ]);
        c
    } else {
        set_mode(&site, 0o555);
        Command::new(env!("CARGO_BIN_EXE_dossier"))
    };
    let output = command
        .args(["build", "--output", "site/public"])
        .current_dir(dir.path())
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .output()
        .expect("run dossier");
    set_mode(&site, 0o755);
    let stderr = String::from_utf8_lossy(&output.stderr)
        .replace(&*out.to_string_lossy(), "$OUT")
        .replace(&*site.to_string_lossy(), "$SITE");
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_eq!(
        stderr,
        "error: cannot write the site to $OUT: you do not have permission to change it or the folder that holds it ($SITE)\n  \
         = note: the system said: Permission denied (os error 13)\n  \
         = hint: ask whoever manages this computer to let you change files in $SITE, or set output_dir in dossier.toml (or use --output) to a folder of your own\n\n\
         Build failed with 1 error; the previous output was left as it was.\n"
    );
    assert_same_tree(&tree(&out), &previous, "the previous output");
    assert_eq!(leftovers(&site), Vec::<String>::new());
}

#[test]
fn a_second_build_is_refused_while_the_first_writes_and_the_first_completes() {
    let dir = big_project();
    let root = dir.path();
    let out = root.join("public");
    let staging = root.join(".public.dossier-staging");
    let run = dossier(root, &["build", "--output", "clean"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let clean = tree(&root.join("clean"));

    let mut first = Background::start(root, &["build"]);
    first.wait_until("it wrote a page", || notes_written(&staging) >= 1);
    // Stopped mid-write, the first build holds the lock for as long as the
    // test needs.
    first.pause();
    let written = tree(&staging);
    let second = dossier(root, &["build"]);
    assert_eq!(second.code, 2, "{}", second.stderr);
    assert_eq!(
        second.stderr.replace(&*out.to_string_lossy(), "$OUT"),
        "error: cannot write the site to $OUT: another dossier build, or a `dossier serve --write`, is writing to it right now\n  \
         = hint: wait until the other build has finished, then run this one again; if `dossier serve --write` is running for this project, it writes the site after every change, so let it finish or stop it (Ctrl+C) first\n\n\
         Build failed with 1 error; the previous output was left as it was.\n"
    );
    assert_same_tree(
        &tree(&staging),
        &written,
        "the first build's staging folder, after the refused build",
    );
    first.signal("CONT");
    let (status, stderr) = first.finish();
    assert!(status.success(), "{status}: {stderr}");
    assert_same_tree(&tree(&out), &clean, "the output, against a clean build");
    assert_eq!(leftovers(root), Vec::<String>::new());
}

#[test]
fn builds_started_together_never_mix_their_output() {
    let dir = big_project();
    let root = dir.path();
    let run = dossier(root, &["build", "--output", "clean"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let clean = tree(&root.join("clean"));
    let builds: Vec<Background> = (0..3)
        .map(|_| Background::start(root, &["build"]))
        .collect();
    let mut succeeded = 0;
    for build in builds {
        let (status, stderr) = build.finish();
        match status.code() {
            Some(0) => succeeded += 1,
            Some(2) => assert!(
                stderr.contains("is writing to it right now"),
                "a build failed for another reason: {stderr}"
            ),
            _ => panic!("{status}: {stderr}"),
        }
    }
    assert!(succeeded >= 1, "no build succeeded");
    assert_same_tree(
        &tree(&root.join("public")),
        &clean,
        "the output, against a clean build",
    );
    assert_eq!(leftovers(root), Vec::<String>::new());
}

/// The text of `dossier.toml` and of /etc/passwd: no response may hold it.
const SECRETS: &[&str] = &["base_url = \"https://example.org/briefing/\"", "root:x:0:0"];

/// What the load test asks for, and the status each must get.
const MIX: &[(&str, u16)] = &[
    ("/", 200),
    ("/notes/first/", 200),
    ("/hello.txt", 200),
    ("/style.css", 200),
    ("/no-such-page/", 404),
    ("/../dossier.toml", 400),
    ("/%2e%2e/dossier.toml", 400),
    ("//etc/passwd", 400),
];

/// Read one HTTP/1.1 response (Content-Length or chunked): status and body.
fn read_response(reader: &mut BufReader<TcpStream>) -> std::io::Result<(u16, Vec<u8>)> {
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let status = line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("bad status line {line:?}")))?;
    let mut length = None;
    let mut chunked = false;
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Err(std::io::Error::other("closed in the headers"));
        }
        let header = line.trim_end().to_ascii_lowercase();
        if header.is_empty() {
            break;
        }
        if let Some(v) = header.strip_prefix("content-length:") {
            length = v.trim().parse::<usize>().ok();
        }
        chunked |= header.starts_with("transfer-encoding:") && header.contains("chunked");
        if header.starts_with("connection:") && header.contains("close") {
            return Err(std::io::Error::other("the server closed the connection"));
        }
    }
    let mut body = Vec::new();
    if chunked {
        loop {
            line.clear();
            reader.read_line(&mut line)?;
            let size = usize::from_str_radix(line.trim(), 16)
                .map_err(|_| std::io::Error::other(format!("bad chunk size {line:?}")))?;
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk)?;
            if size == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..size]);
        }
    } else {
        body.resize(length.unwrap_or(0), 0);
        reader.read_exact(&mut body)?;
    }
    Ok((status, body))
}

/// `connections` clients at once, each sending `each` requests of the mix
/// on one kept-alive connection. Returns the problems seen.
fn load(port: u16, connections: usize, each: usize) -> Vec<String> {
    let problems = std::sync::Mutex::new(Vec::new());
    let answered = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| {
        for c in 0..connections {
            let problems = &problems;
            let answered = &answered;
            s.spawn(move || {
                let client = || -> std::io::Result<()> {
                    let stream = TcpStream::connect(("127.0.0.1", port))?;
                    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
                    let mut writer = stream.try_clone()?;
                    let mut reader = BufReader::new(stream);
                    for i in 0..each {
                        let (target, want) = MIX[(c + i) % MIX.len()];
                        write!(writer, "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")?;
                        let (status, body) = read_response(&mut reader)?;
                        let text = String::from_utf8_lossy(&body);
                        if status != want {
                            problems
                                .lock()
                                .unwrap()
                                .push(format!("{target}: {status} instead of {want}"));
                        }
                        if SECRETS.iter().any(|s| text.contains(s)) {
                            problems
                                .lock()
                                .unwrap()
                                .push(format!("{target}: the response leaks a file"));
                        }
                        if target == "/hello.txt" && body != b"plain file\n" {
                            problems
                                .lock()
                                .unwrap()
                                .push(format!("{target}: wrong body {text:?}"));
                        }
                        answered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    }
                    Ok(())
                };
                if let Err(e) = client() {
                    problems
                        .lock()
                        .unwrap()
                        .push(format!("connection {c}: {e}"));
                }
            });
        }
    });
    let mut problems = problems.into_inner().unwrap();
    let answered = answered.into_inner();
    if answered != connections * each {
        problems.push(format!(
            "{answered} of {} requests answered",
            connections * each
        ));
    }
    problems
}

/// The resident memory of a process, in KiB (Linux).
fn resident_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

#[test]
fn the_dev_server_answers_200_connections_and_10000_requests_with_flat_memory() {
    let dir = fixture("minimal");
    let served = Served::start(dir.path(), &[]);
    let pid = served.child.id();
    // A warm-up round: thread pools, buffers and the allocator settle.
    let problems = load(served.port, 200, 5);
    assert!(problems.is_empty(), "warm-up: {problems:#?}");
    let before = resident_kib(pid);

    let problems = load(served.port, 200, 50);
    assert!(
        problems.is_empty(),
        "{} problems under load, first ones: {:#?}",
        problems.len(),
        &problems[..problems.len().min(20)]
    );
    if let (Some(before), Some(after)) = (before, resident_kib(pid)) {
        eprintln!(
            "dev server resident memory: {before} KiB after the warm-up, {after} KiB after 10,000 requests"
        );
        assert!(
            after < before + 64 * 1024,
            "the server grew from {before} KiB to {after} KiB over 10,000 requests"
        );
    } else {
        eprintln!("memory not checked: no /proc/{pid}/status on this system");
    }
    // Still serving.
    assert_eq!(load(served.port, 1, MIX.len()), Vec::<String>::new());
}
