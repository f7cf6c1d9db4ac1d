#!/usr/bin/env python3
"""Non-browser checks for scripts/validate: PDFs, feeds, calendars, sitemap,
JobPosting structured data and the JSON indexes of a built dossier site.

Usage: checks.py --site DIR --config dossier.toml --epoch SOURCE_DATE_EPOCH

Prints one "PASS name" or "FAIL name: reason" line per check on stdout and
details on stderr. Exits 1 if any check failed.

Generic checks run on every file of a kind (every .pdf, every .ics); named
expectations (what a candidate pack's title and headings must be, which roles
must be in roles.ics) come from the tables below. A PDF that no table knows
fails: add its expectations to PDF_KINDS rather than letting it pass unseen.
"""

from __future__ import annotations

import argparse
import datetime as dt
import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import traceback
import xml.etree.ElementTree as ET
from pathlib import Path

FAILED = 0
LABEL = ""  # "fixture roles: " when checking a fixture site


def passed(name: str, note: str = "") -> None:
    print(f"PASS {LABEL}{name}" + (f" ({note})" if note else ""), flush=True)


def failed(name: str, reason: str) -> None:
    global FAILED
    FAILED += 1
    name = f"{LABEL}{name}"
    reason = re.sub(r"\s+", " ", str(reason)).strip()
    print(f"{name}: {reason}", file=sys.stderr, flush=True)  # in full, in the log
    if len(reason) > 600:
        reason = reason[:600] + f"… ({len(reason) - 600} more characters in the log)"
    print(f"FAIL {name}: {reason}", flush=True)


def check(name: str):
    """Decorator-free helper: run fn() -> list of problems (or a note)."""

    def run(fn, *args):
        try:
            result = fn(*args)
        except Exception as exc:  # a check that crashes is a failed check
            traceback.print_exc(file=sys.stderr)
            failed(name, f"{type(exc).__name__}: {exc}")
            return
        problems, note = result if isinstance(result, tuple) else (result, "")
        if problems:
            failed(name, "; ".join(problems))
        else:
            passed(name, note)

    return run


# --------------------------------------------------------------------- context


class Site:
    def __init__(self, root: Path, config: dict, epoch: int):
        self.root = root
        self.config = config
        self.base_url = config["base_url"].rstrip("/") + "/"
        self.language = config.get("language", "en-GB")  # dossier's default (config/mod.rs)
        # A site in several languages: the default at the root, each other
        # under its folder (docs/languages.md); (tag, folder) pairs.
        tags = config.get("languages") or [self.language]
        if config.get("languages") and "language" not in config:
            self.language = tags[0]
        settings = config.get("lang", {})
        self.languages = [(tags[0], "")] + [
            (t, settings.get(t.split("-")[0].lower(), {}).get("folder", t.split("-")[0].lower()).strip("/") + "/")
            for t in tags[1:]
        ]
        # The theme's words in each language, for what the PDFs should say.
        i18n = Path(__file__).resolve().parents[2] / "themes" / "default" / "i18n"
        self.words: dict[str, dict] = {}
        for tag, _ in self.languages:
            code = tag.split("-")[0].lower()
            words = tomllib.loads((i18n / "en.toml").read_text("utf-8"))
            if (i18n / f"{code}.toml").is_file():
                words.update(tomllib.loads((i18n / f"{code}.toml").read_text("utf-8")))
            self.words[tag] = words
        self.build_date = dt.datetime.fromtimestamp(epoch, dt.timezone.utc).date()
        # Each language's roles, by its folder ("" for the default).
        self.roles_in: dict[str, dict[str, dict]] = {}
        for _, folder in self.languages:
            roles = self.roles_in.setdefault(folder, {})
            index = root / folder / "roles" / "index.json"
            if index.is_file():
                try:
                    for role in json.loads(index.read_text("utf-8")).get("roles", []):
                        roles[role["slug"]] = role
                except Exception:
                    pass  # reported by the roles/index.json check
        self.roles = self.roles_in[""]

    def language_of(self, rel: str) -> tuple[str, str]:
        """The (tag, folder) of the language a site-relative path is in."""
        for tag, folder in self.languages[1:]:
            if rel.startswith(folder):
                return tag, folder
        return self.languages[0]

    def w(self, rel: str, key: str, **values: str) -> str:
        """The theme's word `key` in the language of `rel`, filled."""
        text = self.words[self.language_of(rel)[0]][key]
        for name, value in values.items():
            text = text.replace("{" + name + "}", value)
        return text

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def files(self, pattern: str) -> list[Path]:
        return sorted(p for p in self.root.rglob(pattern) if p.is_file())

    def page_for_url(self, url: str) -> Path | None:
        """The output file an absolute or root-relative site URL is served from."""
        if url.startswith(self.base_url):
            path = "/" + url[len(self.base_url):]
        elif url.startswith("/"):
            base_path = re.sub(r"^https?://[^/]+", "", self.base_url)
            path = "/" + url[len(base_path):] if url.startswith(base_path) else url
        else:
            return None
        path = path.split("#", 1)[0].split("?", 1)[0]
        candidate = self.root / path.lstrip("/")
        if path.endswith("/"):
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None


# --------------------------------------------------------------------- tools


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, errors="replace", **kw)


def need(*tools: str) -> None:
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        raise RuntimeError(f"validator unavailable: {', '.join(missing)} not found")


def norm(text: str) -> str:
    """Collapse whitespace and drop invisible characters, for text matching."""
    text = text.replace("\u2060", "").replace("\u00ad", "").replace("\u200b", "")
    # Typst sets ' as a typographic apostrophe; a bookmark keeps it as typed.
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text).strip()


# poppler 22.12 (Debian 12) reports a /MarkInfo /Suspects *false* as an error
# ("Suspects object is wrong type (boolean)"): it only accepts a true boolean.
# ISO 32000-1 14.7.1 makes /Suspects a boolean, false is valid, and the
# pikepdf check below asserts that it is exactly the boolean false. Any other
# message on stderr still fails.
POPPLER_FALSE_POSITIVES = [
    re.compile(r"^Syntax Error: Suspects object is wrong type \(boolean\)$"),
]


def poppler_stderr(text: str) -> list[str]:
    """poppler's messages, less the known false positives, each once."""
    out: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if line and line not in out and not any(p.match(line) for p in POPPLER_FALSE_POSITIVES):
            out.append(line)
    return out


# --------------------------------------------------------------------- PDFs


def candidate_pack(site: Site, rel: str) -> dict:
    _, folder = site.language_of(rel)
    slug = rel[len(folder):].split("/")[1]
    role = site.roles_in.get(folder, {}).get(slug)
    if role is None:
        raise RuntimeError(f"no role {slug!r} in {folder}roles/index.json for this pack")
    w = lambda key: site.w(rel, key)  # noqa: E731
    headings = [
        w("candidate_pack"),
        role["title"],
        role["reference"],
        w("contents"),
        w("about_the_employers") if role.get("joint") else w("about_the_employer"),
        w("the_role"),
        w("remuneration_and_terms"),
        w("timetable"),
        w("how_to_apply"),
    ]
    if role.get("joint"):
        headings.append(w("a_joint_appointment"))
    headings += [e["name"] for e in role.get("employers", [])]
    return {
        "title": f"{role['title']}: {w('candidate_pack_lower')}",
        "headings": headings,
        "min_pages": 3,
        "footer": True,  # "Page N of M" on every page
        # Sections the template starts on a new page by design.
        "page_starts": [re.escape(w("contents")), re.escape(w("welcome")), re.escape(w("about_the_employers")), re.escape(w("about_the_employer"))],
    }


