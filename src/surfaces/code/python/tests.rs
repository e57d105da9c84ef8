//! The Python reader, table-driven: every read pattern, fallback, conversion and
//! pydantic-settings shape.

use std::fmt::Write as _;

use super::*;
use crate::facts::Role;

/// `name [role=text ...]` per read, in order (as the TypeScript tables write them).
fn py(code: &str) -> Vec<String> {
    let r = reads("svc/config.py", code, &NoPyModules);
    crate::surfaces::code::tests::summarize_marked(code, &r, false)
}

fn assert_cases(cases: &[(&str, &[&str])]) {
    let bad: Vec<String> = cases
        .iter()
        .filter(|(code, want)| py(code) != *want)
        .map(|(code, _)| format!("{code:?}\n  => {:?}", py(code)))
        .collect();
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn reads_with_the_defaults_python_computes() {
    let cases: &[(&str, &[&str])] = &[
        (
            "import os\nPORT = int(os.getenv(\"Q_PORT\", \"8080\"))\n",
            &["Q_PORT default=8080"],
        ),
        (
            "import os\nMODE = os.environ.get(\"Q_MODE\", \"live\")\n",
            &["Q_MODE default=live"],
        ),
        (
            "import os\nTOKEN = os.environ[\"Q_TOKEN\"]\n",
            &["Q_TOKEN required=true"],
        ),
        (
            "import os\nDEBUG = os.getenv(\"Q_DEBUG\", \"false\").lower() in (\"1\", \"true\", \"yes\")\n",
            &["Q_DEBUG reading=false[10100]"],
        ),
        (
            "import os\nHOST = os.environ.get(\"Q_HOST\") or \"localhost\"\n",
            &["Q_HOST default=localhost"],
        ),
        (
            "from os import getenv, environ\nA = getenv(\"Q_A\", \"1\")\nB = environ.get(\"Q_B\", \"2\")\n",
            &["Q_A default=1", "Q_B default=2"],
        ),
        // A module constant as the default; a name followed to where it is consumed.
        (
            "import os\nKEEP_DAYS = 30\nkeep = int(os.getenv(\"Q_KEEP\", KEEP_DAYS))\n",
            &["Q_KEEP default=30"],
        ),
        (
            "import os\nraw = os.getenv(\"Q_T\")\nconnect(timeout=int(raw or \"5\"))\n",
            &["Q_T default=5"],
        ),
        // Conditional expressions, `and`, a float.
        (
            "import os\nRATE = float(os.getenv(\"Q_RATE\")) if os.getenv(\"Q_RATE\") else 0.5\n",
            &["Q_RATE default=0.5", "Q_RATE"],
        ),
        // A helper called with the name.
        (
            "import os\n\ndef env_bool(name, default=False):\n    value = os.getenv(name)\n    if value is None:\n        return default\n    return value.lower() in (\"1\", \"true\", \"yes\", \"on\")\n\nSTREAM = env_bool(\"Q_STREAM\", True)\nVERBOSE = env_bool(\"Q_VERBOSE\")\n",
            &[
                "Q_STREAM reading=true[10100]",
                "Q_VERBOSE reading=false[10100]",
            ],
        ),
        // A function whose returns decide the value.
        (
            "import os\n\ndef timeout():\n    raw = os.getenv(\"Q_T\")\n    if not raw:\n        return 30\n    return int(raw)\n",
            &["Q_T default=30"],
        ),
        // Unknown code decides nothing.
        (
            "import os\nPORT = lookup(os.getenv(\"Q_P\")) or 5\n",
            &["Q_P"],
        ),
        ("import os\nHOST = os.getenv(\"Q_H\")\n", &["Q_H"]),
        // Unknown code before the read is taken as absent; with no read after it, it is not.
        (
            "import os\nHOST = settings.host or os.getenv(\"Q_H\") or \"db\"\n",
            &["Q_H default=db"],
        ),
        (
            "import os\nHOST = os.getenv(\"Q_H\") or lookup() or \"db\"\n",
            &["Q_H"],
        ),
        // `os` shadowed is not the environment.
        ("os = object()\nx = os.getenv(\"Q_X\", \"1\")\n", &[]),
    ];
    assert_cases(cases);
}

#[test]
fn pydantic_settings_fields_are_declarations() {
    let cases: &[(&str, &[&str])] = &[
        (
            "import os\nfrom typing import Optional\nfrom pydantic import Field, PositiveInt, HttpUrl\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass QueueSettings(BaseSettings):\n    model_config = SettingsConfigDict(env_prefix=\"Q_\")\n\n    batch_size: PositiveInt = Field(default=16, description=\"Jobs per batch.\")\n    retries: int = 3\n    endpoint: Optional[str] = None\n    log_tz: str | None = Field(default=\"UTC\")\n    token: str\n    ratio: float = 5\n    sandbox: HttpUrl = HttpUrl(\"http://sandbox:8194\")\n    debug: bool = False\n    workers: int = Field(default_factory=lambda: 4)\n    threads: int = os.cpu_count() or 4\n    tags: list[str] = [\"a\", \"b\"]\n",
            &[
                "Q_BATCH_SIZE(batch_size) default=16 description=Jobs per batch. type=int",
                "Q_RETRIES(retries) default=3 type=int",
                "Q_ENDPOINT(endpoint) required=false type=string",
                "Q_LOG_TZ(log_tz) default=UTC type=string",
                "Q_TOKEN(token) required=true type=string",
                "Q_RATIO(ratio) default=5.0 type=float",
                "Q_SANDBOX(sandbox) default=http://sandbox:8194/ type=url",
                "Q_DEBUG(debug) reading=false[1010?] type=bool",
                "Q_WORKERS(workers) type=int",
                "Q_THREADS(threads) type=int",
                "Q_TAGS(tags) default=[\"a\", \"b\"]",
            ],
        ),
        // Aliases: each a name, the first the primary.
        (
            "from pydantic import AliasChoices, Field\nfrom pydantic_settings import BaseSettings\n\nclass S(BaseSettings):\n    url: str = Field(default=\"x\", validation_alias=AliasChoices(\"Q_NEW_URL\", \"Q_OLD_URL\"))\n",
            &["Q_NEW_URL default=x type=string", "Q_OLD_URL"],
        ),
        // A mixin of fields named like variables, and a nested model.
        (
            "from pydantic import BaseModel, Field\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass QdrantConfig(BaseModel):\n    Q_URL: str | None = Field(description=\"Qdrant url\", default=None)\n    Q_TIMEOUT: int = Field(default=20)\n\nclass Db(BaseModel):\n    host: str = \"db\"\n\nclass App(BaseSettings):\n    model_config = SettingsConfigDict(env_prefix=\"Q_APP_\", env_nested_delimiter=\"__\")\n    db: Db\n",
            &[
                "Q_URL description=Qdrant url required=false type=string",
                "Q_TIMEOUT default=20 type=int",
                "Q_APP_DB__HOST(host) default=db type=string",
            ],
        ),
    ];
    assert_cases(cases);
}

/// Bindings that each use the one before twice are followed once each, not 2^n times.
#[test]
fn chains_of_bindings_are_followed_once() {
    let mut code = String::from("import os\nA0 = os.getenv(\"Q_X\", \"5\")\n");
    for i in 1..32 {
        let _ = writeln!(code, "A{i} = A{} or A{}", i - 1, i - 1);
    }
    code.push_str("connect(A31)\n");
    assert_eq!(py(&code), ["Q_X default=5"]);
}

proptest::proptest! {
    /// The reader never panics, and a value a call of unknown code decides is never stated:
    /// only the default given to `os.getenv` itself.
    #[test]
    fn never_panics_and_never_guesses(
        before in proptest::sample::select(vec!["", "not ", "int(", "str(", "bool("]),
        op in proptest::sample::select(vec![" or ", " and ", " == ", " in ", " if x else "]),
        other in proptest::sample::select(vec!["\"d\"", "1", "True", "None", "os.getenv(\"Q_X\")", "(\"1\", \"2\")"]),
    ) {
        let close = if before.ends_with('(') { ")" } else { "" };
        let code = format!("import os\nv = {before}lookup(os.getenv(\"Q_X\", \"5\")){close}{op}lookup({other})\n");
        let r = reads("x.py", &code, &NoPyModules);
        for read in &r.reads {
            proptest::prop_assert!(
                read.stated.iter().all(|s| s.role != Role::Reading
                    && (s.role != Role::Default || s.text.as_deref() == Some("5"))),
                "{}: {:?}", code, read.stated
            );
        }
    }

    #[test]
    fn arbitrary_text_never_panics(code in "[a-zQX_.()\\[\\]{}\"':=,+<>!0-9 \\n]{0,120}") {
        let text = format!("import os\nfrom .c import K\n{code}\nos.getenv({code}\n");
        let _ = reads("x.py", &text, &NoPyModules);
    }
}
