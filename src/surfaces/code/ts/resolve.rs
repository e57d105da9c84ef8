//! Where an import specifier that is not a relative path leads, as TypeScript and the
//! package managers resolve it: the nearest `tsconfig.json`/`jsconfig.json`'s `paths` and
//! `baseUrl` (through `extends`), and the workspace packages named in the root
//! `package.json` (`workspaces`) or `pnpm-workspace.yaml`, by the `name` in their own
//! `package.json`. Each answer is a list of paths (relative to the root, without extension)
//! to try in order; configuration files are read once.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use foldhash::HashMap;

/// Reads a file by its path relative to the root.
pub type ReadText<'r> = Box<dyn Fn(&str) -> Option<String> + Sync + 'r>;

/// The compiler options that decide where a specifier leads, with every path made
/// relative to the root.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Options {
    base_url: Option<String>,
    /// Each pattern (`@/*`) and its targets (`src/*`).
    paths: Vec<(String, Vec<String>)>,
}

/// A workspace package: its name, its directory and its entry (relative to the root).
#[derive(Debug, Clone)]
struct Package {
    name: String,
    dir: String,
    entries: Vec<String>,
}

/// Resolves specifiers for the modules of one scan.
pub struct Resolver<'r> {
    root: PathBuf,
    read: ReadText<'r>,
    /// The options in force in each directory (its nearest config's), once read.
    options: Mutex<HashMap<String, Arc<Options>>>,
    packages: OnceLock<Vec<Package>>,
}

impl std::fmt::Debug for Resolver<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Resolver").finish_non_exhaustive()
    }
}

impl<'r> Resolver<'r> {
    pub fn new(root: &Path, read: impl Fn(&str) -> Option<String> + Sync + 'r) -> Self {
        Self {
            root: root.to_path_buf(),
            read: Box::new(read),
            options: Mutex::new(HashMap::default()),
            packages: OnceLock::new(),
        }
    }

    /// The paths (relative to the root, extension not added) a bare specifier imported from
    /// the module at `from` may name, in the order they are tried.
    pub fn resolve(&self, from: &str, specifier: &str) -> Vec<String> {
        let mut out = Vec::new();
        let dir = parent(from);
        let options = self.options_in(dir);
        // `paths`: the longest matching pattern's targets.
        let mut best: Option<(usize, &(String, Vec<String>))> = None;
        for entry in &options.paths {
            let (pattern, _) = entry;
            let matched = match pattern.split_once('*') {
                None => (pattern == specifier).then_some(pattern.len()),
                Some((pre, post)) => (specifier.len() >= pre.len() + post.len()
                    && specifier.starts_with(pre)
                    && specifier.ends_with(post))
                .then_some(pre.len()),
            };
            if let Some(n) = matched
                && best.is_none_or(|(b, _)| n > b)
            {
                best = Some((n, entry));
            }
        }
        if let Some((_, (pattern, targets))) = best {
            let star = match pattern.split_once('*') {
                Some((pre, post)) => &specifier[pre.len()..specifier.len() - post.len()],
                None => "",
            };
            for t in targets {
                if let Some(p) = normal(&t.replacen('*', star, 1)) {
                    out.push(p);
                }
            }
        }
        if let Some(base) = &options.base_url
            && let Some(p) = normal(&join(base, specifier))
        {
            out.push(p);
        }
        out.extend(self.in_package(specifier));
        out
    }

    /// A workspace package's entry, or a path inside it, by name (`@acme/shared`,
    /// `@acme/shared/src/env`).
    fn in_package(&self, specifier: &str) -> Vec<String> {
        let mut out = Vec::new();
        let packages = self.packages();
        let package = packages
            .iter()
            .filter(|p| {
                specifier == p.name
                    || specifier
                        .strip_prefix(&p.name)
                        .is_some_and(|r| r.starts_with('/'))
            })
            .max_by_key(|p| p.name.len());
        if let Some(p) = package {
            match specifier[p.name.len()..].strip_prefix('/') {
                Some(sub) => {
                    if let Some(x) = normal(&join(&p.dir, sub)) {
                        out.push(x);
                    }
                }
                None => out.extend(p.entries.iter().cloned()),
            }
        }
        out
    }

