//! The code surface of the bundled example: renamed reads, changed fallbacks, numeric
//! conversions and broken files, each located by rule, variable, file and line.

mod common;

use common::Tree;

const QDRANT_TS: &str = "src/lib/memory/qdrant.ts";
const ROUTE_TS: &str = "src/app/api/v1/relay/chat/completions/bifrost/route.ts";
const CONFIG_RS: &str = "open-sse/src/config.rs";

/// (rule, variable, file, line).
type Found = (String, String, String, u64);

/// Exit code, findings and the human output of a check of `tree`.
fn check(tree: &Tree) -> (i32, Vec<Found>, String) {
    let (code, json) = tree.json();
    let human = common::envlint(&["--root".as_ref(), tree.root.as_os_str()]);
    (
        code,
        common::findings(&json),
        String::from_utf8_lossy(&human.stdout).into_owned(),
    )
}

/// Replaces `from` (which must occur) in `rel` and checks.
fn edit(tree: &Tree, rel: &str, from: &str, to: &str) -> (i32, Vec<Found>, String) {
    tree.edit(rel, from, to);
    check(tree)
}

fn line_of(text: &str, needle: &str) -> u64 {
    text[..text.find(needle).unwrap()].matches('\n').count() as u64 + 1
}

fn f(rule: &str, var: &str, file: &str, line: u64) -> Found {
    (rule.to_owned(), var.to_owned(), file.to_owned(), line)
}

/// In a fresh copy of the bundled example, replaces `from` in `file`: the check fails with
/// exactly one `rule` finding for `var`, on the line that held `from`.
fn edit_finds_one(file: &str, from: &str, to: &str, rule: &str, var: &str) {
    let tree = Tree::omniroute();
    let line = line_of(&tree.read(file), from);
    let (code, found, human) = edit(&tree, file, from, to);
    assert_eq!(code, 1, "{human}");
    assert_eq!(found, vec![f(rule, var, file, line)], "{human}");
}

#[test]
fn the_bundled_code_is_clean() {
    let (code, found, human) = check(&Tree::omniroute());
    assert_eq!((code, found), (0, vec![]), "{human}");
    assert!(human.contains("6 code files"), "{human}");
}

#[test]
fn a_read_renamed_to_a_near_miss_is_undeclared_and_leaves_the_variable_unused() {
    // Variables read in exactly one place, in TypeScript and in Rust.
    let cases = [
        (
            QDRANT_TS,
            "process.env.QDRANT_HOST",
            "process.env.QDRANT_HOTS",
            "QDRANT_HOST",
            "QDRANT_HOTS",
        ),
        (
            QDRANT_TS,
            "process.env.QDRANT_API_KEY",
            "process.env.QDRANT_APIKEY",
            "QDRANT_API_KEY",
            "QDRANT_APIKEY",
        ),
    ];
    for (file, from, to, declared, typo) in cases {
        let tree = Tree::omniroute();
        let line = line_of(&tree.read(file), from);
        let (code, found, human) = edit(&tree, file, from, to);
        assert_eq!(code, 1);
        assert_eq!(
            found,
            vec![
                f(
                    "unused-variable",
                    declared,
                    "<embedded>/omniroute.toml",
                    found[0].3
                ),
                f("undeclared-variable", typo, file, line),
            ],
            "{human}"
        );
        assert!(
            human.contains(&format!("did you mean `{declared}`?")),
            "{human}"
        );
    }
    // Variables read in other files too (the memory module's embedding settings, the Rust
    // relay): only the undeclared name.
    for (file, from, to, typo) in [
        (
            QDRANT_TS,
            "process.env[\"QDRANT_COLLECTION\"]",
            "process.env[\"QDRANT_COLECTION\"]",
            "QDRANT_COLECTION",
        ),
        (
            QDRANT_TS,
            "process.env.QDRANT_HNSW_EF_CONSTRUCT",
            "process.env.QDRANT_HNSW_EF_CONSTUCT",
            "QDRANT_HNSW_EF_CONSTUCT",
        ),
        (
            QDRANT_TS,
            "{ QDRANT_EMBEDDING_MODEL:",
            "{ QDRANT_EMBEDING_MODEL:",
            "QDRANT_EMBEDING_MODEL",
        ),
    ] {
        let tree = Tree::omniroute();
        let line = line_of(&tree.read(file), from);
        let (code, found, human) = edit(&tree, file, from, to);
        assert_eq!(code, 1);
        assert_eq!(
            found,
            vec![f("undeclared-variable", typo, file, line)],
            "{human}"
        );
    }
    // A Rust read of a variable TypeScript also reads: only the undeclared name.
    let tree = Tree::omniroute();
    let line = line_of(&tree.read(CONFIG_RS), "\"BIFROST_API_KEY\"");
    let (_, found, human) = edit(
        &tree,
        CONFIG_RS,
        "\"BIFROST_API_KEY\"",
        "\"BIFROST_APIKEY\"",
    );
    assert_eq!(
        found,
        vec![f("undeclared-variable", "BIFROST_APIKEY", CONFIG_RS, line)]
    );
    assert!(human.contains("did you mean `BIFROST_API_KEY`?"), "{human}");
}

