//! Hostile input: every case yields findings or exit 2 naming the file and the reason;
//! never a panic, and `fix` never writes on a failed run.

mod common;

use std::path::Path;

const CLEAN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/drift/clean");

fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(Path::new(CLEAN), dir.path());
    dir
}

fn run(root: &Path, args: &[&str]) -> (i32, String) {
    let mut all: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
    all.extend(["--root".as_ref(), root.as_os_str()]);
    let out = common::envlint(&all);
    let code = out.status.code().expect("exited, no signal");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(!text.contains("panicked"), "{text}");
    (code, text)
}

/// Writes `bytes` to `rel`, then `check` must exit `code` with `needle` in its output, and
/// `fix` must leave every file as it was when the check cannot run.
fn case(rel: &str, bytes: &[u8], code: i32, needle: &str) {
    let dir = tree();
    let root = dir.path();
    std::fs::write(root.join(rel), bytes).unwrap();
    let (got, text) = run(root, &["check"]);
    assert_eq!(got, code, "{rel}: {text}");
    assert!(text.contains(needle), "{rel}: wants {needle:?}:\n{text}");
    if code == 2 {
        let before = common::tree(root);
        let (got, _) = run(root, &["fix"]);
        assert_eq!(got, 2);
        assert!(
            common::tree(root) == before,
            "{rel}: fix wrote on a failed run"
        );
    }
}

#[test]
fn bytes_that_are_not_utf8_in_each_surface() {
    for rel in [
        ".env.example",
        "docs/ENVIRONMENT.md",
        "docker-compose.yml",
        "envlint.toml",
    ] {
        case(rel, b"QDRANT_HOST=\xff\xfe\n", 2, rel);
    }
    // A code file that is not UTF-8 is skipped (and said so with --verbose).
    let dir = tree();
    std::fs::write(
        dir.path().join("src/bad.ts"),
        b"process.env.QDRANT_HOST \xff\n",
    )
    .unwrap();
    let (code, text) = run(dir.path(), &["check", "--verbose"]);
    assert_eq!(code, 0);
    assert!(text.contains("skipped src/bad.ts: not UTF-8"), "{text}");
}

#[test]
fn nul_bytes_and_unterminated_quotes() {
    // A line the reader refuses is a finding at that line; the run goes on.
    case(
        ".env.example",
        b"QDRANT_HOST=\"never closed\n",
        1,
        ".env.example:1:13",
    );
    case(".env.example", b"# QDRANT_HOST=a\0b\n", 1, ".env.example");
    case(
        "docker-compose.yml",
        b"services:\n  a:\n    image: \"x\0\n",
        2,
        "docker-compose.yml",
    );
    case("docs/ENVIRONMENT.md", b"## 25. S\n\n| Variable | Default | Description |\n| - | - | - |\n| `QDRANT_HOST` | \0 | x |\n", 1, "docs/ENVIRONMENT.md");
}

#[test]
fn typescript_nesting_that_parses_exponentially_is_refused_at_once() {
    // The fuzz input's shape (oxc took 6.8 s and 3.4 GB over 650 bytes of it): a finding at
    // the `<` where the parser's rereading goes over the budget, and the check goes on.
    let nested = format!(
        "export const h = process.env.QDRANT_HOST;\nq {}\n",
        "[rr[r ,n <Ws <{[ ".repeat(40)
    );
    case(
        "src/nested.tsx",
        nested.as_bytes(),
        0,
        "src/nested.tsx:2:135",
    );
    // `<` left open, one after another: each rereads the rest (quadratic; 10,000 took 21 s).
    let open = format!(
        "export const h = process.env.QDRANT_HOST;\n{}\n",
        "a<".repeat(10_000)
    );
    case(
        "src/open.ts",
        open.as_bytes(),
        0,
        "`<` left open nest too deep",
    );
}

