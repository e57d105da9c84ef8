//! `envlint init`: a schema from the project's own files, under which `check` reports
//! exactly the disagreements it annotates.

mod common;

use std::fmt::Write as _;
use std::path::Path;

use common::{Tree, envlint};

fn init(root: &Path, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["init", "--root", root.to_str().unwrap()];
    all.extend(args);
    let out = envlint(&all);
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// (rule, variable, file) of every finding of `check` in `root`.
fn check(root: &Path) -> Vec<(String, String, String)> {
    let out = envlint(&[
        "check",
        "--format",
        "json",
        "--root",
        root.to_str().unwrap(),
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    common::findings(&json)
        .into_iter()
        .map(|(rule, var, file, _)| (rule, var, file))
        .collect()
}

/// (rule, variable) of every `# check:` note of a schema `init` wrote: above a variable, or
/// in the header (no variable).
fn annotated(schema: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut pending: Vec<String> = Vec::new();
    let mut in_header = true;
    for line in schema.lines() {
        if let Some(note) = line.strip_prefix("# check: ") {
            let rule = note
                .rsplit_once('(')
                .map(|(_, r)| r.trim_end_matches(')').to_owned())
                .unwrap_or_default();
            if in_header {
                out.push((rule, String::new()));
            } else {
                pending.push(rule);
            }
        } else if line.starts_with("version = ") {
            in_header = false;
        } else if let Some(name) = line.strip_prefix("name = ") {
            let name = name.trim_matches('"').to_owned();
            out.extend(pending.drain(..).map(|r| (r, name.clone())));
        }
    }
    out.sort();
    out
}

/// (rule, variable) of every finding of `check` in `root`, sorted.
fn reported(root: &Path) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> =
        check(root).into_iter().map(|(r, v, _)| (r, v)).collect();
    found.sort();
    found
}

#[test]
fn init_on_the_bundled_example_writes_a_schema_under_which_check_is_clean() {
    let tree = Tree::omniroute();
    let (code, schema, err) = init(&tree.root, &["--prefix", "QDRANT_", "--prefix", "BIFROST_"]);
    assert_eq!(code, 0, "{err}");
    envlint::schema::Schema::parse("envlint.toml", &schema).expect("a valid schema");
    assert!(
        schema.contains("prefixes = [\"QDRANT_\", \"BIFROST_\"]"),
        "{schema}"
    );
    assert!(
        schema.contains("exclude = [\"QDRANT__*\"]"),
        "Qdrant's own settings: {schema}"
    );
    for name in [
        "QDRANT_HOST",
        "QDRANT_PORT",
        "BIFROST_BASE_URL",
        "BIFROST_TIMEOUT_MS",
    ] {
        assert!(schema.contains(&format!("name = \"{name}\"")), "{name}");
    }
    assert!(!schema.contains("name = \"REDIS_URL\""), "--prefix filters");
    tree.write("envlint.toml", &schema);
    assert_eq!(check(&tree.root), vec![]);
    // `--output` writes it, and refuses to overwrite without `--force`.
    let out = tree.root.join("envlint.toml");
    let (code, _, err) = init(&tree.root, &["--output", out.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("pass --force"), "{err}");
    let (code, said, _) = init(&tree.root, &["--output", out.to_str().unwrap(), "--force"]);
    assert_eq!(code, 0);
    assert!(said.contains("wrote"), "{said}");
    let written = tree.read("envlint.toml");
    assert!(
        written.contains("name = \"REDIS_URL\""),
        "a documented name is declared without --prefix"
    );
    // Without --prefix, the first check reports exactly what the comments say.
    assert_eq!(reported(&tree.root), annotated(&written), "{written}");
}

/// Writes the repository of the test below and returns its `.env.example`.
fn write_large_repository(root: &Path) -> String {
    let mut docs = String::from("# Environment reference\n\nIntro.\n");
    let mut env = String::from("# Copy to .env.\n\n");
    let mut compose = String::from(
        "services:\n  app:\n    image: example/app:1.0\n    env_file: .env\n    environment:\n",
    );
    let mut code = String::from("// Settings.\nexport const settings = {\n");
    for section in 1..=26 {
        let _ = write!(
            docs,
            "\n## {section}. Section {section}\n\n| Variable | Default | Source File | Description |\n| --- | --- | --- | --- |\n"
        );
        let _ = writeln!(env, "# ── {section}. Section {section} ──");
        for i in 0..20 {
            let n = (section - 1) * 20 + i;
            if n >= 500 {
                break;
            }
            let name = format!("APP{section}_SETTING_{i}");
            let (default, shown) = match n % 4 {
                0 => (format!("{}", 1000 + n), format!("`{}`", 1000 + n)),
                1 => ("true".to_owned(), "`true`".to_owned()),
                2 => (
                    format!("http://svc{n}:8080"),
                    format!("`http://svc{n}:8080`"),
                ),
                _ => (format!("mode{n}"), format!("`mode{n}`")),
            };
            // Two planted disagreements with the code's default in the docs; a third value
            // in the example file, which the schema keeps as the example.
            let docs_default = if n == 7 || n == 321 {
                "`other`".to_owned()
            } else {
                shown
            };
            let _ = writeln!(
                docs,
                "| `{name}` | {docs_default} | `src/config.ts` | Setting {i} of section {section}. |"
            );
            let env_value = if n == 42 {
                "1".to_owned()
            } else {
                default.clone()
            };
            let _ = write!(
                env,
                "# Setting {i} of section {section}.\n# Read at start-up by src/config.ts.\n# {name}={env_value}\n\n"
            );
            if n % 50 == 0 {
                let _ = writeln!(compose, "      {name}: ${{{name}:-{default}}}");
            }
            let _ = writeln!(code, "  s{n}: process.env.{name} ?? \"{default}\",");
        }
    }
    code.push_str("};\n");
    std::fs::create_dir_all(root.join("docs")).unwrap();
    std::fs::create_dir_all(root.join("src")).unwrap();
    std::fs::write(root.join("docs/ENVIRONMENT.md"), &docs).unwrap();
    std::fs::write(root.join(".env.example"), &env).unwrap();
    std::fs::write(root.join("docker-compose.yml"), &compose).unwrap();
    std::fs::write(root.join("src/config.ts"), &code).unwrap();
    env
}

/// A deployment of 500 variables over 26 numbered sections, a 2,000-line `.env.example`
/// and a compose file, with three disagreements planted: `init` declares them all, and
/// the first `check` reports exactly the three.
#[test]
fn init_on_a_large_repository_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let env = write_large_repository(root);
    assert!(env.lines().count() >= 2000, "{}", env.lines().count());

    let (code_, schema, err) = init(root, &[]);
    assert_eq!(code_, 0, "{err}");
    let parsed = envlint::schema::Schema::parse("envlint.toml", &schema).expect("valid");
    assert_eq!(parsed.variables.len(), 500);
    assert_eq!(parsed.get("APP1_SETTING_0").unwrap().ty.name(), "int");
    assert_eq!(parsed.get("APP1_SETTING_1").unwrap().ty.name(), "bool");
    assert_eq!(parsed.get("APP1_SETTING_2").unwrap().ty.name(), "url");
    assert_eq!(
        parsed.get("APP26_SETTING_19").map(|v| v.section.as_deref()),
        None,
        "500 only"
    );
    assert_eq!(
        parsed.get("APP17_SETTING_0").unwrap().section.as_deref(),
        Some("17.")
    );
    assert_eq!(
        schema.matches("(default-mismatch)").count() + schema.matches("(type-mismatch)").count(),
        2,
        "{schema}"
    );
    std::fs::write(root.join("envlint.toml"), &schema).unwrap();
    let mut found = check(root);
    found.sort();
    let planted = |var: &str| {
        (
            "default-mismatch".to_owned(),
            var.to_owned(),
            "docs/ENVIRONMENT.md".to_owned(),
        )
    };
    // `other` for APP17_SETTING_1 is not a bool's word: its values are not all bools, so
    // its type is a string and `other` differs from the code's `true`.
    assert_eq!(
        found,
        vec![planted("APP17_SETTING_1"), planted("APP1_SETTING_7")]
    );
    assert_eq!(reported(root), annotated(&schema));
    // `--prefix` keeps only those names.
    let (_, only, _) = init(root, &["--prefix", "APP3_"]);
    let only = envlint::schema::Schema::parse("envlint.toml", &only).unwrap();
    assert_eq!(only.variables.len(), 20);
}

#[test]
fn a_root_without_a_schema_or_the_bundled_files_gets_the_init_hint() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("README.md"), "# A project\n").unwrap();
    let out = envlint(&["--root", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("no envlint.toml in") && err.contains("run `envlint init`"),
        "{err}"
    );
    // A project like nearly every one, with an example file and a compose file (the
    // bundled example's names) but not the rest: the hint, not another deployment's
    // findings.
    std::fs::write(dir.path().join(".env.example"), "PORT=3000\n").unwrap();
    std::fs::write(
        dir.path().join("docker-compose.yml"),
        "services:\n  app:\n    image: app\n",
    )
    .unwrap();
    for args in [&[][..], &["check"]] {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--root", dir.path().to_str().unwrap()]);
        let out = envlint(&all);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains("run `envlint init`"), "{err}");
    }
}

