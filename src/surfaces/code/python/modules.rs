//! Constants imported from Python modules of the scan (`from .limits import KEEP_DAYS`,
//! `from app.config.limits import KEEP_DAYS`): each module is parsed once, lazily, and its
//! module-level constants evaluated with no variable set (its own imports are not
//! followed).

use std::sync::Arc;

use foldhash::HashMap;

use super::super::loads::Loads;
use super::value::Value;
use super::{Binding, Module, NoPyModules, PyModules};

type Constants = HashMap<String, Value>;
type Loaded = super::super::loads::Loaded<Constants>;

/// The Python modules of a scan, each loaded once.
pub struct PyModuleCache<'r> {
    loads: Loads<'r, Constants>,
}

impl std::fmt::Debug for PyModuleCache<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PyModuleCache").finish_non_exhaustive()
    }
}

impl<'r> PyModuleCache<'r> {
    pub fn new(read: impl Fn(&str) -> Option<String> + Sync + 'r) -> Self {
        Self {
            loads: Loads::new(read),
        }
    }

    /// The text of every module that was loaded, by path.
    pub fn texts(&self) -> Vec<(Arc<str>, Arc<String>)> {
        self.loads.texts()
    }

    fn load(&self, path: &str) -> Loaded {
        self.loads.load(path, constants_of)
    }
}

impl PyModules for PyModuleCache<'_> {
    fn constant(
        &self,
        from: &str,
        module: &str,
        level: u32,
        name: &str,
    ) -> Option<(Arc<str>, Value)> {
        candidates(from, module, level)
            .into_iter()
            .find_map(|p| self.load(&p))
            .and_then(|(path, consts, _)| consts.get(name).cloned().map(|v| (path, v)))
    }
}

/// The files `from .a.b import x` (`level` dots) or `from a.b import x` may name from the
/// module at `from`: relative to its package, or, for an absolute name, under each of its
/// ancestor directories (the deepest first: where the service's own root is).
pub fn candidates(from: &str, module: &str, level: u32) -> Vec<String> {
    let mut dir: Vec<&str> = from.split('/').collect();
    dir.pop();
    let tail = module.replace('.', "/");
    let files = |base: &str| {
        let join = |t: &str| {
            if base.is_empty() {
                t.to_owned()
            } else if t.is_empty() {
                base.to_owned()
            } else {
                format!("{base}/{t}")
            }
        };
        vec![
            format!("{}.py", join(&tail)),
            format!("{}/__init__.py", join(&tail)),
        ]
    };
    if level > 0 {
        for _ in 1..level {
            if dir.pop().is_none() {
                return Vec::new();
            }
        }
        return files(&dir.join("/"));
    }
    let mut out = Vec::new();
    while !dir.is_empty() {
        out.extend(files(&dir.join("/")));
        dir.pop();
    }
    out.extend(files(""));
    out
}

/// A module's constants: names bound once at module level to a value known with no
/// variable set.
fn constants_of(path: &str, text: &str) -> Constants {
    let parsed = super::parse(text);
    let body = &parsed.syntax().body;
    let module = Module::new(path, text, body);
    let mut ev = super::eval::Eval::new(&module, &NoPyModules);
    let mut out = Constants::default();
    for (name, b) in &module.bindings {
        if let Binding::Expr(e) = b {
            let v = ev.expr(e);
            if !v.is_unknown() && !v.env {
                out.insert((*name).to_owned(), v);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imports_resolve_as_python_finds_them() {
        assert_eq!(
            candidates("api/app/config.py", "limits", 1),
            ["api/app/limits.py", "api/app/limits/__init__.py"]
        );
        assert_eq!(
            candidates("api/app/sub/config.py", "limits", 2),
            ["api/app/limits.py", "api/app/limits/__init__.py"]
        );
        let abs = candidates("api/app/config.py", "app.limits", 0);
        assert!(abs.contains(&"api/app/limits.py".to_owned()), "{abs:?}");
        assert!(candidates("a.py", "x", 3).is_empty());
    }
}
