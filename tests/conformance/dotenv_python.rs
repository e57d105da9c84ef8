//! `python-dotenv`'s parser (`dotenv.parser.parse_stream`), against the `python` dialect.
//! Cases from its `tests/test_parser.py`, each as (reference test, file text, the bindings
//! it reads in order as (key, value; `None`: a bare key), how many statements it cannot
//! parse). A statement it cannot parse is skipped with a warning; the rest is read.

use envlint::schema::Dialect;
use envlint::source::SourceFile;
use envlint::surfaces::dotenv::scan;

type Case = (
    &'static str,
    &'static str,
    &'static [(&'static str, Option<&'static str>)],
    usize,
);

const CASES: &[Case] = &[
    ("test_parse_stream: empty file", "", &[], 0),
    ("test_parse_stream: a=b", "a=b", &[("a", Some("b"))], 0),
    (
        "test_parse_stream: a single-quoted key",
        "'a'=b",
        &[("a", Some("b"))],
        0,
    ),
    (
        "test_parse_stream: a key of punctuation",
        "[=b",
        &[("[", Some("b"))],
        0,
    ),
    (
        "test_parse_stream: blanks around",
        " a = b ",
        &[("a", Some("b"))],
        0,
    ),
    (
        "test_parse_stream: export",
        "export a=b",
        &[("a", Some("b"))],
        0,
    ),
    (
        "test_parse_stream: export and a quoted key",
        " export 'a'=b",
        &[("a", Some("b"))],
        0,
    ),
    ("test_parse_stream: a comment line", "# a=b", &[], 0),
    (
        "test_parse_stream: `#` inside a value",
        "a=b#c",
        &[("a", Some("b#c"))],
        0,
    ),
    (
        "test_parse_stream: a comment after a blank",
        "a=b #c",
        &[("a", Some("b"))],
        0,
    ),
    (
        "test_parse_stream: only a comment after `= `",
        "a= #c",
        &[("a", Some(""))],
        0,
    ),
    (
        "test_parse_stream: only a comment after `=  `",
        "a=  # comment",
        &[("a", Some(""))],
        0,
    ),
    (
        "test_parse_stream: a value starting with `#`",
        "a=#b",
        &[("a", Some("#b"))],
        0,
    ),
    (
        "test_parse_stream: a comment after a tab",
        "a=b\t#c",
        &[("a", Some("b"))],
        0,
    ),
    (
        "test_parse_stream: inner blanks kept",
        "a=b c",
        &[("a", Some("b c"))],
        0,
    ),
    (
        "test_parse_stream: inner tab kept",
        "a=b\tc",
        &[("a", Some("b\tc"))],
        0,
    ),
    (
        "test_parse_stream: two inner blanks kept",
        "a=b  c",
        &[("a", Some("b  c"))],
        0,
    ),
    (
        "test_parse_stream: a no-break space kept",
        "a=b\u{a0} c",
        &[("a", Some("b\u{a0} c"))],
        0,
    ),
    (
        "test_parse_stream: trailing blanks dropped",
        "a=b c ",
        &[("a", Some("b c"))],
        0,
    ),
    (
        "test_parse_stream: single quotes keep blanks",
        "a='b c '",
        &[("a", Some("b c "))],
        0,
    ),
    (
        "test_parse_stream: double quotes keep blanks",
        "a=\"b c \"",
        &[("a", Some("b c "))],
        0,
    ),
    (
        "test_parse_stream: a key starting with export",
        "export export_a=1",
        &[("export_a", Some("1"))],
        0,
    ),
    (
        "test_parse_stream: export port",
        "export port=8000",
        &[("port", Some("8000"))],
        0,
    ),
    (
        "test_parse_stream: a line break in double quotes",
        "a=\"b\nc\"",
        &[("a", Some("b\nc"))],
        0,
    ),
    (
        "test_parse_stream: a line break in single quotes",
        "a='b\nc'",
        &[("a", Some("b\nc"))],
        0,
    ),
    (
        "test_parse_stream: `\\n` in double quotes",
        "a=\"b\\nc\"",
        &[("a", Some("b\nc"))],
        0,
    ),
    (
        "test_parse_stream: `\\n` in single quotes",
        "a='b\\nc'",
        &[("a", Some("b\\nc"))],
        0,
    ),
    (
        "test_parse_stream: an escaped double quote",
        "a=\"b\\\"c\"",
        &[("a", Some("b\"c"))],
        0,
    ),
    (
        "test_parse_stream: an escaped single quote",
        "a='b\\'c'",
        &[("a", Some("b'c"))],
        0,
    ),
    (
        "test_parse_stream: a non-ASCII value",
        "a=à",
        &[("a", Some("à"))],
        0,
    ),
    (
        "test_parse_stream: a quoted non-ASCII value",
        "a=\"à\"",
        &[("a", Some("à"))],
        0,
    ),
    (
        "test_parse_stream: a bare key",
        "no_value_var",
        &[("no_value_var", None)],
        0,
    ),
    ("test_parse_stream: a colon is no separator", "a: b", &[], 1),
    (
        "test_parse_stream: two lines",
        "a=b\nc=d",
        &[("a", Some("b")), ("c", Some("d"))],
        0,
    ),
    (
        "test_parse_stream: a carriage return ends a line",
        "a=b\rc=d",
        &[("a", Some("b")), ("c", Some("d"))],
        0,
    ),
    (
        "test_parse_stream: CRLF",
        "a=b\r\nc=d",
        &[("a", Some("b")), ("c", Some("d"))],
        0,
    ),
    (
        "test_parse_stream: an empty value",
        "a=\nb=c",
        &[("a", Some("")), ("b", Some("c"))],
        0,
    ),
    ("test_parse_stream: blank lines", "\n\n", &[], 0),
    (
        "test_parse_stream: a blank line after",
        "a=b\n\n",
        &[("a", Some("b"))],
        0,
    ),
    (
        "test_parse_stream: a blank line between",
        "a=b\n\nc=d",
        &[("a", Some("b")), ("c", Some("d"))],
        0,
    ),
    (
        "test_parse_stream: an unclosed quote",
        "a=\"\nb=c",
        &[("b", Some("c"))],
        1,
    ),
    (
        "test_parse_stream: a comment, a two-line value, a line",
        "# comment\na=\"b\nc\"\nd=e\n",
        &[("a", Some("b\nc")), ("d", Some("e"))],
        0,
    ),
    (
        "test_parse_stream: a comment after",
        "a=b\n# comment 1",
        &[("a", Some("b"))],
        0,
    ),
    (
        "test_parse_stream: two comments",
        "# comment 1\n# comment 2",
        &[],
        0,
    ),
    (
        "test_parse_stream: an ugly key and a comment after a quoted value",
        "uglyKey[%$=\"S3cr3t_P4ssw#rD\" #\na=b",
        &[("uglyKey[%$", Some("S3cr3t_P4ssw#rD")), ("a", Some("b"))],
        0,
    ),
    (
        "test_parse_stream: a BOM",
        "\u{feff}a=b",
        &[("a", Some("b"))],
        0,
    ),
    (
        "test_parse_stream: a BOM and two lines",
        "\u{feff}a=b\nc=d",
        &[("a", Some("b")), ("c", Some("d"))],
        0,
    ),
];

