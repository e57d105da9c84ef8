//! compose-go's `dotenv` package (what `docker compose` reads `.env` and `env_file`
//! with), against the `compose` dialect. Cases from its `godotenv_test.go` and the
//! fixture files those tests read, each as (reference test, file text, expected).

use envlint::schema::Dialect;

use super::{dotenv_map, pairs};

/// What compose makes of a file: the variables it sets, or a refusal (a part of its
/// message).
enum Want {
    Sets(&'static [(&'static str, &'static str)]),
    Refuses(&'static str),
}
use Want::{Refuses, Sets};

const CASES: &[(&str, &str, Want)] = &[
    (
        "TestParsing: unquoted values",
        "FOO=bar",
        Sets(&[("FOO", "bar")]),
    ),
    (
        "TestParsing: spaces around equal sign",
        "FOO =bar",
        Sets(&[("FOO", "bar")]),
    ),
    (
        "TestParsing: spaces around equal sign",
        "FOO= bar",
        Sets(&[("FOO", "bar")]),
    ),
    (
        "TestParsing: double quoted",
        r#"FOO="bar""#,
        Sets(&[("FOO", "bar")]),
    ),
    (
        "TestParsing: single quoted",
        "FOO='bar'",
        Sets(&[("FOO", "bar")]),
    ),
    (
        "TestParsing: escaped double quotes",
        r#"FOO="escaped\"bar""#,
        Sets(&[("FOO", r#"escaped"bar"#)]),
    ),
    (
        "TestParsing: escaped double quotes",
        r#"FOO="\"quoted\"""#,
        Sets(&[("FOO", r#""quoted""#)]),
    ),
    (
        "TestParsing: single quotes inside double",
        r#"FOO="'d'""#,
        Sets(&[("FOO", "'d'")]),
    ),
    (
        "TestParsing: yaml style",
        "OPTION_A: 1",
        Sets(&[("OPTION_A", "1")]),
    ),
    (
        "TestParsing: yaml style with equal signs",
        "OPTION_A: Foo=bar",
        Sets(&[("OPTION_A", "Foo=bar")]),
    ),
    (
        "TestParsing: colons in a value",
        "OPTION_A=1:B",
        Sets(&[("OPTION_A", "1:B")]),
    ),
    (
        "TestParsing: export keyword",
        "export OPTION_A=2",
        Sets(&[("OPTION_A", "2")]),
    ),
    (
        "TestParsing: export keyword",
        r"export OPTION_B='\n'",
        Sets(&[("OPTION_B", r"\n")]),
    ),
    (
        "TestParsing: export keyword",
        "export exportFoo=2",
        Sets(&[("exportFoo", "2")]),
    ),
    (
        "TestParsing: export keyword",
        "exportFOO=2",
        Sets(&[("exportFOO", "2")]),
    ),
    (
        "TestParsing: export keyword",
        "export_FOO =2",
        Sets(&[("export_FOO", "2")]),
    ),
    (
        "TestParsing: export keyword",
        "export.FOO= 2",
        Sets(&[("export.FOO", "2")]),
    ),
    (
        "TestParsing: export keyword",
        "export\tOPTION_A=2",
        Sets(&[("OPTION_A", "2")]),
    ),
    (
        "TestParsing: export keyword",
        "  export OPTION_A=2",
        Sets(&[("OPTION_A", "2")]),
    ),
    (
        "TestParsing: export keyword",
        "\texport OPTION_A=2",
        Sets(&[("OPTION_A", "2")]),
    ),
    (
        "TestParsing: export keyword",
        r#"export OPTION_A="export A""#,
        Sets(&[("OPTION_A", "export A")]),
    ),
    (
        "TestParsing: newlines in quoted strings",
        r#"FOO="bar\nbaz""#,
        Sets(&[("FOO", "bar\nbaz")]),
    ),
    (
        "TestParsing: no escapes unquoted",
        r"FOO=a\tb",
        Sets(&[("FOO", r"a\tb")]),
    ),
    (
        "TestParsing: tab escape",
        r#"FOO="a\tb""#,
        Sets(&[("FOO", "a\tb")]),
    ),
    (
        "TestParsing: shell escape sequences",
        r#"KEY="Z\aZ\bZ\fZ\nZ\rZ\tZ\vZ\\Z\0123Z""#,
        Sets(&[("KEY", "Z\u{7}Z\u{8}Z\u{c}Z\nZ\rZ\tZ\u{b}Z\\ZSZ")]),
    ),
    (
        "TestParsing: dots in names",
        "FOO.BAR=foobar",
        Sets(&[("FOO.BAR", "foobar")]),
    ),
    (
        "TestParsing: equal signs in a value",
        "FOO=foobar=",
        Sets(&[("FOO", "foobar=")]),
    ),
    (
        "TestParsing: strips unquoted values",
        "FOO=bar ",
        Sets(&[("FOO", "bar")]),
    ),
    (
        "TestParsing: inline comments",
        "FOO=bar # this is foo",
        Sets(&[("FOO", "bar")]),
    ),
    (
        "TestParsing: inline comments",
        "FOO=bar #this is foo",
        Sets(&[("FOO", "bar")]),
    ),
    (
        "TestParsing: inline comments",
        "FOO=bar #",
        Sets(&[("FOO", "bar")]),
    ),
    (
        "TestParsing: # after no blank",
        "FOO=123#not-an-inline-comment",
        Sets(&[("FOO", "123#not-an-inline-comment")]),
    ),
    (
        "TestParsing: # in quoted value",
        r#"FOO="bar#baz""#,
        Sets(&[("FOO", "bar#baz")]),
    ),
    (
        "TestParsing: # in quoted value",
        r##"FOO="bar#baz"#"##,
        Sets(&[("FOO", "bar#baz")]),
    ),
    (
        "TestParsing: # in quoted value",
        r#"FOO="bar#baz" # comment"#,
        Sets(&[("FOO", "bar#baz")]),
    ),
    (
        "TestParsing: # in quoted value",
        "FOO='bar#baz' # comment",
        Sets(&[("FOO", "bar#baz")]),
    ),
    (
        "TestParsing: # in quoted value",
        r#"FOO="bar#baz#bang" # comment"#,
        Sets(&[("FOO", "bar#baz#bang")]),
    ),
    (
        "TestParsing: # in quoted value",
        r#"FOO="ba#r""#,
        Sets(&[("FOO", "ba#r")]),
    ),
    (
        "TestParsing: # in quoted value",
        "FOO='ba#r'",
        Sets(&[("FOO", "ba#r")]),
    ),
    (
        "TestParsing: backslashes",
        r#"FOO="bar\n\ b\az""#,
        Sets(&[("FOO", "bar\n\\ b\u{7}z")]),
    ),
    (
        "TestParsing: backslashes",
        r#"FOO="bar\\\n\ b\az""#,
        Sets(&[("FOO", "bar\\\n\\ b\u{7}z")]),
    ),
    (
        "TestParsing: backslashes",
        r#"FOO="bar\\r\ b\az""#,
        Sets(&[("FOO", "bar\\r\\ b\u{7}z")]),
    ),
    (
        "TestParsing: backslashes",
        r#"FOO="bar\nbaz\\""#,
        Sets(&[("FOO", "bar\nbaz\\")]),
    ),
    // compose sets a variable named "" that nothing can read.
    ("TestParsing: no name", r#"="value""#, Sets(&[])),
    (
        "TestParsing: leading whitespace",
        " KEY =value",
        Sets(&[("KEY", "value")]),
    ),
    (
        "TestParsing: leading whitespace",
        "   KEY=value",
        Sets(&[("KEY", "value")]),
    ),
    (
        "TestParsing: leading whitespace",
        "\tKEY=value",
        Sets(&[("KEY", "value")]),
    ),
    (
        "TestParsing: octal escapes",
        r#"KEY="\0123""#,
        Sets(&[("KEY", "S")]),
    ),
    (
        "TestParsing: other escapes kept",
        r#"KEY="\x07""#,
        Sets(&[("KEY", r"\x07")]),
    ),
    (
        "TestParsing: other escapes kept",
        r#"KEY="\u12e4""#,
        Sets(&[("KEY", r"\u12e4")]),
    ),
    (
        "TestParsing: other escapes kept",
        r#"KEY="\U00101234""#,
        Sets(&[("KEY", r"\U00101234")]),
    ),
    (
        "TestParsing: incorrect line format",
        "lol$wut",
        Refuses("not `$`"),
    ),
    (
        "TestUnterminatedQuotes",
        r#"KEY=""#,
        Refuses("unterminated quoted value"),
    ),
    (
        "TestUnterminatedQuotes",
        r#"KEY="value"#,
        Refuses("unterminated quoted value"),
    ),
    (
        "TestUnterminatedQuotes",
        r#"KEY="value\""#,
        Refuses("unterminated quoted value"),
    ),
    (
        "TestUnterminatedQuotes",
        r#"KEY="value'"#,
        Refuses("unterminated quoted value"),
    ),
    (
        "TestUnterminatedQuotes",
        "KEY='",
        Refuses("unterminated quoted value"),
    ),
    (
        "TestUnterminatedQuotes",
        "KEY='value",
        Refuses("unterminated quoted value"),
    ),
    (
        "TestUnterminatedQuotes",
        r"KEY='value\'",
        Refuses("unterminated quoted value"),
    ),
    (
        "TestUnterminatedQuotes",
        r#"KEY='value""#,
        Refuses("unterminated quoted value"),
    ),
    ("TestLinesToIgnore: a line break", "\n", Sets(&[])),
    ("TestLinesToIgnore: a windows line break", "\r\n", Sets(&[])),
    ("TestLinesToIgnore: whitespace", "\t\t ", Sets(&[])),
    ("TestLinesToIgnore: comment", "# Comment", Sets(&[])),
    (
        "TestLinesToIgnore: indented comment",
        "\t # comment",
        Sets(&[]),
    ),
    (
        "TestErrorParsing: a space in a name",
        "OPTION_A=1\nINVALID LINE=foo\n",
        Refuses("space inside"),
    ),
    (
        "TestReadPlainEnv, TestLoadPlainEnv (fixtures/plain.env)",
        "OPTION_A=1\nOPTION_B=2\nOPTION_C= 3\nOPTION_D =4\nOPTION_E = 5\nOPTION_F = \nOPTION_G=\nOPTION_H = my string # Inline comment\n",
        Sets(&[
            ("OPTION_A", "1"),
            ("OPTION_B", "2"),
            ("OPTION_C", "3"),
            ("OPTION_D", "4"),
            ("OPTION_E", "5"),
            ("OPTION_F", ""),
            ("OPTION_G", ""),
            ("OPTION_H", "my string"),
        ]),
    ),
    (
        "TestLoadQuotedEnv (fixtures/quoted.env)",
        "OPTION_A='1'\nOPTION_B='2'\nOPTION_C=''\nOPTION_D='\\n'\nOPTION_E=\"1\"\nOPTION_F=\"2\"\nOPTION_G=\"\"\nOPTION_H=\"\\n\"\nOPTION_I = \"echo 'asd'\"\nOPTION_J = 'first line\nsecond line\nthird line\nand so on'\nOPTION_Z = \"last value\"\n",
        Sets(&[
            ("OPTION_A", "1"),
            ("OPTION_B", "2"),
            ("OPTION_C", ""),
            ("OPTION_D", "\\n"),
            ("OPTION_E", "1"),
            ("OPTION_F", "2"),
            ("OPTION_G", ""),
            ("OPTION_H", "\n"),
            ("OPTION_I", "echo 'asd'"),
            ("OPTION_J", "first line\nsecond line\nthird line\nand so on"),
            ("OPTION_Z", "last value"),
        ]),
    ),
    (
        "TestLoadExportedEnv: the values it expects",
        "export OPTION_A=2\nexport OPTION_B='\\n'\n",
        Sets(&[("OPTION_A", "2"), ("OPTION_B", "\\n")]),
    ),
    (
        "TestLoadEqualsEnv: the value it expects",
        "export OPTION_A='postgres://localhost:5432/database?sslmode=disable'\n",
        Sets(&[(
            "OPTION_A",
            "postgres://localhost:5432/database?sslmode=disable",
        )]),
    ),
    (
        "TestUTF8BOM: a BOM before the first name",
        "\u{feff}OPTION_A=1\nOPTION_B=2\nOPTION_C= 3\nOPTION_D =4\nOPTION_E = 5\n",
        Sets(&[
            ("OPTION_A", "1"),
            ("OPTION_B", "2"),
            ("OPTION_C", "3"),
            ("OPTION_D", "4"),
            ("OPTION_E", "5"),
        ]),
    ),
    (
        "TestDash: dashes and dots in names",
        "VAR-WITH-DASHES=dashes\nVAR.WITH.DOTS=dots\nVAR_WITH_UNDERSCORES=underscores\n",
        Sets(&[
            ("VAR-WITH-DASHES", "dashes"),
            ("VAR.WITH.DOTS", "dots"),
            ("VAR_WITH_UNDERSCORES", "underscores"),
        ]),
    ),
    (
        "TestVariableStringValueSeparator",
        "TEST_URLS=\"stratum+tcp://stratum.antpool.com:3333\nstratum+tcp://stratum.antpool.com:443\"",
        Sets(&[(
            "TEST_URLS",
            "stratum+tcp://stratum.antpool.com:3333\nstratum+tcp://stratum.antpool.com:443",
        )]),
    ),
    // A bare name takes its value from the environment, unset here: it sets nothing.
    (
        "TestInheritedEnvVariableNotFound: a bare name",
        "VARIABLE_NOT_FOUND\n",
        Sets(&[]),
    ),
    (
        "TestInheritedEnvVariableSameSize: a bare name among others",
        "VAR_TO_BE_LOADED_FROM_OS_ENV\nfoo=bar\nbar=baz\n",
        Sets(&[("bar", "baz"), ("foo", "bar")]),
    ),
    (
        "TestExpanding: single quotes are not expanded",
        "BAR='quote $FOO'",
        Sets(&[("BAR", "quote $FOO")]),
    ),
    (
        "TestExpanding: an escaped `$` is literal",
        r#"FOO="foo\$BAR""#,
        Sets(&[("FOO", "foo$BAR")]),
    ),
    (
        "TestExpanding: an escaped `$` is literal",
        r#"FOO="foo\${BAR}""#,
        Sets(&[("FOO", "foo${BAR}")]),
    ),
];

/// The cases the dialect does not follow, and why: compose substitutes `$V` and `${V}` in
/// unquoted and double-quoted values, and an example file states literal text (each
/// `$V` is a read of `V` instead, checked below).
const EXPANSION: &[(&str, &str, &[&str])] = &[
    (
        "TestExpanding: variables in values",
        "FOO=test\nBAR=$FOO",
        &["FOO"],
    ),
    (
        "TestExpanding: braced variables",
        "FOO=test\nBAR=${FOO}bar",
        &["FOO"],
    ),
    ("TestExpanding: undefined variables", "BAR=$FOO", &["FOO"]),
    (
        "TestExpanding: in double quotes",
        "FOO=test\nBAR=\"quote $FOO\"",
        &["FOO"],
    ),
    (
        "TestExpanding: an escaped and a plain one",
        "FOO=test\nBAR=\"foo\\${FOO} ${FOO}\"",
        &["FOO"],
    ),
    (
        "TestSubstitutions: the variables it substitutes",
        "OPTION_A=1\nOPTION_B=${OPTION_A}\nOPTION_C=$OPTION_B\nOPTION_D=${OPTION_A}_${OPTION_B}\nOPTION_E=${OPTION_NOT_DEFINED}\n",
        &[
            "OPTION_A",
            "OPTION_B",
            "OPTION_A",
            "OPTION_B",
            "OPTION_NOT_DEFINED",
        ],
    ),
];

#[test]
fn compose_go_dotenv_cases() {
    let mut failed = Vec::new();
    for (reference, text, want) in CASES {
        let got = dotenv_map(Dialect::Compose, text);
        let ok = match (want, &got) {
            (Sets(expected), Ok(map)) => *map == pairs(expected),
            (Refuses(part), Err(message)) => message.contains(part),
            _ => false,
        };
        if !ok {
            failed.push(format!("{reference}: {text:?} -> {got:?}"));
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} cases differ:\n{}",
        failed.len(),
        CASES.len(),
        failed.join("\n")
    );
}

#[test]
fn expansion_cases_read_the_variables_they_expand() {
    for (reference, text, names) in EXPANSION {
        let scanned = envlint::surfaces::dotenv::scan(
            &envlint::source::SourceFile::new(".env", *text),
            Dialect::Compose,
        )
        .unwrap_or_else(|e| panic!("{reference}: {e}"));
        assert!(
            scanned.rejected.is_empty(),
            "{reference}: {:?}",
            scanned.rejected
        );
        let read: Vec<&str> = scanned.reads.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(read, *names, "{reference}");
    }
}
