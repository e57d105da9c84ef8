//! The compose adapter, table-driven.

use super::*;
use proptest::prelude::*;

/// (kind, name, scope, stated default, line:column of the name, via line) per mention.
type Row = (
    &'static str,
    String,
    Option<String>,
    Option<String>,
    String,
    Option<usize>,
);

fn surface(text: &str) -> (SourceFile, Surface) {
    let source = SourceFile::new("docker-compose.yml", text);
    let doc = read(&source).expect("parses");
    let s = facts(FileId(0), &source, &doc).expect("facts");
    (source, s)
}

fn rows(text: &str) -> Vec<Row> {
    let (source, s) = surface(text);
    s.mentions
        .iter()
        .map(|m| {
            assert_eq!(&text[m.span.clone()], m.name, "the name span");
            let p = source.position(m.span.start);
            (
                match m.kind {
                    MentionKind::Entry => "entry",
                    MentionKind::Interpolation => "interp",
                    MentionKind::Comment => "comment",
                    MentionKind::Read => "read",
                },
                m.name.clone(),
                m.scope.clone(),
                m.stated
                    .iter()
                    .find(|st| matches!(st.role, Role::Default | Role::Value))
                    .and_then(|st| {
                        assert_eq!(
                            text[st.span.clone()].replace("$$", "$"),
                            st.text.clone().unwrap_or_default(),
                            "the value span"
                        );
                        st.text.clone()
                    }),
                format!("{}:{}", p.line, p.column),
                m.via.as_ref().map(|v| source.position(v.start).line),
            )
        })
        .collect()
}

fn row(
    kind: &'static str,
    name: &str,
    scope: Option<&str>,
    stated: Option<&str>,
    at: &str,
    via: Option<usize>,
) -> Row {
    (
        kind,
        name.to_owned(),
        scope.map(str::to_owned),
        stated.map(str::to_owned),
        at.to_owned(),
        via,
    )
}

