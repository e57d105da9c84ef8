//! The code adapters, table-driven: every read pattern, fallback and conversion.

use super::*;
use crate::facts::Role;
use proptest::prelude::*;

/// `name [role=text ...]` per read, in order: a compact, readable form of the facts.
fn ts(code: &str) -> Vec<String> {
    summarize(code, &ts::reads("x.ts", code, &["env".to_owned()]))
}

fn rs(code: &str) -> Vec<String> {
    summarize(code, &rust::reads(code))
}

fn summarize(code: &str, r: &FileReads) -> Vec<String> {
    assert!(r.error.is_none(), "{code}: {:?}", r.error);
    r.reads
        .iter()
        .map(|read| {
            assert_eq!(
                &code[read.span.clone()],
                read.name,
                "the name span in {code}"
            );
            let mut parts = Vec::new();
            for st in &read.stated {
                let role = match st.role {
                    Role::Default => "default",
                    Role::Test => "test",
                    Role::Numeric => "numeric",
                    other => panic!("{other:?}"),
                };
                let text = st.text.clone().unwrap_or_default();
                // `unwrap_or_default()` states an empty default at the method's name.
                if st.role != Role::Numeric && !text.is_empty() {
                    assert_eq!(
                        code[st.span.clone()].replace('_', ""),
                        text,
                        "the value span in {code}"
                    );
                }
                parts.push(format!(" {role}={text}"));
            }
            parts.sort();
            format!("{}{}", read.name, parts.concat())
        })
        .collect()
}

#[test]
fn typescript_reads_and_fallbacks() {
    let cases: &[(&str, &[&str])] = &[
        ("process.env.Q_A", &["Q_A"]),
        ("process.env[\"Q_A\"]", &["Q_A"]),
        ("process.env['Q_A']", &["Q_A"]),
        ("process.env[`Q_A`]", &["Q_A"]),
        ("process.env?.Q_A", &["Q_A"]),
        ("import.meta.env.Q_A", &["Q_A"]),
        ("function f(env) { return env.Q_A; }", &["Q_A"]),
        ("process.env.Q_A ?? \"d\"", &["Q_A default=d"]),
        ("process.env.Q_A || 'd'", &["Q_A default=d"]),
        ("process.env.Q_A ??= \"d\"", &["Q_A default=d"]),
        ("process.env.Q_A ||= `d`", &["Q_A default=d"]),
        ("settings.a ?? process.env.Q_A ?? \"d\"", &["Q_A default=d"]),
        ("process.env.Q_A ?? null", &["Q_A"]),
        ("process.env.Q_A ?? other", &["Q_A"]),
        (
            "Number(process.env.Q_A) || 1536",
            &["Q_A default=1536 numeric=Number(...)"],
        ),
        (
            "Number(process.env.Q_A || \"30000\")",
            &["Q_A default=30000 numeric=Number(...)"],
        ),
        (
            "parseInt(process.env.Q_A ?? \"6333\", 10)",
            &["Q_A default=6333 numeric=parseInt(...)"],
        ),
        (
            "parseFloat(process.env.Q_A) || 0.5",
            &["Q_A default=0.5 numeric=parseFloat(...)"],
        ),
        (
            "+process.env.Q_A || 7",
            &["Q_A default=7 numeric=unary `+`"],
        ),
        ("String(process.env.Q_A ?? \"x\")", &["Q_A default=x"]),
        ("process.env.Q_A?.trim() || \"d\"", &["Q_A default=d"]),
        ("(process.env.Q_A ?? \"\").trim()", &["Q_A default="]),
        ("process.env.Q_A === \"1\"", &["Q_A test=1"]),
        ("process.env.Q_A !== \"0\"", &["Q_A test=0"]),
        (
            "\"true\" === process.env.Q_A?.toLowerCase()",
            &["Q_A test=true"],
        ),
        (
            "(process.env.Q_A ?? \"true\") !== \"false\"",
            &["Q_A default=true test=false"],
        ),
        (
            "const { Q_A, Q_B = \"d\", Q_C: alias = 5 } = process.env;",
            &["Q_A", "Q_B default=d", "Q_C default=5"],
        ),
        (
            "const { \"Q_A\": a = -1 } = process.env;",
            &["Q_A default=-1"],
        ),
        ("process.env.Q_A ?? 1_000", &["Q_A default=1000"]),
        ("other.env.Q_A; process.envy.Q_B; envs.Q_C", &[]),
    ];
    for (code, want) in cases {
        assert_eq!(&ts(code), want, "{code}");
    }
}

