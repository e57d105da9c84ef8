//! The Python reader, table-driven: every read pattern, fallback, conversion and
//! pydantic-settings shape.

use std::fmt::Write as _;

use super::*;
use crate::facts::Role;

/// `name [role=text ...]` per read, in order (as the TypeScript tables write them).
fn py(code: &str) -> Vec<String> {
    let summary = crate::surfaces::code::tests::summarize_marked;
    let whole = summary(code, &reads("svc/config.py", code, &NoPyModules), false);
    // Amid code that reads nothing, which the scan blanks before parsing, the same reads.
    let amid = format!("{FILLER}{code}\n{FILLER}");
    let keep = [
        memchr::memmem::Finder::new("Q_"),
        memchr::memmem::Finder::new("q_"),
    ];
    assert_ne!(
        slice_holds(&amid, &keep),
        Some(false),
        "a cut the parser refused:\n{code}"
    );
    let sliced = reads_sliced("svc/config.py", &amid, &NoPyModules, &keep);
    assert_eq!(
        summary(&amid, &sliced, false),
        whole,
        "amid other code:\n{code}"
    );
    whole
}

/// A module's worth of code that reads no variable.
const FILLER: &str = "import json\nfrom dataclasses import dataclass\n\n\n@dataclass\nclass Item:\n    key: str\n    value: int = 0\n\n\ndef join(items: dict) -> str:\n    \"\"\"Joins the entries.\"\"\"\n    values = sorted(f\"{k}={v!r}\" for k, v in items.items())\n    return \"&\".join(values) or json.dumps({})\n\n\nLIMIT = 10\n";

