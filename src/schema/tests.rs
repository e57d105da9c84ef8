//! Schema loading and validation, table-driven.

use super::*;
use crate::error::Error;

const HEAD: &str = "version = 1\nprefixes = [\"QDRANT_\"]\n[surfaces.dotenv]\n";

fn problems(body: &str) -> Vec<(String, String)> {
    let text = format!("{HEAD}{body}");
    match Schema::parse("envlint.toml", &text) {
        Ok(_) => Vec::new(),
        Err(Error::Schema { problems, .. }) => problems
            .into_iter()
            .map(|p| (text[p.span].to_owned(), p.message))
            .collect(),
        Err(other) => panic!("unexpected error {other:?}"),
    }
}

#[test]
fn the_embedded_schema_is_valid_and_declares_the_seed_variables() {
    let s = Schema::embedded();
    for name in [
        "QDRANT_HOST",
        "QDRANT_PORT",
        "QDRANT_API_KEY",
        "QDRANT_COLLECTION",
        "QDRANT_VECTOR_SIZE",
        "QDRANT_HNSW_EF_CONSTRUCT",
        "QDRANT_EMBEDDING_MODEL",
        "BIFROST_BASE_URL",
        "BIFROST_API_KEY",
        "BIFROST_STREAMING_ENABLED",
        "BIFROST_TIMEOUT_MS",
    ] {
        let v = s.get(name).unwrap_or_else(|| panic!("{name} declared"));
        assert!(
            v.profile.is_some() && v.service.is_some(),
            "{name} has profile and service"
        );
    }
    assert!(s.get("QDRANT_API_KEY").unwrap().secret);
    assert!(s.get("BIFROST_API_KEY").unwrap().secret);
}

#[test]
fn a_valid_variable_passes() {
    let ok = "[[variable]]\nname = \"QDRANT_PORT\"\ntype = \"port\"\ndefault = 6333\ndescription = \"Port.\"\n";
    assert_eq!(problems(ok), vec![]);
}

#[test]
fn validation_problems_point_into_the_schema() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "[[variable]]\nname = \"QDRANT_PORT\"\ndescription = \"a\"\n[[variable]]\nname = \"QDRANT_PORT\"\ndescription = \"b\"\n",
            "\"QDRANT_PORT\"",
            "declared twice (first on line 5)",
        ),
        (
            "[[variable]]\nname = \"REDIS_URL\"\ndescription = \"a\"\n",
            "\"REDIS_URL\"",
            "does not start with an owned prefix",
        ),
        (
            "[[variable]]\nname = \"QDRANT_PORT\"\ntype = \"port\"\ndefault = \"63a3\"\ndescription = \"a\"\n",
            "\"63a3\"",
            "is not a port",
        ),
        (
            "[[variable]]\nname = \"QDRANT_ON\"\ntype = \"bool\"\nexample = \"maybe\"\ndescription = \"a\"\n",
            "\"maybe\"",
            "is not a boolean",
        ),
        (
            "[[variable]]\nname = \"QDRANT_LEVEL\"\ntype = \"enum\"\ndescription = \"a\"\n",
            "\"enum\"",
            "needs `values",
        ),
        (
            "[[variable]]\nname = \"QDRANT_KEY\"\nsecret = true\nexample = \"qk-7f3a91c2\"\ndescription = \"a\"\n",
            "\"qk-7f3a91c2\"",
            "must be a placeholder",
        ),
        (
            "[[variable]]\nname = \"QDRANT_URL\"\nrequired = true\ndefault = \"http://q\"\ndescription = \"a\"\n",
            "\"http://q\"",
            "a required variable has no default",
        ),
        (
            "[[variable]]\nname = \"QDRANT_X\"\ndescription = \"a\"\non = [\"docs\"]\n",
            "[\"docs\"]",
            "`[surfaces.docs]` is not configured",
        ),
        (
            "[[variable]]\nname = \"QDRANT_X\"\nvalues = [\"a\"]\ndescription = \"a\"\n",
            "[\"a\"]",
            "only applies to `type = \"enum\"`",
        ),
        // The body follows `[surfaces.dotenv]`: its keys come first.
        ("path = []\n", "[]", "at least one file"),
        (
            "path = [\"a\", \"./a\"]\n",
            "[\"a\", \"./a\"]",
            "names `./a` twice",
        ),
        (
            "path = \"a\"\n[[variable]]\nname = \"QDRANT_X\"\ndescription = \"a\"\non = [\"dotenv:b\"]\n",
            "[\"dotenv:b\"]",
            "does not list `b`",
        ),
        (
            "path = \"a\"\n[[variable]]\nname = \"QDRANT_X\"\ndescription = \"a\"\non = [\"docs:x.md\"]\n",
            "[\"docs:x.md\"]",
            "`[surfaces.docs]` is not configured",
        ),
        (
            "path = \"a\"\n[[variable]]\nname = \"QDRANT_X\"\ndescription = \"a\"\non = [\"env:x\"]\n",
            "[\"env:x\"]",
            "expected a surface",
        ),
    ];
    for (body, spanned, message) in cases {
        let got = problems(body);
        assert!(
            got.iter().any(|(s, m)| s == spanned && m.contains(message)),
            "expected `{message}` at {spanned}, got {got:?}"
        );
    }
}

