//! Modules imported by the files of a scan (by relative path, tsconfig `paths`/`baseUrl`
//! alias or workspace package name; see [`super::resolve`]): each is parsed once, lazily,
//! and its exports evaluated — constants, enums, env objects and classes that declare the
//! environment. A module's own imports are not followed (its re-exports are, after it is
//! loaded), so a module's answer never depends on which thread asked first.

use std::sync::Arc;

use foldhash::HashMap;
use oxc_allocator::Allocator;
use oxc_ast::ast::{
    BindingPattern, Class, Declaration, ExportDefaultDeclarationKind, Expression, Statement,
};
use oxc_parser::Parser;
use oxc_semantic::SemanticBuilder;
use oxc_span::SourceType;

use super::super::loads::Loads;
use super::declare::{Decl, EnvObj};
use super::eval::Eval;
use super::resolve::Resolver;
use super::value::Value;
use crate::schema::Words;

/// What a module exports under one name.
#[derive(Debug, Clone)]
pub enum Export {
    /// A constant (or an enum, as an object of its members).
    Value(Value),
    /// An env object; its declarations are in the exporting module.
    Env(Arc<EnvObj>),
    /// A class whose fields declare the environment (made with `plainToInstance`).
    Class(Arc<[Decl]>),
}

/// What a module exports.
#[derive(Debug, Default)]
pub struct Exports {
    pub values: HashMap<String, Value>,
    pub envs: HashMap<String, Arc<EnvObj>>,
    pub classes: HashMap<String, Arc<[Decl]>>,
    /// `export * from "s"` (`None`) and `export { a as b } from "s"` (`Some((a, b))`), in
    /// order.
    pub reexports: Vec<(String, Option<(String, String)>)>,
}

impl Exports {
    fn get(&self, name: &str, file: &Arc<str>) -> Option<Export> {
        if let Some(v) = self.values.get(name) {
            return Some(Export::Value(v.clone()));
        }
        if let Some(e) = self.envs.get(name) {
            let mut e = (**e).clone();
            e.file = Some(Arc::clone(file));
            return Some(Export::Env(Arc::new(e)));
        }
        self.classes.get(name).map(|c| Export::Class(Arc::clone(c)))
    }
}

/// Where imported modules come from.
pub trait Modules: Sync {
    /// The export `name` of the module `specifier` imported from the module at `from` (both
    /// relative to the root), with the path of the module that defines it.
    fn export(&self, from: &str, specifier: &str, name: &str) -> Option<(Arc<str>, Export)>;
}

/// No module resolves (tests, and the modules an imported module imports).
#[derive(Debug, Clone, Copy)]
pub struct NoModules;

impl Modules for NoModules {
    fn export(&self, _: &str, _: &str, _: &str) -> Option<(Arc<str>, Export)> {
        None
    }
}

type Loaded = super::super::loads::Loaded<Exports>;

/// How many re-exports deep an export is looked for.
const MAX_REEXPORTS: usize = 4;

/// The modules of a scan, read through `read` (which answers only for files of the scan:
/// under a code root, not excluded, not too large), each loaded once.
pub struct ModuleCache<'r> {
    loads: Loads<'r, Exports>,
    words: Words,
    resolver: Option<Resolver<'r>>,
}

impl std::fmt::Debug for ModuleCache<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ModuleCache").finish_non_exhaustive()
    }
}

impl<'r> ModuleCache<'r> {
    /// Modules imported by relative path only.
    pub fn new(read: impl Fn(&str) -> Option<String> + Sync + 'r, words: &Words) -> Self {
        Self {
            loads: Loads::new(read),
            words: words.clone(),
            resolver: None,
        }
    }

    /// Bare specifiers resolved too, through `resolver`.
    #[must_use]
    pub fn with_resolver(mut self, resolver: Resolver<'r>) -> Self {
        self.resolver = Some(resolver);
        self
    }

    /// The text of every module that was loaded, by path: where "defined here" points.
    pub fn texts(&self) -> Vec<(Arc<str>, Arc<String>)> {
        self.loads.texts()
    }

    fn load(&self, path: &str) -> Loaded {
        self.loads
            .load(path, |path, text| exports_of(path, text, &self.words))
    }

