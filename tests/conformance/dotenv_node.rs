//! Node's `dotenv` package (`dotenv.parse`), against the `node` dialect. Cases from its
//! `tests/test-parse.js` (which reads `tests/.env`) and `tests/test-parse-multiline.js`
//! (which reads `tests/.env-multiline`). Node's `dotenv` never refuses a file: a line it
//! cannot match is skipped.

use envlint::schema::Dialect;

use super::{dotenv_map, pairs};

/// The lines of `tests/.env` and what `test-parse.js` expects of each.
const DOT_ENV: &[(&str, &str, Option<&str>)] = &[
    (
        "sets basic environment variable",
        "BASIC=basic",
        Some("basic"),
    ),
    (
        "reads after a skipped line",
        "\n# previous line intentionally left blank\nAFTER_LINE=after_line",
        Some("after_line"),
    ),
    ("defaults empty values to empty string", "EMPTY=", Some("")),
    (
        "defaults empty values to empty string",
        "EMPTY_SINGLE_QUOTES=''",
        Some(""),
    ),
    (
        "defaults empty values to empty string",
        "EMPTY_DOUBLE_QUOTES=\"\"",
        Some(""),
    ),
    (
        "defaults empty values to empty string",
        "EMPTY_BACKTICKS=``",
        Some(""),
    ),
    (
        "escapes single quoted values",
        "SINGLE_QUOTES='single_quotes'",
        Some("single_quotes"),
    ),
    (
        "respects surrounding spaces in single quotes",
        "SINGLE_QUOTES_SPACED='    single quotes    '",
        Some("    single quotes    "),
    ),
    (
        "escapes double quoted values",
        "DOUBLE_QUOTES=\"double_quotes\"",
        Some("double_quotes"),
    ),
    (
        "respects surrounding spaces in double quotes",
        "DOUBLE_QUOTES_SPACED=\"    double quotes    \"",
        Some("    double quotes    "),
    ),
    (
        "respects double quotes inside single quotes",
        "DOUBLE_QUOTES_INSIDE_SINGLE='double \"quotes\" work inside single quotes'",
        Some("double \"quotes\" work inside single quotes"),
    ),
    (
        "respects spacing for badly formed brackets",
        "DOUBLE_QUOTES_WITH_NO_SPACE_BRACKET=\"{ port: $MONGOLAB_PORT}\"",
        Some("{ port: $MONGOLAB_PORT}"),
    ),
    (
        "respects single quotes inside double quotes",
        "SINGLE_QUOTES_INSIDE_DOUBLE=\"single 'quotes' work inside double quotes\"",
        Some("single 'quotes' work inside double quotes"),
    ),
    (
        "respects backticks inside single quotes",
        "BACKTICKS_INSIDE_SINGLE='`backticks` work inside single quotes'",
        Some("`backticks` work inside single quotes"),
    ),
    (
        "respects backticks inside double quotes",
        "BACKTICKS_INSIDE_DOUBLE=\"`backticks` work inside double quotes\"",
        Some("`backticks` work inside double quotes"),
    ),
    ("backticks", "BACKTICKS=`backticks`", Some("backticks")),
    (
        "backticks, spaced",
        "BACKTICKS_SPACED=`    backticks    `",
        Some("    backticks    "),
    ),
    (
        "respects double quotes inside backticks",
        "DOUBLE_QUOTES_INSIDE_BACKTICKS=`double \"quotes\" work inside backticks`",
        Some("double \"quotes\" work inside backticks"),
    ),
    (
        "respects single quotes inside backticks",
        "SINGLE_QUOTES_INSIDE_BACKTICKS=`single 'quotes' work inside backticks`",
        Some("single 'quotes' work inside backticks"),
    ),
    (
        "respects both quotes inside backticks",
        "DOUBLE_AND_SINGLE_QUOTES_INSIDE_BACKTICKS=`double \"quotes\" and single 'quotes' work inside backticks`",
        Some("double \"quotes\" and single 'quotes' work inside backticks"),
    ),
    (
        "expands newlines but only if double quoted",
        "EXPAND_NEWLINES=\"expand\\nnew\\nlines\"",
        Some("expand\nnew\nlines"),
    ),
    (
        "expands newlines but only if double quoted",
        "DONT_EXPAND_UNQUOTED=dontexpand\\nnewlines",
        Some("dontexpand\\nnewlines"),
    ),
    (
        "expands newlines but only if double quoted",
        "DONT_EXPAND_SQUOTED='dontexpand\\nnewlines'",
        Some("dontexpand\\nnewlines"),
    ),
    ("ignores commented lines", "# COMMENTS=work", None),
    (
        "ignores inline comments",
        "INLINE_COMMENTS=inline comments # work #very #well",
        Some("inline comments"),
    ),
    (
        "respects # inside single quotes",
        "INLINE_COMMENTS_SINGLE_QUOTES='inline comments outside of #singlequotes' # work",
        Some("inline comments outside of #singlequotes"),
    ),
    (
        "respects # inside double quotes",
        "INLINE_COMMENTS_DOUBLE_QUOTES=\"inline comments outside of #doublequotes\" # work",
        Some("inline comments outside of #doublequotes"),
    ),
    (
        "respects # inside backticks",
        "INLINE_COMMENTS_BACKTICKS=`inline comments outside of #backticks` # work",
        Some("inline comments outside of #backticks"),
    ),
    (
        "treats # character as start of comment",
        "INLINE_COMMENTS_SPACE=inline comments start with a#number sign. no space required.",
        Some("inline comments start with a"),
    ),
    (
        "respects equals signs in values",
        "EQUAL_SIGNS=equals==",
        Some("equals=="),
    ),
    (
        "retains inner quotes",
        "RETAIN_INNER_QUOTES={\"foo\": \"bar\"}",
        Some("{\"foo\": \"bar\"}"),
    ),
    (
        "retains inner quotes",
        "RETAIN_INNER_QUOTES_AS_STRING='{\"foo\": \"bar\"}'",
        Some("{\"foo\": \"bar\"}"),
    ),
    (
        "retains inner quotes",
        "RETAIN_INNER_QUOTES_AS_BACKTICKS=`{\"foo\": \"bar's\"}`",
        Some("{\"foo\": \"bar's\"}"),
    ),
    (
        "retains spaces in string",
        "TRIM_SPACE_FROM_UNQUOTED=    some spaced out string",
        Some("some spaced out string"),
    ),
    (
        "parses email addresses completely",
        "USERNAME=therealnerdybeast@example.tld",
        Some("therealnerdybeast@example.tld"),
    ),
    (
        "parses keys and values surrounded by spaces",
        "    SPACED_KEY = parsed",
        Some("parsed"),
    ),
];

