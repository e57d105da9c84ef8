//! The slicer, table-driven: what it keeps, what it blanks, where it gives up.

use super::*;
use std::fmt::Write as _;

use crate::surfaces::code::slicing::finders;

/// The kept text of `code`, each blanked run of lines shown as one `…` line.
fn kept(code: &str) -> Option<String> {
    let s = slice(
        code,
        &finders(&["QDRANT_", "BIFROST_"]),
        &["cfg".to_owned()],
    )?;
    Some(crate::surfaces::code::slicing::shown(code, &s.text))
}

const FILLER: &str = "export function handler(input: Record<string, unknown>): string {\n  const v = Object.entries(input).map(([k, x]) => `${k}=${String(x)}`);\n  return v.join(\"&\") + \"/\";\n}\n\n";

#[test]
fn what_is_kept() {
    let cases: &[(&str, &str)] = &[
        // The read and the constant it falls back to; the import it does not use goes.
        (
            "import { z } from \"zod\";\nconst DEFAULT_PORT = 6333;\nconst OTHER = 1;\nexport function port() {\n  return Number(process.env.QDRANT_PORT) || DEFAULT_PORT;\n}\n",
            "…\nconst DEFAULT_PORT = 6333;\n…\nexport function port() {\n  return Number(process.env.QDRANT_PORT) || DEFAULT_PORT;\n}\n…\n",
        ),
        // An import the read uses is kept; a type annotation declares nothing.
        (
            "import { DEFAULTS } from \"./defaults\";\nimport { z } from \"zod\";\nconst n: number = 1;\nexport const host = process.env.QDRANT_HOST ?? DEFAULTS.host;\n",
            "import { DEFAULTS } from \"./defaults\";\n…\nexport const host = process.env.QDRANT_HOST ?? DEFAULTS.host;\n…\n",
        ),
        // A helper called with the name, and where the helper's result goes.
        (
            "function flag(name: string) {\n  const v = process.env[name];\n  return v !== \"0\";\n}\nfunction unrelated() {\n  return 1;\n}\nexport const on = flag(\"BIFROST_ENABLED\");\nexport function use() {\n  return on ? 1 : 2;\n}\n",
            "function flag(name: string) {\n  const v = process.env[name];\n  return v !== \"0\";\n}\n…\nexport const on = flag(\"BIFROST_ENABLED\");\nexport function use() {\n  return on ? 1 : 2;\n}\n…\n",
        ),
        // A function that changes a kept `let` is kept with it.
        (
            "let port = Number(process.env.QDRANT_PORT ?? 6333);\nexport function reset() {\n  port = 1;\n}\nexport function other() {}\n",
            "let port = Number(process.env.QDRANT_PORT ?? 6333);\nexport function reset() {\n  port = 1;\n}\n…\n",
        ),
        // An accessor's mention keeps its part. `export { ... }` is kept when it names a
        // kept declaration (a statement after it, in its part, may change that name),
        // and what it names with it, and the statement after `b` in `b`'s part.
        (
            "export function a(cfg: Env) {\n  return cfg.x;\n}\nexport function b() {}\nif (ready) {\n  start();\n}\nexport { a, b };\n",
            "export function a(cfg: Env) {\n  return cfg.x;\n}\nexport function b() {}\nif (ready) {\n  start();\n}\nexport { a, b };\n…\n",
        ),
        // Decorators go with the class they decorate.
        (
            "@Injectable()\nexport class Config {\n  port = process.env.QDRANT_PORT;\n}\n@Injectable()\nexport class Other {}\n",
            "@Injectable()\nexport class Config {\n  port = process.env.QDRANT_PORT;\n}\n…\n",
        ),
        // A second declarator keeps its statement (its names are not read apart).
        (
            "export const a = 1, b = 2;\nexport const c = process.env.QDRANT_C;\nconst d = 1;\n",
            "export const a = 1, b = 2;\nexport const c = process.env.QDRANT_C;\n…\n",
        ),
        // Lines inside brackets, strings, templates and comments never cut.
        (
            "const t = `\nconst x = ${a}\n`;\n/*\nexport function y() {}\n*/\nconst e = process.env.QDRANT_E;\nfunction z() {}\n",
            "…\nconst e = process.env.QDRANT_E;\n…\n",
        ),
    ];
    for (code, want) in cases {
        let mut text = String::from(*code);
        text.push_str(FILLER);
        let got = kept(&text).unwrap_or_else(|| panic!("not sliced:\n{code}"));
        assert_eq!(got, *want, "{code}");
    }
}