    /// The options in force for files of `dir`: its nearest config's, through `extends`.
    fn options_in(&self, dir: &str) -> Arc<Options> {
        {
            let mut known = self.options.lock().expect("no thread panicked");
            if let Some(o) = known.get(dir) {
                return Arc::clone(o);
            }
            // Asked again while it is being read (a config extending itself): none.
            known.insert(dir.to_owned(), Arc::new(Options::default()));
        }
        let found = ["tsconfig.json", "jsconfig.json"]
            .iter()
            .find_map(|name| {
                let path = join(dir, name);
                let text = (self.read)(&path)?;
                Some(Arc::new(self.config(&path, &text, 0)))
            })
            .unwrap_or_else(|| {
                if dir.is_empty() {
                    Arc::new(Options::default())
                } else {
                    self.options_in(parent(dir))
                }
            });
        self.options
            .lock()
            .expect("no thread panicked")
            .insert(dir.to_owned(), Arc::clone(&found));
        found
    }

    /// The options a config file at `path` gives, its `extends` applied first.
    fn config(&self, path: &str, text: &str, depth: usize) -> Options {
        let Some(json) = jsonc(text) else {
            return Options::default();
        };
        let dir = parent(path);
        let mut options = Options::default();
        if depth < 8 {
            let extends: Vec<&str> = match json.get("extends") {
                Some(serde_json::Value::String(s)) => vec![s.as_str()],
                Some(serde_json::Value::Array(a)) => a.iter().filter_map(|v| v.as_str()).collect(),
                _ => Vec::new(),
            };
            for e in extends {
                for candidate in self.extended(dir, e) {
                    if let Some(t) = (self.read)(&candidate) {
                        let parent = self.config(&candidate, &t, depth + 1);
                        if parent.base_url.is_some() {
                            options.base_url = parent.base_url;
                        }
                        if !parent.paths.is_empty() {
                            options.paths = parent.paths;
                        }
                        break;
                    }
                }
            }
        }
        let Some(compiler) = json.get("compilerOptions") else {
            return options;
        };
        if let Some(base) = compiler.get("baseUrl").and_then(|b| b.as_str()) {
            options.base_url = normal(&join(dir, base));
        }
        if let Some(serde_json::Value::Object(paths)) = compiler.get("paths") {
            // Targets are relative to `baseUrl` when one is in force (this file's or one it
            // extends), else to this file.
            let from = options.base_url.clone().unwrap_or_else(|| dir.to_owned());
            options.paths = paths
                .iter()
                .map(|(pattern, targets)| {
                    let targets = targets
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|t| t.as_str())
                        .filter_map(|t| normal(&join(&from, t)))
                        .collect();
                    (pattern.clone(), targets)
                })
                .collect();
        }
        options
    }

    /// The files an `extends` value may name: a relative path, or a path inside a
    /// workspace package; with `.json` added when it has none.
    fn extended(&self, dir: &str, value: &str) -> Vec<String> {
        let mut bases = Vec::new();
        if value.starts_with('.') {
            bases.extend(normal(&join(dir, value)));
        } else {
            bases.extend(self.in_package(value));
        }
        let mut out = Vec::new();
        for b in bases {
            if !std::path::Path::new(&b)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("json"))
            {
                out.push(format!("{b}.json"));
                out.push(join(&b, "tsconfig.json"));
            }
            out.push(b);
        }
        out
    }

    fn packages(&self) -> &[Package] {
        self.packages.get_or_init(|| self.find_packages())
    }

    /// The workspace packages: the directories the root's workspace globs match that hold
    /// a `package.json` with a name.
    fn find_packages(&self) -> Vec<Package> {
        let mut globs: Vec<String> = Vec::new();
        if let Some(json) = (self.read)("package.json").as_deref().and_then(jsonc) {
            let list = match json.get("workspaces") {
                Some(serde_json::Value::Array(a)) => a.clone(),
                Some(serde_json::Value::Object(o)) => o
                    .get("packages")
                    .and_then(|p| p.as_array())
                    .cloned()
                    .unwrap_or_default(),
                _ => Vec::new(),
            };
            globs.extend(list.iter().filter_map(|g| g.as_str()).map(str::to_owned));
        }
        if let Some(text) = (self.read)("pnpm-workspace.yaml") {
            globs.extend(pnpm_packages(&text));
        }
        let mut dirs: Vec<String> = Vec::new();
        for g in globs.iter().filter(|g| !g.starts_with('!')) {
            self.expand(g.trim_start_matches("./").trim_end_matches('/'), &mut dirs);
        }
        dirs.sort();
        dirs.dedup();
        let mut out = Vec::new();
        for dir in dirs {
            let Some(json) = (self.read)(&join(&dir, "package.json"))
                .as_deref()
                .and_then(jsonc)
            else {
                continue;
            };
            let Some(name) = json.get("name").and_then(|n| n.as_str()) else {
                continue;
            };
            out.push(Package {
                name: name.to_owned(),
                entries: entries(&dir, &json),
                dir,
            });
        }
        out
    }

    /// The directories a workspace glob matches (`packages/*`, `apps/**`, `tools/cli`).
    fn expand(&self, glob: &str, out: &mut Vec<String>) {
        let Some((fixed, rest)) = glob.split_once('*') else {
            if !glob.is_empty() {
                out.push(glob.to_owned());
            }
            return;
        };
        let base = fixed.trim_end_matches('/');
        let recursive = rest.starts_with('*');
        let mut stack = vec![(base.to_owned(), 0)];
        while let Some((dir, depth)) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(self.root.join(&dir)) else {
                continue;
            };
            for e in entries.flatten() {
                if !e.file_type().is_ok_and(|t| t.is_dir()) {
                    continue;
                }
                let name = e.file_name().to_string_lossy().into_owned();
                if name == "node_modules" || name.starts_with('.') {
                    continue;
                }
                let path = join(&dir, &name);
                out.push(path.clone());
                if recursive && depth < 6 {
                    stack.push((path, depth + 1));
                }
            }
        }
    }
}

