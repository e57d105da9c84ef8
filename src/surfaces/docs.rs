//! The docs adapter: the owned rows of every Markdown table with a variable column, and the
//! sections (headings) each table sits under.

pub mod cell;
pub mod mdx;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::edit::Edit;
use crate::facts::{
    Mention, MentionKind, Rejected, Rejection, Role, Stated, StructureProblem, Surface, TablePlace,
};
use crate::schema::{DocsConfig, Schema, SurfaceName, VarDecl, is_env_name};
use crate::source::{BOM, FileId, SourceFile, Span};

/// A table as read.
#[derive(Debug, Clone, Default)]
pub struct DocsTable {
    /// The line of the nearest heading above the table, when there is one.
    pub heading: Option<Span>,
    /// The texts of the headings the table sits under, outermost first.
    pub sections: Vec<String>,
    /// The whole table, rows' line endings included.
    pub table: Option<Span>,
    /// Header cells (raw spans) in order.
    pub header: Vec<Span>,
    pub columns: Columns,
    pub rows: Vec<Row>,
    /// Whether cells are padded to their header's width (some row is, or there is none).
    pub aligned: bool,
}

/// Which header cell holds which column envlint reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Columns {
    pub variable: Option<usize>,
    pub default: Option<usize>,
    pub description: Option<usize>,
    /// A `Required` column: whether the variable must be set.
    pub required: Option<usize>,
    /// A `Type` column: what the docs call its type.
    pub ty: Option<usize>,
    /// Whether the Default column's header names requiredness too (`Required / Default`):
    /// then `yes` and `no` in it say whether the variable is required.
    pub default_says_required: bool,
    /// Whether the Default column writes a value in backticks in some row: then a bare
    /// word in it is prose.
    pub default_quoted: bool,
}

/// One body row: its span (with its line ending) and its cells' raw spans (padding included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub span: Span,
    pub cells: Vec<Span>,
}

/// A docs file as read: its headings and its tables.
#[derive(Debug, Clone, Default)]
pub struct DocsDoc {
    /// Every heading: its text and its line.
    pub headings: Vec<(String, Span)>,
    pub tables: Vec<DocsTable>,
}

impl DocsTable {
    /// Whether the table sits under a heading whose text starts with `section`.
    pub fn in_section(&self, section: &str) -> bool {
        self.sections
            .iter()
            .any(|h| h.trim_start().starts_with(section))
    }

    /// The table's span, or an empty one.
    pub fn span(&self) -> Span {
        self.table.clone().unwrap_or(0..0)
    }
}

/// Reads every heading and table of a docs file named `name`: Markdown, or MDX (its
/// ESM and JSX blanked, see [`mdx`]).
pub fn read_doc_named(name: &str, text: &str) -> DocsDoc {
    if mdx::is_mdx(name) {
        read_parsed(text, &mdx::blanked(text))
    } else {
        read_doc(text)
    }
}

/// Reads every heading and table of a Markdown file.
pub fn read_doc(text: &str) -> DocsDoc {
    read_parsed(text, text)
}

