//! A guard against the TypeScript parser's superlinear cases, run before it.
//!
//! The parser reads `a < b` by first trying `<` as the start of type arguments and
//! rereading the rest as an expression when that fails, and it keeps every try in its
//! arena. So each `<` left open rereads everything after it (quadratic: 10,000 `a<`, 20
//! kB, took 21 s and 6 GB), and a type argument that goes back to expressions (a `[`
//! inside `{` or `(`: `W<({[`) multiplies the rereading of everything after it, by more
//! the more `<` are open around it (650 bytes took 6.8 s and 3.4 GB). [`too_speculative`]
//! prices each byte at how often the parser may read it and refuses a file whose total is
//! over [`BUDGET`]. Of 42,084 files of TypeScript libraries (73 MB, `effect`, `rxjs`,
//! `zod`, React Spectrum, react-admin and more), one is refused: 3.2 MB holding a
//! minified script in a string, over the default `max-file-size` anyway.

/// How many byte readings the parser may do on one file beyond twice its length. A
/// byte is read once, plus once for each `<` open around it in its level; a level (a `[`
/// opened while `<` are open) multiplies that by twice its open `<` plus one, which is
/// what the fuzzed shapes measure (`W<({[`: threefold; `a<b<c<W<({[`: ninefold). The worst
/// let through costs about 0.5 s and 270 MB (measured in `fuzz/README.md`).
const BUDGET: u64 = 4 << 20;

/// Where a TypeScript file makes the parser read more than its size allows: the
/// innermost `<` open when the readings go over [`BUDGET`].
///
/// The file is priced twice, and refused if either price is over: once with strings,
/// template literals, comments and regular expressions skipped, once with every byte
/// read as code. A bracket scan cannot always tell what the parser will take for a
/// string or a regular expression (`if (a) /'/` is one; `{} /'/` too; JSX text holds
/// quotes and `//` that are neither strings nor comments), and nesting hidden from one
/// reading shows in the other unless closers are planted where the parser ignores them.
/// Where JSX may be (`jsx`), only the second price is taken.
pub fn too_speculative(text: &str, jsx: bool) -> Option<usize> {
    if jsx {
        return price(text, true);
    }
    price(text, false).or_else(|| price(text, true))
}

/// The first place where the readings of `text` go over the budget, with its strings,
/// comments, templates and regular expressions skipped (or, `raw`, read as code).
fn price(text: &str, raw: bool) -> Option<usize> {
    price_with(text, raw, BUDGET, true)
}

/// [`price`] against `base` readings beyond twice the length, pricing runs of bytes that
/// change nothing at once (`runs`) or byte by byte (the reference the fast way is tested
/// against).
fn price_with(text: &str, raw: bool, base: u64, runs: bool) -> Option<usize> {
    let mut scan = Scan {
        b: text.as_bytes(),
        stack: vec![Frame {
            kind: Kind::Brace,
            weight: 1,
            angles: 0,
            at: 0,
        }],
        open: [0; 3],
        prev: b' ',
    };
    let budget = base.saturating_add(2 * text.len() as u64);
    let special = if raw { &SPECIAL_RAW } else { &SPECIAL };
    let mut cost = 0u64;
    let mut i = 0;
    // How often each byte at the top frame's level is read (only specials change it).
    let mut read = 1u64;
    while i < scan.b.len() {
        let c = scan.b[i];
        // A run of bytes that change nothing but the last byte seen is priced at once.
        if runs && !special[usize::from(c)] {
            let run = scan.b[i..]
                .iter()
                .position(|&b| special[usize::from(b)])
                .map_or(scan.b.len(), |n| i + n);
            if let Some(last) = scan.b[i..run]
                .iter()
                .rposition(|b| !b.is_ascii_whitespace())
            {
                scan.prev = scan.b[i + last];
            }
            let before = cost;
            cost = cost.saturating_add(read.saturating_mul((run - i) as u64));
            if cost > budget {
                // The byte of the run at which the readings go over, as byte by byte.
                let over = i + usize::try_from((budget - before) / read.max(1)).unwrap_or(run);
                let angle = scan.stack.iter().rev().find(|f| f.kind == Kind::Angle);
                return Some(angle.map_or(over.min(run - 1), |f| f.at));
            }
            i = run;
            continue;
        }
        let next = match c {
            b'(' | b'[' | b'{' => {
                scan.open_bracket(c, i);
                i + 1
            }
            b')' | b']' | b'}' if raw => {
                scan.close_bracket(c);
                i + 1
            }
            _ if raw => {
                scan.other(c, i);
                i + 1
            }
            b'/' if scan.b.get(i + 1) == Some(&b'/') => scan.line_comment(i),
            b'/' if scan.b.get(i + 1) == Some(&b'*') => scan.block_comment(i),
            b'/' if scan.regex_may_start(i) => scan.regex(i),
            b'\'' | b'"' => scan.string(i, c),
            // A backslash in code (`\u0041` in a name, or a stray one the parser skips): a
            // `/` after it divides; whatever else follows is read as it is.
            b'\\' => {
                scan.prev = b'a';
                i + 1
            }
            b'`' => scan.template(i + 1),
            // A `}` that closes a template's `${` goes back to the template's text.
            b')' | b']' | b'}' if scan.close_bracket(c) => scan.template(i + 1),
            _ => {
                scan.other(c, i);
                i + 1
            }
        };
        cost = cost.saturating_add(read.saturating_mul((next.min(scan.b.len()) - i) as u64));
        if cost > budget {
            let angle = scan.stack.iter().rev().find(|f| f.kind == Kind::Angle);
            return Some(angle.map_or(i, |f| f.at));
        }
        let top = scan.top();
        read = top.weight.saturating_mul(u64::from(top.angles) + 1);
        i = next;
    }
    None
}

