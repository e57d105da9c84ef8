//! The Python slicer, table-driven: what it keeps, what it blanks, where it gives up.

use super::*;

use crate::surfaces::code::slicing::finders;

/// The kept text of `code`, each blanked run of lines shown as one `…` line.
fn kept(code: &str) -> Option<String> {
    let s = slice(code, &finders(&["QDRANT_", "qdrant_"]))?;
    Some(crate::surfaces::code::slicing::shown(code, &s.text))
}

#[test]
fn what_is_kept() {
    let cases: &[(&str, &str)] = &[
        // The read and the constant it falls back to; an import it does not use goes.
        (
            "import os\nimport json\n\nDEFAULT_PORT = 6333\nOTHER = 1\n\n\ndef port():\n    return int(os.getenv(\"QDRANT_PORT\") or DEFAULT_PORT)\n\n\ndef unrelated():\n    return json.dumps({})\n",
            "import os\n…\nDEFAULT_PORT = 6333\n…\ndef port():\n    return int(os.getenv(\"QDRANT_PORT\") or DEFAULT_PORT)\n…\n",
        ),
        // A helper called with the name, and where its result goes; a decorated function
        // goes with its decorator.
        (
            "import os\n\n\ndef flag(name, default=False):\n    v = os.environ.get(name)\n    return default if v is None else v.lower() in (\"1\", \"true\")\n\n\n@cache\ndef other():\n    return 2\n\n\nON = flag(\"QDRANT_ON\")\n\n\ndef use():\n    return 1 if ON else 2\n",
            "import os\ndef flag(name, default=False):\n    v = os.environ.get(name)\n    return default if v is None else v.lower() in (\"1\", \"true\")\n…\nON = flag(\"QDRANT_ON\")\ndef use():\n    return 1 if ON else 2\n",
        ),
        // A settings class by its lower-case field, the class it extends and the one
        // that combines it; a statement that is no declaration is kept whatever it says.
        (
            "from pydantic_settings import BaseSettings\n\n\nclass Base(BaseSettings):\n    model_config = {\"extra\": \"ignore\"}\n\n\nclass Memory(Base):\n    qdrant_url: str = \"http://qdrant:6333\"\n\n\nclass Mail(BaseSettings):\n    smtp_host: str = \"localhost\"\n\n\nclass App(Memory, Mail):\n    pass\n\n\ndef report():\n    return \"ok\"\n\n\nif __name__ == \"__main__\":\n    print(1)\n",
            "from pydantic_settings import BaseSettings\nclass Base(BaseSettings):\n    model_config = {\"extra\": \"ignore\"}\nclass Memory(Base):\n    qdrant_url: str = \"http://qdrant:6333\"\nclass Mail(BaseSettings):\n    smtp_host: str = \"localhost\"\nclass App(Memory, Mail):\n    pass\n…\nif __name__ == \"__main__\":\n    print(1)\n",
        ),
        // `else`/`except` continue the statement before; a chained assignment declares
        // every target; an annotated one its name.
        (
            "try:\n    import ujson as json\nexcept ImportError:\n    import json\nA = B = 5\nC: int = 7\nD = 1\nHOST = os.environ.get(\"QDRANT_HOST\", B + C)\n",
            "try:\n    import ujson as json\nexcept ImportError:\n    import json\nA = B = 5\nC: int = 7\n…\nHOST = os.environ.get(\"QDRANT_HOST\", B + C)\n",
        ),
    ];
    let bad: Vec<String> = cases
        .iter()
        .filter(|(code, want)| kept(code).as_deref() != Some(*want))
        .map(|(code, _)| format!("{code}\n  => {:?}", kept(code)))
        .collect();
    assert!(bad.is_empty(), "{}", bad.join("\n\n"));
}

#[test]
fn what_the_scan_reads_past() {
    // Strings of every prefix and quote, triple-quoted ones over lines holding what would
    // start statements, f-string fields with other quotes and braces, comments,
    // continuations and brackets over lines.
    let code = "X = r'\\'' + b\"#\" + u'''\ndef not_a_def():\n''' + f\"{a['k']:{w}}{{\" + rb'\\d'\nY = (1,\n2)\nZ = 1 + \\\n    2  # ( not open\ndef g():\n    return 1\nQ = os.getenv(\"QDRANT_Q\")\n";
    assert_eq!(
        kept(code).as_deref(),
        Some("…\nQ = os.getenv(\"QDRANT_Q\")\n"),
    );
    // CRLF line ends.
    let crlf = "import json\r\nA = 1\r\nQ = os.getenv(\"QDRANT_Q\")\r\n";
    let s = slice(crlf, &finders(&["QDRANT_"])).unwrap();
    assert_eq!(
        s.text,
        "           \r\n     \r\nQ = os.getenv(\"QDRANT_Q\")\r\n"
    );
}

#[test]
fn where_the_scan_gives_up() {
    for code in [
        // A one-line string runs past its line; a bracket stays open or closes another.
        "s = \"abc\nQ = os.getenv(\"QDRANT_Q\")\ndef f():\n    pass\n",
        "o = (1,\nQ = os.getenv(\"QDRANT_Q\")\ndef f():\n    pass\n",
        "o = (1]\nQ = os.getenv(\"QDRANT_Q\")\ndef f():\n    pass\n",
        // An f-string field holding its own quote, or a comment (Python 3.12).
        "s = f\"{x[\"k\"]}\"\nQ = os.getenv(\"QDRANT_Q\")\ndef f():\n    pass\n",
        "s = f'''{x # c\n}'''\nQ = os.getenv(\"QDRANT_Q\")\ndef f():\n    pass\n",
        // A backslash that continues no line.
        "s = 1 \\ 2\nQ = os.getenv(\"QDRANT_Q\")\ndef f():\n    pass\n",
        // Nothing to blank.
        "Q = os.getenv(\"QDRANT_Q\")\n",
    ] {
        assert_eq!(kept(code), None, "{code}");
    }
}

proptest::proptest! {
    /// On any text the scan ends without panicking; what it returns is the text with
    /// whole lines' bytes blanked to spaces, line breaks and every other byte kept.
    #[test]
    fn the_scan_never_panics_and_only_blanks(
        text in "(def |class |import |from |async |@d\n|else:|[a-zQ_]{1,8}|[ =;,:.(){}\\[\\]'\"#fbr\\\\\n\r\t]){0,60}"
    ) {
        if let Some(s) = slice(&text, &finders(&["Q_", "q_"])) {
            proptest::prop_assert_eq!(s.text.len(), text.len());
            for (a, b) in s.text.bytes().zip(text.bytes()) {
                proptest::prop_assert!(a == b || (a == b' ' && b != b'\n' && b != b'\r'));
            }
        }
    }
}