/// Reads `text` as the parser reads `parsed` (the same text, or it with parts blanked:
/// the offsets are the same).
fn read_parsed(text: &str, parsed: &str) -> DocsDoc {
    let body_start = if text.starts_with(BOM) { BOM.len() } else { 0 };
    let body = &parsed[body_start..];
    let options = Options::ENABLE_TABLES | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut out = DocsDoc::default();
    // The headings above the current position: level, text, line.
    let mut stack: Vec<(HeadingLevel, String, Span)> = Vec::new();
    let mut in_heading: Option<(HeadingLevel, usize, String)> = None;
    let mut table: Option<DocsTable> = None;
    let mut in_head = false;
    let mut row: Option<Row> = None;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let range = range.start + body_start..range.end + body_start;
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                in_heading = Some((level, range.start, String::new()));
            }
            Event::Text(t) | Event::Code(t) if in_heading.is_some() => {
                if let Some((_, _, s)) = in_heading.as_mut() {
                    s.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, start, heading)) = in_heading.take() {
                    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
                    while stack.last().is_some_and(|(l, _, _)| *l >= level) {
                        stack.pop();
                    }
                    out.headings.push((heading.clone(), start..end));
                    stack.push((level, heading, start..end));
                }
            }
            Event::Start(Tag::Table(_)) => {
                table = Some(DocsTable {
                    heading: stack.last().map(|h| h.2.clone()),
                    sections: stack.iter().map(|h| h.1.clone()).collect(),
                    table: Some(range),
                    ..DocsTable::default()
                });
            }
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) => {
                row = Some(Row {
                    span: range,
                    cells: Vec::new(),
                });
            }
            Event::Start(Tag::TableCell) => {
                if let Some(t) = table.as_mut() {
                    if in_head {
                        t.header.push(range);
                    } else if let Some(r) = row.as_mut()
                        && range.start < r.span.end
                    {
                        r.cells.push(range);
                    }
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let (Some(t), Some(r)) = (table.as_mut(), row.take()) {
                    t.rows.push(r);
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some(mut t) = table.take() {
                    finish_table(text, &mut t);
                    out.tables.push(t);
                }
            }
            _ => {}
        }
    }
    out
}

/// Finds the columns of a table read and whether its cells are aligned.
fn finish_table(text: &str, t: &mut DocsTable) {
    t.columns = columns(text, &t.header);
    t.columns.default_quoted = t.columns.default.is_some_and(|d| {
        t.rows.iter().any(|r| {
            r.cells
                .get(d)
                .is_some_and(|c| text[c.clone()].trim().starts_with('`'))
        })
    });
    let width = |c: &Span| text[c.clone()].chars().count();
    t.aligned = t.rows.is_empty()
        || t.rows.iter().any(|r| {
            r.cells.len() == t.header.len()
                && r.cells
                    .iter()
                    .zip(&t.header)
                    .all(|(c, h)| width(c) == width(h))
        });
}

/// The first table with a variable column under the section whose heading text starts
/// with `section`; without one, the first such table of the file.
pub fn read(text: &str, section: Option<&str>) -> DocsTable {
    let doc = read_doc(text);
    table_for(&doc, section).cloned().unwrap_or_default()
}

/// The table of `doc` rows of `section` go in (see [`read`]).
pub fn table_for<'a>(doc: &'a DocsDoc, section: Option<&str>) -> Option<&'a DocsTable> {
    doc.tables
        .iter()
        .filter(|t| t.columns.variable.is_some())
        .find(|t| section.is_none_or(|s| t.in_section(s)))
}

/// The table of `doc` that holds `at` (a cell, a row, or the place a row is inserted).
pub fn table_at<'a>(doc: &'a DocsDoc, text: &str, at: usize) -> Option<&'a DocsTable> {
    doc.tables.iter().find(|t| {
        let span = t.span();
        (span.start <= at && at < span.end) || append_at(text, t) == at
    })
}

/// Where a new row goes at the end of `table`.
pub fn append_at(text: &str, table: &DocsTable) -> usize {
    row_start(
        text,
        table.rows.last().map_or(table.span().end, |r| r.span.end),
    )
}

fn columns(text: &str, header: &[Span]) -> Columns {
    let mut c = Columns::default();
    for (i, span) in header.iter().enumerate() {
        let kind = header_kind(&text[span.clone()]);
        let slot = match kind {
            Some(Header::Variable) => &mut c.variable,
            Some(Header::Default { required }) => {
                if c.default.is_none() {
                    c.default_says_required = required;
                }
                &mut c.default
            }
            Some(Header::Description) => &mut c.description,
            Some(Header::Required) => &mut c.required,
            Some(Header::Type) => &mut c.ty,
            None => continue,
        };
        slot.get_or_insert(i);
    }
    c
}

/// What a header cell says its column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Header {
    Variable,
    /// Any header that names a default (`Default`, `Default value`, `Defaults to`,
    /// `Required / Default`); `required` when it names requiredness too.
    Default {
        required: bool,
    },
    Description,
    Required,
    Type,
}