#[test]
fn interpolations_in_every_kind_of_value() {
    let text = r#"x-labels: &labels
  note: "${A_ONE:-1}"
services:
  app:
    image: "img:${A_TAG-latest}"
    command: ["run", "--port", "$A_PORT"]
    entrypoint: sh -c 'echo $${NOT_ONE} ${A_TWO:?needed}'
    healthcheck:
      test: ["CMD", "curl", "http://localhost:${A_PORT:+on}"]
    volumes:
      - ${A_DIR:-./data}:/data
    labels: *labels
"#;
    let got: Vec<(String, Option<String>)> = rows(text).into_iter().map(|r| (r.1, r.3)).collect();
    let want = [
        ("A_ONE", Some("1")),
        ("A_TAG", Some("latest")),
        ("A_PORT", None),
        ("A_TWO", None),
        ("A_PORT", None),
        ("A_DIR", Some("./data")),
    ];
    let want: Vec<(String, Option<String>)> = want
        .iter()
        .map(|(n, d)| ((*n).to_owned(), d.map(str::to_owned)))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn environment_in_list_and_map_form() {
    let text = "services:
  app:
    environment:
      - Q_HOST=qdrant
      - \"Q_PORT=${Q_PORT:-6333}\"
      - Q_PASSED
  sidecar:
    environment:
      Q_KEY: \"\"
      Q_SIZE: 1536
      Q_MODE:
";
    assert_eq!(
        rows(text),
        vec![
            row("entry", "Q_HOST", Some("app"), Some("qdrant"), "4:9", None),
            row("entry", "Q_PORT", Some("app"), None, "5:10", None),
            row("interp", "Q_PORT", None, Some("6333"), "5:19", None),
            row("entry", "Q_PASSED", Some("app"), None, "6:9", None),
            row("entry", "Q_KEY", Some("sidecar"), Some(""), "9:7", None),
            row(
                "entry",
                "Q_SIZE",
                Some("sidecar"),
                Some("1536"),
                "10:7",
                None
            ),
            row("entry", "Q_MODE", Some("sidecar"), None, "11:7", None),
        ]
    );
}

#[test]
fn merged_entries_belong_to_each_service_and_point_at_the_anchor() {
    let text = "x-common: &common
  env_file: .env
  environment:
    - Q_PORT=6333
services:
  one:
    <<: *common
  two:
    <<: *common
    environment:
      Q_OWN: x
";
    assert_eq!(
        rows(text),
        vec![
            row("entry", "Q_PORT", Some("one"), Some("6333"), "4:7", Some(7)),
            row("entry", "Q_OWN", Some("two"), Some("x"), "11:7", None),
        ],
        "`two` has its own environment: a merge does not reach into it"
    );
    let (_, s) = surface(text);
    assert_eq!(s.services[0].env_file, vec![".env"]);
}

/// YAML's merge: a key the service sets beside `<<` overrides the merged one, which is not
/// this service's entry (and no duplicate).
#[test]
fn a_key_set_beside_a_merge_overrides_the_merged_one() {
    let text = "x-env: &env
  Q_PORT: 6333
services:
  app:
    environment:
      <<: *env
      Q_PORT: 6334
";
    let got = rows(text);
    assert_eq!(
        got,
        vec![row(
            "entry",
            "Q_PORT",
            Some("app"),
            Some("6334"),
            "7:7",
            None
        )]
    );
}

/// A name a comment block mentions on several lines is one mention.
#[test]
fn a_comment_block_mentions_a_name_once() {
    let text = "# Q_PORT is the REST port.\n# Set Q_PORT in .env; Q_HOST too.\nservices:\n  app:\n    image: x # Q_PORT again\n";
    let names: Vec<(String, String)> = rows(text)
        .into_iter()
        .filter(|r| r.0 == "comment")
        .map(|r| (r.1, r.4))
        .collect();
    assert_eq!(
        names,
        [
            ("Q_PORT".to_owned(), "1:3".to_owned()),
            ("Q_HOST".to_owned(), "2:23".to_owned()),
            ("Q_PORT".to_owned(), "5:16".to_owned()),
        ]
    );
}

#[test]
fn duplicate_keys_are_kept_for_the_rule() {
    let text = "services:\n  app:\n    environment:\n      Q_A: 1\n      Q_A: 2\n";
    let names: Vec<String> = rows(text).into_iter().map(|r| r.4).collect();
    assert_eq!(names, vec!["4:7", "5:7"]);
}

#[test]
fn services_profiles_and_images() {
    let text = "services:
  qdrant:
    image: qdrant/qdrant:v1.12.4
    profiles: [memory, all]
  app:
    image: app
    env_file: [.env, {path: .env.local, required: false}]
";
    let (_, s) = surface(text);
    assert_eq!(s.services.len(), 2);
    assert_eq!(s.services[0].name, "qdrant");
    assert_eq!(s.services[0].profiles, vec!["memory", "all"]);
    assert_eq!(
        &text[s.services[0].profiles_span.clone().unwrap()],
        "profiles"
    );
    assert_eq!(
        s.services[0].image.as_deref(),
        Some("qdrant/qdrant:v1.12.4")
    );
    assert!(s.services[1].profiles.is_empty() && s.services[1].profiles_span.is_none());
    assert_eq!(s.services[1].env_file, vec![".env", ".env.local"]);
    assert_eq!(&text[s.append_at..s.append_at + 8], "services");
}

#[test]
fn names_in_comments_but_not_in_values() {
    let text = "# Q_TOP is documented here
services:
  app:
    image: \"a # Q_NOT_A_COMMENT\"   # Q_TRAILING too
    command: echo#Q_NOPE
";
    let got: Vec<(&str, String, String)> =
        rows(text).into_iter().map(|r| (r.0, r.1, r.4)).collect();
    assert_eq!(
        got,
        vec![
            ("comment", "Q_TOP".to_owned(), "1:3".to_owned()),
            ("comment", "Q_TRAILING".to_owned(), "4:38".to_owned()),
        ]
    );
}

#[test]
fn columns_count_characters_after_multibyte_text() {
    let text = "services:\n  app:\n    labels:\n      note: \"café ☕ ${Q_PORT:-6334}\"\n";
    let r = &rows(text)[0];
    assert_eq!((r.1.as_str(), r.4.as_str()), ("Q_PORT", "4:23"));
}

#[test]
fn bad_input_is_a_parse_error_with_a_location() {
    let cases: &[(&str, usize, &str)] = &[
        ("services:\n  a: [1, 2\n  b: 3\n", 3, "illegal"),
        ("- a\n- b\n", 1, "not a list or a scalar"),
        ("just text\n", 1, "not a list or a scalar"),
        (
            &format!("a: {}{}\n", "[".repeat(10_000), "]".repeat(10_000)),
            1,
            "nesting deeper",
        ),
    ];
    for (text, line, reason) in cases {
        match read(&SourceFile::new("docker-compose.yml", *text)).and_then(|doc| {
            facts(
                FileId(0),
                &SourceFile::new("docker-compose.yml", *text),
                &doc,
            )
        }) {
            Err(Error::Parse {
                name,
                line: l,
                reason: r,
                ..
            }) => {
                assert_eq!(
                    (name.as_str(), l),
                    ("docker-compose.yml", *line),
                    "{text:?}: {r}"
                );
                assert!(r.contains(reason), "{text:?}: {r}");
            }
            other => panic!("{text:?}: {other:?}"),
        }
    }
}

/// The classic "billion laughs": nine levels of nine aliases each.
pub fn alias_bomb() -> String {
    use std::fmt::Write as _;
    let mut text = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for w in names.windows(2) {
        let refs = vec![format!("*{}", w[0]); 9].join(",");
        let _ = writeln!(text, "{}: &{} [{refs}]", w[1], w[1]);
    }
    text
}

#[test]
fn an_alias_bomb_is_refused_quickly() {
    let started = std::time::Instant::now();
    let err = read(&SourceFile::new("docker-compose.yml", alias_bomb())).expect_err("refused");
    // A generous bound: the bench measures it precisely (milliseconds in release).
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    assert!(err.to_string().contains("docker-compose.yml"), "{err}");
    let Error::Parse { reason, .. } = err else {
        panic!("{err:?}")
    };
    assert!(reason.contains("alias bomb"), "{reason}");
}

#[test]
fn a_byte_order_mark_is_skipped_and_offsets_stay_right() {
    let text = "\u{feff}services:\n  app:\n    environment:\n      - Q_A=1\n";
    assert_eq!(rows(text)[0].4, "4:9");
}

proptest! {
    #[test]
    fn never_panics_and_spans_stay_on_char_boundaries(
        text in "(?s)[a-zQ_:\\-\\[\\]{}&*<$\"'# \n\t=é☕]{0,160}"
    ) {
        let source = SourceFile::new("docker-compose.yml", text.as_str());
        if let Ok(doc) = read(&source)
            && let Ok(s) = facts(FileId(0), &source, &doc)
        {
            for m in &s.mentions {
                prop_assert!(text.get(m.span.clone()).is_some());
                prop_assert!(text.get(m.block.clone()).is_some());
                for st in &m.stated {
                    prop_assert!(text.get(st.span.clone()).is_some());
                }
            }
        }
    }

    #[test]
    fn interpolation_spans_stay_on_char_boundaries(text in "(?s)[A-Z_${}:?+\\-é☕ ]{0,80}") {
        let (found, invalid) = interpolation::scan(&text, 0..text.len());
        for i in found {
            prop_assert!(text.get(i.span.clone()).is_some());
            prop_assert_eq!(&text[i.name_span.clone()], i.name.as_str());
            if let Some(a) = i.arg {
                prop_assert!(text.get(a).is_some());
            }
        }
        for i in invalid {
            prop_assert!(text.get(i.span).is_some());
        }
    }
}

/// Found by `cargo fuzz run compose`: YAML 1.1 reads `n` as the bool `false`, so the name
/// was "false" at the span of `n`. Names are taken only as the file spells them.
#[test]
fn a_name_is_what_the_file_spells() {
    for text in [
        ": &app\n environment:\n - n\nservices:\n k: *app\n",
        "services:\n  k:\n    environment:\n      yes: 1\n      - QDRANT_HOST\n",
        "services:\n  k:\n    environment:\n      n: 1\n      QDRANT_HOST: h\n",
    ] {
        if let Ok(doc) = read(&SourceFile::new("c.yml", text)) {
            let s = facts(FileId(0), &SourceFile::new("c.yml", text), &doc).unwrap();
            for m in &s.mentions {
                assert_eq!(&text[m.span.clone()], m.name, "{text:?}");
            }
        }
    }
    let (_, s) = surface("services:\n  k:\n    environment:\n      n: 1\n      QDRANT_HOST: h\n");
    let names: Vec<&str> = s.mentions.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["QDRANT_HOST"]);
}

