//! The code adapters, table-driven: every read pattern, fallback and conversion.

use super::*;
use crate::facts::Role;
use proptest::prelude::*;

/// `name [role=text ...]` per read, in order: a compact, readable form of the facts.
fn ts(code: &str) -> Vec<String> {
    let accessors = crate::schema::Words::with_accessors(&["env"]);
    let whole = summarize(code, &ts::reads("x.ts", code, &accessors));
    // Amid code that reads nothing, which a scan blanks before parsing, the same reads.
    let amid = format!("{FILLER}{code}\n{FILLER}");
    let keep = [memchr::memmem::Finder::new("Q_")];
    let sliced = ts::reads_sliced("x.ts", &amid, &accessors, &ts::NoModules, &keep);
    assert_eq!(summarize(&amid, &sliced), whole, "amid other code:\n{code}");
    whole
}

/// A module's worth of code that reads no variable.
const FILLER: &str = "import { z } from \"zod\";\n\nexport const Schema = z.object({ id: z.string() });\n\n/** Joins the entries. */\nexport function join(input: Record<string, unknown>): string {\n  const values = Object.entries(input).map(([k, v]) => `${k}=${String(v)}`);\n  return values.sort().join(\"&\");\n}\n\nexport class Cache<T> {\n  private items = new Map<string, T>();\n  get(key: string): T | undefined {\n    return this.items.get(key);\n  }\n}\n";

fn rs(code: &str) -> Vec<String> {
    summarize(code, &rust::reads(code))
}

fn summarize(code: &str, r: &FileReads) -> Vec<String> {
    summarize_marked(code, r, true)
}

/// Each read as `name [role=text ...]`; with `marks`, a default or test whose literal
/// is spelled otherwise than its value shows where it stands (`@spelling`).
pub(in crate::surfaces::code) fn summarize_marked(
    code: &str,
    r: &FileReads,
    marks: bool,
) -> Vec<String> {
    assert!(r.error.is_none(), "{code}: {:?}", r.error);
    r.reads
        .iter()
        .map(|read| {
            // A getter's argument may spell the variable otherwise (a convict path).
            let spelled = &code[read.span.clone()];
            let name = if spelled == read.name {
                read.name.clone()
            } else {
                format!("{}({spelled})", read.name)
            };
            let mut parts = Vec::new();
            for st in &read.stated {
                let role = match st.role {
                    Role::Default => "default",
                    Role::Test => "test",
                    Role::Numeric => "numeric",
                    Role::Reading => "reading",
                    Role::Required => "required",
                    Role::Type => "type",
                    Role::Description => "description",
                    other => panic!("{other:?}"),
                };
                let text = st.text.clone().unwrap_or_default();
                let mut part = format!(" {role}={text}");
                // A value shows at its literal; a constant's where it is used (`@NAME`).
                // `unwrap_or_default()` states an empty default at the method's name.
                let at = code[st.span.clone()].replace('_', "");
                if marks
                    && matches!(st.role, Role::Default | Role::Test)
                    && !text.is_empty()
                    && at != text
                {
                    part.push('@');
                    part.push_str(&code[st.span.clone()]);
                }
                if let Some(truth) = &st.truth {
                    part.push('[');
                    for v in &truth.0[..crate::facts::COMPARED] {
                        part.push(match v {
                            Some(true) => '1',
                            Some(false) => '0',
                            None => '?',
                        });
                    }
                    part.push(']');
                }
                parts.push(part);
            }
            parts.sort();
            format!("{name}{}", parts.concat())
        })
        .collect()
}