    /// The module `specifier` names from `from`: the first candidate path that loads.
    fn module(&self, from: &str, specifier: &str) -> Loaded {
        let bases: Vec<String> = if specifier.starts_with('.') {
            vec![relative(from, specifier)?]
        } else {
            self.resolver.as_ref()?.resolve(from, specifier)
        };
        bases
            .iter()
            .flat_map(|b| with_extensions(b))
            .find_map(|p: String| self.load(&p))
    }

    fn export_at(
        &self,
        from: &str,
        specifier: &str,
        name: &str,
        depth: usize,
    ) -> Option<(Arc<str>, Export)> {
        let (path, exports, _) = self.module(from, specifier)?;
        if let Some(e) = exports.get(name, &path) {
            return Some((path, e));
        }
        if depth >= MAX_REEXPORTS {
            return None;
        }
        exports
            .reexports
            .iter()
            .find_map(|(source, named)| match named {
                Some((imported, exported)) if exported == name => {
                    self.export_at(&path, source, imported, depth + 1)
                }
                None if name != "default" => self.export_at(&path, source, name, depth + 1),
                _ => None,
            })
    }
}

impl Modules for ModuleCache<'_> {
    fn export(&self, from: &str, specifier: &str, name: &str) -> Option<(Arc<str>, Export)> {
        self.export_at(from, specifier, name, 0)
    }
}

/// The path a relative specifier names from the module at `from`, before extensions are
/// tried; `None` when it leaves the root.
fn relative(from: &str, specifier: &str) -> Option<String> {
    let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
    super::resolve::normal(&format!("{dir}/{specifier}"))
}

/// The files a module path may be, in the order bundlers try them: as written, with each
/// script extension, as a directory's index; a `.js` that names the `.ts` it is compiled
/// from.
fn with_extensions(base: &str) -> Vec<String> {
    let mut out = vec![base.to_owned()];
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

/// What a module exports: its module-level constants, enums, env objects and classes
/// that declare the environment, under the names it exports them by (`export const`,
/// `export { a as b }`, `export default`), each evaluated with no variable set; and what it
/// re-exports from other modules.
fn exports_of(path: &str, text: &str, words: &Words) -> Exports {
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
    let mut ev = Eval::new(&semantic, words, path, &NoModules);
    // Module-level declarations, exported or not, by local name.
    let mut locals: Vec<(&str, Local)> = Vec::new();
    // (local name, exported name); a default export of an expression is evaluated directly.
    let mut exported: Vec<(String, String)> = Vec::new();
    let mut default_expr: Option<&Expression> = None;
    for stmt in &program.body {
        let (decl, export) = what_it_declares(stmt, &mut out, &mut exported, &mut default_expr);
        match decl {
            Some(Declared::Var(d)) => {
                for d in &d.declarations {
                    if let (BindingPattern::BindingIdentifier(b), Some(init)) = (&d.id, &d.init) {
                        locals.push((b.name.as_str(), Local::Expr(init)));
                        if export {
                            exported.push((b.name.to_string(), b.name.to_string()));
                        }
                    }
                }
            }
            Some(Declared::Class(c)) => {
                if let Some(id) = &c.id {
                    locals.push((id.name.as_str(), Local::Class(c)));
                    if export {
                        exported.push((id.name.to_string(), id.name.to_string()));
                    }
                }
            }
            Some(Declared::Enum(e)) => {
                locals.push((e.id.name.as_str(), Local::Enum(e)));
                if export {
                    exported.push((e.id.name.to_string(), e.id.name.to_string()));
                }
            }
            None => {}
        }
    }
    for (local, name) in exported {
        match locals.iter().find(|(l, _)| *l == local).map(|(_, x)| x) {
            Some(Local::Expr(init)) => put(&mut out, &mut ev, name, init),
            Some(Local::Class(c)) => {
                let decls = ev.class_decls(c, true);
                if !decls.is_empty() {
                    out.classes.insert(name, Arc::from(decls));
                }
            }
            Some(Local::Enum(e)) => {
                out.values.insert(name, ev.enum_value(e));
            }
            None => {}
        }
    }
    if let Some(e) = default_expr {
        put(&mut out, &mut ev, "default".to_owned(), e);
    }
    out
}

/// Records an exported expression: an env object, or a constant of known value.
fn put<'a>(out: &mut Exports, ev: &mut Eval<'_, 'a>, name: String, init: &'a Expression<'a>) {
    if let Some(obj) = ev.env_object(init) {
        out.envs.insert(name, obj);
        return;
    }
    let v = ev.expr(init);
    if !v.is_unknown() && !v.env {
        out.values.insert(name, v);
    }
}