/// The entry files a package's `package.json` names (`exports`, `module`, `main`,
/// `types`), each also as its source (`dist/x.js` as `src/x`), then `src/index` and
/// `index`.
fn entries(dir: &str, json: &serde_json::Value) -> Vec<String> {
    let mut named: Vec<&str> = Vec::new();
    match json.get("exports") {
        Some(serde_json::Value::String(s)) => named.push(s),
        Some(serde_json::Value::Object(o)) => match o.get(".").unwrap_or(&json["exports"]) {
            serde_json::Value::String(s) => named.push(s),
            serde_json::Value::Object(c) => named.extend(
                ["types", "import", "default", "require", "node"]
                    .iter()
                    .filter_map(|k| c.get(*k)?.as_str()),
            ),
            _ => {}
        },
        _ => {}
    }
    named.extend(
        ["types", "module", "main", "source"]
            .iter()
            .filter_map(|k| json.get(*k)?.as_str()),
    );
    let mut out = Vec::new();
    for n in named {
        let Some(p) = normal(&join(dir, n)) else {
            continue;
        };
        // Built output stands for its source.
        let rel = p.strip_prefix(dir).unwrap_or(&p).trim_start_matches('/');
        for built in ["dist/", "build/", "lib/", "out/"] {
            if let Some(tail) = rel.strip_prefix(built) {
                let tail = tail
                    .trim_end_matches(".d.ts")
                    .trim_end_matches(".js")
                    .trim_end_matches(".mjs")
                    .trim_end_matches(".cjs");
                out.push(join(dir, &format!("src/{tail}")));
            }
        }
        out.push(p);
    }
    out.push(join(dir, "src/index"));
    out.push(join(dir, "index"));
    out
}

/// The `packages:` of a `pnpm-workspace.yaml`.
fn pnpm_packages(text: &str) -> Vec<String> {
    #[derive(serde::Deserialize)]
    struct Workspace {
        #[serde(default)]
        packages: Vec<String>,
    }
    serde_saphyr::from_str::<Workspace>(text)
        .map(|w| w.packages)
        .unwrap_or_default()
}