def _page_text(site: Site, rel_html: str, pattern: str) -> str:
    """The text of the first element matching `pattern` in a built page."""
    import html as html_lib

    page = site.root / rel_html
    if not page.is_file():
        raise RuntimeError(f"no page {rel_html} for this PDF")
    m = re.search(pattern, page.read_text("utf-8"), re.S)
    if not m:
        raise RuntimeError(f"{rel_html} has no {pattern!r}")
    return html_lib.unescape(re.sub(r"<[^>]+>", "", m.group(1))).strip()


def board_pack(site: Site, rel: str) -> dict:
    folder = rel.rsplit("/", 1)[0]
    page = f"{folder}/index.html"
    # The heading without its status tag ("Cancelled"), which the pack's
    # title leaves to the cover's note.
    title = _page_text(site, page, r"<h1>(?:<span class=\"status-tag[^\"]*\">[^<]*</span> )?(.*?)</h1>")
    body = _page_text(site, page, r'<p class="eyebrow">(.*?)</p>')
    w = lambda key: site.w(rel, key)  # noqa: E731
    item = re.escape(w("item")) + r" \S+: "
    return {
        "title": f"{body}: {title}, {w('board_pack_lower')}",
        "headings": [body, title, w("public_edition"), w("agenda"), w("contents")],
        "min_pages": 2,
        "footer": True,
        "page_starts": [re.escape(w("agenda")), re.escape(w("contents")), re.escape(w("action_log")), item],
        "labels": [w(k) for k in COVER_LABELS],
    }


def supplement_pack(site: Site, rel: str) -> dict:
    """A supplementary agenda's pack: the board pack's shape, titled with
    its number ("…: supplementary agenda 1, board pack")."""
    n = re.search(r"supplement-(\d+)\.pdf$", rel).group(1)
    main = board_pack(site, rel)
    title = main["headings"][1]
    pack = site.w(rel, "board_pack_lower")
    supplement = site.w(rel, "supplementary_agenda", number=n)
    supplement = supplement[0].lower() + supplement[1:]
    main["title"] = main["title"].replace(f"{title}, {pack}", f"{title}: {supplement}, {pack}")
    main["headings"] = [h if h != title else f"{title}: {supplement}" for h in main["headings"]]
    return main


# The labels of a paper's cover sheet (themes/default/pdf/components.typ).
COVER_LABELS = [
    "meeting", "agenda_item", "reference", "purpose", "date", "author",
    "executive_sponsor", "presented_by", "assurance_level", "version",
    "strategic_objectives", "risks", "previously_considered",
]


def board_paper(site: Site, rel: str) -> dict:
    folder = rel.rsplit("/", 1)[0]
    title = _page_text(site, f"{folder}/index.html", r"<h1>(.*?)</h1>")
    return {
        "title": title,
        "headings": [title, site.w(rel, "cover_sheet"), site.w(rel, "purpose"), site.w(rel, "the_paper")],
        "min_pages": 1,
        "footer": True,
        "labels": [site.w(rel, k) for k in COVER_LABELS],
    }


def minutes_pdf(site: Site, rel: str) -> dict:
    """A meeting's minutes: titled as the minutes page is ("Draft minutes:
    body, date" until approved), with a heading per minuted item."""
    folder = rel.rsplit("/", 1)[0]
    data = json.loads((site.root / folder / "minutes.json").read_text("utf-8"))
    page = f"{folder}/minutes/index.html"
    body = _page_text(site, page, r'<p class="eyebrow">(.*?)</p>')
    date = _page_text(site, page, r"<h1>.*?<time[^>]*>(.*?)</time>")
    kind = site.w(rel, "draft_minutes") if data["status"] == "draft" else site.w(rel, "minutes")
    html = (site.root / page).read_text("utf-8")
    items = re.findall(r'<h2 id="item-[^"]*-title">(.*?)</h2>', html)
    import html as html_lib

    return {
        "title": f"{kind}: {body}, {date}",
        "headings": [f"{kind}: {body}, {date}"] + [html_lib.unescape(i) for i in items],
        "min_pages": 1,
        "footer": True,
    }


# (glob relative to the site, expectations).
PDF_KINDS = [
    ("meetings/*/minutes.pdf", minutes_pdf),
    ("roles/*/candidate-pack.pdf", candidate_pack),
    ("meetings/*/board-pack.pdf", board_pack),
    ("meetings/*/supplement-*.pdf", supplement_pack),
    ("papers/*/paper.pdf", board_paper),
]


def pdfinfo(path: Path) -> tuple[dict, list[str]]:
    proc = run(["pdfinfo", "-enc", "UTF-8", str(path)])
    info = {}
    for line in proc.stdout.splitlines():
        if ":" in line:
            key, value = line.split(":", 1)
            info[key.strip()] = value.strip()
    errors = poppler_stderr(proc.stderr)
    if proc.returncode != 0:
        errors.append(f"pdfinfo exited {proc.returncode}")
    return info, errors


def pdftext(path: Path) -> str:
    proc = run(["pdftotext", "-enc", "UTF-8", str(path), "-"])
    errors = poppler_stderr(proc.stderr)
    if proc.returncode != 0 or errors:
        raise RuntimeError(f"pdftotext (exit {proc.returncode}): {'; '.join(errors)}")
    return proc.stdout