#[test]
fn deeply_nested_code_parses_on_a_stack_deep_enough() {
    // 10,000 `(` (or `!` in Rust) overflowed an 8 MiB stack and aborted the process; each
    // file is now parsed on a stack its tokens cannot overflow, so the read inside is found.
    let deep = |n: usize, inner: &str| format!("{}{inner}{}", "(".repeat(n), ")".repeat(n));
    let ts = format!(
        "export const x = {};\nexport const n = process.env.QDRANT_NOPE;\n",
        deep(10_000, "1")
    );
    case("src/deep.ts", ts.as_bytes(), 1, "src/deep.ts:2:30");
    let rs = format!(
        "fn f() {{ let x = {}; let n = std::env::var(\"QDRANT_NOPE\"); }}\n",
        deep(3_000, &format!("{}x", "!".repeat(10_000)))
    );
    case("src/deep.rs", rs.as_bytes(), 1, "src/deep.rs:1:");
    // More tokens than any allowed stack holds at the parser's worst cost per level: a
    // finding, not a parse.
    let many = format!(
        "export const h = process.env.QDRANT_HOST;\n{}\n",
        "(".repeat(1_500_000)
    );
    case("src/many.ts", many.as_bytes(), 0, "1500010 tokens");
}

#[test]
fn a_finding_far_along_a_long_line_shows_that_part_of_it() {
    // A read 200,000 columns in: miette cannot place a label past column 65,535 (the
    // render panicked), and the whole line would fill the screen. With `é` (two bytes),
    // the window's edges fall inside characters unless it moves them to a boundary.
    let dir = tree();
    for (pad, at, shown) in [
        ("x".repeat(200_000), "src/long.ts:1:200039", "xx\"; const n"),
        ("é".repeat(100_001), "src/long.ts:1:100040", "éé\"; const n"),
    ] {
        let code = format!("const pad = \"{pad}\"; const n = process.env.QDRANT_NOPE; // {pad}\n");
        std::fs::write(dir.path().join("src/long.ts"), code).unwrap();
        let (got, out) = run(dir.path(), &["check"]);
        assert_eq!(got, 1, "{out}");
        assert!(out.contains(at), "{out}");
        assert!(
            out.contains(shown) && out.contains("process.env.QDRANT_NOPE; // "),
            "{out}"
        );
        assert!(out.len() < 4_000, "{} bytes", out.len());
    }
}

#[test]
fn deep_nesting_in_the_other_surfaces_and_the_schema() {
    // Interpolations nested 50,000 deep: a recursive scan overflowed the stack, and each
    // level rescanned (and copied) the rest, 4 s of it.
    let compose = format!(
        "services:\n  qdrant:\n    image: qdrant/qdrant\n    environment:\n      X: {}x{}\n",
        "${QDRANT_HOST:-".repeat(50_000),
        "}".repeat(50_000)
    );
    case(
        "docker-compose.yml",
        compose.as_bytes(),
        1,
        "docker-compose.yml",
    );
    // Block quotes and lists nested thousands deep, and 100,000 `[`, in the docs.
    let docs = format!(
        "## 25. Sidecars\n\n{} x\n\n{}{}\n",
        ">".repeat(100_000),
        (0..3_000)
            .map(|i| "  ".repeat(i) + "- a\n")
            .collect::<String>(),
        "[".repeat(100_000)
    );
    case(
        "docs/ENVIRONMENT.md",
        docs.as_bytes(),
        1,
        "docs/ENVIRONMENT.md",
    );
    // Arrays and tables nested 100,000 deep in the schema: the TOML parser's own limit.
    let dir = tree();
    let schema = dir.path().join("envlint.toml");
    let mut text = std::fs::read_to_string(&schema).unwrap();
    text += &("x = ".to_owned() + &"[".repeat(100_000) + &"]".repeat(100_000) + "\n");
    std::fs::write(&schema, text).unwrap();
    let (got, out) = run(dir.path(), &["check"]);
    assert_eq!(got, 2, "{out}");
    assert!(
        out.contains("envlint.toml") && out.contains("recursion"),
        "{out}"
    );
}

