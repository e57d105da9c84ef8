//! Where `init` finds a project's surfaces: example dotenv files, Markdown files with a
//! variable table, compose files, and the directories whose code reads the environment.

use std::path::Path;

use crate::schema::is_env_name;
use crate::surfaces::docs;

/// The names of example dotenv files looked for at the root and beside compose files.
pub(super) const DOTENV_NAMES: [&str; 5] = [
    ".env.example",
    ".env.sample",
    ".env.template",
    "example.env",
    "env.example",
];
/// The compose file names compose itself looks for.
pub(super) const COMPOSE_NAMES: [&str; 4] = [
    "compose.yaml",
    "compose.yml",
    "docker-compose.yaml",
    "docker-compose.yml",
];
/// Text in a source file that reads the environment.
pub(super) const READS: [&str; 8] = [
    "process.env",
    "import.meta.env",
    "env::var",
    "std::env",
    "env!(",
    "option_env!",
    "Deno.env",
    "Bun.env",
];

/// The files `init` found.
#[derive(Debug, Default, Clone)]
pub struct Found {
    pub dotenv: Vec<String>,
    pub docs: Vec<String>,
    pub compose: Vec<String>,
    pub code_roots: Vec<String>,
}

/// Finds the surfaces under `root` in one walk (`.gitignore` honoured).
pub fn find(root: &Path) -> Found {
    let mut found = Found::default();
    let exists = |rel: &str| root.join(rel).is_file();
    for name in COMPOSE_NAMES {
        if exists(name) {
            found.compose.push(name.to_owned());
            let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
            let over = format!("{stem}.override.{ext}");
            if exists(&over) {
                found.compose.push(over);
            }
        }
    }
    let mut dirs = vec![String::new()];
    for c in &found.compose {
        if let Some((d, _)) = c.rsplit_once('/')
            && !dirs.iter().any(|x| x == d)
        {
            dirs.push(d.to_owned());
        }
    }
    let mut markdown = Vec::new();
    let mut roots: Vec<String> = Vec::new();
    for entry in ignore::WalkBuilder::new(root).build().flatten() {
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(root) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        let ext = rel.rsplit_once('.').map_or("", |(_, e)| e);
        match ext {
            "md" | "markdown" => markdown.push(rel),
            "ts" | "tsx" | "mts" | "cts" | "js" | "jsx" | "mjs" | "cjs" | "rs" => {
                let top = rel.split_once('/').map_or(".", |(d, _)| d);
                if roots.iter().any(|r| r == top) {
                    continue;
                }
                let Ok(bytes) = std::fs::read(entry.path()) else {
                    continue;
                };
                if READS
                    .iter()
                    .any(|r| memchr::memmem::find(&bytes, r.as_bytes()).is_some())
                {
                    roots.push(top.to_owned());
                }
            }
            _ => {}
        }
    }
    roots.sort();
    found.code_roots = roots;
    for dir in &dirs {
        let at = |name: &str| {
            if dir.is_empty() {
                name.to_owned()
            } else {
                format!("{dir}/{name}")
            }
        };
        for name in DOTENV_NAMES {
            if exists(&at(name)) {
                found.dotenv.push(at(name));
            }
        }
        // `.env.*.example`
        let Ok(listing) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        let mut more: Vec<String> = listing
            .flatten()
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| n.starts_with(".env.") && n.ends_with(".example") && n != ".env.example")
            .map(|n| at(&n))
            .collect();
        more.sort();
        found.dotenv.extend(more);
    }
    markdown.sort();
    for rel in markdown {
        let Ok(text) = std::fs::read_to_string(root.join(&rel)) else {
            continue;
        };
        let doc = docs::read_doc(&text);
        let documents = doc.tables.iter().any(|t| {
            t.columns.variable.is_some_and(|c| {
                t.rows.iter().any(|r| {
                    r.cells
                        .get(c)
                        .is_some_and(|cell| is_env_name(&docs::cell_text(&text[cell.clone()])))
                })
            })
        });
        if documents {
            found.docs.push(rel);
        }
    }
    found
}