/// `init` reads what the other commands read and leaves out a file they refuse: it
/// never exits 2 over one, and never writes a schema naming it.
#[test]
fn a_file_no_reader_takes_is_left_out() {
    let tree = Tree::omniroute();
    tree.write("docker-compose.yml", "services:\n  a: [\n");
    let (code, schema, err) = init(&tree.root, &["--prefix", "QDRANT_", "--prefix", "BIFROST_"]);
    assert_eq!(code, 0, "{err}");
    assert!(!schema.contains("[surfaces.compose]"), "{schema}");
    tree.write("envlint.toml", &schema);
    assert_eq!(reported(&tree.root), annotated(&schema), "{schema}");
}

/// Projects that declare their environment once: `init` takes each variable's default,
/// type and requirement from the declaration, and the first `check` is clean.
#[test]
fn init_takes_defaults_and_types_from_declarations() {
    for fixture in ["monorepo", "config-class", "dto"] {
        let tree = Tree::copy_of(&format!("fixtures/{fixture}"));
        std::fs::remove_file(tree.root.join("envlint.toml")).unwrap();
        let (code, schema, err) = init(&tree.root, &[]);
        assert_eq!(code, 0, "{fixture}: {err}");
        let parsed = envlint::schema::Schema::parse("envlint.toml", &schema).expect("valid");
        let port = parsed.get("QDRANT_PORT").expect("declared");
        assert_eq!(port.default.as_deref(), Some("6333"), "{fixture}: {schema}");
        assert_eq!(port.ty.name(), "port", "{fixture}");
        tree.write("envlint.toml", &schema);
        assert_eq!(
            reported(&tree.root),
            annotated(&schema),
            "{fixture}: {schema}"
        );
    }
    let tree = Tree::copy_of("fixtures/config-class");
    std::fs::remove_file(tree.root.join("envlint.toml")).unwrap();
    let (_, schema, _) = init(&tree.root, &[]);
    let parsed = envlint::schema::Schema::parse("envlint.toml", &schema).expect("valid");
    let level = parsed.get("BIFROST_LOG_LEVEL").expect("declared");
    assert_eq!(level.ty.name(), "enum");
    assert_eq!(level.values, ["debug", "info", "warn", "error"]);
    assert_eq!(
        parsed.get("BIFROST_PROVIDERS").unwrap().default.as_deref(),
        Some("openai,anthropic")
    );
    assert!(
        schema.contains("# default from src/config/memory.config.ts:12"),
        "{schema}"
    );
}