/// The bytes the scan acts on (brackets, `<`, `>`, `;`, the starts of strings, comments,
/// templates and regular expressions, a backslash); every other byte only becomes the
/// last one seen.
const SPECIAL: [bool; 256] = table(b"()[]{}<>;/'\"\\`");
/// The same when every byte is read as code: brackets, `<`, `>` and `;`.
const SPECIAL_RAW: [bool; 256] = table(b"()[]{}<>;");

const fn table(bytes: &[u8]) -> [bool; 256] {
    let mut t = [false; 256];
    let mut k = 0;
    while k < bytes.len() {
        t[bytes[k] as usize] = true;
        k += 1;
    }
    t
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Paren,
    Bracket,
    Brace,
    /// `${` inside a template literal: its `}` goes back to the template's text.
    Template,
    /// `<` after a name, `)` or `]`: type arguments or a comparison.
    Angle,
}

/// A bracket or `<` still open: how often the parser may read each byte inside its level
/// (`weight`), how many `<` are open in that level around it, and where it opens.
#[derive(Clone, Copy)]
struct Frame {
    kind: Kind,
    weight: u64,
    angles: u32,
    at: usize,
}

struct Scan<'t> {
    b: &'t [u8],
    /// Never empty: the bottom frame is never popped.
    stack: Vec<Frame>,
    /// Open `(`, `[` and `{`/`${` frames, so a stray closer is skipped without a search.
    open: [usize; 3],
    /// The last byte that is not whitespace.
    prev: u8,
}