/// The column a header names, as people write headers: any case, emphasis, backticks.
fn header_kind(raw: &str) -> Option<Header> {
    let text = cell::plain(raw)
        .replace(['*', '`', '_'], " ")
        .to_ascii_lowercase();
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric() && c != '?')
        .filter(|w| !w.is_empty())
        .collect();
    let h = words.join(" ");
    let has = |w: &str| words.iter().any(|x| x.trim_end_matches('?') == w);
    if has("default") || has("defaults") {
        return Some(Header::Default {
            required: has("required") || has("mandatory"),
        });
    }
    match h.as_str() {
        "variable"
        | "variables"
        | "name"
        | "env"
        | "env var"
        | "env variable"
        | "envvar"
        | "environment"
        | "environment variable"
        | "environment variables"
        | "key"
        | "variable name"
        | "env name"
        | "setting"
        | "option" => return Some(Header::Variable),
        "description" | "desc" | "details" | "explanation" | "meaning" | "purpose"
        | "what it does" => return Some(Header::Description),
        "required" | "required?" | "mandatory" | "is required" => return Some(Header::Required),
        "type" | "value type" | "data type" => return Some(Header::Type),
        _ => {}
    }
    // `Regular Variable`, `Variable (env)`: a header whose last word names variables.
    (words
        .last()
        .is_some_and(|w| *w == "variable" || *w == "var")
        && words.len() <= 3)
        .then_some(Header::Variable)
}

/// A cell's text: padding trimmed, `\|` unescaped, one pair of enclosing backticks removed.
pub fn cell_text(raw: &str) -> String {
    let t = raw.trim().replace("\\|", "|");
    match t.strip_prefix('`').and_then(|s| s.strip_suffix('`')) {
        Some(inner) if !inner.contains('`') => inner.trim().to_owned(),
        _ => t,
    }
}

/// The facts of a docs file: a mention per row of an owned name in every table with a
/// variable column, and where each table is. Whether the sections the schema names exist
/// is judged over all the docs files together (see [`structure`]).
pub fn facts(file: FileId, source: &SourceFile, config: &DocsConfig, doc: &DocsDoc) -> Surface {
    let text: &str = &source.text;
    let mut surface = Surface::new(SurfaceName::Docs, file);
    for table in &doc.tables {
        let Some(var_col) = table.columns.variable else {
            continue;
        };
        // A list of names without a Default or Description column (a migration's "new
        // variables") is no reference: its rows are not entries, unless it is the table
        // of the section the schema names.
        let configured = config
            .section
            .as_deref()
            .is_some_and(|s| table.in_section(s));
        if table.columns.default.is_none() && table.columns.description.is_none() && !configured {
            surface.notes.push((
                table.span().start,
                "a table names variables but has neither a Default nor a Description column: not read as a reference".to_owned(),
            ));
            continue;
        }
        surface.tables.push(TablePlace {
            span: table.span(),
            append_at: append_at(text, table),
            sections: table.sections.clone(),
        });
        for row in &table.rows {
            row_mentions(text, config, table, row, var_col, &mut surface);
        }
    }
    surface.complete = !surface.tables.is_empty();
    surface.append_at = surface.tables.last().map_or(text.len(), |t| t.append_at);
    surface
}