/// A decorator or getter envlint does not know, used three times or more with a variable's
/// name, is written into the schema, and the fields it decorates are read.
#[test]
fn init_declares_the_decorators_and_getters_it_sees_used() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |rel: &str, text: &str| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write(
        "src/settings.ts",
        "import { Setting } from \"./framework\";\n\nexport class MemorySettings {\n  @Setting(\"QDRANT_HOST\") host = \"qdrant\";\n  @Setting(\"QDRANT_PORT\") port = 6333;\n  @Setting(\"QDRANT_COLLECTION\") collection = \"memories\";\n}\n",
    );
    write(
        "src/relay.ts",
        "import { vars } from \"./framework\";\n\nexport const relay = {\n  url: vars.readVar(\"BIFROST_URL\", \"http://bifrost:8080\"),\n  timeout: Number(vars.readVar(\"BIFROST_TIMEOUT_MS\", \"30000\")),\n  model: vars.readVar(\"BIFROST_MODEL\", \"gpt-4o-mini\"),\n};\n",
    );
    write(
        "src/framework.ts",
        "// Fills decorated fields and answers `readVar` from the environment.\nexport function Setting(name: string) {\n  return (target: Record<string, unknown>, key: string) => {\n    const value = process.env[name];\n    if (value !== undefined) target[key] = value;\n  };\n}\n\nexport const vars = {\n  readVar(name: string, fallback: string): string {\n    return process.env[name] ?? fallback;\n  },\n};\n",
    );
    write(
        ".env.example",
        "# QDRANT_HOST=qdrant\n# QDRANT_PORT=6333\n# QDRANT_COLLECTION=memories\n# BIFROST_URL=http://bifrost:8080\n# BIFROST_TIMEOUT_MS=30000\n# BIFROST_MODEL=gpt-4o-mini\n",
    );
    let (code, schema, err) = init(root, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(schema.contains("decorators = [\"Setting\"]"), "{schema}");
    assert!(schema.contains("getters = [\"readVar\"]"), "{schema}");
    assert!(schema.contains("`Setting` (3 uses)"), "{schema}");
    assert!(
        schema.contains("# default from src/settings.ts:5"),
        "the field's initializer is the default: {schema}"
    );
    assert!(schema.contains("# default from src/relay.ts:5"), "{schema}");
    std::fs::write(root.join("envlint.toml"), &schema).unwrap();
    assert_eq!(reported(root), annotated(&schema), "{schema}");
}