/// What a module-level statement declares (and whether it exports it); the names it
/// exports, re-exports and exports by default are recorded on the way.
fn what_it_declares<'a>(
    stmt: &'a Statement<'a>,
    out: &mut Exports,
    exported: &mut Vec<(String, String)>,
    default_expr: &mut Option<&'a Expression<'a>>,
) -> (Option<Declared<'a>>, bool) {
    match stmt {
        Statement::VariableDeclaration(d) => (Some(Declared::Var(d)), false),
        Statement::ClassDeclaration(c) => (Some(Declared::Class(c)), false),
        Statement::TSEnumDeclaration(e) => (Some(Declared::Enum(e)), false),
        Statement::ExportDeclaration(e) => match &e.declaration {
            Declaration::VariableDeclaration(d) => (Some(Declared::Var(d)), true),
            Declaration::ClassDeclaration(c) => (Some(Declared::Class(c)), true),
            Declaration::TSEnumDeclaration(e) => (Some(Declared::Enum(e)), true),
            _ => (None, false),
        },
        Statement::ExportNamedDeclaration(e) => {
            for s in &e.specifiers {
                exported.push((s.local.name().to_string(), s.exported.name().to_string()));
            }
            (None, false)
        }
        Statement::ExportFromDeclaration(e) => {
            for s in &e.specifiers {
                out.reexports.push((
                    e.source.value.to_string(),
                    Some((s.local.name().to_string(), s.exported.name().to_string())),
                ));
            }
            (None, false)
        }
        Statement::ExportAllDeclaration(e) if e.exported.is_none() => {
            out.reexports.push((e.source.value.to_string(), None));
            (None, false)
        }
        Statement::ExportDefaultDeclaration(e) => match &e.declaration {
            ExportDefaultDeclarationKind::ClassDeclaration(c) => {
                if let Some(id) = &c.id {
                    exported.push((id.name.to_string(), "default".to_owned()));
                }
                (Some(Declared::Class(c)), false)
            }
            kind => {
                if let Some(e) = kind.as_expression() {
                    match e.get_inner_expression() {
                        Expression::Identifier(id) => {
                            exported.push((id.name.to_string(), "default".to_owned()));
                        }
                        _ => *default_expr = Some(e),
                    }
                }
                (None, false)
            }
        },
        _ => (None, false),
    }
}

/// A module-level declaration an export may name.
enum Local<'a> {
    Expr(&'a Expression<'a>),
    Class(&'a Class<'a>),
    Enum(&'a oxc_ast::ast::TSEnumDeclaration<'a>),
}

enum Declared<'a> {
    Var(&'a oxc_ast::ast::VariableDeclaration<'a>),
    Class(&'a Class<'a>),
    Enum(&'a oxc_ast::ast::TSEnumDeclaration<'a>),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specifiers_resolve_as_bundlers_try_them() {
        let base = relative("src/lib/memory/qdrant.ts", "./defaults").expect("inside");
        let c = with_extensions(&base);
        assert_eq!(c[0], "src/lib/memory/defaults");
        assert!(c.contains(&"src/lib/memory/defaults.ts".to_owned()));
        assert!(c.contains(&"src/lib/memory/defaults/index.ts".to_owned()));
        let c = with_extensions(&relative("src/a/b.ts", "../config/limits.js").expect("inside"));
        assert_eq!(c[1], "src/config/limits.ts");
        assert!(relative("a.ts", "../../x").is_none());
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
            &Words::default(),
        );
        for _ in 0..3 {
            let text_of = |k: &str| match cache.export("src/app.ts", "./defaults", k) {
                Some((path, Export::Value(v))) => {
                    assert_eq!(&*path, "src/defaults.ts");
                    v.val.to_str()
                }
                _ => None,
            };
            assert_eq!(text_of("URL").as_deref(), Some("http://127.0.0.1:8080"));
            assert_eq!(text_of("DEFAULT_RATE").as_deref(), Some("0.05"));
            assert!(text_of("NOW").is_none());
        }
        // Each candidate path is asked once, however often the module is imported.
        let asked = reads.load(std::sync::atomic::Ordering::Relaxed);
        assert_eq!(asked, 2, "src/defaults, then src/defaults.ts");
    }
}
