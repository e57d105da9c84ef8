//! What every fuzz target asserts of envlint's output, whatever the input: no panic,
//! every span within its text and on character boundaries, and the round trips hold.

use envlint::facts::Surface;
use envlint::source::Span;

/// The input as UTF-8 text, or `None` (envlint refuses other bytes before any adapter).
pub fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// `span` lies within `text` and starts and ends on character boundaries.
pub fn span(text: &str, span: &Span, what: &str) {
    assert!(
        span.start <= span.end && text.get(span.clone()).is_some(),
        "{what} {span:?} is not a character range of the {}-byte text",
        text.len()
    );
}

/// `at` is a character boundary of `text` (its end included).
pub fn offset(text: &str, at: usize, what: &str) {
    assert!(
        text.is_char_boundary(at),
        "{what} {at} is not a character boundary of the {}-byte text",
        text.len()
    );
}

/// Every span a surface's facts hold.
pub fn surface(text: &str, s: &Surface) {
    for m in &s.mentions {
        span(text, &m.span, "mention");
        assert_eq!(
            &text[m.span.clone()],
            m.name,
            "a mention's span is its name"
        );
        span(text, &m.block, "mention block");
        assert!(
            m.block.start <= m.span.start && m.span.end <= m.block.end || m.via.is_some(),
            "the block {:?} holds the name {:?}",
            m.block,
            m.span
        );
        for st in &m.stated {
            span(text, &st.span, st.what);
        }
        if let Some(via) = &m.via {
            span(text, via, "merge use site");
        }
    }
    offset(text, s.append_at, "append point");
    if let Some(r) = &s.region {
        span(text, r, "region");
    }
    for l in &s.loose {
        span(text, &(l.from..l.to), "loose note");
        offset(text, l.content_end, "loose note content end");
        assert!(l.from <= l.content_end && l.content_end <= l.to);
    }
    for p in &s.structure {
        span(text, &p.span, "structure problem");
    }
    for r in &s.redact {
        span(text, r, "redacted value");
    }
    for svc in &s.services {
        span(text, &svc.span, "service");
        if let Some(p) = &svc.profiles_span {
            span(text, p, "profiles");
        }
    }
    if let Some((at, _)) = &s.parse_error {
        span(text, at, "parse error");
    }
}

/// Every span of one file's code reads.
pub fn reads(text: &str, r: &envlint::surfaces::code::FileReads) {
    for read in &r.reads {
        span(text, &read.span, "read");
        for st in &read.stated {
            span(text, &st.span, st.what);
        }
    }
    for d in &r.dynamic {
        span(text, d, "dynamic read");
    }
    if let Some((at, message)) = &r.error {
        span(text, at, "parse error");
        assert!(!message.is_empty());
    }
}
