//! The floors read one way: every top-level module of the crate imports only modules below
//! it (as the crate's `use crate::…` lines and `crate::…` paths say, tests included), no
//! two modules import each other through any chain, and each module's opening paragraph
//! says what it may import, truthfully.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The top-level modules, bottom up: a module may import only the ones before it.
const FLOORS: &[&str] = &[
    "source",
    "error",
    "staged",
    "schema",
    "facts",
    "edit",
    "surfaces",
    "report",
    "rules",
    "check",
    "baseline",
    "explain",
    "fix",
    "regenerate",
    "init",
    "render",
    "cli",
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src is readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file of `src/` belongs to (`None`: the crate root).
fn module_of(path: &Path) -> Option<String> {
    let rel = path.strip_prefix(src()).expect("under src");
    let first = rel.components().next()?.as_os_str().to_string_lossy();
    let name = first.strip_suffix(".rs").unwrap_or(&first).to_owned();
    (!matches!(name.as_str(), "lib" | "main")).then_some(name)
}

/// The text without comments (line and block), so prose that names a path is no import.
fn code_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if text[i..].starts_with("//") {
            i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
        } else if text[i..].starts_with("/*") {
            i = text[i..].find("*/").map_or(bytes.len(), |n| i + n + 2);
        } else {
            let c = text[i..].chars().next().expect("in bounds");
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// The top-level modules a text names through `crate::`: `use crate::a::…`, `crate::b::f()`
/// and each head of `use crate::{c, d::e}`.
fn imports(text: &str) -> BTreeSet<String> {
    let code = code_only(text);
    let mut out = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        let after = &rest[at + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name = ident(item.trim());
                if !name.is_empty() {
                    out.insert(name);
                }
            }
        } else {
            let name = ident(after);
            if !name.is_empty() {
                out.insert(name);
            }
        }
        rest = after;
    }
    out
}

/// What the module's opening paragraph says it may import (`May import: `a`, `b`.`, or
/// `May import nothing` / `May import any module`): `None` for any.
fn declared(text: &str) -> Option<BTreeSet<String>> {
    let paragraph: String = text
        .lines()
        .take_while(|l| l.starts_with("//!") && l.trim() != "//!")
        .map(|l| l.trim_start_matches("//!").trim())
        .collect::<Vec<_>>()
        .join(" ");
    let at = paragraph
        .find("May import")
        .unwrap_or_else(|| panic!("no `May import` in the opening paragraph: {paragraph}"));
    let said = &paragraph[at..];
    if said.starts_with("May import any module") {
        return None;
    }
    if said.starts_with("May import nothing") {
        return Some(BTreeSet::new());
    }
    let list = said
        .strip_prefix("May import:")
        .unwrap_or_else(|| panic!("`May import:` expected: {said}"));
    let list = &list[..list.find('.').unwrap_or(list.len())];
    Some(
        list.split(',')
            .map(|m| m.trim().trim_matches('`').to_owned())
            .filter(|m| !m.is_empty())
            .collect(),
    )
}

/// Each top-level module and the top-level modules it imports.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let modules: BTreeSet<String> = files.iter().filter_map(|f| module_of(f)).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in &files {
        let Some(module) = module_of(f) else { continue };
        let text = std::fs::read_to_string(f).expect("readable");
        let entry = graph.entry(module.clone()).or_default();
        for i in imports(&text) {
            // Re-exports at the crate root (`crate::Error`) are no floor: name the module.
            assert!(
                modules.contains(&i),
                "{} names `crate::{i}`, which is not a module: import it from its module",
                f.display()
            );
            if i != module {
                entry.insert(i);
            }
        }
    }
    graph
}

#[test]
fn every_module_imports_only_the_floors_below_it() {
    let graph = graph();
    for module in graph.keys() {
        assert!(
            FLOORS.contains(&module.as_str()),
            "`{module}` stands on no floor: add it to FLOORS (and the list in lib.rs)"
        );
    }
    let mut wrong = Vec::new();
    for (module, imports) in &graph {
        let floor = FLOORS.iter().position(|m| m == module).expect("checked");
        for i in imports {
            let other = FLOORS.iter().position(|m| m == i).expect("a module");
            if other >= floor {
                wrong.push(format!("`{module}` imports `{i}`, which stands above it"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn no_two_modules_import_each_other_through_any_chain() {
    let graph = graph();
    // Depth-first search for a path back to the start.
    for start in graph.keys() {
        let mut stack: Vec<(String, Vec<String>)> = vec![(start.clone(), vec![start.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((at, path)) = stack.pop() {
            for next in graph.get(&at).into_iter().flatten() {
                assert!(next != start, "a circle: {} -> {start}", path.join(" -> "));
                if seen.insert(next.clone()) {
                    let mut p = path.clone();
                    p.push(next.clone());
                    stack.push((next.clone(), p));
                }
            }
        }
    }
}

#[test]
fn each_module_says_truly_what_it_may_import() {
    let graph = graph();
    for module in FLOORS {
        let file = [format!("{module}.rs"), format!("{module}/mod.rs")]
            .iter()
            .map(|f| src().join(f))
            .find(|p| p.exists())
            .unwrap_or_else(|| panic!("no file for `{module}`"));
        let text = std::fs::read_to_string(&file).expect("readable");
        let Some(may) = declared(&text) else { continue };
        let below: BTreeSet<String> = FLOORS
            .iter()
            .take_while(|m| *m != module)
            .map(|m| (*m).to_owned())
            .collect();
        for m in &may {
            assert!(
                below.contains(m),
                "`{module}` says it may import `{m}`, which does not stand below it"
            );
        }
        for i in graph.get(*module).into_iter().flatten() {
            assert!(
                may.contains(i),
                "`{module}` imports `{i}` but its opening paragraph does not say it may"
            );
        }
    }
}

#[test]
fn the_import_reader_reads_every_form() {
    let text = "use crate::a::B;\nuse crate::{c, d::E};\n// crate::commented\nfn f() { crate::g::h(); }\n/* crate::blocked */";
    let found: Vec<String> = imports(text).into_iter().collect();
    assert_eq!(found, ["a", "c", "d", "g"]);
}