#[test]
fn unknown_keys_and_wrong_types_are_errors_with_spans() {
    let cases: &[(&str, &str)] = &[
        (
            "[[variable]]\nname = \"QDRANT_X\"\ndescripton = \"a\"\n",
            "unknown field `descripton`",
        ),
        (
            "[[variable]]\nname = \"QDRANT_X\"\ntype = \"port \"\ndescription = \"a\"\n",
            "unknown variant `port `",
        ),
        (
            "[[variable]]\nname = 5\ndescription = \"a\"\n",
            "invalid type",
        ),
        ("dialect = \"bash\"\n", "unknown variant `bash`"),
    ];
    for (body, message) in cases {
        let text = format!("{HEAD}{body}");
        let Err(Error::Schema { problems, .. }) = Schema::parse("envlint.toml", &text) else {
            panic!("{body} must fail");
        };
        assert!(problems[0].message.contains(message), "{problems:?}");
        assert!(!problems[0].span.is_empty(), "a span for {body}");
        assert!(
            HEAD.len() <= problems[0].span.start,
            "span in the variable: {problems:?}"
        );
    }
}

#[test]
fn on_defaults_to_the_configured_surfaces() {
    let s = Schema::parse(
        "x",
        &format!("{HEAD}[[variable]]\nname = \"QDRANT_X\"\ndescription = \"a\"\n"),
    )
    .unwrap();
    assert_eq!(s.variables[0].on, vec![SurfaceName::Dotenv]);
    assert_eq!(s.variables[0].example_value(), "");
}

#[test]
fn dotenv_files_are_a_path_or_a_list_with_dialects() {
    let text = "version = 1\nprefixes = [\"QDRANT_\"]\n[surfaces.dotenv]\ndialect = \"compose\"\npath = [\".env.example\", { path = \"web/.env.example\", dialect = \"node\" }]\n[[variable]]\nname = \"QDRANT_X\"\ndescription = \"a\"\non = [\"dotenv:web/.env.example\"]\n";
    let s = Schema::parse("x", text).unwrap();
    let d = s.dotenv.as_ref().unwrap();
    let files: Vec<(&str, Option<Dialect>)> = d
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.dialect))
        .collect();
    assert_eq!(
        files,
        vec![
            (".env.example", Some(Dialect::Compose)),
            ("web/.env.example", Some(Dialect::Node))
        ]
    );
    let v = &s.variables[0];
    assert_eq!(v.on, vec![SurfaceName::Dotenv]);
    assert!(v.required_in(SurfaceName::Dotenv, "web/.env.example"));
    assert!(v.required_in(SurfaceName::Dotenv, "./web/.env.example"));
    assert!(!v.required_in(SurfaceName::Dotenv, ".env.example"));
    // Without a dialect anywhere, the project decides (`None`).
    let s = Schema::parse("x", &format!("{HEAD}path = [\"a.env\", \"b.env\"]\n")).unwrap();
    assert!(s.dotenv.unwrap().files.iter().all(|f| f.dialect.is_none()));
}