/// A Python service: `init` declares its variables with the settings classes' defaults,
/// types and descriptions and the `os.getenv` module's defaults, and the first `check`
/// reports exactly what it annotates.
#[test]
fn init_reads_a_python_service() {
    let tree = Tree::copy_of("fixtures/python-service");
    std::fs::remove_file(tree.root.join("envlint.toml")).unwrap();
    let (code, schema, err) = init(&tree.root, &[]);
    assert_eq!(code, 0, "{err}");
    let parsed = envlint::schema::Schema::parse("envlint.toml", &schema).expect("valid");
    let get = |n: &str| parsed.get(n).unwrap_or_else(|| panic!("{n}: {schema}"));
    assert_eq!(get("QDRANT_TIMEOUT").default.as_deref(), Some("20"));
    assert_eq!(get("QDRANT_TIMEOUT").ty.name(), "int");
    assert_eq!(get("QDRANT_GRPC_ENABLED").ty.name(), "bool");
    assert_eq!(get("QDRANT_GRPC_ENABLED").default.as_deref(), Some("false"));
    assert_eq!(
        get("WORKER_LOG_LEVEL").values,
        ["debug", "info", "warning", "error"]
    );
    assert_eq!(get("WORKER_RETENTION_DAYS").default.as_deref(), Some("30"));
    assert_eq!(get("WORKER_DEBUG").ty.name(), "bool");
    assert!(get("QDRANT_API_KEY").secret);
    assert!(
        schema.contains("# default from worker/config/qdrant.py:"),
        "{schema}"
    );
    tree.write("envlint.toml", &schema);
    assert_eq!(reported(&tree.root), annotated(&schema), "{schema}");
}