#[test]
fn dynamic_keys_are_counted_not_guessed() {
    let r = ts::reads(
        "x.ts",
        "const k = \"Q_A\"; process.env[k]; process.env[`Q_${k}`];",
        &[],
    );
    assert!(r.reads.is_empty());
    assert_eq!(r.dynamic.len(), 2);
}

#[test]
fn dialects_by_extension() {
    let jsx = "const a = <div>{process.env.Q_A ?? \"d\"}</div>;";
    assert_eq!(
        summarize(jsx, &ts::reads("x.jsx", jsx, &[])),
        vec!["Q_A default=d"]
    );
    let tsx = "const a = (x: number): JSX.Element => <b>{process.env.Q_A as string}</b>;";
    assert_eq!(summarize(tsx, &ts::reads("x.tsx", tsx, &[])), vec!["Q_A"]);
    let cjs = "module.exports = { port: Number(process.env.Q_A) || 1 };";
    assert_eq!(
        summarize(cjs, &ts::reads("x.cjs", cjs, &[])),
        vec!["Q_A default=1 numeric=Number(...)"]
    );
}

#[test]
fn a_broken_file_reports_where_it_broke() {
    let r = ts::reads(
        "x.ts",
        "const a = process.env.Q_A ?? \"d\";\nfunction (\n",
        &[],
    );
    let (span, reason) = r.error.expect("an error");
    assert!(span.start > 30, "{span:?}");
    assert!(!reason.is_empty());
    let r = rust::reads("fn main() { let x = std::env::var(\"Q_A\"); \n");
    assert!(r.error.is_some());
}

#[test]
fn rust_reads_and_fallbacks() {
    let cases: &[(&str, &[&str])] = &[
        ("fn f() { std::env::var(\"Q_A\"); }", &["Q_A"]),
        ("fn f() { env::var_os(\"Q_A\"); }", &["Q_A"]),
        ("fn f() { var(\"Q_A\"); }", &["Q_A"]),
        ("const A: &str = env!(\"Q_A\");", &["Q_A"]),
        ("const A: Option<&str> = option_env!(\"Q_A\");", &["Q_A"]),
        (
            "fn f() { env::var(\"Q_A\").unwrap_or(\"d\".into()); }",
            &["Q_A default=d"],
        ),
        (
            "fn f() { env::var(\"Q_A\").unwrap_or_else(|_| \"d\".to_string()); }",
            &["Q_A default=d"],
        ),
        (
            "fn f() { env::var(\"Q_A\").unwrap_or_else(|_| String::from(\"d\")); }",
            &["Q_A default=d"],
        ),
        (
            "fn f() { env::var(\"Q_A\").unwrap_or_default(); }",
            &["Q_A default="],
        ),
        (
            "fn f() { env::var(\"Q_A\").ok().and_then(|v| v.parse::<u16>().ok()).unwrap_or(6333); }",
            &["Q_A default=6333 numeric=`.parse::<number>()`"],
        ),
        (
            "fn f() { env::var(\"Q_A\").unwrap_or_else(|_| \"8\".into()).parse::<u64>().unwrap_or(8); }",
            // Two fallbacks: the text before the parse, the number after it.
            &["Q_A default=8 default=8 numeric=`.parse::<number>()`"],
        ),
        ("fn f() { env::var(\"Q_A\")?.parse::<bool>(); }", &["Q_A"]),
        (
            "fn f() { other::var(\"Q_A\"); env::set_var(\"Q_B\", \"1\"); }",
            &[],
        ),
    ];
    for (code, want) in cases {
        assert_eq!(&rs(code), want, "{code}");
    }
}

#[test]
fn clap_arguments_read_the_environment() {
    let code = r#"
#[derive(clap::Parser)]
struct Args {
    #[arg(long, env = "Q_A", default_value = "qdrant")]
    a: String,
    #[arg(long, env = "Q_B", default_value_t = 6333)]
    b: u16,
    #[clap(env = "Q_C")]
    c: Option<String>,
    #[arg(long, default_value_t = DEFAULT, env = "Q_D")]
    d: u16,
}
"#;
    assert_eq!(
        rs(code),
        vec!["Q_A default=qdrant", "Q_B default=6333", "Q_C", "Q_D"]
    );
}