/// What is missing for the sections the variables' rows belong in, over every docs file
/// (`docs`, with each file's index among them): a section no heading starts with, one
/// without a table, a table without the `Variable`, `Default` or `Description` column.
/// Each problem once, in the file where it is (the first file when it is nowhere).
pub fn structure(schema: &Schema, docs: &[&DocsDoc]) -> Vec<(usize, StructureProblem)> {
    let mut sections: Vec<&str> = Vec::new();
    for v in schema
        .variables
        .iter()
        .filter(|v| v.required_on(SurfaceName::Docs))
    {
        if let Some(s) = v.section.as_deref()
            && !sections.contains(&s)
        {
            sections.push(s);
        }
    }
    let mut out = Vec::new();
    if sections.is_empty() {
        if !docs
            .iter()
            .any(|d| d.tables.iter().any(|t| t.columns.variable.is_some()))
        {
            out.push((
                0,
                StructureProblem {
                    span: 0..0,
                    message: "no table has a `Variable` column".to_owned(),
                    label: "the reference table is expected in this file".to_owned(),
                },
            ));
        }
        return out;
    }
    for section in sections {
        let tables: Vec<(usize, &DocsTable)> = docs
            .iter()
            .enumerate()
            .flat_map(|(i, d)| d.tables.iter().map(move |t| (i, t)))
            .filter(|(_, t)| t.in_section(section))
            .collect();
        if let Some((i, t)) = tables.iter().find(|(_, t)| t.columns.variable.is_some()) {
            for (column, present) in [
                ("Default", t.columns.default.is_some()),
                ("Description", t.columns.description.is_some()),
            ] {
                if !present {
                    out.push((
                        *i,
                        StructureProblem {
                            span: header_span(t),
                            message: format!(
                                "the table of section `{section}` has no `{column}` column"
                            ),
                            label: format!("no `{column}` header here"),
                        },
                    ));
                }
            }
            continue;
        }
        if let Some((i, t)) = tables.first() {
            out.push((
                *i,
                StructureProblem {
                    span: header_span(t),
                    message: format!("the table of section `{section}` has no `Variable` column"),
                    label: "no `Variable` header here".to_owned(),
                },
            ));
            continue;
        }
        let heading = docs.iter().enumerate().find_map(|(i, d)| {
            d.headings
                .iter()
                .find(|h| h.0.trim_start().starts_with(section))
                .map(|h| (i, h.1.clone()))
        });
        out.push(match heading {
            Some((i, span)) => (
                i,
                StructureProblem {
                    span,
                    message: format!("section `{section}` has no table"),
                    label: "no table under this heading".to_owned(),
                },
            ),
            None => (
                0,
                StructureProblem {
                    span: 0..0,
                    message: format!("no heading starts with `{section}`"),
                    label: "the section is expected in this file".to_owned(),
                },
            ),
        });
    }
    out
}

/// The header row of a table (its cells and the pipes around them).
fn header_span(table: &DocsTable) -> Span {
    table.header.first().map_or(table.span(), |f| {
        f.start.saturating_sub(1)..table.header.last().map_or(f.end, |l| l.end + 1)
    })
}

/// The mentions of the variables a row documents: one per name its Variable cell gives
/// (`` `X`<br>/`_FILE` `` is `X` and `X_FILE`), the first stating what the row's cells say
/// (a default, "no default", required or optional, a type, a description, or a default in
/// words that is never compared). A Variable cell holding what looks like a name that
/// cannot be read is a refused row (a warning), never dropped in silence.
fn row_mentions(
    text: &str,
    config: &DocsConfig,
    table: &DocsTable,
    row: &Row,
    var_col: usize,
    out: &mut Surface,
) {
    let Some(var_cell) = row.cells.get(var_col) else {
        return;
    };
    let raw = &text[var_cell.clone()];
    let read = cell::names(raw);
    if read.names.is_empty() {
        let words = cell::plain(raw);
        if !read.unreadable && !words.is_empty() {
            out.notes.push((
                var_cell.start,
                format!("a row names no variable (its Variable cell says `{words}`)"),
            ));
        }
        if read.unreadable {
            out.rejected.push(Rejected {
                kind: Rejection::Row,
                span: trimmed(text, var_cell),
                message: format!(
                    "the Variable cell `{}` names no variable envlint can read (letters, digits and `_`); the row is not checked",
                    cell::plain(raw)
                ),
                fatal: false,
                value: None,
            });
        }
        return;
    }
    let mut stated = Vec::new();
    let cell = |i: Option<usize>| i.and_then(|i| row.cells.get(i)).filter(|c| !c.is_empty());
    let columns = table.columns;
    // A row that calls the variable required shows an example in its Default cell, not a
    // default (a required variable has none).
    let required_row = cell(columns.required)
        .is_some_and(|c| cell::required(&text[c.clone()]) == cell::Said::Required);
    if let Some(c) = cell(columns.default) {
        stated.push(default_stated(text, config, columns, c, required_row));
    }
    if let Some(c) = cell(columns.required) {
        let claim = match cell::required(&text[c.clone()]) {
            cell::Said::Required => Some("true"),
            cell::Said::Optional => Some("false"),
            _ => None,
        };
        if let Some(claim) = claim {
            stated.push(Stated::new(
                Role::Required,
                Some(claim.to_owned()),
                trimmed(text, c),
                "Required cell",
            ));
        }
    }
    if let Some(c) = cell(columns.ty) {
        let word = cell::plain(&text[c.clone()]);
        if !word.is_empty() {
            stated.push(Stated::new(
                Role::Type,
                Some(word),
                trimmed(text, c),
                "Type cell",
            ));
        }
    }
    if let Some(c) = cell(columns.description) {
        stated.push(Stated::new(
            Role::Description,
            Some(cell_text(&text[c.clone()])),
            trimmed(text, c),
            "Description cell",
        ));
    }
    push_names(text, var_cell, row, read, stated, out);
}