#[test]
fn declarations_state_defaults_types_and_requirement() {
    let cases: &[(&str, &[&str])] = &[
        // A zod object parsed from the environment: each key a read.
        (
            "import { z } from \"zod\";\nconst DEFAULT_EVERY = 750;\nconst Cfg = z.object({\n  Q_FLUSH_MS: z.coerce.number().int().default(DEFAULT_EVERY),\n  Q_MODE: z.enum([\"a\", \"b\"]).default(\"a\"),\n  Q_TOKEN: z.string().optional(),\n  Q_URL: z.string().url(),\n  Q_TLS: z.enum([\"true\", \"false\"]).default(\"false\"),\n  Q_LIST: z.string().default(\"x\").transform((s) => s.split(\",\")),\n});\nexport const cfg = Cfg.parse(process.env);",
            &[
                "Q_FLUSH_MS default=750@DEFAULT_EVERY type=int",
                "Q_MODE default=a type=enum(a|b)",
                "Q_TOKEN required=false type=string",
                "Q_URL required=true type=url",
                "Q_TLS default=false type=bool",
                "Q_LIST default=x type=string",
            ],
        ),
        // `safeParse(...).data`, through a helper that drops empty strings, and `.catch`.
        (
            "import { z } from \"zod\";\nconst parsed = z.object({ Q_N: z.coerce.number().catch(3) }).safeParse(dropEmpty(process.env));\nexport const env = parsed.data;\nexport const n = env.Q_N;",
            &["Q_N default=3 type=number", "Q_N"],
        ),
        // A schema whose last transform returns another env object parses into that one.
        (
            "import { z } from \"zod\";\nimport { createEnv } from \"@t3-oss/env-core\";\nconst parsedEnv = createEnv({ server: { Q_A: z.string().optional() }, runtimeEnv: { Q_A: process.env.Q_A } });\nexport const env = z.object({ Q_B: z.string().optional() }).superRefine(check).transform(() => parsedEnv).parse(parsedEnv);\nexport const a = env.Q_A || \"fallback\";",
            &[
                "Q_A required=false type=string",
                "Q_A",
                "Q_A default=fallback",
            ],
        ),
        // A member read under a declaration with no default states the code's fallback.
        (
            "import { z } from \"zod\";\nconst env = z.object({ Q_PORT: z.coerce.number().optional(), Q_HOST: z.string().default(\"db\") }).parse(process.env);\nexport const port = env.Q_PORT || 7000;\nexport const host = env.Q_HOST || \"other\";",
            &[
                "Q_PORT required=false type=number",
                "Q_HOST default=db type=string",
                "Q_PORT default=7000",
                "Q_HOST",
            ],
        ),
        // t3-env: the schema's default, and the runtimeEnv entry a plain read.
        (
            "import { createEnv } from \"@t3-oss/env-core\";\nimport { z } from \"zod\";\nexport const env = createEnv({\n  server: { Q_BETA: z.enum([\"yes\", \"no\"]).default(\"no\") },\n  runtimeEnv: { Q_BETA: process.env.Q_BETA },\n});",
            &["Q_BETA default=no type=bool", "Q_BETA"],
        ),
        // envalid: `devDefault` is not the default; no default is required.
        (
            "import { cleanEnv, port, bool, str } from \"envalid\";\nexport const env = cleanEnv(process.env, {\n  Q_PORT: port({ default: 3000, devDefault: 3001 }),\n  Q_DEBUG: bool({ default: false }),\n  Q_MODE: str({ choices: [\"a\", \"b\"], default: \"a\" }),\n  Q_KEY: str(),\n});",
            &[
                "Q_PORT default=3000 type=port",
                "Q_DEBUG default=false type=bool",
                "Q_MODE default=a type=enum(a|b)",
                "Q_KEY required=true type=string",
            ],
        ),
        // convict: read through `get("path")`.
        (
            "import convict from \"convict\";\nconst config = convict({ server: { port: { format: \"port\", default: 8080, env: \"Q_PORT\" } } });\nexport const p = config.get(\"server.port\");",
            &["Q_PORT default=8080 type=port", "Q_PORT(server.port)"],
        ),
        // Decorated config classes: the initializer, a constant, a list, a schema's values.
        (
            "import { Config, Env } from \"./decorators\";\nimport { z } from \"zod\";\nconst RETRIES = 4;\n@Config\nclass Mailer {\n  /** How often. */\n  @Env(\"Q_RETRIES\") retries: number = RETRIES;\n  @Env(\"Q_TLS\", z.enum([\"off\", \"on\"])) tls = \"off\";\n  @Env(\"Q_ROLES\") roles: string[] = [\"web\", \"jobs\"];\n  @Env(\"Q_SAVE\") save: \"all\" | \"none\" = \"all\";\n  @Env(\"Q_NAME\") name: string;\n  @Env(\"lower\") ignored = 1;\n}",
            &[
                "Q_RETRIES default=4@RETRIES type=number",
                "Q_TLS default=off type=bool",
                "Q_ROLES default=web,jobs@[\"web\", \"jobs\"]",
                "Q_SAVE default=all type=enum(all|none)",
                "Q_NAME",
            ],
        ),
        // A class-validator DTO made from the environment, read elsewhere in the module.
        (
            "import { plainToInstance, Type } from \"class-transformer\";\nimport { IsInt, IsOptional, IsString } from \"class-validator\";\nenum Tier { Free = \"free\", Pro = \"pro\" }\nclass Settings {\n  @IsInt() @IsOptional() @Type(() => Number) Q_QUEUE_PORT?: number;\n  @IsString() @IsOptional() Q_TIER?: string;\n  @IsString() Q_NAME: string;\n  @IsString() @IsOptional() Q_NO_COLOR?: string;\n}\nconst dto = plainToInstance(Settings, process.env);\nexport const port = dto.Q_QUEUE_PORT || 7000;\nexport const tier = dto.Q_TIER || Tier.Free;\nexport const noColor = !!dto.Q_NO_COLOR;",
            &[
                "Q_QUEUE_PORT required=false type=int",
                "Q_TIER required=false",
                "Q_NAME required=true",
                "Q_NO_COLOR required=false",
                "Q_QUEUE_PORT default=7000",
                "Q_TIER default=free@Tier.Free",
                "Q_NO_COLOR reading=false[11110]",
            ],
        ),
        // Getters: a default argument, `??` after it, an options object (no default).
        (
            "export const a = config.get(\"Q_A\", 5);\nexport const b = configService.get<number>(\"Q_B\") ?? 6;\nexport const c = configService.get(\"Q_C\", { infer: true });\nexport const d = configService.getOrThrow(\"Q_D\");\nexport const e = cache.get(\"lowercase\", 1);",
            &["Q_A default=5", "Q_B default=6", "Q_C", "Q_D"],
        ),
    ];
    assert_cases(cases);
}