/// The other cases of `test-parse.js` and `test-parse-multiline.js`: (test, text, the
/// variables `dotenv.parse` returns).
/// (test, text, the variables `dotenv.parse` returns).
type Case = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

const CASES: &[Case] = &[
    (
        "should parse a buffer into an object",
        "BUFFER=true",
        &[("BUFFER", "true")],
    ),
    (
        "last duplicate key wins",
        "DUP=one\nDUP=two",
        &[("DUP", "two")],
    ),
    (
        "can parse (\\r) line endings",
        "SERVER=localhost\rPASSWORD=password\rDB=tests\r",
        &[
            ("SERVER", "localhost"),
            ("PASSWORD", "password"),
            ("DB", "tests"),
        ],
    ),
    (
        "can parse (\\n) line endings",
        "SERVER=localhost\nPASSWORD=password\nDB=tests\n",
        &[
            ("SERVER", "localhost"),
            ("PASSWORD", "password"),
            ("DB", "tests"),
        ],
    ),
    (
        "can parse (\\r\\n) line endings",
        "SERVER=localhost\r\nPASSWORD=password\r\nDB=tests\r\n",
        &[
            ("SERVER", "localhost"),
            ("PASSWORD", "password"),
            ("DB", "tests"),
        ],
    ),
    ("returns empty object for empty string", "", &[]),
    (
        "returns empty object for comments-only input",
        "# this is a comment\n# another comment",
        &[],
    ),
    ("handles export prefix", "export FOO=bar", &[("FOO", "bar")]),
    (
        "handles keys with hyphens",
        "my-key=value",
        &[("my-key", "value")],
    ),
    (
        "handles keys with dots",
        "my.key=value",
        &[("my.key", "value")],
    ),
    (
        "handles unicode in values",
        "GREETING=こんにちは",
        &[("GREETING", "こんにちは")],
    ),
    (
        "handles UTF-8 BOM at start of input",
        "\u{feff}BOM_KEY=bom_value",
        &[("BOM_KEY", "bom_value")],
    ),
    (
        "expands escaped carriage return in double quotes",
        "CR=\"line1\\rline2\"",
        &[("CR", "line1\rline2")],
    ),
    (
        "handles tabs around keys and values",
        "\tTABBED\t=\ttabbed_value",
        &[("TABBED", "tabbed_value")],
    ),
    (
        "debug: a line it cannot match is skipped",
        "what is this",
        &[],
    ),
    (
        "debug: windows line endings",
        "HEY=there\r\n",
        &[("HEY", "there")],
    ),
    (
        "multiline: double quotes",
        "MULTI_DOUBLE_QUOTED=\"THIS\nIS\nA\nMULTILINE\nSTRING\"",
        &[("MULTI_DOUBLE_QUOTED", "THIS\nIS\nA\nMULTILINE\nSTRING")],
    ),
    (
        "multiline: single quotes",
        "MULTI_SINGLE_QUOTED='THIS\nIS\nA\nMULTILINE\nSTRING'",
        &[("MULTI_SINGLE_QUOTED", "THIS\nIS\nA\nMULTILINE\nSTRING")],
    ),
    (
        "multiline: backticks",
        "MULTI_BACKTICKED=`THIS\nIS\nA\n\"MULTILINE'S\"\nSTRING`",
        &[("MULTI_BACKTICKED", "THIS\nIS\nA\n\"MULTILINE'S\"\nSTRING")],
    ),
    (
        "multiline: a PEM key in double quotes",
        "MULTI_PEM_DOUBLE_QUOTED=\"-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\nu4QuUoobAgMBAAE=\n-----END PUBLIC KEY-----\"",
        &[(
            "MULTI_PEM_DOUBLE_QUOTED",
            "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\nu4QuUoobAgMBAAE=\n-----END PUBLIC KEY-----",
        )],
    ),
];