/// JSON with comments and trailing commas (tsconfig's dialect), read as JSON.
pub fn jsonc(text: &str) -> Option<serde_json::Value> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut start = 0;
    while i < b.len() {
        match b[i] {
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                out.push_str(&text[start..i]);
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                start = i;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                out.push_str(&text[start..i]);
                i += 2;
                while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                    i += 1;
                }
                i = (i + 2).min(b.len());
                start = i;
            }
            b',' => {
                // A comma followed (past blanks) by a closing bracket is dropped.
                let next = text[i + 1..].trim_start();
                if next.starts_with(['}', ']']) || next.starts_with("//") || next.starts_with("/*")
                {
                    let after = strip_comments_ahead(&text[i + 1..]);
                    if after.trim_start().starts_with(['}', ']']) {
                        out.push_str(&text[start..i]);
                        start = i + 1;
                    }
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    out.push_str(&text[start.min(text.len())..]);
    serde_json::from_str(&out).ok()
}

/// `text` past the blanks and comments it starts with.
fn strip_comments_ahead(mut text: &str) -> &str {
    loop {
        let t = text.trim_start();
        if let Some(rest) = t.strip_prefix("//") {
            text = rest.split_once('\n').map_or("", |(_, r)| r);
        } else if let Some(rest) = t.strip_prefix("/*") {
            text = rest.split_once("*/").map_or("", |(_, r)| r);
        } else {
            return t;
        }
    }
}

/// The directory of a root-relative path (`""` at the root).
fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

fn join(dir: &str, rel: &str) -> String {
    if dir.is_empty() {
        rel.to_owned()
    } else {
        format!("{dir}/{rel}")
    }
}

/// A root-relative path with `.` and `..` applied; `None` when it leaves the root.
pub fn normal(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolver(files: &'static [(&'static str, &'static str)]) -> Resolver<'static> {
        Resolver::new(Path::new("/nonexistent"), move |p: &str| {
            files
                .iter()
                .find(|(f, _)| *f == p)
                .map(|(_, t)| (*t).to_owned())
        })
    }

    #[test]
    fn tsconfig_paths_and_base_url_through_extends() {
        let r = resolver(&[
            (
                "tsconfig.base.json",
                "{\n  // shared\n  \"compilerOptions\": { \"paths\": { \"@shared/*\": [\"./packages/shared/src/*\"], }, },\n}",
            ),
            (
                "apps/web/tsconfig.json",
                "{ \"extends\": \"../../tsconfig.base.json\", \"compilerOptions\": { \"paths\": { \"@/*\": [\"./src/*\"] } } }",
            ),
            (
                "apps/api/jsconfig.json",
                "{ \"extends\": \"../../tsconfig.base\" /* no extension */ }",
            ),
            (
                "server/tsconfig.json",
                "{ \"compilerOptions\": { \"baseUrl\": \"./\" } }",
            ),
            (
                "legacy/tsconfig.json",
                "{ \"extends\": \"../server/tsconfig.json\", \"compilerOptions\": { \"paths\": { \"~/*\": [\"lib/*\"] } } }",
            ),
        ]);
        // Paths are relative to the file that sets them when no `baseUrl` is in force.
        assert_eq!(
            r.resolve("apps/web/src/pages/index.ts", "@/env"),
            vec!["apps/web/src/env"]
        );
        assert_eq!(
            r.resolve("apps/api/src/main.ts", "@shared/env"),
            vec!["packages/shared/src/env"]
        );
        // `baseUrl` resolves a bare path; an inherited one anchors the paths of the child.
        assert_eq!(
            r.resolve("server/src/app.ts", "src/dtos/env.dto"),
            vec!["server/src/dtos/env.dto"]
        );
        assert_eq!(
            r.resolve("legacy/a.ts", "~/env"),
            vec!["server/lib/env", "server/~/env"]
        );
        assert!(r.resolve("lib/x.ts", "zod").is_empty());
    }

    #[test]
    fn comments_and_trailing_commas_are_json_with_comments() {
        let v = jsonc("{ \"a\": \"x // not a comment\", /* c */ \"b\": [1, 2, ], // end\n }")
            .expect("parses");
        assert_eq!(v["a"], "x // not a comment");
        assert_eq!(v["b"][1], 2);
    }

    #[test]
    fn package_entries_stand_for_their_sources() {
        let json: serde_json::Value =
            serde_json::from_str("{\"name\": \"@acme/shared\", \"main\": \"./dist/index.js\"}")
                .expect("json");
        let e = entries("packages/shared", &json);
        assert_eq!(e[0], "packages/shared/src/index");
        assert!(e.contains(&"packages/shared/dist/index.js".to_owned()));
    }
}