impl Scan<'_> {
    fn top(&self) -> Frame {
        *self.stack.last().expect("the bottom frame is never popped")
    }

    fn line_comment(&self, i: usize) -> usize {
        memchr::memchr(b'\n', &self.b[i..]).map_or(self.b.len(), |n| i + n)
    }

    fn block_comment(&self, i: usize) -> usize {
        memchr::memmem::find(&self.b[i + 2..], b"*/").map_or(self.b.len(), |n| i + n + 4)
    }

    /// Whether a `/` at `i` starts a regular expression rather than dividing: after an
    /// operator, an opening bracket, a comma or the file's start, or after a keyword that
    /// takes an expression (`return /a/`).
    fn regex_may_start(&self, i: usize) -> bool {
        const KEYWORDS: [&[u8]; 13] = [
            b"return", b"typeof", b"case", b"do", b"else", b"in", b"of", b"new", b"delete",
            b"void", b"throw", b"yield", b"await",
        ];
        // Non-ASCII bytes belong to names (`ؤפ / 2` divides), as to the parser.
        let name = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'$') || c >= 0x80;
        if name(self.prev) {
            let end = self.b[..i].iter().rposition(|&c| !c.is_ascii_whitespace());
            let Some(end) = end else { return true };
            let start = self.b[..=end]
                .iter()
                .rposition(|&c| !name(c))
                .map_or(0, |p| p + 1);
            return KEYWORDS.contains(&&self.b[start..=end]);
        }
        !matches!(self.prev, b')' | b']' | b'}' | b'\'' | b'"' | b'`')
    }

    /// Skips a regular expression literal: to its closing `/` outside a `[...]` class, or
    /// to the line's end.
    fn regex(&mut self, i: usize) -> usize {
        let mut j = i + 1;
        let mut class = false;
        while j < self.b.len() && self.b[j] != b'\n' {
            match self.b[j] {
                b'\\' => j += 1,
                b'[' => class = true,
                b']' => class = false,
                b'/' if !class => break,
                _ => {}
            }
            j += 1;
        }
        // A value, as far as the next `/` or `<` is concerned.
        self.prev = b')';
        j + 1
    }

    /// Skips a quoted string (it ends at its quote or the line's end).
    fn string(&mut self, i: usize, quote: u8) -> usize {
        let mut j = i + 1;
        while j < self.b.len() && self.b[j] != quote && self.b[j] != b'\n' {
            j += if self.b[j] == b'\\' { 2 } else { 1 };
        }
        self.prev = quote;
        j + 1
    }

    /// Skips a template literal's text from `i` to its closing backtick, or to a `${`,
    /// which opens a frame its `}` closes (and the text goes on after it).
    fn template(&mut self, mut i: usize) -> usize {
        while i < self.b.len() {
            match self.b[i] {
                b'\\' => i += 2,
                b'`' => {
                    self.prev = b'`';
                    return i + 1;
                }
                b'$' if self.b.get(i + 1) == Some(&b'{') => {
                    let top = self.top();
                    self.stack.push(Frame {
                        kind: Kind::Template,
                        at: i,
                        ..top
                    });
                    self.open[2] += 1;
                    self.prev = b'{';
                    return i + 2;
                }
                _ => i += 1,
            }
        }
        i
    }

    /// Opens a bracket frame at `i`; a `[` inside an open `<` begins a level.
    fn open_bracket(&mut self, c: u8, i: usize) {
        let top = self.top();
        let (kind, slot) = match c {
            b'(' => (Kind::Paren, 0),
            b'[' => (Kind::Bracket, 1),
            _ => (Kind::Brace, 2),
        };
        let (weight, angles) = if top.angles > 0 && kind == Kind::Bracket {
            let factor = 2 * u64::from(top.angles) + 1;
            (top.weight.saturating_mul(factor), 0)
        } else {
            (top.weight, top.angles)
        };
        self.stack.push(Frame {
            kind,
            weight,
            angles,
            at: i,
        });
        self.open[slot] += 1;
        self.prev = c;
    }

    /// Closes the innermost open frame `c` closes, and every `<` and bracket left open
    /// inside it; a closer with nothing to close is skipped. True when the frame was a
    /// template literal's `${`.
    fn close_bracket(&mut self, c: u8) -> bool {
        self.prev = c;
        let slot = match c {
            b')' => 0,
            b']' => 1,
            _ => 2,
        };
        if self.open[slot] == 0 {
            return false;
        }
        while let Some(f) = self.stack.pop() {
            let f_slot = match f.kind {
                Kind::Paren => 0,
                Kind::Bracket => 1,
                Kind::Brace | Kind::Template => 2,
                Kind::Angle => continue,
            };
            self.open[f_slot] -= 1;
            if f_slot == slot {
                return f.kind == Kind::Template;
            }
        }
        unreachable!("an open frame of the closer's kind is on the stack")
    }

    /// Any other byte: `<` after a name, `)` or `]` opens a frame, `>` closes one, `;`
    /// ends the comparisons left open.
    fn other(&mut self, c: u8, i: usize) {
        let top = self.top();
        match c {
            // After a name or a bracket: type arguments or a comparison; at an expression's
            // start: a JSX element or a generic arrow function (`<T,>() =>`). Counting every
            // `<` but a shift (`<<`) or `<=` prices more than the parser tries, never less.
            b'<' if self.prev != b'<' && !matches!(self.b.get(i + 1), Some(b'<' | b'=')) => {
                self.stack.push(Frame {
                    kind: Kind::Angle,
                    angles: top.angles.saturating_add(1),
                    at: i,
                    ..top
                });
            }
            b'>' if self.prev != b'=' && top.kind == Kind::Angle => {
                self.stack.pop();
            }
            b';' => {
                while self.stack.len() > 1 && self.top().kind == Kind::Angle {
                    self.stack.pop();
                }
            }
            _ => {}
        }
        if !c.is_ascii_whitespace() {
            self.prev = c;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::price_with;

    proptest::proptest! {
        /// Pricing a run of plain bytes at once gives what pricing them one by one gives:
        /// the same verdict at the same byte, for any budget.
        #[test]
        fn runs_price_as_bytes_do(
            text in "[\\[\\](){}<>;`'\"/*\\\\$a =\\nx.,:é]{0,300}",
            base in 0u64..400,
            raw: bool,
        ) {
            proptest::prop_assert_eq!(
                price_with(&text, raw, base, true),
                price_with(&text, raw, base, false)
            );
        }
    }
}