#[test]
fn a_changed_fallback_literal_is_reported_at_its_line() {
    let cases = [
        (QDRANT_TS, "?? \"6333\"", "?? \"6334\"", "QDRANT_PORT"),
        (
            QDRANT_TS,
            "?? \"omniroute_memory\"",
            "?? \"omniroute\"",
            "QDRANT_COLLECTION",
        ),
        (QDRANT_TS, "|| 1536", "|| 768", "QDRANT_VECTOR_SIZE"),
        (
            QDRANT_TS,
            "|| \"100\")",
            "|| \"128\")",
            "QDRANT_HNSW_EF_CONSTRUCT",
        ),
        (
            QDRANT_TS,
            "= \"text-embedding-3-small\"",
            "= \"text-embedding-3-large\"",
            "QDRANT_EMBEDDING_MODEL",
        ),
        (
            ROUTE_TS,
            "?? \"true\")",
            "?? \"false\")",
            "BIFROST_STREAMING_ENABLED",
        ),
        (
            ROUTE_TS,
            "?? \"30000\"",
            "?? \"3000\"",
            "BIFROST_TIMEOUT_MS",
        ),
        (
            CONFIG_RS,
            ".unwrap_or(30000)",
            ".unwrap_or(60000)",
            "BIFROST_TIMEOUT_MS",
        ),
        (
            CONFIG_RS,
            "|_| \"6333\".into()",
            "|_| \"6334\".into()",
            "QDRANT_PORT",
        ),
        (
            CONFIG_RS,
            ".unwrap_or(1536)",
            ".unwrap_or(3072)",
            "QDRANT_VECTOR_SIZE",
        ),
        (
            CONFIG_RS,
            "default_value_t = true",
            "default_value_t = false",
            "BIFROST_STREAMING_ENABLED",
        ),
    ];
    for (file, from, to, var) in cases {
        edit_finds_one(file, from, to, "default-mismatch", var);
    }
}

#[test]
fn converting_a_string_variable_to_a_number_is_a_type_mismatch() {
    let cases = [
        (
            QDRANT_TS,
            "QDRANT_HOST",
            "(await getSetting(\"qdrantHost\")) ?? process.env.QDRANT_HOST ?? null",
            "Number(process.env.QDRANT_HOST) || null",
        ),
        (
            CONFIG_RS,
            "BIFROST_API_KEY",
            "env::var(\"BIFROST_API_KEY\").ok()",
            "env::var(\"BIFROST_API_KEY\").ok().and_then(|k| k.parse::<u64>().ok()).map(|k| k.to_string())",
        ),
    ];
    for (file, var, from, to) in cases {
        edit_finds_one(file, from, to, "type-mismatch", var);
    }
}