#[test]
fn node_dotenv_test_parse_cases_line_by_line() {
    let mut failed = Vec::new();
    for (test, line, want) in DOT_ENV {
        let name = line.lines().last().unwrap_or_default();
        let key = name
            .trim_start_matches(['#', ' '])
            .split('=')
            .next()
            .unwrap_or_default()
            .trim();
        let expected: Vec<(&str, &str)> = want.iter().map(|v| (key, *v)).collect();
        let got = dotenv_map(Dialect::Node, line);
        if got != Ok(pairs(&expected)) {
            failed.push(format!("{test}: {line:?} -> {got:?}"));
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} differ:\n{}",
        failed.len(),
        DOT_ENV.len(),
        failed.join("\n")
    );
}

/// The lines read together, as `test-parse.js` reads the file: no line changes another.
#[test]
fn node_dotenv_test_parse_cases_as_one_file() {
    let text: Vec<&str> = DOT_ENV.iter().map(|c| c.1).collect();
    let got = dotenv_map(Dialect::Node, &text.join("\n")).expect("node refuses nothing");
    let mut want = Vec::new();
    for (_, line, value) in DOT_ENV {
        let key = line
            .lines()
            .last()
            .unwrap()
            .trim_start()
            .split('=')
            .next()
            .unwrap()
            .trim();
        if let Some(v) = value {
            want.push((key, *v));
        }
    }
    assert_eq!(got, pairs(&want));
}

#[test]
fn node_dotenv_other_cases() {
    let mut failed = Vec::new();
    for (test, text, want) in CASES {
        let got = dotenv_map(Dialect::Node, text);
        if got != Ok(pairs(want)) {
            failed.push(format!("{test}: {text:?} -> {got:?}"));
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
