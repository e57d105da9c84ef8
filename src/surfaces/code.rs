//! The code adapter: walks the configured roots and finds where TypeScript/JavaScript
//! (oxc) and Rust (syn) code reads owned variables, with fallbacks and conversions.

pub mod rust;
mod stack;
pub mod ts;

use std::path::Path;
use std::sync::Mutex;

use crate::error::Error;
use crate::facts::{Mention, MentionKind, Role, Stated, Surface};
use crate::schema::{CodeConfig, Schema, SurfaceName};
use crate::source::{Files, SourceFile, Span};

/// One read of a variable.
#[derive(Debug, Clone)]
pub struct Read {
    pub name: String,
    pub span: Span,
    pub stated: Vec<Stated>,
}

/// The reads found in one file, by the start of their name.
#[derive(Debug, Default)]
struct Reads(std::collections::BTreeMap<usize, Read>);

impl Reads {
    /// Records a read of `name` at `span` (once per place); returns its key.
    fn add(&mut self, name: String, span: Span) -> usize {
        let at = span.start;
        self.0.entry(at).or_insert_with(|| Read {
            name,
            span,
            stated: Vec::new(),
        });
        at
    }

    /// Records what the read at `at` states, once per span and role.
    fn state(
        &mut self,
        at: usize,
        role: Role,
        text: Option<String>,
        span: Span,
        what: &'static str,
    ) {
        if let Some(r) = self.0.get_mut(&at)
            && !r.stated.iter().any(|s| s.span == span && s.role == role)
        {
            r.stated.push(Stated {
                role,
                text,
                span,
                what,
            });
        }
    }

    fn into_vec(self) -> Vec<Read> {
        self.0.into_values().collect()
    }
}

/// What a file's code says.
#[derive(Debug, Clone, Default)]
pub struct FileReads {
    pub reads: Vec<Read>,
    /// `process.env[name]`: counted, not guessed.
    pub dynamic: Vec<Span>,
    /// Where and why the file does not parse.
    pub error: Option<(Span, String)>,
}

/// The outcome of walking the code roots.
#[derive(Debug, Default)]
pub struct Scan {
    /// One surface per file that reads an owned variable or does not parse.
    pub surfaces: Vec<Surface>,
    /// Source files walked (by extension).
    pub files: usize,
    /// What `--verbose` tells: skipped files, dynamic reads.
    pub notes: Vec<String>,
}

/// The language of a file, by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lang {
    Script,
    Rust,
}

fn lang(path: &Path) -> Option<Lang> {
    match path.extension()?.to_str()? {
        "ts" | "tsx" | "mts" | "cts" | "js" | "jsx" | "mjs" | "cjs" => Some(Lang::Script),
        "rs" => Some(Lang::Rust),
        _ => None,
    }
}

/// What one walked file yielded.
enum Outcome {
    Reads(String, String, FileReads),
    Note(String),
    Nothing,
}

/// Walks `config.roots` under `root` (`.gitignore`-aware, dot-files included, `.git`
/// skipped, symlinks followed with loops survived) and reads each source file once;
/// only files whose bytes hold an owned prefix are parsed.
pub fn scan(
    root: &Path,
    schema: &Schema,
    config: &CodeConfig,
    files: &mut Files,
) -> Result<Scan, Error> {
    stack::on_worker(|| scan_here(root, schema, config, files))
}