#[test]
fn a_broken_file_is_one_warning_and_the_rest_is_still_checked() {
    let tree = Tree::omniroute();
    tree.write(
        "src/lib/memory/broken.ts",
        "export function f( {\n  return process.env.QDRANT_HOST;\n",
    );
    let line = line_of(&tree.read(ROUTE_TS), "?? \"30000\"");
    let (code, found, _) = edit(&tree, ROUTE_TS, "?? \"30000\"", "?? \"3000\"");
    assert_eq!(code, 1);
    assert_eq!(
        found,
        vec![
            f("default-mismatch", "BIFROST_TIMEOUT_MS", ROUTE_TS, line),
            f("parse-error", "", "src/lib/memory/broken.ts", found[1].3),
        ]
    );
    let rs = "fn main( {\n    std::env::var(\"QDRANT_HOST\");\n";
    tree.write("open-sse/src/broken.rs", rs);
    let (_, found, _) = check(&tree);
    assert_eq!(found.iter().filter(|x| x.0 == "parse-error").count(), 2);
}

#[test]
fn ignored_excluded_large_and_binary_files_are_not_read() {
    let tree = Tree::omniroute();
    let bad = "export const x = process.env.QDRANT_NOT_DECLARED ?? \"1\";\n";
    std::fs::create_dir_all(tree.root.join("src/__tests__")).unwrap();
    tree.write("src/__tests__/env.ts", bad);
    tree.write("src/env.test.ts", bad);
    tree.write(".gitignore", "generated/\n");
    std::fs::create_dir_all(tree.root.join("src/generated")).unwrap();
    tree.write("src/generated/env.ts", bad);
    tree.write(
        "src/big.ts",
        &format!("{bad}{}", "// padding\n".repeat(300_000)),
    );
    tree.write("src/blob.js", &format!("\0{bad}"));
    let (code, found, _) = check(&tree);
    assert_eq!((code, found), (0, vec![]));
    // A dot-directory is read (only `.git` is skipped).
    std::fs::create_dir_all(tree.root.join("src/.config")).unwrap();
    tree.write("src/.config/env.ts", bad);
    let (_, found, _) = check(&tree);
    assert_eq!(found.len(), 1, "{found:?}");
    let out = common::envlint(&[
        "--verbose".as_ref(),
        "--root".as_ref(),
        tree.root.as_os_str(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("src/big.ts") && stderr.contains("src/blob.js"),
        "{stderr}"
    );
    // The note gives the file's size, though only the limit's worth of it was read.
    let size = bad.len() + "// padding\n".len() * 300_000;
    assert!(
        stderr.contains(&format!(
            "src/big.ts: {size} bytes, over the 2097152 byte limit"
        )),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_in_a_code_root_is_survived() {
    let tree = Tree::omniroute();
    std::os::unix::fs::symlink(tree.root.join("src"), tree.root.join("src/loop")).unwrap();
    let (code, found, _) = check(&tree);
    assert_eq!((code, found), (0, vec![]));
}

/// A tree past the size where worker threads take over examining files counts every
/// source file once and gives the same findings, in path order, as the small trees
/// examined on the walking thread.
#[test]
fn a_large_tree_is_read_in_parallel_with_the_same_findings_in_path_order() {
    let tree = Tree::omniroute();
    for i in 0..120 {
        tree.write(
            &format!("src/gen/m{i:03}.ts"),
            &format!("export const v{i} = {i};\n"),
        );
    }
    let (code, found, human) = check(&tree);
    assert_eq!((code, found), (0, vec![]), "{human}");
    assert!(human.contains("126 code files"), "{human}");

    let mut expected = Vec::new();
    for i in (7..120).step_by(15) {
        let (rel, name) = (
            format!("src/gen/m{i:03}.ts"),
            format!("QDRANT_GENERATED_{i}"),
        );
        tree.write(
            &rel,
            &format!("// {i}\nexport const v = process.env.{name};\n"),
        );
        expected.push(f("undeclared-variable", &name, &rel, 2));
    }
    let (code, found, human) = check(&tree);
    assert_eq!((code, found), (1, expected), "{human}");
}
