//! Edits: application order, overlap, line endings; bytes outside edits never change.

use proptest::prelude::*;

use super::*;

fn edit(range: Span, text: &str) -> Edit {
    Edit {
        range,
        text: text.to_owned(),
    }
}

#[test]
fn edits_apply_in_position_order_and_overlaps_are_dropped() {
    let text = "abcdef";
    let edits = [
        edit(4..5, "E"),
        edit(0..0, "<"),
        edit(1..3, "BC"),
        edit(2..4, "x"),
        edit(6..6, ">"),
    ];
    assert_eq!(apply(text, &edits), "<aBCdEf>");
}

#[test]
fn inserted_text_takes_the_files_line_endings() {
    assert_eq!(
        with_line_endings("a\r\nb\r\n", 3, "x\ny\n".to_owned()),
        "x\r\ny\r\n"
    );
    assert_eq!(with_line_endings("a\nb\n", 2, "x\n".to_owned()), "x\n");
    // At the end of a file without a final newline: on its own line, still no final newline.
    assert_eq!(with_line_endings("a\nb", 3, "x\n".to_owned()), "\nx");
    assert_eq!(
        with_line_endings("a\r\nb", 4, "x\ny\n".to_owned()),
        "\r\nx\r\ny"
    );
    // Found by `cargo fuzz run fix`: a file ending in a lone `\r` (a line ending to
    // Markdown) got `\r\r\n` before the inserted rows, a blank line that ended the table,
    // so every run inserted the rows again. The `\n` now completes the `\r`.
    assert_eq!(with_line_endings("a\r\nb\r", 5, "x\n".to_owned()), "\nx");
    assert_eq!(with_line_endings("a\nb\r", 4, "x\n".to_owned()), "\nx");
}

proptest! {
    #[test]
    fn bytes_outside_the_edits_are_unchanged(
        text in "(?s)[a-zé☕\n\r|#= ]{0,120}",
        raw in proptest::collection::vec((0usize..130, 0usize..8, "[A-Z\n]{0,5}"), 0..6),
    ) {
        // Non-overlapping edits on char boundaries.
        let mut edits: Vec<Edit> = Vec::new();
        for (start, len, new) in raw {
            let start = start.min(text.len());
            let end = (start + len).min(text.len());
            if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
                continue;
            }
            if edits.iter().any(|e| start < e.range.end && e.range.start < end || e.range.start == start) {
                continue;
            }
            edits.push(edit(start..end, &new));
        }
        let out = apply(&text, &edits);
        // Walk the edits in order: the text between them is copied byte for byte.
        edits.sort_by_key(|e| e.range.start);
        let mut at_in = 0;
        let mut at_out = 0;
        for e in &edits {
            let kept = &text[at_in..e.range.start];
            prop_assert_eq!(&out[at_out..at_out + kept.len()], kept);
            at_out += kept.len();
            prop_assert_eq!(&out[at_out..at_out + e.text.len()], e.text.as_str());
            at_out += e.text.len();
            at_in = e.range.end;
        }
        prop_assert_eq!(&out[at_out..], &text[at_in..]);
    }
}
