//! Constants imported by relative path: each imported module of the scan is parsed once,
//! lazily, and its exported constants evaluated (their own imports are not followed, so a
//! module's answer never depends on which thread asked first).

use std::sync::{Arc, Mutex, OnceLock};

use foldhash::HashMap;
use oxc_allocator::Allocator;
use oxc_ast::ast::{BindingPattern, Declaration, Statement};
use oxc_parser::Parser;
use oxc_semantic::SemanticBuilder;
use oxc_span::SourceType;

use super::eval::Eval;
use super::value::Value;

/// A module's exported constants by exported name.
pub type Exports = HashMap<String, Value>;

/// Where imported modules come from.
pub trait Modules: Sync {
    /// The exports of the module `specifier` imported from the module at `from` (both
    /// relative to the root), with the imported module's path.
    fn exports(&self, from: &str, specifier: &str) -> Option<(Arc<str>, Arc<Exports>)>;
}

/// No module resolves (tests, and the modules an imported module imports).
#[derive(Debug, Clone, Copy)]
pub struct NoModules;

impl Modules for NoModules {
    fn exports(&self, _: &str, _: &str) -> Option<(Arc<str>, Arc<Exports>)> {
        None
    }
}

type Loaded = Option<(Arc<str>, Arc<Exports>, Arc<String>)>;

/// Reads a module's text by its path, if it is a file of the scan.
type Read<'r> = Box<dyn Fn(&str) -> Option<String> + Sync + 'r>;

/// The modules of a scan, read through `read` (which answers only for files of the scan:
/// under a code root, not excluded, not too large), each loaded once.
pub struct ModuleCache<'r> {
    read: Read<'r>,
    accessors: Vec<String>,
    loaded: Mutex<HashMap<String, Arc<OnceLock<Loaded>>>>,
}

impl std::fmt::Debug for ModuleCache<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ModuleCache").finish_non_exhaustive()
    }
}

impl<'r> ModuleCache<'r> {
    pub fn new(read: impl Fn(&str) -> Option<String> + Sync + 'r, accessors: &[String]) -> Self {
        Self {
            read: Box::new(read),
            accessors: accessors.to_vec(),
            loaded: Mutex::new(HashMap::default()),
        }
    }

    /// The text of every module that was loaded, by path: where "defined here" points.
    pub fn texts(&self) -> Vec<(Arc<str>, Arc<String>)> {
        let loaded = self.loaded.lock().expect("no thread panicked");
        let mut out: Vec<_> = loaded
            .values()
            .filter_map(|cell| cell.get().cloned().flatten())
            .map(|(path, _, text)| (path, text))
            .collect();
        out.sort();
        out.dedup_by(|a, b| a.0 == b.0);
        out
    }

    fn load(&self, path: &str) -> Loaded {
        let cell = {
            let mut loaded = self.loaded.lock().expect("no thread panicked");
            Arc::clone(loaded.entry(path.to_owned()).or_default())
        };
        cell.get_or_init(|| {
            let text = (self.read)(path)?;
            let exports = exports_of(path, &text, &self.accessors);
            Some((Arc::from(path), Arc::new(exports), Arc::new(text)))
        })
        .clone()
    }
}

impl Modules for ModuleCache<'_> {
    fn exports(&self, from: &str, specifier: &str) -> Option<(Arc<str>, Arc<Exports>)> {
        candidates(from, specifier)
            .into_iter()
            .find_map(|p| self.load(&p))
            .map(|(path, exports, _)| (path, exports))
    }
}

/// The paths `specifier` may name from the module at `from`, in the order bundlers try
/// them: as written, with each script extension, as a directory's index; a `.js` that
/// names the `.ts` it is compiled from.
fn candidates(from: &str, specifier: &str) -> Vec<String> {
    let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in specifier.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Vec::new();
                }
            }
            p => parts.push(p),
        }
    }
    let base = parts.join("/");
    let mut out = vec![base.clone()];
    let stem = [".js", ".jsx", ".mjs", ".cjs"]
        .iter()
        .find_map(|e| base.strip_suffix(e).map(|s| (s, *e)));
    if let Some((stem, ext)) = stem {
        let ts = match ext {
            ".mjs" => ".mts",
            ".cjs" => ".cts",
            ".jsx" => ".tsx",
            _ => ".ts",
        };
        out.push(format!("{stem}{ts}"));
        out.push(format!("{stem}.tsx"));
    }
    for ext in [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"] {
        out.push(format!("{base}{ext}"));
    }
    for index in ["/index.ts", "/index.tsx", "/index.js", "/index.mjs"] {
        out.push(format!("{base}{index}"));
    }
    out
}