#[test]
fn multibyte_text_before_a_read_keeps_spans_right() {
    let code = "// café ☕\nconst a = process.env.Q_A ?? \"é\";";
    assert_eq!(ts(code), vec!["Q_A default=é"]);
    let code = "// café ☕\nfn f() { std::env::var(\"Q_A\").unwrap_or(\"é\".into()); }";
    assert_eq!(rs(code), vec!["Q_A default=é"]);
    let code = "\u{feff}fn f() { std::env::var(\"Q_A\"); }";
    assert_eq!(rs(code), vec!["Q_A"]);
}

proptest! {
    #[test]
    fn never_panics_and_spans_stay_on_char_boundaries(
        code in "(?s)[a-zQ_.()\\[\\]{}\"'`?|=!:;,+ \né☕0-9]{0,120}"
    ) {
        let text = format!("process.env.{code}");
        for r in [ts::reads("x.ts", &text, &["env".to_owned()]), rust::reads(&text)] {
            for read in &r.reads {
                prop_assert!(text.get(read.span.clone()).is_some());
                for st in &read.stated {
                    prop_assert!(text.get(st.span.clone()).is_some());
                }
            }
            if let Some((span, _)) = &r.error {
                prop_assert!(span.start <= text.len());
            }
        }
    }
}

/// Type arguments that open `{[` and stay open, level after level (the shape of the fuzz
/// input the TypeScript parser took 6.8 s and 3.4 GB over), then `padding`.
fn nested_type_arguments(levels: usize, padding: &str) -> String {
    format!(
        "const h = process.env.Q_A;\nq {}{padding}\n",
        "[r ,n <Ws <{[ ".repeat(levels)
    )
}

#[test]
fn exponential_type_argument_nesting_is_refused_before_parsing() {
    let code = nested_type_arguments(14, "");
    let r = ts::reads("x.tsx", &code, &[]);
    let (span, reason) = r.error.expect("refused");
    assert!(reason.contains("nest too deep"), "{reason}");
    assert!(r.reads.is_empty());
    // Each level holds two open `<`: every byte after it is read five times as often.
    // 226 bytes go over the budget in the eighth level, at its second `<`.
    assert_eq!(code.len(), 226);
    let at = code.match_indices("Ws <").nth(7).expect("eight levels").0 + 3;
    assert_eq!(span, at..at + 1);
    // What follows the nesting is read as often as the nesting's last byte; what comes
    // before it, once. Three levels then 512 kB (oxc: 0.6 s, 1 GB) are refused; the
    // same 512 kB before them are not.
    let padding = "a+".repeat(256_000);
    assert!(ts::too_speculative(&nested_type_arguments(3, &padding), false).is_some());
    let code = nested_type_arguments(3, "").replace("\nq ", &format!("\n{padding}1;\nq "));
    assert_eq!(ts::too_speculative(&code, false), None);
    // Tuples in type arguments nest the same way without an object type (`<[`).
    let code = format!("q {}\n", "[{[Dn<ed<[a7[".repeat(12));
    assert!(ts::too_speculative(&code, false).is_some());
    // Every `<` left open rereads what follows it: 10,000 `a<` (20 kB) took 21 s and 6
    // GB; 2,000 (oxc: 0.4 s) pass.
    assert!(ts::too_speculative(&"a<".repeat(10_000), false).is_some());
    assert_eq!(ts::too_speculative(&"a<".repeat(2_000), false), None);
    // In a `.tsx` file, quotes in JSX text (after `<>`) start no string: the nesting after
    // them counts (fuzz run 6: 1,151 bytes took 1.7 s and 1 GB, priced as 0.6 Mi readings).
    let jsx = format!("n<W<{{[n><>'{{r{}\n", "<W<{[r<s<{[".repeat(7));
    assert!(ts::too_speculative(&jsx, true).is_some());
    assert!(ts::reads("x.tsx", &jsx, &[]).error.is_some());
    // Where no JSX can be, the quote starts a string that hides the rest of the line; the
    // price with every byte read as code refuses the file all the same.
    assert!(ts::too_speculative(&jsx, false).is_some());
    // A name in other scripts divides too: `ؤפ/…` starts no regular expression that would
    // hide the nesting after it (fuzz run 7).
    let code = nested_type_arguments(14, "").replace("\nq ", "\nq = (ؤפ/ ");
    assert!(ts::too_speculative(&code, false).is_some());
    // A `/` after `)` or `}` starts a regular expression after `if (…)` or a block: a quote
    // inside it starts no string that hides the nesting after it.
    for before in ["if (a) /'/.test(b); ", "{} /'/.test(b); "] {
        let code = nested_type_arguments(14, "").replace("\nq ", &format!("\n{before}q "));
        assert!(ts::too_speculative(&code, false).is_some(), "{before}");
    }
    // A backslash in code starts no regular expression: `\/` hides nothing.
    let code = nested_type_arguments(14, "").replace("\nq ", "\nq \\/ ");
    assert!(ts::too_speculative(&code, false).is_some());
    // A regular expression's `//` is no comment: the nesting after it still counts.
    let code = nested_type_arguments(14, "").replace("\nq ", "\nconst r = /a//1 + q ");
    assert!(ts::reads("x.ts", &code, &[]).error.is_some());
    // JavaScript has no type arguments: the parser does not speculate there.
    let code = nested_type_arguments(14, "");
    assert!(
        !ts::reads("x.js", &code, &[])
            .error
            .is_some_and(|(_, why)| why.contains("nest too deep"))
    );
}