fn assert_cases(cases: &[(&str, &[&str])]) {
    crate::surfaces::code::tests::assert_read_as(cases, py);
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

#[test]
fn a_module_that_reads_in_one_place_is_parsed_sliced() {
    let keep = [
        memchr::memmem::Finder::new("Q_"),
        memchr::memmem::Finder::new("q_"),
    ];
    for code in [
        "import os\nPORT = int(os.getenv(\"Q_PORT\", \"8080\"))\n",
        "from pydantic_settings import BaseSettings\n\n\nclass S(BaseSettings):\n    q_size: int = 16\n",
        "import os\n\n\ndef flag(name):\n    return os.environ.get(name) == \"1\"\n\n\nON = flag(\"Q_ON\")\n",
    ] {
        let amid = format!("{FILLER}{code}\n{FILLER}");
        assert_eq!(slice_holds(&amid, &keep), Some(true), "{code}");
    }
}

/// Pieces of configuration modules, for the equivalence of sliced and whole parses.
const PIECES: &[&str] = &[
    "import os\n",
    "from os import environ, getenv\n",
    "from pydantic_settings import BaseSettings, SettingsConfigDict\nfrom pydantic import Field\n",
    "DEFAULT_PORT = 6333\n",
    "DEFAULTS = {\"host\": \"127.0.0.1\", \"port\": 8080}\n",
    "PORT = int(os.getenv(\"Q_PORT\", DEFAULT_PORT))\n",
    "def get_port():\n    return PORT\n",
    "def reset():\n    global PORT\n    PORT = 1\n",
    "HOST = environ.get(\"Q_HOST\") or DEFAULTS[\"host\"]\n",
    "def flag(name, default=\"0\"):\n    return getenv(name, default).lower() in (\"1\", \"true\", \"yes\")\n",
    "DEBUG = flag(\"Q_DEBUG\")\n",
    "@decorate\ndef handler(payload):\n    return sorted(payload)\n",
    "class Base(BaseSettings):\n    model_config = SettingsConfigDict(env_prefix=\"Q_\")\n",
    "class Memory(Base):\n    size: int = 16\n    url: str | None = None\n",
    "class Mixin:\n    q_timeout_ms: int = Field(default=LIMIT)\n",
    "LIMIT = 30000\n",
    "class App(Mixin, BaseSettings):\n    pass\n",
    "if os.getenv(\"Q_MODE\", \"live\") == \"test\":\n    MODE = \"t\"\nelse:\n    MODE = \"l\"\n",
    "TEXT = f\"\"\"{DEFAULT_PORT}\ndef x():\n\"\"\" + 'it\\'s'\n",
    "A = B = os.environ.get(\"Q_CHAIN\", \"c\")\n",
    "def uses():\n    return A if DEBUG else B\n",
    "WORKERS = int(os.environ.get(\"Q_WORKERS\") or os.cpu_count() or 1)\n",
    "def lookup(key):\n    return os.environ[key]\n",
    "def fetch(item):\n    return os.getenv(item.name)\n",
];

/// The reads of owned variables (`Q_…`, in any case), the dynamic reads and the error.
fn owned(r: &FileReads) -> String {
    let reads: Vec<_> = r
        .reads
        .iter()
        .filter(|read| read.name.to_ascii_uppercase().starts_with("Q_"))
        .collect();
    format!("{reads:?} {:?} {:?}", r.dynamic, r.error)
}

proptest::proptest! {
    /// A module made of any of the pieces, in any order, reads the same owned variables
    /// with the same stated values parsed sliced as parsed whole.
    #[test]
    fn a_sliced_parse_reads_what_the_whole_file_does(
        picks in proptest::collection::vec(0..PIECES.len(), 1..14)
    ) {
        let code = crate::surfaces::code::tests::module_of(PIECES, picks);
        let whole = reads("x.py", &code, &NoPyModules);
        proptest::prop_assume!(whole.error.is_none());
        let keep = [
            memchr::memmem::Finder::new("Q_"),
            memchr::memmem::Finder::new("q_"),
        ];
        proptest::prop_assert_ne!(slice_holds(&code, &keep), Some(false), "{}", code);
        let sliced = reads_sliced("x.py", &code, &NoPyModules, &keep);
        proptest::prop_assert_eq!(owned(&sliced), owned(&whole), "{}", code);
    }
}

/// Every `.py` file under `$ENVLINT_PY_CORPUS` (say, packages installed from PyPI and
/// services' sources), parsed whole and sliced around the prefixes below in either case:
/// the same reads of those variables, or no slice at all (`$ENVLINT_PY_PREFIXES`, comma
/// separated, names other prefixes). Prints how many files were sliced and how many cuts
/// the parser did not confirm.
#[test]
#[ignore = "needs a corpus: ENVLINT_PY_CORPUS=DIR cargo test --release --lib -- --ignored"]
fn a_corpus_reads_the_same_sliced() {
    let dir = std::env::var("ENVLINT_PY_CORPUS").expect("ENVLINT_PY_CORPUS names a directory");
    let prefixes: Vec<String> = std::env::var("ENVLINT_PY_PREFIXES")
        .unwrap_or_else(|_| "DJANGO_,CELERY_,DEBUG,LOG,HOME,OPENAI_,HTTP".to_owned())
        .split(',')
        .map(str::to_owned)
        .collect();
    let keep: Vec<_> = prefixes
        .iter()
        .flat_map(|p| [p.clone(), p.to_ascii_lowercase()])
        .map(|p| memchr::memmem::Finder::new(p.as_bytes()).into_owned())
        .collect();
    let owned = |r: &FileReads| {
        let reads: Vec<_> = r
            .reads
            .iter()
            .filter(|read| {
                let name = read.name.to_ascii_uppercase();
                prefixes.iter().any(|p| name.starts_with(p.as_str()))
            })
            .collect();
        format!("{reads:?} {:?}", r.dynamic)
    };
    let (mut files, mut sliced, mut reading) = (0, 0, 0);
    let (mut refused, mut differ) = (Vec::new(), Vec::new());
    for (path, text) in crate::surfaces::code::tests::corpus(&dir, &["py"]) {
        if !keep.iter().any(|k| k.find(text.as_bytes()).is_some()) {
            continue;
        }
        let name = path.to_string_lossy();
        let whole = reads(&name, &text, &NoPyModules);
        if whole.error.is_some() {
            continue;
        }
        files += 1;
        reading += usize::from(owned(&whole) != "[] []");
        let holds = slice_holds(&text, &keep);
        sliced += usize::from(holds == Some(true));
        if holds == Some(false) {
            refused.push(name.to_string());
        }
        let cut = reads_sliced(&name, &text, &NoPyModules, &keep);
        if owned(&cut) != owned(&whole) {
            differ.push(name.into_owned());
        }
    }
    eprintln!(
        "{files} files holding a prefix, {reading} reading one; {sliced} sliced; {} cuts refused: {refused:#?}",
        refused.len()
    );
    assert!(differ.is_empty(), "read otherwise sliced: {differ:#?}");
}