#[test]
fn plain_reads_in_the_shapes_projects_write_them() {
    let cases: &[(&str, &[&str])] = &[
        // A module constant derived from a read, only tested inside a handler.
        (
            "const ENABLED = process.env.Q_ON !== \"0\";\nexport function handle(): number | null {\n  if (!ENABLED) return null;\n  return 1;\n}",
            &["Q_ON reading=true[11101] test=0"],
        ),
        // A transform over the whole fallback: the default is what stands in, not `LIVE`.
        (
            "export const mode = (process.env.Q_MODE || \"live\").toUpperCase();",
            &["Q_MODE default=live"],
        ),
        // A flag whose default is another flag's.
        (
            "const all = process.env.Q_ALL === \"true\";\nexport const b = process.env.Q_B == null ? all : process.env.Q_B === \"true\";",
            &[
                "Q_ALL reading=false[10000] test=true",
                "Q_B reading=false[10000]",
                "Q_B test=true",
            ],
        ),
        // A default handed to a helper, a list of them.
        (
            "function pick(value: string | undefined, fallback: string[]): string[] {\n  return value ? value.split(\",\") : fallback;\n}\nexport const roles = pick(process.env.Q_ROLES, [\"web\", \"jobs\"]);",
            &["Q_ROLES default=web,jobs@[\"web\", \"jobs\"]"],
        ),
        (
            "const asSet = (value: string | undefined, defaults: string[]) => {\n  const values = (value || \"\").split(\",\").filter(Boolean);\n  return new Set(values.length === 0 ? defaults : values);\n};\nexport const workers = asSet(process.env.Q_WORKERS, [\"api\", \"jobs\"]);",
            &["Q_WORKERS"],
        ),
    ];
    assert_cases(cases);
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
        // The code states that there is no default.
        ("process.env.Q_A ?? null", &["Q_A default="]),
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
        (
            "process.env.Q_A === \"1\"",
            &["Q_A reading=false[00100] test=1"],
        ),
        (
            "process.env.Q_A !== \"0\"",
            &["Q_A reading=true[11101] test=0"],
        ),
        // On when the flag is off: the flag's own reading is the opposite.
        (
            "process.env.Q_A !== \"1\"",
            &["Q_A reading=false[00100] test=1"],
        ),
        (
            "\"true\" === process.env.Q_A?.toLowerCase()",
            &["Q_A reading=false[10000] test=true"],
        ),
        (
            "(process.env.Q_A ?? \"true\") !== \"false\"",
            &["Q_A reading=true[10111] test=false"],
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
    assert_cases(cases);
}

#[test]
fn dynamic_keys_are_counted_not_guessed() {
    let r = ts::reads(
        "x.ts",
        "const k = \"Q_A\"; process.env[k]; process.env[`Q_${k}`];",
        &crate::schema::Words::default(),
    );
    assert!(r.reads.is_empty());
    assert_eq!(r.dynamic.len(), 2);
}

#[test]
fn dialects_by_extension() {
    let jsx = "const a = <div>{process.env.Q_A ?? \"d\"}</div>;";
    assert_eq!(
        summarize(
            jsx,
            &ts::reads("x.jsx", jsx, &crate::schema::Words::default())
        ),
        vec!["Q_A default=d"]
    );
    let tsx = "const a = (x: number): JSX.Element => <b>{process.env.Q_A as string}</b>;";
    assert_eq!(
        summarize(
            tsx,
            &ts::reads("x.tsx", tsx, &crate::schema::Words::default())
        ),
        vec!["Q_A"]
    );
    let cjs = "module.exports = { port: Number(process.env.Q_A) || 1 };";
    assert_eq!(
        summarize(
            cjs,
            &ts::reads("x.cjs", cjs, &crate::schema::Words::default())
        ),
        vec!["Q_A default=1 numeric=Number(...)"]
    );
}

#[test]
fn a_broken_file_reports_where_it_broke() {
    let r = ts::reads(
        "x.ts",
        "const a = process.env.Q_A ?? \"d\";\nfunction (\n",
        &crate::schema::Words::default(),
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
        for r in [ts::reads("x.ts", &text, &crate::schema::Words::with_accessors(&["env"])), rust::reads(&text)] {
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
    let r = ts::reads("x.tsx", &code, &crate::schema::Words::default());
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
    assert!(
        ts::reads("x.tsx", &jsx, &crate::schema::Words::default())
            .error
            .is_some()
    );
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
    assert!(
        ts::reads("x.ts", &code, &crate::schema::Words::default())
            .error
            .is_some()
    );
    // JavaScript has no type arguments: the parser does not speculate there.
    let code = nested_type_arguments(14, "");
    assert!(
        !ts::reads("x.js", &code, &crate::schema::Words::default())
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

#[test]
fn the_default_the_code_computes() {
    let cases: &[(&str, &[&str])] = &[
        // A read bound to a local, then judged.
        (
            "const DEFAULT_RATE = 0.05;\nexport function sampleRate(): number {\n  const raw = process.env.Q_RATE;\n  if (!raw) return 0.05;\n  const n = Number(raw);\n  if (!Number.isFinite(n)) return DEFAULT_RATE;\n  return n;\n}",
            &["Q_RATE default=0.05 numeric=Number(...)"],
        ),
        (
            "function ef() {\n  const raw = process.env.Q_EF;\n  if (raw === undefined || raw === \"\") return 100;\n  return Number.parseInt(raw, 10);\n}",
            &["Q_EF default=100 numeric=parseInt(...) test="],
        ),
        // Named constants: a module constant, a template of constants, an object's property.
        (
            "const DEFAULT_TIMEOUT_MS = 30_000;\nexport const timeoutMs = Number(process.env.Q_T) || DEFAULT_TIMEOUT_MS;",
            &["Q_T default=30000@DEFAULT_TIMEOUT_MS numeric=Number(...)"],
        ),
        (
            "const HOST = \"127.0.0.1\";\nconst PORT = 8080;\nexport const baseUrl = process.env.Q_URL ?? `http://${HOST}:${PORT}`;",
            &["Q_URL default=http://127.0.0.1:8080@`http://${HOST}:${PORT}`"],
        ),
        (
            "const DEFAULTS = { costWins: true, weight: 0.3 } as const;\nexport const weight = Number(process.env.Q_W ?? DEFAULTS.weight);",
            &["Q_W default=0.3@DEFAULTS.weight numeric=Number(...)"],
        ),
        // `typeof` guards and ternaries.
        (
            "export const host = typeof process.env.Q_H === \"string\" ? process.env.Q_H.trim() : \"\";",
            &["Q_H default=", "Q_H"],
        ),
        (
            "export function baseUrl(setting?: string) {\n  const fromEnv = process.env.Q_B ? process.env.Q_B.trim() : undefined;\n  return setting ?? fromEnv ?? \"http://bifrost:8080\";\n}",
            &["Q_B default=http://bifrost:8080", "Q_B"],
        ),
        // A conversion whose failure falls back two lines later: not the `""` it is fed.
        (
            "export function timeout(env: Record<string, string | undefined>) {\n  const t = Number.parseInt(env.Q_T || \"\", 10);\n  const timeoutMs = Number.isFinite(t) && t > 0 ? t : 30000;\n  return { timeoutMs };\n}",
            &["Q_T default=30000 numeric=parseInt(...)"],
        ),
        (
            "const raw = process.env.Q_P;\nexport const port = Math.round(Number(raw) || 6333);",
            &["Q_P default=6333 numeric=Number(...)"],
        ),
        // Booleans by comparison: a reading for each spelling.
        (
            "export const enabled = process.env.Q_ON !== \"0\";",
            &["Q_ON reading=true[11101] test=0"],
        ),
        (
            "export function enabled(): boolean {\n  const raw = process.env.Q_ON;\n  if (!raw) return false;\n  return raw === \"true\" || raw === \"1\";\n}",
            &["Q_ON reading=false[10100] test=1 test=true"],
        ),
        // A helper called with the name.
        (
            "function flag(name: string, fallback: boolean): boolean {\n  const v = process.env[name];\n  if (v === undefined || v === \"\") return fallback;\n  return v === \"1\" || v.toLowerCase() === \"true\";\n}\nexport const streaming = flag(\"Q_STREAM\", true);\nexport const verbose = flag(\"Q_VERBOSE\", false);",
            &[
                "Q_STREAM reading=true[10101]",
                "Q_VERBOSE reading=false[10100]",
            ],
        ),
        // Nothing is stated for a value that only passes through, or that unknown code decides.
        ("export const host = process.env.Q_H;", &["Q_H"]),
        (
            "export const port = Number(process.env.Q_P);",
            &["Q_P numeric=Number(...)"],
        ),
        (
            "export const port = lookup(process.env.Q_P) ?? 6333;",
            &["Q_P"],
        ),
        // A local assigned after its declaration, read after the assignments.
        (
            "const FALLBACK_PORT = 6334;\nexport function port(): number {\n  const rawPort = process.env.Q_PORT;\n  let port = FALLBACK_PORT;\n  if (rawPort && /^\\d+$/.test(rawPort)) {\n    port = Number(rawPort);\n  }\n  return port;\n}",
            &["Q_PORT default=6334@FALLBACK_PORT numeric=Number(...)"],
        ),
        (
            "export function timeout(): number {\n  let t = 5000;\n  const raw = process.env.Q_T?.trim();\n  if (raw) {\n    const n = Number.parseInt(raw, 10);\n    if (n > 0) t = n;\n  }\n  return t;\n}",
            &["Q_T default=5000 numeric=parseInt(...)"],
        ),
        // Assigned where the evaluator cannot follow: no default.
        (
            "export function timeout(): number {\n  let t = 5000;\n  const raw = process.env.Q_T;\n  for (const s of sources) if (s) t = Number(raw);\n  return t;\n}",
            &["Q_T numeric=Number(...)"],
        ),
        // A parameter every call of its function gives `process.env`.
        (
            "function settings(source: Record<string, string | undefined>) {\n  return { timeout: Number(source.Q_T) || 30000 };\n}\nexport const relay = settings(process.env);",
            &["Q_T default=30000 numeric=Number(...)"],
        ),
        (
            "export function settings(source: Record<string, string | undefined>) {\n  return source.Q_T ?? \"1\";\n}",
            &[],
        ),
        (
            "function settings(source: Record<string, string | undefined>) {\n  return source.Q_T ?? \"1\";\n}\nexport const a = settings(process.env);\nexport const b = settings({});",
            &[],
        ),
    ];
    assert_cases(cases);
}

#[test]
fn the_default_a_choice_or_a_switch_computes() {
    let cases: &[(&str, &[&str])] = &[
        // A switch on the read whose every case returns, with a default.
        (
            "export function logLevel(): string {\n  switch (process.env.Q_LEVEL) {\n    case \"debug\":\n      return \"debug\";\n    default:\n      return \"info\";\n  }\n}",
            &["Q_LEVEL default=info"],
        ),
        // A value the variable only chooses is no default of it: set to `amazon` it is `k`.
        (
            "export const key = process.env.Q_ENGINE === \"amazon\" ? \"k\" : \"q\";",
            &["Q_ENGINE test=amazon"],
        ),
        (
            "export const mode = process.env.Q_MODE === \"prod\" ? \"prod\" : \"dev\";",
            &["Q_MODE default=dev test=prod"],
        ),
        // A test of a number is a reading (of no use for a number: rules read it for bools).
        (
            "export const big = Number(process.env.Q_N) > 100;",
            &["Q_N numeric=Number(...) reading=false[00000]"],
        ),
    ];
    assert_cases(cases);
}

/// Every TypeScript case gives exactly what it expects; the failures are listed together.
fn assert_cases(cases: &[(&str, &[&str])]) {
    assert_read_as(cases, ts);
}

/// Every case read by `read` gives exactly what it expects; the failures are listed together.
pub(in crate::surfaces::code) fn assert_read_as(
    cases: &[(&str, &[&str])],
    read: fn(&str) -> Vec<String>,
) {
    let bad: Vec<String> = cases
        .iter()
        .filter(|(code, want)| read(code) != *want)
        .map(|(code, _)| format!("{code:?}\n  => {:?}", read(code)))
        .collect();
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn rust_computes_defaults_too() {
    let cases: &[(&str, &[&str])] = &[
        // A read bound to a local, then matched.
        (
            "fn port() -> u16 {\n    let raw = std::env::var(\"Q_P\");\n    match raw {\n        Ok(v) => v.parse().unwrap_or(6333),\n        Err(_) => 6333,\n    }\n}",
            &["Q_P default=6333"],
        ),
        (
            "fn host() -> String {\n    if let Ok(h) = env::var(\"Q_H\") { h } else { \"qdrant\".to_owned() }\n}",
            &["Q_H default=qdrant"],
        ),
        // A constant of the file.
        (
            "const DEFAULT_PORT: u16 = 6333;\nfn port() -> u16 {\n    env::var(\"Q_P\").ok().and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_PORT)\n}",
            &["Q_P default=6333@DEFAULT_PORT"],
        ),
        (
            "const DEFAULT_TIMEOUT_MS: u64 = 30_000;\nstruct S { t: u64 }\nfn s() -> S {\n    let t = env::var(\"Q_T\").ok().and_then(|v| v.parse::<u64>().ok()).unwrap_or(DEFAULT_TIMEOUT_MS);\n    S { t }\n}",
            &["Q_T default=30000@DEFAULT_TIMEOUT_MS numeric=`.parse::<number>()`"],
        ),
        // Booleans: a reading.
        (
            "fn on() -> bool {\n    env::var(\"Q_ON\").map(|v| v != \"0\").unwrap_or(true)\n}",
            &["Q_ON reading=true[11101]"],
        ),
        (
            "fn on() -> bool {\n    matches!(env::var(\"Q_ON\").as_deref(), Ok(\"1\" | \"true\"))\n}",
            &["Q_ON reading=false[10100]"],
        ),
        (
            "fn on() -> bool {\n    match std::env::var(\"Q_ON\") {\n        Ok(v) => v.eq_ignore_ascii_case(\"true\") || v == \"1\",\n        Err(_) => false,\n    }\n}",
            &["Q_ON reading=false[10100]"],
        ),
        // What the evaluator cannot know says nothing.
        (
            "fn f() -> String { lookup(env::var(\"Q_X\").ok()) }",
            &["Q_X"],
        ),
        ("fn f() -> String { env::var(\"Q_X\").unwrap() }", &["Q_X"]),
    ];
    assert_read_as(cases, rs);
}

#[test]
fn files_are_read_whole_up_to_the_size_limit() {
    /// A reader that hands out at most `chunk` bytes per call.
    struct Trickle<'b> {
        bytes: &'b [u8],
        chunk: usize,
    }
    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let n = self.bytes.len().min(self.chunk).min(out.len());
            out[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }
    let data: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    for (len, max, start, chunk, whole) in [
        (0, 10, 16, 7, true),
        (10, 10, 16, 3, true),
        (11, 10, 16, 3, false),
        (100_000, 150_000, 4096, 65_536, true),
        (150_001, 150_000, 4096, 65_536, false),
        (5_000, 4_999, 1 << 16, 1 << 20, false),
        (5_000, 5_000, 1 << 16, 1 << 20, true),
    ] {
        let mut buf = vec![0; start];
        let mut r = Trickle {
            bytes: &data[..len],
            chunk,
        };
        let got = read_capped(&mut r, &mut buf, max).unwrap();
        if whole {
            assert_eq!(got, Some(len), "{len} bytes, max {max}");
            assert_eq!(&buf[..len], &data[..len]);
        } else {
            assert_eq!(got, None, "{len} bytes, max {max}");
        }
        // Never more than one byte past the limit is read.
        assert!(len == 0 || r.bytes.len() >= len.saturating_sub(max as usize + 1));
    }
}

/// Top-level pieces of configuration modules: reads in the shapes the evaluator follows,
/// the constants and helpers they use, code that changes or passes on what they read,
/// and code that has nothing to do with them.
const PIECES: &[&str] = &[
    "const DEFAULT_PORT = 6333;\n",
    "const DEFAULTS = { host: \"127.0.0.1\", port: 8080 } as const;\n",
    "let port = Number(process.env.Q_PORT ?? DEFAULT_PORT);\n",
    "export function reset(): void {\n  port = 1;\n}\n",
    "export function getPort() {\n  return port;\n}\n",
    "export const host = process.env.Q_HOST ?? DEFAULTS.host;\n",
    "function flag(name: string, fallback: boolean): boolean {\n  const v = process.env[name];\n  if (v === undefined || v === \"\") return fallback;\n  return v !== \"false\";\n}\n",
    "export const streaming = flag(\"Q_STREAM\", true);\n",
    "export function timeout(): number {\n  const raw = process.env.Q_TIMEOUT;\n  const n = Number.parseInt(raw || \"\", 10);\n  return Number.isFinite(n) && n > 0 ? n : 30000;\n}\n",
    "export const url = `http://${DEFAULTS.host}:${DEFAULTS.port}`;\n",
    "export const fromEnv = typeof process.env.Q_URL === \"string\" ? process.env.Q_URL.trim() : undefined;\n",
    "export const resolved = fromEnv ?? url;\n",
    "const { Q_KEY: key = \"none\" } = process.env;\n",
    "export class Client {\n  timeout = timeout();\n  static create() {\n    return new Client();\n  }\n}\n",
    "export function join(input: Record<string, unknown>): string {\n  return Object.entries(input).map(([k, v]) => `${k}=${String(v)}`).join(\"&\");\n}\n",
    "const pattern = /[`'\"]+\\/\\*/g;\nexport const half = (a: number) => a / 2;\n",
    "/* export const x = process.env.Q_HIDDEN; */\n",
    "export type Options = { retries: number; base: string };\n",
    "export interface Settings {\n  port: number;\n}\n",
    "export { join as joinEntries };\n",
    "import { z } from \"zod\";\n",
    "import type { Thing } from \"./thing\";\n",
    "if (typeof window === \"undefined\") {\n  DEFAULTS;\n}\n",
    "export default { port, host };\n",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    /// A scan's sliced parse gives exactly the reads of the whole file's parse.
    #[test]
    fn a_sliced_parse_reads_what_the_whole_file_does(
        picks in proptest::collection::vec(0..PIECES.len(), 1..14)
    ) {
        let code = module_of(PIECES, picks);
        let accessors = crate::schema::Words::with_accessors(&["env"]);
        let whole = ts::reads("x.ts", &code, &accessors);
        prop_assume!(whole.error.is_none());
        let keep = [memchr::memmem::Finder::new("Q_")];
        let sliced = ts::reads_sliced("x.ts", &code, &accessors, &ts::NoModules, &keep);
        prop_assert_eq!(format!("{sliced:?}"), format!("{whole:?}"), "{}", code);
    }
}

/// The module made of the picked pieces, each once, in the order first picked.
pub(in crate::surfaces::code) fn module_of(pieces: &[&str], picks: Vec<usize>) -> String {
    let mut seen = Vec::new();
    picks
        .into_iter()
        .filter(|p| {
            let fresh = !seen.contains(p);
            seen.push(*p);
            fresh
        })
        .map(|p| pieces[p])
        .collect()
}

/// The files under `dir` with one of `extensions`, up to 2 MiB, that are UTF-8: the paths
/// and the texts of a corpus test.
pub(in crate::surfaces::code) fn corpus(
    dir: &str,
    extensions: &[&str],
) -> impl Iterator<Item = (std::path::PathBuf, String)> {
    ignore::WalkBuilder::new(dir)
        .standard_filters(false)
        .build()
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.file_type().is_some_and(|t| t.is_file()))
        .map(ignore::DirEntry::into_path)
        .filter(|path| {
            path.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.contains(&e))
        })
        .filter_map(|path| {
            let text = std::fs::read_to_string(&path).ok()?;
            (text.len() <= 2 << 20).then_some((path, text))
        })
}

/// Every `.ts`, `.mts` and `.cts` file under `$ENVLINT_TS_CORPUS` (say, packages installed
/// from npm), parsed whole and sliced around its mentions of `NODE_ENV` and `Error`: the
/// same reads, or no slice at all. Prints how many files were sliced and how many cuts the
/// parser did not confirm.
#[test]
#[ignore = "needs a corpus: ENVLINT_TS_CORPUS=DIR cargo test --release --lib -- --ignored"]
fn a_corpus_reads_the_same_sliced() {
    let dir = std::env::var("ENVLINT_TS_CORPUS").expect("ENVLINT_TS_CORPUS names a directory");
    let keep = [
        memchr::memmem::Finder::new("NODE_ENV"),
        memchr::memmem::Finder::new("Error"),
    ];
    let (mut files, mut sliced, mut reading) = (0, 0, 0);
    let (mut refused, mut differ) = (Vec::new(), Vec::new());
    for (path, text) in corpus(&dir, &["ts", "mts", "cts"]) {
        let name = path.to_string_lossy();
        let whole = ts::reads(&name, &text, &crate::schema::Words::default());
        if whole.error.is_some() {
            continue;
        }
        files += 1;
        reading += usize::from(!whole.reads.is_empty() || !whole.dynamic.is_empty());
        let holds = ts::slice_holds(&name, &text, &keep);
        sliced += usize::from(holds == Some(true));
        if holds == Some(false) {
            refused.push(name.to_string());
        }
        let cut = ts::reads_sliced(
            &name,
            &text,
            &crate::schema::Words::default(),
            &ts::NoModules,
            &keep,
        );
        if format!("{cut:?}") != format!("{whole:?}") {
            differ.push(name.into_owned());
        }
    }
    println!(
        "{files} files ({reading} reading the environment), {sliced} parsed sliced, {} cut \
         where the parser did not confirm it: {refused:#?}",
        refused.len()
    );
    assert!(differ.is_empty(), "read differently sliced: {differ:#?}");
}