/// One mention per name of a Variable cell: the first with what the row states, the others
/// (`X_FILE` beside `X`) with its description; each with the row's notes.
fn push_names(
    text: &str,
    var_cell: &Span,
    row: &Row,
    read: cell::Names,
    mut stated: Vec<Stated>,
    out: &mut Surface,
) {
    // A note after the names (`(**deprecated**)`) is a fact about the row, for each name.
    let notes: Vec<Stated> = read
        .notes
        .iter()
        .map(|n| {
            Stated::new(
                Role::Prose,
                Some(n.clone()),
                trimmed(text, var_cell),
                "row note",
            )
        })
        .collect();
    // The other names of a row (`X_FILE` beside `X`) share its description, not its default.
    let shared: Vec<Stated> = stated
        .iter()
        .filter(|st| st.role == Role::Description)
        .cloned()
        .collect();
    for (i, (name, span)) in read.names.into_iter().enumerate() {
        let mut own = if i == 0 {
            std::mem::take(&mut stated)
        } else {
            shared.clone()
        };
        own.extend(notes.iter().cloned());
        out.mentions.push(Mention {
            name,
            span: var_cell.start + span.start..var_cell.start + span.end,
            kind: MentionKind::Entry,
            block: row.span.clone(),
            scope: None,
            stated: own,
            via: None,
        });
    }
}

/// What a row's Default cell states: a default, "no default", required or optional, or a
/// default in words (so is a value in a row that calls the variable required: an
/// example).
fn default_stated(
    text: &str,
    config: &DocsConfig,
    columns: Columns,
    c: &Span,
    required_row: bool,
) -> Stated {
    let raw = &text[c.clone()];
    let at = trimmed(text, c);
    let what = "Default cell";
    match cell::value(
        raw,
        &config.unset,
        columns.default_says_required,
        columns.default_quoted,
    ) {
        cell::Said::Value(_) if required_row => {
            Stated::new(Role::Prose, Some(cell::plain(raw)), at, what)
        }
        cell::Said::Value(v) => Stated::new(Role::Default, Some(v), at, what),
        cell::Said::NoDefault => Stated::new(Role::Default, None, at, what),
        cell::Said::Required => Stated::new(Role::Required, Some("true".into()), at, what),
        cell::Said::Optional => Stated::new(Role::Required, Some("false".into()), at, what),
        cell::Said::NotComparable => Stated::new(Role::Prose, Some(cell::plain(raw)), at, what),
    }
}

/// A cell's span without its padding (the cell itself when it is blank).
fn trimmed(text: &str, cell: &Span) -> Span {
    let raw = &text[cell.clone()];
    let start = cell.start + (raw.len() - raw.trim_start().len());
    let end = cell.end - (raw.len() - raw.trim_end().len());
    if start < end {
        start..end
    } else {
        cell.clone()
    }
}