#[test]
fn python_dotenv_parser_cases() {
    let mut failed = Vec::new();
    for (test, text, want, errors) in CASES {
        let scanned = scan(&SourceFile::new(".env", *text), Dialect::Python).expect("scans");
        let got: Vec<(String, Option<String>)> = scanned
            .entries
            .iter()
            .filter(|e| !e.commented)
            .map(|e| (e.name.clone(), e.value.clone()))
            .collect();
        let want: Vec<(String, Option<String>)> = want
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.map(str::to_owned)))
            .collect();
        if got != want || scanned.rejected.len() != *errors {
            failed.push(format!(
                "{test}: {text:?} -> {got:?}, {} refused",
                scanned.rejected.len()
            ));
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} differ:\n{}",
        failed.len(),
        CASES.len(),
        failed.join("\n")
    );
}

/// python-dotenv expands `${V}` and `${V:-d}` (not `$V`) in values that are not
/// single-quoted: each one is a read of `V`; nothing is refused.
#[test]
fn expansions_are_reads_of_the_braced_form_only() {
    let text = "A=${HOST}:${PORT:-80}\nB='${NOT_READ}'\nC=$NOT_EITHER\nD=\"${INSIDE}\"\n";
    let scanned = scan(&SourceFile::new(".env", text), Dialect::Python).expect("scans");
    let names: Vec<&str> = scanned.reads.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["HOST", "PORT", "INSIDE"]);
    assert!(scanned.rejected.is_empty());
}