#[test]
fn tokens_bound_what_a_parser_can_nest() {
    for (text, want) in [
        ("", 0),
        (" \t\r\n", 0),
        ("a", 1),
        ("process.env.QDRANT_HOST", 5),
        ("a+b", 3),
        ("((x))", 5),
        ("$x_1 _y", 2),
        ("é ü", 2),
        // Strings and comments count as what they hold: never fewer than the parser sees.
        ("\"a b\"", 4),
        ("// c, d\n", 5),
        ("!!!!x", 5),
        ("x=>y", 4),
    ] {
        assert_eq!(stack::tokens(text.as_bytes()), want, "{text:?}");
    }
}

#[test]
fn ordinary_typescript_is_never_refused_for_nesting() {
    for code in [
        // Tuples inside generics inside tuples, closed (the shape of `effect`'s schemas).
        "type U = Union<readonly [Struct<{ id: Union<[S, F]> }>, Union<readonly [Struct<{ e: Opt<Union<readonly [Union<[S, F]>, N]>> }>]>]>;",
        // Deep generics, closed.
        "let m: Promise<Array<Record<string, Map<string, Set<Partial<Readonly<Foo>>>>>>>;",
        // Index signatures and computed keys inside generic object types.
        "type T = Record<string, { [k: string]: Foo<{ [j: string]: number }> }>;",
        // Comparisons left open inside calls, objects and arrays.
        "f(a < b, g({ x: [c < d, h({ y: [e < f] })] }));",
        "if (i < n) { xs.push([{ k: i < m ? [1] : [2] }]); }",
        // JSX with arrays in attributes, nested.
        "const v = <A items={[<B list={[<C z={[1, 2]} />]} />]} />;",
        // Division is no regular expression: `a / b // c` ends in a comment.
        "const q = a / b // [r ,n <Ws <{[ [r ,n <Ws <{[ [r ,n <Ws <{[ [r ,n <Ws <{[\n;",
        "const q = f(x) / 2; const y = /[/]/.test(s) ? a < b : [c];",
        // Brackets and `<` in strings, a template, comments and regular expressions.
        "const re = /<([a-z]+)[^>]*>/g; const html = '<div class=\"a\">[x]</div>';",
        "const t = `<${tag} data-x=\"[${i < n}]\">`; // see <Foo<Bar>> [1]\n/* ({[<]}) */ f();",
    ] {
        assert_eq!(ts::too_speculative(code, false), None, "{code}");
    }
    // Comparisons left open line after line without semicolons, and a large file of
    // ordinary code: read about once each.
    let asi = "const ok = a < b\nif (c < d) e()\n".repeat(200);
    assert_eq!(ts::too_speculative(&asi, false), None);
    let large = "export const f = <T,>(xs: Array<T>): T[] => xs.filter((x) => x !== null);\n"
        .repeat(30_000);
    assert_eq!(ts::too_speculative(&large, false), None);
}

proptest! {
    #[test]
    fn the_nesting_scan_never_panics(text in "[\\[\\](){}<>;`'\"/*\\\\$a =\\n]{0,200}") {
        let _ = ts::too_speculative(&text, false);
    }
}