fn scan_here(
    root: &Path,
    schema: &Schema,
    config: &CodeConfig,
    files: &mut Files,
) -> Result<Scan, Error> {
    let mut roots = Vec::new();
    for r in &config.roots {
        let path = root.join(r);
        if !path.is_dir() {
            return Err(Error::Read {
                path: r.clone(),
                reason: "a code root in the schema is not a directory".to_owned(),
            });
        }
        roots.push(path);
    }
    let mut builder = ignore::WalkBuilder::new(&roots[0]);
    for r in &roots[1..] {
        builder.add(r);
    }
    builder
        .hidden(false)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .require_git(false)
        .follow_links(true)
        .filter_entry(|e| e.file_name() != ".git");
    let walked = Mutex::new(Vec::new());
    let counted = std::sync::atomic::AtomicUsize::new(0);
    let prefixes: Vec<&[u8]> = schema.prefixes.iter().map(String::as_bytes).collect();
    let work = |entry: &ignore::DirEntry| {
        let outcome = visit(root, entry, config, &prefixes, &counted);
        if !matches!(outcome, Outcome::Nothing) {
            walked.lock().expect("no thread panicked").push(outcome);
        }
    };
    // The walk runs on this thread. Source files are examined here too until there are
    // `PARALLEL_FROM` of them; from then on, worker threads examine them while the walk
    // goes on. A small tree costs no thread, a large one is read on every core.
    std::thread::scope(|s| {
        let mut pending: Vec<ignore::DirEntry> = Vec::new();
        let mut queue: Option<std::sync::mpsc::SyncSender<ignore::DirEntry>> = None;
        for entry in builder.build() {
            let e = match entry {
                Ok(e) if e.file_type().is_some_and(|t| t.is_file()) && lang(e.path()).is_some() => {
                    e
                }
                Ok(_) => continue,
                Err(err) => {
                    let note = Outcome::Note(format!("skipped: {err}"));
                    walked.lock().expect("no thread panicked").push(note);
                    continue;
                }
            };
            if let Some(tx) = &queue {
                tx.send(e).expect("the workers outlive the walk");
                continue;
            }
            pending.push(e);
            if pending.len() == PARALLEL_FROM {
                let (tx, rx) = std::sync::mpsc::sync_channel::<ignore::DirEntry>(1024);
                let rx = std::sync::Arc::new(Mutex::new(rx));
                let workers = std::thread::available_parallelism().map_or(2, |n| n.get().min(8));
                let mut started = 0;
                for _ in 0..workers {
                    let rx = std::sync::Arc::clone(&rx);
                    let work = &work;
                    let drain = move || {
                        loop {
                            let next = rx.lock().expect("no thread panicked").recv();
                            match next {
                                Ok(e) => work(&e),
                                Err(_) => break,
                            }
                        }
                    };
                    if stack::worker(s, drain).is_err() {
                        break;
                    }
                    started += 1;
                }
                // With no thread to spare, this one examines every file after the walk
                // (a queue nobody drains would stop the walk once full).
                if started == 0 {
                    continue;
                }
                for e in pending.drain(..) {
                    tx.send(e).expect("the workers outlive the walk");
                }
                queue = Some(tx);
            }
        }
        drop(queue);
        for e in &pending {
            work(e);
        }
    });
    let walked = walked.into_inner().expect("no thread panicked");
    Ok(finish(walked, counted.into_inner(), files))
}

/// How many source files a walk examines on its own thread before it starts workers.
const PARALLEL_FROM: usize = 32;

/// The surfaces and notes of the files examined, in path order.
fn finish(mut walked: Vec<Outcome>, counted: usize, files: &mut Files) -> Scan {
    let key = |o: &Outcome| match o {
        Outcome::Reads(name, ..) => (0, name.clone()),
        Outcome::Note(n) => (1, n.clone()),
        Outcome::Nothing => (2, String::new()),
    };
    walked.sort_by_key(key);
    let mut scan = Scan {
        files: counted,
        ..Scan::default()
    };
    for o in walked {
        match o {
            Outcome::Reads(name, text, reads) => {
                let source = SourceFile::new(name, text);
                for d in &reads.dynamic {
                    let p = source.position(d.start);
                    scan.notes.push(format!(
                        "{}:{}:{}: a dynamic read (`{}`) is counted, not checked",
                        source.name,
                        p.line,
                        p.column,
                        &source.text[d.clone()]
                    ));
                }
                let id = files.add(source);
                let mut s = Surface::new(SurfaceName::Code, id);
                s.complete = false;
                s.parse_error = reads.error;
                s.mentions = reads
                    .reads
                    .into_iter()
                    .map(|r| Mention {
                        name: r.name,
                        block: r.span.clone(),
                        span: r.span,
                        kind: MentionKind::Read,
                        scope: None,
                        stated: r.stated,
                        via: None,
                    })
                    .collect();
                scan.surfaces.push(s);
            }
            Outcome::Note(n) => scan.notes.push(n),
            Outcome::Nothing => {}
        }
    }
    scan
}