/// The exported constants of a module: `export const X = ...` and `export { X, Y as Z }`
/// of module-level constants, each evaluated with no variable set.
fn exports_of(path: &str, text: &str, accessors: &[String]) -> Exports {
    let mut out = Exports::default();
    let source_type = SourceType::from_path(path).unwrap_or_else(|_| SourceType::tsx());
    if source_type.is_typescript() && super::too_speculative(text, source_type.is_jsx()).is_some() {
        return out;
    }
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, text, source_type).parse();
    if parsed.panicked {
        return out;
    }
    let program = &parsed.program;
    let semantic = SemanticBuilder::new()
        .with_build_nodes(true)
        .with_stats(super::estimated_stats(text))
        .build(program)
        .semantic;
    let mut ev = Eval::new(&semantic, accessors, path, &NoModules);
    // Module-level single-name declarations, exported or not, by local name.
    let mut locals: Vec<(&str, &oxc_ast::ast::Expression)> = Vec::new();
    let mut exported: Vec<(String, String)> = Vec::new();
    for stmt in &program.body {
        let (decl, export) = match stmt {
            Statement::VariableDeclaration(d) => (Some(&**d), false),
            Statement::ExportDeclaration(e) => match &e.declaration {
                Declaration::VariableDeclaration(d) => (Some(&**d), true),
                _ => (None, false),
            },
            Statement::ExportNamedDeclaration(e) => {
                for s in &e.specifiers {
                    exported.push((s.local.name().to_string(), s.exported.name().to_string()));
                }
                (None, false)
            }
            _ => (None, false),
        };
        for d in decl.iter().flat_map(|d| &d.declarations) {
            if let (BindingPattern::BindingIdentifier(b), Some(init)) = (&d.id, &d.init) {
                locals.push((b.name.as_str(), init));
                if export {
                    exported.push((b.name.to_string(), b.name.to_string()));
                }
            }
        }
    }
    for (local, name) in exported {
        if let Some((_, init)) = locals.iter().find(|(l, _)| *l == local) {
            let v = ev.expr(init);
            if !v.is_unknown() && !v.env {
                out.insert(name, v);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specifiers_resolve_as_bundlers_try_them() {
        let c = candidates("src/lib/memory/qdrant.ts", "./defaults");
        assert_eq!(c[0], "src/lib/memory/defaults");
        assert!(c.contains(&"src/lib/memory/defaults.ts".to_owned()));
        assert!(c.contains(&"src/lib/memory/defaults/index.ts".to_owned()));
        let c = candidates("src/a/b.ts", "../config/limits.js");
        assert_eq!(c[1], "src/config/limits.ts");
        assert!(candidates("a.ts", "../../x").is_empty());
    }

    #[test]
    fn exported_constants_are_evaluated_once() {
        let text = "const HOST = \"127.0.0.1\";\nexport const PORT = 8080;\n\
                    export const URL = `http://${HOST}:${PORT}`;\nconst RATE = 0.05;\n\
                    export { RATE as DEFAULT_RATE };\nexport const NOW = Date.now();\n";
        let reads = std::sync::atomic::AtomicUsize::new(0);
        let cache = ModuleCache::new(
            |p: &str| {
                reads.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                (p == "src/defaults.ts").then(|| text.to_owned())
            },
            &[],
        );
        for _ in 0..3 {
            let (path, exports) = cache.exports("src/app.ts", "./defaults").expect("resolved");
            assert_eq!(&*path, "src/defaults.ts");
            let text_of = |k: &str| exports.get(k).and_then(|v| v.val.to_str());
            assert_eq!(text_of("URL").as_deref(), Some("http://127.0.0.1:8080"));
            assert_eq!(text_of("DEFAULT_RATE").as_deref(), Some("0.05"));
            assert!(exports.get("NOW").is_none());
        }
        // Each candidate path is asked once, however often the module is imported.
        let asked = reads.load(std::sync::atomic::Ordering::Relaxed);
        assert_eq!(asked, 2, "src/defaults, then src/defaults.ts");
    }
}