/// A first run on a deployment laid out as real ones are (compose and the production
/// example under `docker/`, a development example beside it, an MDX page with
/// `Required / Default`, footnotes, a two-name cell, `-` and `''` cells, a prose default and
/// a deprecated row, placeholder credentials, a public key, URLs, a TTL, a value compose
/// overrides for one service): the first `check` reports exactly what `init` annotates.
#[test]
fn init_on_a_first_run_shaped_like_real_deployments() {
    let tree = Tree::copy_of("fixtures/first-run");
    let (code, schema, err) = init(&tree.root, &[]);
    assert_eq!(code, 0, "{err}");
    let parsed = envlint::schema::Schema::parse("envlint.toml", &schema).expect("valid");
    let get = |n: &str| parsed.get(n).unwrap_or_else(|| panic!("{n}: {schema}"));
    // Files where projects keep them; the development example is not the deployment's.
    assert!(schema.contains("path = \"docker/example.env\""), "{schema}");
    assert!(
        schema.contains("path = \"docker/docker-compose.yml\""),
        "{schema}"
    );
    assert!(
        schema.contains("path = \"docs/environment.mdx\""),
        "{schema}"
    );
    assert!(
        schema.contains(".env.dev.example (a development or test example)"),
        "{schema}"
    );
    // Secrets: the credentials, on evidence; not a public key, a URL or a TTL.
    let secrets: Vec<&str> = parsed
        .variables
        .iter()
        .filter(|v| v.secret)
        .map(|v| v.name.as_str())
        .collect();
    assert_eq!(secrets, ["DB_PASSWORD", "AUTH_JWT_PRIVATE_KEY"], "{schema}");
    // Defaults from the code; none from a development example, a prose or footnoted cell.
    assert_eq!(get("BIFROST_TIMEOUT_MS").default.as_deref(), Some("30000"));
    assert_eq!(
        get("QDRANT_COLLECTION").default.as_deref(),
        Some("memories")
    );
    assert_eq!(get("SESSION_TTL_SECONDS").ty.name(), "int");
    assert_eq!(get("APP_URL").ty.name(), "url");
    assert_eq!(get("BIFROST_STREAMING_ENABLED").ty.name(), "bool");
    assert_eq!(
        get("WORKER_CONCURRENCY").default,
        None,
        "a prose cell is no default"
    );
    assert!(get("DB_PASSWORD").required, "the Required cell");
    // Both names of a two-name cell are declared; a deprecated row is no gap.
    assert!(parsed.get("DB_PASSWORD_FILE").is_some());
    tree.write("envlint.toml", &schema);
    assert_eq!(reported(&tree.root), annotated(&schema), "{schema}");
    assert_eq!(reported(&tree.root), vec![], "nothing drifted: {schema}");
}

/// No example file: the `.env` compose reads beside its file is the example.
#[test]
fn init_takes_the_committed_env_compose_reads() {
    let tree = Tree::copy_of("fixtures/committed-env");
    let (code, schema, err) = init(&tree.root, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        schema.contains("[surfaces.dotenv]\npath = \".env\""),
        "{schema}"
    );
    tree.write("envlint.toml", &schema);
    assert_eq!(reported(&tree.root), vec![], "{schema}");
}