#[cfg(test)]
mod tests;

/// The Default cell of a value: backticked, or the configured unset text.
pub fn default_cell(schema: &Schema, value: Option<&str>) -> String {
    match value {
        Some(v) => format!("`{}`", escape_cell(v)),
        None => schema
            .docs
            .as_ref()
            .map_or("_(unset)_".to_owned(), |d| d.unset.clone()),
    }
}

/// Text made safe for a table cell: `|` escaped, line breaks as spaces.
pub fn escape_cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// `content` as a cell of the column headed by `header`: one space each side and, in an
/// aligned table, padded to the header cell's width so the table stays aligned (a longer
/// content widens only its own row).
fn padded(text: &str, table: &DocsTable, header: &Span, content: &str) -> String {
    let width = if table.aligned {
        text[header.clone()].chars().count().saturating_sub(2)
    } else {
        0
    };
    format!(" {content:<width$} ")
}

/// The edit that puts `content` into the cell whose content is at `span`, padded to the
/// width of its column's header cell.
pub fn render_cell(text: &str, table: &DocsTable, span: &Span, content: &str) -> Edit {
    let found = table.rows.iter().find_map(|r| {
        r.cells
            .iter()
            .position(|c| c.start <= span.start && span.end <= c.end)
            .map(|i| (r.cells[i].clone(), table.header.get(i)))
    });
    let Some((cell, Some(header))) = found else {
        return Edit {
            range: span.clone(),
            text: content.to_owned(),
        };
    };
    Edit {
        range: cell,
        text: padded(text, table, header, content),
    }
}

/// The content the schema gives column `i` of `v`'s row; `None` for a column it does not own.
fn owned_cell(table: &DocsTable, schema: &Schema, v: &VarDecl, i: usize) -> Option<String> {
    let c = table.columns;
    if Some(i) == c.variable {
        Some(format!("`{}`", v.name))
    } else if Some(i) == c.default {
        Some(default_cell(schema, v.published_default()))
    } else if Some(i) == c.description {
        Some(escape_cell(&v.description))
    } else {
        None
    }
}

/// New rows for `vars` (in order), laid out like the table's header: the same columns,
/// padded to the header's widths, with or without outer pipes. Columns the schema does not
/// own are left empty.
pub fn render_rows(text: &str, table: &DocsTable, schema: &Schema, vars: &[&VarDecl]) -> String {
    let mut out = String::new();
    for v in vars {
        out.push_str(&fresh_row(text, table, schema, v, None));
        out.push('\n');
    }
    out
}