/// Reads one walked entry: skips what is not a source file, too large, binary, not UTF-8,
/// excluded or free of owned prefixes; parses the rest.
fn visit(
    root: &Path,
    e: &ignore::DirEntry,
    config: &CodeConfig,
    prefixes: &[&[u8]],
    counted: &std::sync::atomic::AtomicUsize,
) -> Outcome {
    let path = e.path();
    if !e.file_type().is_some_and(|t| t.is_file()) {
        return Outcome::Nothing;
    }
    let Some(lang) = lang(path) else {
        return Outcome::Nothing;
    };
    let rel = path
        .strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/");
    if config.exclude_set.is_match(&rel) {
        return Outcome::Nothing;
    }
    counted.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let size = e.metadata().map_or(0, |m| m.len());
    if size > config.max_file_size {
        return Outcome::Note(format!(
            "skipped {rel}: {size} bytes, over the {} byte limit (`max-file-size`)",
            config.max_file_size
        ));
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(err) => return Outcome::Note(format!("skipped {rel}: cannot read it: {err}")),
    };
    examine(rel, bytes, lang, config, prefixes)
}

/// Reads one source file's bytes: skips binary, prefix-free and non-UTF-8 files; parses
/// the rest.
fn examine(
    rel: String,
    bytes: Vec<u8>,
    lang: Lang,
    config: &CodeConfig,
    prefixes: &[&[u8]],
) -> Outcome {
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return Outcome::Note(format!("skipped {rel}: binary (a NUL byte)"));
    }
    if !prefixes
        .iter()
        .any(|p| memchr::memmem::find(&bytes, p).is_some())
    {
        return Outcome::Nothing;
    }
    let Ok(text) = String::from_utf8(bytes) else {
        return Outcome::Note(format!("skipped {rel}: not UTF-8"));
    };
    let parsed = stack::on_stack_for(lang, &text, || match lang {
        Lang::Script => ts::reads(&rel, &text, &config.accessors),
        Lang::Rust => rust::reads(&text),
    });
    let reads = parsed.unwrap_or_else(|reason| FileReads {
        error: Some((0..0, reason)),
        ..FileReads::default()
    });
    if reads.reads.is_empty() && reads.error.is_none() && reads.dynamic.is_empty() {
        return Outcome::Nothing;
    }
    Outcome::Reads(rel, text, reads)
}

/// The code surface from files given by path (relative to the root, `/`-separated) and
/// bytes, as `--staged` reads them from the git index; `files` names every file under
/// the roots, `read` fetches one.
pub fn scan_listed(
    schema: &Schema,
    config: &CodeConfig,
    listed: &[String],
    read: &mut dyn FnMut(&str) -> Result<Vec<u8>, Error>,
    files: &mut Files,
) -> Result<Scan, Error> {
    let prefixes: Vec<&[u8]> = schema.prefixes.iter().map(String::as_bytes).collect();
    let mut outcomes = Vec::new();
    let mut to_examine = Vec::new();
    let mut counted = 0;
    for rel in listed {
        let under_root = config
            .roots
            .iter()
            .any(|r| rel.starts_with(&format!("{}/", r.trim_end_matches('/'))));
        let Some(lang) = lang(Path::new(rel)) else {
            continue;
        };
        if !under_root || config.exclude_set.is_match(rel) {
            continue;
        }
        counted += 1;
        let bytes = read(rel)?;
        if bytes.len() as u64 > config.max_file_size {
            outcomes.push(Outcome::Note(format!("skipped {rel}: over the size limit")));
            continue;
        }
        to_examine.push((rel.clone(), bytes, lang));
    }
    // Read here (the index reader is this thread's), parsed on a worker's stack.
    stack::on_worker(|| {
        for (rel, bytes, lang) in to_examine {
            outcomes.push(examine(rel, bytes, lang, config, &prefixes));
        }
    });
    Ok(finish(outcomes, counted, files))
}

#[cfg(test)]
mod tests;