#[test]
fn ragged_headerless_and_doubled_tables() {
    // Ragged rows: cells missing or extra; no panic, findings where they are.
    let ragged = "## 25. Sidecars\n\n| Variable | Default | Description |\n| --- | --- | --- |\n| `QDRANT_HOST` |\n| `QDRANT_PORT` | `6333` | REST port of the Qdrant sidecar. | extra | cells |\n";
    case(
        "docs/ENVIRONMENT.md",
        ragged.as_bytes(),
        1,
        "docs/ENVIRONMENT.md",
    );
    // No header row is not a table: the section has none.
    case(
        "docs/ENVIRONMENT.md",
        b"## 25. Sidecars\n\n`QDRANT_HOST` | unset | host\n",
        1,
        "section-missing",
    );
    // Two headings match the section: the first one's table is read.
    let two = format!(
        "{}\n## 25. Again\n\n| Variable | Default | Description |\n| --- | --- | --- |\n",
        std::fs::read_to_string(Path::new(CLEAN).join("docs/ENVIRONMENT.md")).unwrap()
    );
    case("docs/ENVIRONMENT.md", two.as_bytes(), 0, "no drift");
}

#[test]
fn a_50_mb_dotenv_file() {
    let mut text = std::fs::read_to_string(Path::new(CLEAN).join(".env.example")).unwrap();
    let filler =
        "# An unrelated, long comment line to make the file large without declaring anything.\n";
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(filler);
    }
    case(".env.example", text.as_bytes(), 0, "no drift");
}

#[test]
fn missing_files_directories_and_unreadable_files() {
    let dir = tree();
    std::fs::remove_file(dir.path().join("docker-compose.yml")).unwrap();
    let (code, text) = run(dir.path(), &["check"]);
    assert_eq!(code, 2);
    assert!(text.contains("docker-compose.yml"), "{text}");

    let dir = tree();
    std::fs::remove_file(dir.path().join(".env.example")).unwrap();
    std::fs::create_dir(dir.path().join(".env.example")).unwrap();
    let (code, text) = run(dir.path(), &["check"]);
    assert_eq!(code, 2);
    assert!(
        text.contains(".env.example") && text.contains("directory"),
        "{text}"
    );

    let dir = tree();
    std::fs::remove_dir_all(dir.path().join("src")).unwrap();
    let (code, text) = run(dir.path(), &["check"]);
    assert_eq!(code, 2);
    assert!(
        text.contains("src") && text.contains("not a directory"),
        "{text}"
    );

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let dir = tree();
        let path = dir.path().join("docs/ENVIRONMENT.md");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
        // Root reads anything; the case only means something for other users.
        if std::fs::read(&path).is_err() {
            let (code, text) = run(dir.path(), &["check"]);
            assert_eq!(code, 2);
            assert!(text.contains("docs/ENVIRONMENT.md"), "{text}");
        }
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
}

#[test]
fn schema_paths_outside_the_root_are_refused_unless_allowed() {
    for path in ["../../etc/passwd", "/etc/passwd", "docs/../../outside.md"] {
        let dir = tree();
        let schema = std::fs::read_to_string(dir.path().join("envlint.toml"))
            .unwrap()
            .replace("path = \".env.example\"", &format!("path = \"{path}\""));
        std::fs::write(dir.path().join("envlint.toml"), schema).unwrap();
        let (code, text) = run(dir.path(), &["check"]);
        assert_eq!(code, 2, "{path}");
        assert!(
            text.contains(path) && text.contains("--allow-outside-root"),
            "{text}"
        );
    }
    // Allowed: the file outside the root is read.
    let outer = tempfile::tempdir().unwrap();
    let root = outer.path().join("deploy");
    common::copy_dir(Path::new(CLEAN), &root);
    std::fs::rename(root.join(".env.example"), outer.path().join("shared.env")).unwrap();
    let schema = std::fs::read_to_string(root.join("envlint.toml"))
        .unwrap()
        .replace("path = \".env.example\"", "path = \"../shared.env\"");
    std::fs::write(root.join("envlint.toml"), schema).unwrap();
    assert_eq!(run(&root, &["check"]).0, 2);
    let (code, text) = run(&root, &["check", "--allow-outside-root"]);
    assert_eq!(code, 0, "{text}");
}