/// A row for `v` built from the header (no line ending); non-owned cells are taken from
/// `keep` when it has them.
fn fresh_row(
    text: &str,
    table: &DocsTable,
    schema: &Schema,
    v: &VarDecl,
    keep: Option<&Row>,
) -> String {
    let outer = table.header.first().is_some_and(|c| {
        let line_start = text[..c.start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        // Markdown indents with spaces and tabs only (a vertical tab is cell text).
        text[line_start..c.start]
            .trim_start_matches([' ', '\t'])
            .starts_with('|')
    });
    let cells: Vec<String> = table
        .header
        .iter()
        .enumerate()
        .map(|(i, h)| match owned_cell(table, schema, v, i) {
            Some(content) => padded(text, table, h, &content),
            None => keep.and_then(|r| r.cells.get(i)).map_or_else(
                || padded(text, table, h, ""),
                |c| {
                    // A cell kept from the end of a ragged row may end in `\`, which
                    // would escape the pipe that now follows it.
                    let cell = &text[c.clone()];
                    if cell.ends_with('\\') {
                        format!("{cell} ")
                    } else {
                        cell.to_owned()
                    }
                },
            ),
        })
        .collect();
    let mut out = String::new();
    if outer {
        out.push('|');
        out.push_str(&cells.join("|"));
        out.push('|');
    } else {
        // The row starts where its text does (a replaced row keeps its indentation), and
        // a blank first or last cell needs a pipe before or after it, or Markdown reads
        // one cell fewer.
        let blank = |c: Option<&String>| c.is_some_and(|c| c.trim().is_empty());
        if blank(cells.first()) {
            out.push('|');
            out.push_str(&cells.join("|"));
        } else {
            out.push_str(cells.join("|").trim_start());
        }
        if blank(cells.last()) {
            out.push('|');
        }
    }
    out
}

/// `v`'s row (no line ending): `existing` with only the owned cells that say something
/// else than the schema rewritten, or a new row when there is none (or it is ragged).
fn row_for(
    text: &str,
    table: &DocsTable,
    schema: &Schema,
    v: &VarDecl,
    existing: Option<&Row>,
    canonical: bool,
) -> String {
    let Some(row) = existing.filter(|r| r.cells.len() >= table.header.len()) else {
        return fresh_row(text, table, schema, v, existing);
    };
    let unset = schema
        .docs
        .as_ref()
        .map(|d| (d.unset.clone(), cell_text(&d.unset)));
    let mut edits = Vec::new();
    for (i, (cell, header)) in row.cells.iter().zip(&table.header).enumerate() {
        let Some(want) = owned_cell(table, schema, v, i) else {
            continue;
        };
        let have = cell_text(&text[cell.clone()]);
        // What `check` accepts stays (`1` for `true`, `06333` for `6333`), unless the
        // schema's own spelling is asked for.
        let same = if canonical {
            have == cell_text(&want)
                || (Some(i) == table.columns.default
                    && v.default.is_none()
                    && (have.is_empty() || unset.as_ref().is_some_and(|u| have == u.1)))
        } else if Some(i) == table.columns.default {
            // The cell as `check` reads it: a default in words, or a requiredness that
            // agrees, is kept.
            let unset_text = unset.as_ref().map_or("_(unset)_", |u| u.0.as_str());
            let text_of =
                |value: Option<String>| Stated::new(Role::Default, value, cell.clone(), "");
            let st = match cell::value(
                &text[cell.clone()],
                unset_text,
                table.columns.default_says_required,
                table.columns.default_quoted,
            ) {
                cell::Said::NotComparable => continue,
                cell::Said::Value(value) => text_of(Some(value)),
                cell::Said::NoDefault => text_of(None),
                cell::Said::Required => {
                    Stated::new(Role::Required, Some("true".into()), cell.clone(), "")
                }
                cell::Said::Optional => {
                    Stated::new(Role::Required, Some("false".into()), cell.clone(), "")
                }
            };
            crate::facts::verdict(v, &st) == crate::facts::Verdict::Agrees
        } else if Some(i) == table.columns.description {
            let st = Stated::new(
                Role::Description,
                Some(have.clone()),
                cell.clone(),
                "Description cell",
            );
            crate::facts::verdict(v, &st) == crate::facts::Verdict::Agrees
        } else {
            have == cell_text(&want)
        };
        if !same {
            edits.push(Edit {
                range: cell.start - row.span.start..cell.end - row.span.start,
                text: padded(text, table, header, &want),
            });
        }
    }
    let line = &text[row.span.start..content_end(text, &row.span)];
    crate::edit::apply(line, &edits)
}

/// Where a new row goes after the table text ending at `end`: there when a line ends
/// there (Markdown ends lines with `\n`, `\r\n` or a lone `\r`), else at the end of the
/// file (the last row has no line ending).
fn row_start(text: &str, end: usize) -> usize {
    if end > 0 && !text[..end].ends_with(['\n', '\r']) {
        text.len()
    } else {
        end
    }
}

/// Where a row's text ends, before its line ending.
fn content_end(text: &str, row: &Span) -> usize {
    let line = &text[row.clone()];
    let line = line.strip_suffix('\n').unwrap_or(line);
    let line = line.strip_suffix('\r').unwrap_or(line);
    row.start + line.len()
}

/// How `envlint docs` regenerates the owned rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Regen {
    /// Put the declared rows of each table in schema order, in the places they hold.
    pub sort: bool,
    /// Remove the rows of owned names the schema does not declare.
    pub prune: bool,
    /// Rewrite cells that say what the schema says in another spelling (`1` for `true`)
    /// in the schema's own.
    pub canonical: bool,
}