def check_pdf(site: Site, path: Path) -> None:
    rel = site.rel(path)
    expect = None
    in_language = rel[len(site.language_of(rel)[1]):]
    for pattern, fn in PDF_KINDS:
        if fnmatch.fnmatch(in_language, pattern):
            try:
                expect = fn(site, rel)
            except Exception as exc:
                failed(f"pdf {rel}: expectations", str(exc))
                return
            break
    if expect is None:
        failed(
            f"pdf {rel}: expectations",
            "no expected title and headings for this PDF: add its kind to PDF_KINDS in scripts/validate-tools/checks.py",
        )

    def qpdf_check():
        need("qpdf")
        proc = run(["qpdf", "--check", str(path)])
        # exit 0: fine; 2: errors; 3: warnings. Both fail.
        if proc.returncode != 0:
            return [f"qpdf exited {proc.returncode}: {(proc.stdout + proc.stderr).strip()[-400:]}"]
        return []

    def fonts():
        need("pdffonts")
        proc = run(["pdffonts", str(path)])
        if proc.returncode != 0:
            return [f"pdffonts exited {proc.returncode}: {proc.stderr.strip()}"]
        rows = proc.stdout.splitlines()[2:]
        if not rows:
            return ["no fonts listed"]
        problems = []
        for row in rows:
            # name type encoding emb sub uni object-id gen; type may contain spaces
            m = re.match(r"^(\S+)\s+.*?\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", row)
            if not m:
                problems.append(f"unreadable pdffonts row {row!r}")
            elif m.group(2) != "yes":
                problems.append(f"font {m.group(1)} is not embedded")
        problems += poppler_stderr(proc.stderr)
        return problems, f"{len(rows)} fonts, all embedded"

    def title_and_pages():
        need("pdfinfo", "pdftotext")
        info, problems = pdfinfo(path)
        pages = int(info.get("Pages", "0"))
        if expect:
            if info.get("Title") != expect["title"]:
                problems.append(f"title is {info.get('Title')!r}, expected {expect['title']!r}")
            if pages < expect["min_pages"]:
                problems.append(f"{pages} pages, expected at least {expect['min_pages']}")
            if expect.get("footer"):
                text = pdftext(path)
                footer = re.escape(site.w(rel, "page_of", page="PAGE", total="TOTAL"))
                footer = footer.replace("PAGE", r"(\d+)").replace("TOTAL", r"(\d+)")
                footers = re.findall(footer, text)
                numbers = [int(n) for n, _ in footers]
                totals = {int(m) for _, m in footers}
                if numbers != list(range(1, pages + 1)):
                    problems.append(f"footers number the pages {numbers}, pdfinfo says {pages} pages")
                if totals != {pages}:
                    problems.append(f"footers say 'of {sorted(totals)}', pdfinfo says {pages} pages")
        elif not info.get("Title"):
            problems.append("no title")
        return problems, f"{info.get('Title')!r}, {pages} pages"

    def headings():
        need("pdftotext")
        if not expect:
            return ["no expectations (see above)"]
        text = norm(pdftext(path))
        missing = [h for h in expect["headings"] if norm(h) not in text]
        return ([f"text lacks {missing}"] if missing else []), f"{len(expect['headings'])} headings found"

    def labels_fit():
        """No cover-sheet label of more than one word wraps in its column:
        in the page's layout, a wrapped label leaves its first word alone
        before the value column ("Executive      Joint Director...")."""
        need("pdftotext")
        labels = [l for l in (expect or {}).get("labels", []) if " " in l]
        if not labels:
            return [], "no cover sheet"
        proc = run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"])
        lines = proc.stdout.splitlines()
        problems = []
        for label in labels:
            first, second = label.split(" ")[:2]
            alone = re.compile(r"^\s*" + re.escape(first) + r"\s{2,}\S")
            # Its first word alone before a value, and its next word first
            # on the next line (a table header that begins with the same
            # word is not a wrapped label).
            if any(
                alone.match(line) and label not in line and nxt.lstrip().startswith(second)
                for line, nxt in zip(lines, lines[1:])
            ):
                problems.append(f"the label {label!r} wraps")
        return problems, f"{len(labels)} labels of more than one word on one line each"

    def renders():
        need("pdftoppm", "pdfinfo")
        info, _ = pdfinfo(path)
        pages = int(info.get("Pages", "0"))
        with tempfile.TemporaryDirectory() as tmp:
            proc = run(["pdftoppm", "-r", "50", "-png", str(path), os.path.join(tmp, "page")])
            problems = poppler_stderr(proc.stderr)
            if proc.returncode != 0:
                problems.append(f"pdftoppm exited {proc.returncode}")
            pngs = sorted(Path(tmp).glob("page*.png"))
            if len(pngs) != pages:
                problems.append(f"{len(pngs)} pages rendered of {pages}")
            empty = [p.name for p in pngs if p.stat().st_size < 500]
            if empty:
                problems.append(f"empty renderings: {empty}")
        return problems, f"{len(pngs)} pages rendered"

    def page_fill():
        """Every page but the last, and but one followed by a section the
        template starts on a new page, is filled at least to its middle:
        the lowest dark pixel above the footer band (pdftoppm, Pillow)."""
        from PIL import Image

        if expect is None:
            return ["no expectations (see above)"]
        starts = [re.compile(rf"^{p}") for p in expect.get("page_starts", [])]
        texts = pdftext(path).split("\f")
        problems = []
        with tempfile.TemporaryDirectory() as tmp:
            run(["pdftoppm", "-r", "30", "-gray", "-png", str(path), os.path.join(tmp, "page")])
            pngs = sorted(Path(tmp).glob("page*.png"))
            for n, png in enumerate(pngs[:-1], start=1):
                following = [l.strip() for l in texts[n].splitlines() if l.strip()][:3] if n < len(texts) else []
                if any(rx.match(norm(line)) for rx in starts for line in following):
                    continue
                image = Image.open(png).convert("L")
                w, h = image.size
                top, bottom = int(h * 0.09), int(h * 0.90)
                pixels = image.load()
                lowest = max((y for y in range(top, bottom) if any(pixels[x, y] < 160 for x in range(0, w, 2))), default=0)
                if lowest < h * 0.5:
                    problems.append(f"page {n} ends at {round(100 * lowest / h)}% of its height")
        return problems, f"{max(len(pngs) - 1, 0)} pages before the last looked at"

    def pdfua_ids():
        need("pdfinfo")
        proc = run(["pdfinfo", "-meta", str(path)])
        problems = poppler_stderr(proc.stderr)
        xmp = proc.stdout
        if not re.search(r"<pdfuaid:part>\s*1\s*</pdfuaid:part>|pdfuaid:part=\"1\"", xmp):
            problems.append("XMP metadata has no pdfuaid:part 1 (PDF/UA-1 identification)")
        if not re.search(r"<pdfaid:part>\s*2\s*</pdfaid:part>|pdfaid:part=\"2\"", xmp) or not re.search(
            r"<pdfaid:conformance>\s*A\s*</pdfaid:conformance>|pdfaid:conformance=\"A\"", xmp
        ):
            problems.append("XMP metadata has no PDF/A-2a identification (pdfaid:part 2, conformance A)")
        info, errors = pdfinfo(path)
        problems += errors
        if info.get("Tagged") != "yes":
            problems.append(f"pdfinfo says Tagged: {info.get('Tagged')}")
        return problems, "pdfuaid:part 1, pdfaid 2A, Tagged: yes"

    def structure():
        import pikepdf

        problems = []
        with pikepdf.open(path) as pdf:
            root = pdf.Root
            # Tagged structure
            if "/StructTreeRoot" not in root:
                problems.append("no /StructTreeRoot")
            mark = root.get("/MarkInfo")
            if mark is None or mark.get("/Marked") is not True:
                problems.append("/MarkInfo /Marked is not true")
            elif "/Suspects" in mark and mark.get("/Suspects") is not False:
                problems.append("/MarkInfo /Suspects is not false")
            lang = str(root.get("/Lang", ""))
            if not re.match(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$", lang):
                problems.append(f"/Lang is {lang!r}")
            else:
                # A language tag without a region ("cy") is met by the
                # PDF's with one ("cy-GB"), which Typst always writes.
                want = site.language_of(rel)[0].lower()
                got = lang.lower()
                if got != want and not ("-" not in want and got.split("-")[0] == want):
                    problems.append(f"/Lang is {lang!r}, the page's language is {want!r}")
            prefs = root.get("/ViewerPreferences")
            if prefs is None or prefs.get("/DisplayDocTitle") is not True:
                problems.append("/ViewerPreferences /DisplayDocTitle is not true")
            # Outlines (bookmarks), and each one's text is in the document
            titles = []
            if "/Outlines" not in root:
                problems.append("no /Outlines")
            else:
                with pdf.open_outline() as outline:
                    stack = list(outline.root)
                    while stack:
                        item = stack.pop(0)
                        titles.append(item.title)
                        stack.extend(item.children)
                if not titles:
                    problems.append("/Outlines is empty")
            if titles:
                try:
                    text = norm(pdftext(path))
                    # A board pack bookmarks every agenda item, "Item 1: Welcome";
                    # an item without a paper is a row of the agenda, where its
                    # number and title stand in separate cells.
                    missing = [
                        t
                        for t in titles
                        if norm(t) not in text
                        and norm(re.sub(r"^" + re.escape(site.w(rel, "item")) + r" [0-9.]+: ", "", t)) not in text
                    ]
                    if missing:
                        problems.append(f"bookmarks not found in the text: {missing}")
                except Exception as exc:
                    problems.append(f"could not compare bookmarks with the text: {exc}")
            # Walk the structure tree: headings, figures with alternative text
            counts: dict[str, int] = {}
            figures_without_alt = 0
            rolemap = {}
            if "/StructTreeRoot" in root:
                st = root.StructTreeRoot
                rolemap = {str(k): str(v) for k, v in st.get("/RoleMap", {}).items()}
                stack = [st.get("/K")]
                seen = 0
                while stack and seen < 100000:
                    node = stack.pop()
                    seen += 1
                    if isinstance(node, pikepdf.Array):
                        stack.extend(node)
                        continue
                    if not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
                        continue
                    s = str(node.S)
                    s = rolemap.get(s, s)
                    counts[s] = counts.get(s, 0) + 1
                    if s == "/Figure" and "/Alt" not in node and "/ActualText" not in node:
                        figures_without_alt += 1
                    if "/K" in node:
                        stack.append(node.K)
                if not any(re.match(r"^/H\d?$", s) for s in counts):
                    problems.append("no heading (H, H1-H6) in the structure tree")
                if figures_without_alt:
                    problems.append(f"{figures_without_alt} /Figure elements without /Alt")
            # Annotations: in the structure, described, tab order by structure
            for number, page in enumerate(pdf.pages, 1):
                annots = page.obj.get("/Annots")
                if not annots:
                    continue
                if page.obj.get("/Tabs") != pikepdf.Name("/S"):
                    problems.append(f"page {number} has annotations but /Tabs is not /S")
                for annot in annots:
                    if annot.get("/Subtype") == pikepdf.Name("/Link"):
                        if "/StructParent" not in annot:
                            problems.append(f"a link on page {number} is not in the structure tree")
                        if not str(annot.get("/Contents", "")).strip():
                            problems.append(f"a link on page {number} has no /Contents")
        summary = f"{len(titles)} bookmarks, " + ", ".join(
            f"{k[1:]}×{v}" for k, v in sorted(counts.items()) if re.match(r"^/(H\d?|Figure|Table|L|Link)$", k)
        )
        return problems, summary

    check(f"pdf {rel}: qpdf --check")(qpdf_check)
    check(f"pdf {rel}: every font embedded (pdffonts)")(fonts)
    check(f"pdf {rel}: title and page count (pdfinfo)")(title_and_pages)
    check(f"pdf {rel}: expected headings (pdftotext)")(headings)
    check(f"pdf {rel}: cover-sheet labels on one line (pdftotext -layout)")(labels_fit)
    check(f"pdf {rel}: renders (pdftoppm)")(renders)
    check(f"pdf {rel}: pages filled to at least their middle (pdftoppm)")(page_fill)
    check(f"pdf {rel}: PDF/UA-1 id and Tagged (pdfinfo -meta)")(pdfua_ids)
    check(f"pdf {rel}: StructTreeRoot, MarkInfo, Lang, Outlines (pikepdf)")(structure)


# --------------------------------------------------------------------- feeds


def check_atom(site: Site) -> None:
    import feedparser

    def atom():
        path = site.root / "atom.xml"
        if not path.is_file():
            return ["no atom.xml"]
        feed = feedparser.parse(path.read_bytes())
        problems = []
        if feed.bozo:
            problems.append(f"feedparser: {feed.bozo_exception}")
        if feed.version != "atom10":
            problems.append(f"parsed as {feed.version!r}, not Atom 1.0")
        if not feed.feed.get("title"):
            problems.append("feed has no title")
        if not feed.feed.get("updated_parsed"):
            problems.append("feed has no valid <updated>")
        self_links = [l.href for l in feed.feed.get("links", []) if l.get("rel") == "self"]
        if self_links != [site.base_url + "atom.xml"]:
            problems.append(f"self link is {self_links}, expected {site.base_url}atom.xml")
        if not feed.entries:
            problems.append("no entries")
        ids = set()
        for entry in feed.entries:
            label = entry.get("title", "?")
            for key in ("title", "id", "link", "updated_parsed"):
                if not entry.get(key):
                    problems.append(f"entry {label!r} has no {key}")
            if entry.get("id") in ids:
                problems.append(f"duplicate entry id {entry.get('id')}")
            ids.add(entry.get("id"))
            link = entry.get("link", "")
            if not link.startswith(site.base_url):
                problems.append(f"entry link {link!r} is not under {site.base_url}")
            elif site.page_for_url(link) is None:
                problems.append(f"entry link {link} has no page in the output")
        return problems, f"Atom 1.0, {len(feed.entries)} entries"

    check("atom.xml (feedparser)")(atom)


# --------------------------------------------------------------------- calendars


def check_ics(site: Site, path: Path) -> None:
    import icalendar

    rel = site.rel(path)

    def ics():
        raw = path.read_bytes()
        problems = []
        # RFC 5545 3.1: CRLF line ends, lines folded at 75 octets.
        lines = raw.split(b"\r\n")
        if lines[-1] != b"":
            problems.append("does not end with CRLF")
        if any(b"\n" in line or b"\r" in line for line in lines):
            problems.append("bare LF or CR line ends")
        long = [i + 1 for i, line in enumerate(lines) if len(line) > 75]
        if long:
            problems.append(f"lines longer than 75 octets: {long[:5]}")
        cal = icalendar.Calendar.from_ical(raw)
        if cal.name != "VCALENDAR":
            problems.append(f"top component is {cal.name}")
        if str(cal.get("VERSION", "")) != "2.0":
            problems.append("VERSION is not 2.0")
        if not cal.get("PRODID"):
            problems.append("no PRODID")
        events = list(cal.walk("VEVENT"))
        if not events:
            problems.append("no events")
        uids = set()
        for event in events:
            label = str(event.get("SUMMARY", event.get("UID", "?")))
            for key in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
                if key not in event:
                    problems.append(f"event {label!r} has no {key}")
            uid = str(event.get("UID", ""))
            if uid in uids:
                problems.append(f"duplicate UID {uid}")
            uids.add(uid)
            if "DTEND" in event and "DTSTART" in event:
                start, end = event.decoded("DTSTART"), event.decoded("DTEND")
                aware = lambda t: getattr(t, "tzinfo", None) is not None
                if aware(start) != aware(end):
                    problems.append(f"event {label!r} mixes a floating and a UTC time")
                elif type(start) is not type(end) or end <= start:
                    problems.append(f"event {label!r} ends ({end}) before or as it starts ({start})")
            if "URL" in event:
                url = str(event["URL"])
                if not url.startswith(site.base_url):
                    problems.append(f"event URL {url} is not under {site.base_url}")
                elif site.page_for_url(url) is None:
                    problems.append(f"event URL {url} has no page in the output")
        # Meetings: UTC times that are the page's Event data's, an end, a
        # place, busy time unless cancelled, and the status the page gives.
        if rel.startswith("meetings/"):
            for event in events:
                problems.extend(meeting_event_problems(site, event))
        # Named expectations
        if rel == "roles/roles.ics":
            urls = {str(e.get("URL", "")) for e in events}
            for role in site.roles.values():
                if role["status"] == "open" and role["permalink"] not in urls:
                    problems.append(f"open role {role['slug']} has no event")
                if role["status"] != "open" and role["permalink"] in urls:
                    problems.append(f"closed role {role['slug']} has events")
        m = re.fullmatch(r"roles/([^/]+)/timeline\.ics", rel)
        if m:
            role = site.roles.get(m.group(1))
            if role is None:
                problems.append("no such role in roles/index.json")
            elif not any(str(e.get("SUMMARY", "")).lower().endswith("closing date") for e in events):
                problems.append("no closing date event")
        return problems, f"{len(events)} events"

    check(f"ics {rel} (icalendar)")(ics)


def check_ics_presence(site: Site) -> None:
    def presence():
        problems = []
        if site.roles and not (site.root / "roles" / "roles.ics").is_file():
            problems.append("roles/roles.ics is missing")
        for slug in site.roles:
            if not (site.root / "roles" / slug / "timeline.ics").is_file():
                problems.append(f"roles/{slug}/timeline.ics is missing")
        return problems, f"{len(site.files('*.ics'))} calendars"

    check("calendars expected for every role exist")(presence)


# --------------------------------------------------------------------- sitemap


SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def is_noindex(html: str) -> bool:
    return bool(re.search(r'<meta\s+name="robots"\s+content="[^"]*noindex', html, re.I))


def check_sitemap(site: Site) -> None:
    def sitemap():
        path = site.root / "sitemap.xml"
        if not path.is_file():
            return ["no sitemap.xml"]
        tree = ET.parse(path)  # raises on malformed XML
        root = tree.getroot()
        problems = []
        if root.tag != f"{SITEMAP_NS}urlset":
            problems.append(f"root element is {root.tag}")
        locs = []
        for url in root:
            if url.tag != f"{SITEMAP_NS}url":
                problems.append(f"unexpected element {url.tag}")
                continue
            loc = url.findtext(f"{SITEMAP_NS}loc", "").strip()
            locs.append(loc)
            lastmod = url.findtext(f"{SITEMAP_NS}lastmod")
            if lastmod is not None and not re.fullmatch(
                r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?", lastmod.strip()
            ):
                problems.append(f"lastmod {lastmod!r} of {loc} is not a W3C date")
        if not locs:
            problems.append("no URLs")
        if len(set(locs)) != len(locs):
            problems.append("duplicate URLs")
        for loc in locs:
            if not re.match(r"^https?://", loc):
                problems.append(f"{loc!r} is not an absolute URL")
            elif not loc.startswith(site.base_url):
                problems.append(f"{loc} is not under {site.base_url}")
            else:
                page = site.page_for_url(loc)
                if page is None:
                    problems.append(f"{loc} has no page in the output")
                elif page.suffix == ".html" and is_noindex(page.read_text("utf-8")):
                    problems.append(f"{loc} is marked noindex")
        for role in site.roles.values():
            listed = role["permalink"] in locs
            if role["status"] == "open" and not listed:
                problems.append(f"open role {role['slug']} is missing")
            if role["status"] != "open" and listed:
                problems.append(f"closed role {role['slug']} is listed")
        return problems, f"{len(locs)} URLs, all under {site.base_url}"

    def robots():
        path = site.root / "robots.txt"
        if not path.is_file():
            return ["no robots.txt"]
        lines = [l.strip() for l in path.read_text("utf-8").splitlines()]
        expected = f"Sitemap: {site.base_url}sitemap.xml"
        return ([] if expected in lines else [f"no line {expected!r}"]), "names the sitemap"

    check("sitemap.xml well-formed, absolute URLs under base_url")(sitemap)
    check("robots.txt")(robots)


# --------------------------------------------------------------------- JobPosting

EMPLOYMENT_TYPES = {"FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY", "INTERN", "VOLUNTEER", "PER_DIEM", "OTHER"}
SALARY_UNITS = {"HOUR", "DAY", "WEEK", "MONTH", "YEAR"}


def typed(value, kind: str) -> bool:
    return isinstance(value, dict) and value.get("@type") == kind


ICS_STATUS = {
    "https://schema.org/EventScheduled": "CONFIRMED",
    "https://schema.org/EventRescheduled": "CONFIRMED",
    "https://schema.org/EventPostponed": "TENTATIVE",
    "https://schema.org/EventCancelled": "CANCELLED",
}


def meeting_event_data(site: Site, url: str) -> dict | None:
    """The schema.org Event (JSON-LD, read by extruct) of a meeting page."""
    import extruct

    page = site.page_for_url(url)
    if page is None:
        return None
    data = extruct.extract(page.read_text("utf-8"), base_url=url, syntaxes=["json-ld"], uniform=True)
    events = [i for i in data.get("json-ld", []) if isinstance(i, dict) and i.get("@type") == "Event"]
    return events[0] if len(events) == 1 else None


def meeting_event_problems(site: Site, event) -> list[str]:
    from datetime import datetime, timezone

    label = str(event.get("SUMMARY", "?"))
    problems = []
    start = event.decoded("DTSTART")
    if not isinstance(start, datetime):
        return problems  # an all-day meeting: nothing to convert
    if start.tzinfo is None:
        problems.append(f"meeting {label!r} has a floating start time (no UTC or TZID)")
        return problems
    if "DTEND" not in event:
        problems.append(f"meeting {label!r} has no DTEND")
    if not str(event.get("LOCATION", "")):
        problems.append(f"meeting {label!r} has no LOCATION")
    if "SEQUENCE" not in event:
        problems.append(f"meeting {label!r} has no SEQUENCE")
    status = str(event.get("STATUS", ""))
    transp = str(event.get("TRANSP", ""))
    if transp != ("TRANSPARENT" if status == "CANCELLED" else "OPAQUE"):
        problems.append(f"meeting {label!r} ({status}) is TRANSP:{transp}")
    data = meeting_event_data(site, str(event.get("URL", "")))
    if data is None:
        problems.append(f"meeting {label!r}: its page has no single schema.org Event")
        return problems
    page_start = datetime.fromisoformat(str(data.get("startDate", "")))
    if page_start.tzinfo is None:
        problems.append(f"meeting {label!r}: the page's startDate has no offset")
    elif page_start.astimezone(timezone.utc) != start.astimezone(timezone.utc):
        problems.append(f"meeting {label!r} starts at {start} in the calendar but {page_start} on its page")
    if ICS_STATUS.get(str(data.get("eventStatus", ""))) != status:
        problems.append(f"meeting {label!r} is {status} in the calendar but {data.get('eventStatus')} on its page")
    return problems


def check_meeting_times(site: Site) -> None:
    """A meeting at 14:00 in London is 14:00 UTC in winter (the example's
    December meeting) and 13:00 UTC in summer (its July one): checked on the
    calendar as icalendar reads it, against Python's own time zone data."""
    import icalendar
    from datetime import datetime, timezone
    from zoneinfo import ZoneInfo

    def times():
        path = site.root / "meetings" / "meetings.ics"
        if not path.is_file():
            return ["meetings/meetings.ics is missing"]
        cal = icalendar.Calendar.from_ical(path.read_bytes())
        problems, n = [], 0
        offsets = set()
        london = ZoneInfo("Europe/London")
        for event in cal.walk("VEVENT"):
            start = event.decoded("DTSTART")
            data = meeting_event_data(site, str(event.get("URL", "")))
            if not isinstance(start, datetime) or data is None:
                continue
            local = datetime.fromisoformat(str(data["startDate"])).replace(tzinfo=None)
            expected = local.replace(tzinfo=london).astimezone(timezone.utc)
            if start != expected:
                problems.append(f"{event.get('SUMMARY')}: {start} is not {local} in London ({expected})")
            offsets.add(local.replace(tzinfo=london).utcoffset())
            n += 1
        if len(offsets) < 2:
            problems.append("the example needs a meeting in summer time and one in winter time, to check both")
        return problems, f"{n} meetings at the right UTC time"

    check("ics meeting times against Europe/London (zoneinfo)")(times)


def check_minutes_data(site: Site) -> None:
    """Each minutes.json: its votes against the Popolo VoteEvent schema
    (jsonschema), a result that follows from the counts, every address a
    file of the site; actions.csv and decisions.csv read by Python's csv
    module, with the same references as the minutes' open data."""
    import csv
    import io

    import jsonschema

    schema = json.loads((Path(__file__).parent / "popolo-vote-event.schema.json").read_text("utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    files = site.files("meetings/*/minutes.json")
    if not files:
        return
    actions, decisions = set(), set()

    def one(path: Path):
        data = json.loads(path.read_text("utf-8"))
        problems = []
        votes = 0
        for d in data["decisions"]:
            decisions.add(d["identifier"])
            vote = d.get("vote_event")
            if vote is None:
                continue
            votes += 1
            problems += [f"{d['identifier']}: {e.message}" for e in validator.iter_errors(vote)]
            counts = {c["option"]: c["value"] for c in vote.get("counts", [])}
            yes, no = counts.get("yes", 0), counts.get("no", 0)
            # Equal votes: the chair's casting vote may carry it either way.
            expected = {"pass", "fail"} if yes == no else {"pass" if yes > no else "fail"}
            if vote.get("result") not in expected:
                problems.append(f"{d['identifier']}: result {vote.get('result')} with counts {counts}")
        actions.update(a["identifier"] for a in data["actions"])
        for url in [data["url"], data["event"]] + [x["url"] for x in data["decisions"] + data["actions"]]:
            if site.page_for_url(url) is None:
                problems.append(f"link {url} is no file of the site")
        return problems, f"{len(data['decisions'])} decisions ({votes} votes), {len(data['actions'])} actions"

    for path in files:
        check(f"open data {site.rel(path)} (jsonschema, Popolo VoteEvent)")(one, path)

    def logs():
        problems = []
        for name, ids in (("actions/actions.csv", actions), ("decisions/decisions.csv", decisions)):
            text = (site.root / name).read_text("utf-8")
            rows = list(csv.DictReader(io.StringIO(text, newline="")))
            if {r["reference"] for r in rows} != ids:
                problems.append(f"{name} lists {sorted(r['reference'] for r in rows)}, the minutes {sorted(ids)}")
            for r in rows:
                if site.page_for_url(r["minutes_url"]) is None:
                    problems.append(f"{name} {r['reference']}: {r['minutes_url']} is no file")
        return problems, f"{len(actions)} actions, {len(decisions)} decisions"

    check("action and decision logs (csv) match the minutes' open data")(logs)


def check_meeting_data(site: Site) -> None:
    """meeting.json against the Open Civic Data Event schema (jsonschema),
    its times against the page's Event data, every link to a file of the
    site; meetings/index.json and papers/index.json list every meeting and
    paper, with working links."""
    import jsonschema

    schema = json.loads((Path(__file__).parent / "ocd-event.schema.json").read_text("utf-8"))
    validator = jsonschema.Draft202012Validator(schema)

    def links_of(value):
        if isinstance(value, dict):
            if "url" in value and "media_type" in value:
                yield value["url"]
            for v in value.values():
                yield from links_of(v)
        elif isinstance(value, list):
            for v in value:
                yield from links_of(v)

    def one(path: Path):
        data = json.loads(path.read_text("utf-8"))
        problems = [f"{'/'.join(map(str, e.path)) or '(top)'}: {e.message}" for e in validator.iter_errors(data)]
        for url in links_of(data):
            if site.page_for_url(url) is None:
                problems.append(f"link {url} is no file of the site")
        page_url = data.get("links", [{}])[0].get("url", "")
        event = meeting_event_data(site, page_url)
        if event is None:
            problems.append(f"{page_url} has no single schema.org Event")
        elif event.get("startDate") != data.get("start_date"):
            problems.append(f"start_date {data.get('start_date')} is not the page's {event.get('startDate')}")
        return problems, f"{len(data.get('agenda', []))} agenda items"

    meetings = site.files("meetings/*/meeting.json")
    for path in meetings:
        check(f"open data {site.rel(path)} (jsonschema, OCD Event)")(one, path)

    def listings():
        problems = []
        folders = {p.parent.name for p in site.root.glob("meetings/*/index.html")}
        index = json.loads((site.root / "meetings" / "index.json").read_text("utf-8"))
        if {m["slug"] for m in index} != folders:
            problems.append(f"meetings/index.json lists {sorted(m['slug'] for m in index)}, the site has {sorted(folders)}")
        if {p.parent.name for p in meetings} != folders:
            problems.append("a meeting has no meeting.json")
        for m in index:
            for key in ("url", "data_url", "calendar_url", "pack_url"):
                if site.page_for_url(m[key]) is None:
                    problems.append(f"meetings/index.json {m['slug']} {key} {m[key]} is no file")
        papers = json.loads((site.root / "papers" / "index.json").read_text("utf-8"))
        folders = {p.parent.name for p in site.root.glob("papers/*/index.html")}
        if {p["slug"] for p in papers} != folders:
            problems.append(f"papers/index.json lists {sorted(p['slug'] for p in papers)}, the site has {sorted(folders)}")
        for p in papers:
            for key in ("url", "pdf_url"):
                if site.page_for_url(p[key]) is None:
                    problems.append(f"papers/index.json {p['slug']} {key} {p[key]} is no file")
        return problems, f"{len(index)} meetings, {len(papers)} papers"

    check("open data meetings/index.json, papers/index.json")(listings)


def check_jobposting(site: Site) -> None:
    import extruct

    def one(role: dict):
        page = site.page_for_url(role["url"])
        if page is None:
            return [f"no page for {role['url']}"]
        html = page.read_text("utf-8")
        data = extruct.extract(html, base_url=role["permalink"], syntaxes=["json-ld", "microdata", "rdfa"], uniform=True)
        postings = [
            item
            for syntax in ("json-ld", "microdata", "rdfa")
            for item in data.get(syntax, [])
            if isinstance(item, dict) and item.get("@type") == "JobPosting"
        ]
        problems = []
        if role["status"] != "open":
            if postings:
                problems.append("closed role still carries JobPosting structured data")
            if not is_noindex(html):
                problems.append("closed role page is not noindex")
            return problems, "closed: no JobPosting, noindex"
        if len(postings) != 1:
            return [f"{len(postings)} JobPosting items, expected 1"]
        jp = postings[0]
        promised = [
            "title", "description", "identifier", "datePosted", "validThrough", "employmentType",
            "hiringOrganization", "jobLocation", "baseSalary", "applicationContact", "url",
        ]
        missing = [k for k in promised if not jp.get(k)]
        if missing:
            problems.append(f"missing {missing}")
        if jp.get("title") != role["title"]:
            problems.append(f"title {jp.get('title')!r} is not the role's {role['title']!r}")
        if "<" not in str(jp.get("description", "")):
            problems.append("description is not HTML")
        ident = jp.get("identifier")
        if not typed(ident, "PropertyValue") or ident.get("value") != role["reference"] or not ident.get("name"):
            problems.append(f"identifier {ident!r} is not a PropertyValue with the reference {role['reference']!r}")
        try:
            posted = dt.date.fromisoformat(str(jp.get("datePosted")))
            through = dt.datetime.fromisoformat(str(jp.get("validThrough")))
            if posted > through.date():
                problems.append("datePosted is after validThrough")
            if through.date() < site.build_date:
                problems.append("validThrough is before the build date, yet the role is open")
            if through.date().isoformat() != str(role["closing_date"])[:10]:
                problems.append(f"validThrough {through} is not the closing date {role['closing_date']}")
        except ValueError as exc:
            problems.append(f"dates: {exc}")
        types = jp.get("employmentType")
        types = types if isinstance(types, list) else [types]
        if not types or any(t not in EMPLOYMENT_TYPES for t in types):
            problems.append(f"employmentType {jp.get('employmentType')!r}")
        org = jp.get("hiringOrganization")
        host = next((e for e in role.get("employers", []) if e.get("host")), None)
        if not typed(org, "Organization") or not org.get("name"):
            problems.append(f"hiringOrganization {org!r} is not a named Organization")
        elif host and org.get("name") != host["name"]:
            problems.append(f"hiringOrganization is {org.get('name')!r}, the host is {host['name']!r}")
        locations = jp.get("jobLocation")
        locations = locations if isinstance(locations, list) else [locations]
        for place in locations:
            address = place.get("address") if isinstance(place, dict) else None
            if not typed(place, "Place") or not typed(address, "PostalAddress"):
                problems.append(f"jobLocation {place!r} is not a Place with a PostalAddress")
            elif not address.get("addressLocality") or not address.get("addressCountry"):
                problems.append("jobLocation address lacks addressLocality or addressCountry")
        salary = jp.get("baseSalary")
        value = salary.get("value") if isinstance(salary, dict) else None
        if not typed(salary, "MonetaryAmount") or not re.fullmatch(r"[A-Z]{3}", str(salary.get("currency", ""))):
            problems.append(f"baseSalary {salary!r} is not a MonetaryAmount with a currency")
        elif not typed(value, "QuantitativeValue") or value.get("unitText") not in SALARY_UNITS:
            problems.append(f"baseSalary value {value!r} is not a QuantitativeValue with a unitText")
        elif role.get("salary"):
            s = role["salary"]
            if (value.get("minValue"), value.get("maxValue")) != (s.get("min"), s.get("max")) or salary.get("currency") != s.get("currency"):
                problems.append(f"baseSalary {value!r} differs from roles/index.json {s!r}")
        contact = jp.get("applicationContact")
        if not isinstance(contact, dict) or not (contact.get("email") or contact.get("telephone") or contact.get("url")):
            problems.append(f"applicationContact {contact!r} has no email, telephone or url")
        if jp.get("url") != role["permalink"]:
            problems.append(f"url {jp.get('url')!r} is not the permalink {role['permalink']!r}")
        return problems, "open: every promised field"

    if not site.roles:
        failed("jobposting", "no roles in roles/index.json")
    for slug, role in sorted(site.roles.items()):
        check(f"jobposting roles/{slug}/ (extruct)")(one, role)


# --------------------------------------------------------------------- JSON indexes


def check_roles_index(site: Site) -> None:
    def roles_index():
        path = site.root / "roles" / "index.json"
        if not path.is_file():
            return ["no roles/index.json"]
        data = json.loads(path.read_text("utf-8"))
        problems = []
        if data.get("build_date") != site.build_date.isoformat():
            problems.append(f"build_date {data.get('build_date')!r}, expected {site.build_date.isoformat()}")
        roles = data.get("roles")
        if not isinstance(roles, list) or not roles:
            return problems + ["no roles"]
        keys = ["slug", "title", "reference", "summary", "status", "joint", "closing_date", "url", "permalink", "pack_url", "employers", "location", "salary"]
        statuses = set()
        for role in roles:
            slug = role.get("slug", "?")
            missing = [k for k in keys if k not in role]
            if missing:
                problems.append(f"{slug} lacks {missing}")
                continue
            statuses.add(role["status"])
            if role["status"] not in ("open", "closed"):
                problems.append(f"{slug} has status {role['status']!r}")
            closing = dt.date.fromisoformat(str(role["closing_date"])[:10])
            if (closing >= site.build_date) != (role["status"] == "open"):
                problems.append(f"{slug} is {role['status']} but closes on {closing}")
            if role["permalink"] != site.base_url + role["url"].lstrip("/"):
                problems.append(f"{slug} permalink {role['permalink']} does not match url {role['url']}")
            for key in ("url", "pack_url"):
                if site.page_for_url(role[key]) is None:
                    problems.append(f"{slug} {key} {role[key]} is not in the output")
            employers = role["employers"]
            if sum(1 for e in employers if e.get("host")) != 1:
                problems.append(f"{slug} does not have exactly one host employer")
            if role["joint"] and abs(sum(e.get("share") or 0 for e in employers) - 100) > 0.01:
                problems.append(f"{slug} shares do not add up to 100")
        # The example project, built at the fixed SOURCE_DATE_EPOCH, has both.
        if statuses != {"open", "closed"}:
            problems.append(f"expected open and closed roles at {site.build_date}, found {sorted(statuses)}")
        return problems, f"{len(roles)} roles: " + ", ".join(
            f"{sum(1 for r in roles if r.get('status') == s)} {s}" for s in sorted(statuses)
        )

    def search_index():
        folder = site.root / "search"
        toc_path = folder / "index.json"
        if not toc_path.is_file():
            return ["no search/index.json"]
        toc = json.loads(toc_path.read_text("utf-8"))
        count, per = toc.get("pages"), toc.get("per_fragment")
        if not isinstance(count, int) or not count or not isinstance(per, int) or per < 1:
            return [f"no pages, or no per_fragment, in search/index.json: {toc!r:.200}"]
        problems = []
        pages = []
        for k in range(-(-count // per)):
            pages.extend(json.loads((folder / "pages" / f"{k}.json").read_text("utf-8")))
        if len(pages) != count:
            problems.append(f"{len(pages)} pages in search/pages/, {count} in search/index.json")
        problems += [f"{p[1]} is not in the output" for p in pages if site.page_for_url(str(p[1])) is None]
        # Each chunk starts with the word the table of contents names, its
        # words in order, and every posting names a page of the index.
        chunks = toc.get("chunks") or []
        words = 0
        for k, first in enumerate(chunks):
            entries = json.loads((folder / "words" / f"{k}.json").read_text("utf-8"))
            words += len(entries)
            if not entries or entries[0][0] != first:
                problems.append(f"search/words/{k}.json does not start with {first!r}")
            # In JavaScript's order (UTF-16 code units), as search.js searches.
            for (a, _), (b, _) in zip(entries, entries[1:]):
                if not a.encode("utf-16-be") < b.encode("utf-16-be"):
                    problems.append(f"search/words/{k}.json: {a!r} before {b!r}")
            for word, postings in entries:
                if max(search_postings(postings), default=0) >= count:
                    problems.append(f"{word!r} names a page past the index's {count}")
        return problems, f"{count} pages, {words} words in {len(chunks)} chunks"

    check("search/index.json")(search_index)


def search_postings(postings: str) -> list[int]:
    """The pages of a search index posting list: gaps from the page before
    (from -1) times 16 plus field bits, base 32 in 64 digits, the last 32 of
    which end a number (see src/site/search/index.rs)."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_"
    pages, page, n = [], -1, 0
    for c in postings:
        d = digits.index(c)
        n = n * 32 + (d & 31)
        if d >= 32:
            page += n >> 4
            pages.append(page)
            n = 0
    return pages


# --------------------------------------------------------------------- languages


def check_hreflang(site: Site) -> None:
    """In a site of several languages, every page names its counterpart in
    each language (itself included, as its canonical address), declares the
    language it is listed under, and each counterpart names it back."""
    if len(site.languages) < 2:
        return

    def links(text: str) -> tuple[str, str, dict[str, str]]:
        lang = re.search(r'<html lang="([^"]*)"', text)
        canonical = re.search(r'<link rel="canonical" href="([^"]*)"', text)
        alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]*)" href="([^"]*)">', text))
        return (lang.group(1) if lang else "", canonical.group(1) if canonical else "", alternates)

    def hreflang():
        import html as html_lib

        problems = []
        tags = {t for t, _ in site.languages}
        pages = [p for p in site.files("*.html") if 'http-equiv="refresh"' not in p.read_text("utf-8")]
        for page in pages:
            rel = site.rel(page)
            lang, canonical, alternates = links(page.read_text("utf-8"))
            alternates = {k: html_lib.unescape(v) for k, v in alternates.items()}
            if set(alternates) != tags:
                problems.append(f"{rel}: hreflang for {sorted(alternates)}, the site's languages are {sorted(tags)}")
                continue
            mine = site.language_of(rel)[0]
            if lang != mine:
                problems.append(f"{rel}: <html lang={lang!r}> under the folder of {mine!r}")
            if alternates.get(mine) != canonical:
                problems.append(f"{rel}: its own hreflang {alternates.get(mine)!r} is not its canonical {canonical!r}")
            for tag, href in alternates.items():
                other = site.page_for_url(href)
                if other is None:
                    problems.append(f"{rel}: hreflang {tag} {href} has no page")
                    continue
                _, _, back = links(other.read_text("utf-8"))
                if html_lib.unescape(back.get(mine, "")) != canonical:
                    problems.append(f"{rel}: {site.rel(other)} does not point back to it")
        return problems[:20], f"{len(pages)} pages, each with {len(tags)} alternates pointing both ways"

    check("hreflang: counterparts both ways")(hreflang)


# --------------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", required=True)
    parser.add_argument("--config", required=True)
    parser.add_argument("--epoch", type=int, required=True)
    parser.add_argument("--pdfs-only", action="store_true", help="check the PDFs only (fixture sites)")
    parser.add_argument("--label", default="", help="prefix for check names, like 'fixture roles'")
    args = parser.parse_args()
    global LABEL
    LABEL = f"{args.label}: " if args.label else ""
    site_dir = Path(args.site).resolve()
    config = tomllib.loads(Path(args.config).read_text("utf-8"))
    site = Site(site_dir, config, args.epoch)

    import extruct  # noqa: F401  (fail loudly here if the venv is incomplete)
    import feedparser
    import icalendar
    import pikepdf

    from importlib.metadata import version

    print(
        f"VERSIONS pikepdf {pikepdf.__version__} (libqpdf {pikepdf.__libqpdf_version__}), "
        f"feedparser {feedparser.__version__}, icalendar {icalendar.__version__}, extruct {version('extruct')}",
        flush=True,
    )

    pdfs = site.files("*.pdf")
    check_hreflang(site)
    if args.pdfs_only:
        for pdf in pdfs:
            check_pdf(site, pdf)
        if not pdfs:
            passed("pdf", "this site makes no PDFs")
        return 1 if FAILED else 0
    if not pdfs:
        failed("pdf", "no PDFs in the output")
    for pdf in pdfs:
        check_pdf(site, pdf)
    check_atom(site)
    check_ics_presence(site)
    for ics in site.files("*.ics"):
        check_ics(site, ics)
    check_meeting_times(site)
    check_meeting_data(site)
    check_minutes_data(site)
    check_sitemap(site)
    check_jobposting(site)
    check_roles_index(site)
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