#[test]
fn an_unclosed_template_is_a_finding_and_the_rest_is_read() {
    let text = "services:\n  a:\n    command: \"${A:-x\"\n    image: \"${QDRANT_TAG:-1}\"\n";
    let (_, s) = surface(text);
    assert_eq!(s.rejected.len(), 1);
    assert_eq!(&text[s.rejected[0].span.clone()], "${A:-");
    assert!(s.mentions.iter().any(|m| m.name == "QDRANT_TAG"));
}

#[test]
fn a_value_interpolates_unless_every_dollar_is_doubled() {
    for (value, yes) in [
        ("", false),
        ("6333", false),
        ("$$", false),
        ("cost $$5", false),
        ("$${A}", false),
        ("$$$$x", false),
        ("${A}", true),
        ("a$B", true),
        // A `$` before anything but a name or `{` is literal text to compose.
        ("$", false),
        ("x$$$", false),
        ("5$ each", false),
        ("$$${A}", true),
    ] {
        assert_eq!(super::has_interpolation(value), yes, "{value:?}");
    }
}

/// A real-sized file: forty services, ten anchors merged into them (a mapping alias, a
/// sequence of aliases under `<<` in `depends_on`, a scalar alias), `name:` and `include:`
/// at the top. Every service is read with what its merges give it.
#[test]
fn a_file_of_forty_services_and_ten_anchors_is_read_whole() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/realistic/docker-compose.yml"
    ))
    .unwrap();
    let source = SourceFile::new("docker-compose.yml", text.as_str());
    let doc = read(&source).expect("a real file is not an alias bomb");
    let s = facts(FileId(0), &source, &doc).expect("facts");
    assert_eq!(s.services.len(), 40);
    let mailer = s.services.iter().find(|x| x.name == "mailer").unwrap();
    assert_eq!(
        mailer.image.as_deref(),
        Some("ghcr.io/example/worker:2.4.1"),
        "from `<<: *worker`"
    );
    assert_eq!(mailer.env_file, vec![".env"], "the long form of `env_file`");
    let qdrant = s.services.iter().find(|x| x.name == "qdrant").unwrap();
    assert_eq!(qdrant.profiles, vec!["memory"]);
    let migrate = s.services.iter().find(|x| x.name == "migrate").unwrap();
    assert_eq!(migrate.profiles, vec![""], "`profiles: [\"\"]` as written");
    // The merged `environment` of the worker anchor is each worker's: a key once per service.
    let tz = s
        .mentions
        .iter()
        .filter(|m| m.name == "TZ" && m.kind == MentionKind::Entry)
        .count();
    assert_eq!(
        tz,
        1 + 34,
        "the gateway's and each worker's, through two levels of merge"
    );
    // `$$`, `\$` and `${X-}` are read as compose reads them; nothing is refused.
    assert!(s.rejected.is_empty(), "{:?}", s.rejected);
    let reads: Vec<&str> = s
        .mentions
        .iter()
        .filter(|m| m.kind == MentionKind::Interpolation)
        .map(|m| m.name.as_str())
        .collect();
    for name in [
        "EXPOSE",
        "QDRANT_HOST",
        "QDRANT_PORT",
        "BIFROST_URL",
        "POSTGRES_PASSWORD",
    ] {
        assert!(reads.contains(&name), "{name}: {reads:?}");
    }
    for literal in ["REDIS_PASSWORD", "APP_PORT", "POSTGRES_USER"] {
        assert!(
            !reads.contains(&literal),
            "`$$` is a literal `$`: {literal}"
        );
    }
}
