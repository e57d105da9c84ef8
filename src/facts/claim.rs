//! What a prose file claims about the other files: cited lines, images, services, volumes,
//! variable lists and counts (the prose adapter finds them; `stale-reference` judges them).

use crate::source::Span;

/// Something a prose file says about the other files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    Lines(LineRef),
    /// An image (`registry/name:tag`) in a sentence or row that names compose services.
    Image {
        span: Span,
        image: String,
        /// The compose services the sentence or row names.
        services: Vec<String>,
    },
    /// A row's `Service` cell: the service must exist.
    Service {
        span: Span,
        name: String,
    },
    /// A named volume.
    Volume {
        span: Span,
        name: String,
    },
    /// Three or more owned-looking names in one sentence, list item or cell.
    List {
        span: Span,
        names: Vec<(String, Span)>,
    },
    /// `PREFIX_*` (N vars).
    Count {
        span: Span,
        prefix: String,
        count: usize,
    },
}

/// A citation of lines of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineRef {
    /// The reference as written.
    pub span: Span,
    pub path: String,
    /// The cited file relative to the root, when it exists.
    pub resolved: Option<String>,
    /// The cited lines, 1-based, inclusive.
    pub from: usize,
    pub to: usize,
    /// When one line is cited and it opens a block (a function, a class, an `if`: `{` at
    /// its end, or `:` and indented lines below), the block's last line: the citation
    /// stands for the block.
    pub block_end: Option<usize>,
    /// Where the numbers are written (the first, and the second of a range): what a fix
    /// rewrites. `None` when they cannot be located byte for byte.
    pub numbers: Option<(Span, Option<Span>)>,
    /// How many lines the cited file has.
    pub lines: usize,
    /// The names the sentence gives in backticks, and the lines of the file that hold
    /// each (a word match).
    pub names: Vec<(String, Vec<usize>)>,
}