/// Apps that read only the object a workspace package declares (`env.QDRANT_PORT`, never
/// `process.env`) are code roots too; a documented variable no code reads, which compose
/// hands the app's own service (whose other variables the code reads), is declared on the
/// code so the first check shows it unread; the rows of a docs page without sections stay
/// where init found them.
#[test]
fn init_follows_apps_that_read_a_packages_env_object() {
    let tree = Tree::empty();
    tree.write(
        "package.json",
        "{ \"name\": \"gateway\", \"private\": true, \"workspaces\": [\"apps/*\", \"packages/*\"] }\n",
    );
    tree.write(
        "packages/env/package.json",
        "{ \"name\": \"@acme/env\", \"main\": \"src/index.ts\" }\n",
    );
    tree.write(
        "packages/env/src/index.ts",
        "import { z } from \"zod\";\n\nconst Env = z.object({\n  QDRANT_HOST: z.string().optional(),\n  QDRANT_PORT: z.coerce.number().int().default(6333),\n  QDRANT_COLLECTION: z.string().default(\"memory\"),\n});\n\nexport const env = Env.parse(process.env);\n",
    );
    tree.write(
        "apps/web/src/memory.ts",
        "import { env } from \"@acme/env\";\n\nexport const qdrantUrl = () =>\n  env.QDRANT_HOST ? `http://${env.QDRANT_HOST}:${env.QDRANT_PORT}` : null;\n\nexport const collection = () => env.QDRANT_COLLECTION;\n",
    );
    tree.write(
        "docs/environment.md",
        "# Environment\n\n| Variable | Default | Description |\n| --- | --- | --- |\n| `QDRANT_HOST` | - | Host of the Qdrant sidecar. |\n| `QDRANT_PORT` | `6333` | Its REST port. |\n| `QDRANT_COLLECTION` | `memory` | The collection. |\n| `QDRANT_TIMEOUT_MS` | `5000` | How long a query may take. |\n",
    );
    tree.write(
        "docker-compose.yml",
        "x-memory: &memory\n  QDRANT_HOST: ${QDRANT_HOST:-}\n  QDRANT_PORT: ${QDRANT_PORT:-6333}\n  QDRANT_COLLECTION: ${QDRANT_COLLECTION:-memory}\n  QDRANT_TIMEOUT_MS: ${QDRANT_TIMEOUT_MS:-5000}\n\nservices:\n  web:\n    image: ghcr.io/acme/web:1\n    environment:\n      <<: *memory\n",
    );
    // A snippet that names a variable in a comment reads nothing.
    tree.write(
        "site/embed.js",
        "// Set QDRANT_HOST to enable memory.\nwindow.embed = () => 1;\n",
    );
    let (code, schema, err) = init(&tree.root, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        schema.contains("roots = [\"apps\", \"packages\"]"),
        "{schema}"
    );
    tree.write("envlint.toml", &schema);
    assert_eq!(
        reported(&tree.root),
        [("unused-variable".to_owned(), "QDRANT_TIMEOUT_MS".to_owned())],
        "{schema}"
    );
    assert_eq!(reported(&tree.root), annotated(&schema));
    // The member reads in the app are read under the declaration.
    let out = envlint(&[
        "explain",
        "--root",
        tree.root.to_str().unwrap(),
        "QDRANT_PORT",
    ]);
    let explained = String::from_utf8(out.stdout).unwrap();
    assert!(explained.contains("apps/web/src/memory.ts"), "{explained}");
}

/// A declaration that makes a variable optional without a default says it has none: the
/// example file's value is an example, not a default (a docs Default cell still is one, as
/// the code may apply it where envlint cannot follow).
#[test]
fn an_optional_declaration_keeps_an_example_value_an_example() {
    let tree = Tree::empty();
    tree.write(
        "src/env.ts",
        "import { z } from \"zod\";\n\nexport const env = z\n  .object({\n    QDRANT_HOST: z.string().optional(),\n    QDRANT_PORT: z.coerce.number().default(6333),\n    QDRANT_COLLECTION: z.string().optional(),\n  })\n  .parse(process.env);\n",
    );
    tree.write(
        ".env.example",
        "QDRANT_HOST=qdrant.example.com\nQDRANT_PORT=6333\nQDRANT_COLLECTION=memory\n",
    );
    let (code, schema, err) = init(&tree.root, &[]);
    assert_eq!(code, 0, "{err}");
    let parsed = envlint::schema::Schema::parse("envlint.toml", &schema).expect("valid");
    let host = parsed.get("QDRANT_HOST").expect("declared");
    assert_eq!(host.default, None, "{schema}");
    assert_eq!(host.example.as_deref(), Some("qdrant.example.com"));
    assert!(
        schema.contains("# no default, as src/env.ts:5 says\n[[variable]]\nname = \"QDRANT_HOST\""),
        "{schema}"
    );
    assert_eq!(
        parsed.get("QDRANT_PORT").unwrap().default.as_deref(),
        Some("6333")
    );
    tree.write("envlint.toml", &schema);
    assert_eq!(reported(&tree.root), annotated(&schema), "{schema}");
}