/// The edits (texts with `\n` line endings) that make the owned rows of every table of a
/// docs file say what the schema says: each declared variable's row keeps its place and
/// has only the owned cells that say something else rewritten; `inserts` are the rows no
/// file has, each with where it goes (`(at, variables)`, at a table of this file). Rows of
/// owned names the schema does not declare stay unless `prune`; with `sort`, the declared
/// rows of each table are put in schema order in the places they hold. Non-owned rows,
/// non-owned cells, and cells that already say what the schema says are kept byte for byte.
pub fn regenerate(
    text: &str,
    doc: &DocsDoc,
    schema: &Schema,
    inserts: &[(usize, Vec<&VarDecl>)],
    how: Regen,
) -> Vec<Edit> {
    let mut edits = Vec::new();
    for table in &doc.tables {
        let Some(var_col) = table.columns.variable else {
            continue;
        };
        let name = |row: &Row| {
            row.cells
                .get(var_col)
                .map(|c| cell_text(&text[c.clone()]))
                .filter(|n| is_env_name(n) && schema.owns(n))
        };
        let mut declared: Vec<(&Row, &VarDecl)> = Vec::new();
        for row in &table.rows {
            let Some(n) = name(row) else { continue };
            match schema.get(&n) {
                Some(v) => declared.push((row, v)),
                None if how.prune => edits.push(Edit {
                    range: row.span.clone(),
                    text: String::new(),
                }),
                None => {}
            }
        }
        let here: Vec<&(usize, Vec<&VarDecl>)> = inserts
            .iter()
            .filter(|(at, _)| table_at(doc, text, *at).is_some_and(|t| t.span() == table.span()))
            .collect();
        if how.sort {
            // The declared rows and the new ones, in schema order: the first in the places
            // declared rows hold, the rest after the last of them.
            let order = |v: &VarDecl| schema.variables.iter().position(|x| x.name == v.name);
            let mut wanted: Vec<(Option<&Row>, &VarDecl)> =
                declared.iter().map(|(r, v)| (Some(*r), *v)).collect();
            wanted.extend(
                here.iter()
                    .flat_map(|(_, vars)| vars.iter().map(|v| (None, *v))),
            );
            wanted.sort_by_key(|(_, v)| order(v));
            for ((slot, _), (row, v)) in declared.iter().zip(&wanted) {
                let new = row_for(text, table, schema, v, *row, how.canonical);
                let range = slot.span.start..content_end(text, &slot.span);
                if text[range.clone()] != new {
                    edits.push(Edit { range, text: new });
                }
            }
            let rest = &wanted[declared.len().min(wanted.len())..];
            if !rest.is_empty() {
                let at = declared
                    .last()
                    .map_or_else(|| here[0].0, |(r, _)| row_start(text, r.span.end));
                let mut rows = String::new();
                for (_, v) in rest {
                    rows.push_str(&row_for(text, table, schema, v, None, how.canonical));
                    rows.push('\n');
                }
                edits.push(Edit {
                    range: at..at,
                    text: rows,
                });
            }
            continue;
        }
        for (row, v) in &declared {
            let new = row_for(text, table, schema, v, Some(row), how.canonical);
            let range = row.span.start..content_end(text, &row.span);
            if text[range.clone()] != new {
                edits.push(Edit { range, text: new });
            }
        }
        for (at, vars) in here {
            let mut rows = String::new();
            for v in vars {
                rows.push_str(&row_for(text, table, schema, v, None, how.canonical));
                rows.push('\n');
            }
            edits.push(Edit {
                range: *at..*at,
                text: rows,
            });
        }
    }
    edits
}