#[test]
fn where_the_scan_gives_up() {
    for code in [
        // `}` or `++` before `/`, `!` before `/`: a division or a regular expression.
        "function f() {}\n/re/.test(x);\nconst a = process.env.QDRANT_A;\n",
        "let i = 0;\ni++ / 2;\nconst a = process.env.QDRANT_A;\n",
        "const n = x! / 2;\nconst a = process.env.QDRANT_A;\n",
        // A string or a regular expression runs past its line; a bracket stays open.
        "const s = \"abc\nconst a = process.env.QDRANT_A;\n",
        "const r = /abc\nconst a = process.env.QDRANT_A;\n",
        "const o = {\nconst a = process.env.QDRANT_A;\n",
        "const o = };\nconst a = process.env.QDRANT_A;\n",
        "const t = `${a`;\nconst a = process.env.QDRANT_A;\n",
        // Nothing to blank.
        "export const a = process.env.QDRANT_A;\n",
    ] {
        assert_eq!(kept(code), None, "{code}");
    }
}

#[test]
fn what_the_scan_reads_past() {
    // Regular expressions after `(`, `=`, a keyword or a control statement's parenthesis;
    // divisions after values; quotes and slashes inside strings, classes and templates.
    let code = "const r = /[/'\"`]/g;\nconst d = (a + b) / 2 / c[0];\nconst s = 'it\\'s // not a comment';\nif (x) /y/.test(z);\nconst u = `a${`b${c}`}d` / 2;\nfunction f() {\n  return /}/;\n}\nconst q = process.env.QDRANT_Q;\nfunction g() {}\n";
    assert_eq!(
        kept(code).as_deref(),
        Some("…\nconst q = process.env.QDRANT_Q;\n…\n"),
    );
    // CRLF line ends and a byte-order mark's absence of effect; a hashbang.
    let crlf = "#!/usr/bin/env node\r\nconst a = 1;\r\nexport const q = process.env.QDRANT_Q;\r\n";
    let s = slice(crlf, &finders(&["QDRANT_"]), &[]).unwrap();
    assert_eq!(
        s.text,
        "#!/usr/bin/env node\r\n            \r\nexport const q = process.env.QDRANT_Q;\r\n"
    );
}

#[test]
fn a_cut_holds_only_where_no_statement_spans_it() {
    let s = Sliced {
        text: " ".repeat(40),
        kept: String::new(),
        cuts: vec![10, 20],
    };
    assert!(s.cut_holds([0..5, 10..15, 20..30].into_iter()));
    assert!(s.cut_holds([0..10, 12..15, 20..30].into_iter()));
    assert!(!s.cut_holds([0..12, 20..30].into_iter()));
    assert!(!s.cut_holds([0..5, 10..25].into_iter()));
}

#[test]
fn a_file_mostly_kept_is_left_whole() {
    let file = |n: usize| {
        let mut text = String::new();
        for k in 0..n {
            let _ = writeln!(text, "const A{k} = {k};");
        }
        let names: Vec<String> = (0..n).map(|k| format!("A{k}")).collect();
        let _ = writeln!(
            text,
            "export const qdrantX = process.env.QDRANT_X ?? [{}];\n{FILLER}",
            names.join(", ")
        );
        text
    };
    // Each kept declaration's name is looked for in the whole file: a few are.
    assert!(kept(&file(10)).is_some());
    // Past `MAX_SEARCHES` of them, parsing the file whole costs less.
    assert_eq!(kept(&file(MAX_SEARCHES + 1)), None);
}

proptest::proptest! {
    /// On any text the scan ends without panicking; what it returns is the text with
    /// whole lines' bytes blanked to spaces, line breaks and every other byte kept.
    #[test]
    fn the_scan_never_panics_and_only_blanks(
        text in "(export |const |function |class |import |let |@d\n|[a-zQ_]{1,8}|[ =;,:.(){}\\[\\]'\"`$/*\\\\!+<>\n\r\t]){0,60}"
    ) {
        if let Some(s) = slice(&text, &finders(&["Q_"]), &[]) {
            proptest::prop_assert_eq!(s.text.len(), text.len());
            for (a, b) in s.text.bytes().zip(text.bytes()) {
                proptest::prop_assert!(a == b || (a == b' ' && b != b'\n' && b != b'\r'));
            }
        }
    }
}
