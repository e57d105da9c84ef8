//! The docs adapter: the owned rows of the first table under a numbered Markdown section.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::facts::{Mention, MentionKind, Role, Stated, StructureProblem, Surface};
use crate::fix::Edit;
use crate::schema::{DocsConfig, Schema, SurfaceName, VarDecl, is_env_name};
use crate::source::{BOM, FileId, SourceFile, Span};

/// The section's table as read.
#[derive(Debug, Clone, Default)]
pub struct DocsTable {
    /// The heading line of the section, when found.
    pub heading: Option<Span>,
    /// The whole table, rows' line endings included.
    pub table: Option<Span>,
    /// Header cells (raw spans) in order.
    pub header: Vec<Span>,
    pub columns: Columns,
    pub rows: Vec<Row>,
    /// Whether cells are padded to their header's width (some row is, or there is none).
    pub aligned: bool,
}

/// Which header cell holds which owned column.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Columns {
    pub variable: Option<usize>,
    pub default: Option<usize>,
    pub description: Option<usize>,
}

/// One body row: its span (with its line ending) and its cells' raw spans (padding included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub span: Span,
    pub cells: Vec<Span>,
}

/// Reads the table of the section whose heading text starts with `section`.
pub fn read(text: &str, section: &str) -> DocsTable {
    let body_start = if text.starts_with(BOM) { BOM.len() } else { 0 };
    let body = &text[body_start..];
    let options = Options::ENABLE_TABLES | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut out = DocsTable::default();
    let mut in_heading: Option<(HeadingLevel, usize, String)> = None;
    let mut section_level: Option<HeadingLevel> = None;
    let mut in_head = false;
    let mut row: Option<Row> = None;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let range = range.start + body_start..range.end + body_start;
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                if let Some(l) = section_level
                    && level <= l
                {
                    break;
                }
                in_heading = Some((level, range.start, String::new()));
            }
            Event::Text(t) | Event::Code(t) if in_heading.is_some() => {
                if let Some((_, _, s)) = in_heading.as_mut() {
                    s.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, start, heading)) = in_heading.take()
                    && section_level.is_none()
                    && heading.trim_start().starts_with(section)
                {
                    section_level = Some(level);
                    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
                    out.heading = Some(start..end);
                }
            }
            _ if section_level.is_none() => {}
            Event::Start(Tag::Table(_)) if out.table.is_none() => out.table = Some(range),
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) => {
                row = Some(Row {
                    span: range,
                    cells: Vec::new(),
                });
            }
            Event::Start(Tag::TableCell) => {
                if in_head {
                    out.header.push(range);
                } else if let Some(r) = row.as_mut()
                    && range.start < r.span.end
                {
                    r.cells.push(range);
                }
            }
            Event::End(TagEnd::TableRow) => out.rows.extend(row.take()),
            Event::End(TagEnd::Table) => break,
            _ => {}
        }
    }
    out.columns = columns(text, &out.header);
    let width = |c: &Span| text[c.clone()].chars().count();
    out.aligned = out.rows.is_empty()
        || out.rows.iter().any(|r| {
            r.cells.len() == out.header.len()
                && r.cells
                    .iter()
                    .zip(&out.header)
                    .all(|(c, h)| width(c) == width(h))
        });
    out
}

fn columns(text: &str, header: &[Span]) -> Columns {
    let mut c = Columns::default();
    for (i, span) in header.iter().enumerate() {
        let name = cell_text(&text[span.clone()]).to_ascii_lowercase();
        let name = name.trim_matches(['*', '_']);
        let slot = match name {
            "variable" | "name" | "env var" | "environment variable" => &mut c.variable,
            "default" | "default value" => &mut c.default,
            "description" => &mut c.description,
            _ => continue,
        };
        slot.get_or_insert(i);
    }
    c
}

/// A cell's text: padding trimmed, `\|` unescaped, one pair of enclosing backticks removed.
pub fn cell_text(raw: &str) -> String {
    let t = raw.trim().replace("\\|", "|");
    match t.strip_prefix('`').and_then(|s| s.strip_suffix('`')) {
        Some(inner) if !inner.contains('`') => inner.trim().to_owned(),
        _ => t,
    }
}

/// The facts of the table.
pub fn facts(file: FileId, source: &SourceFile, config: &DocsConfig, table: &DocsTable) -> Surface {
    let text: &str = &source.text;
    let mut surface = Surface {
        complete: false,
        ..Surface::new(SurfaceName::Docs, file)
    };
    let Some(heading) = table.heading.clone() else {
        surface.structure.push(StructureProblem {
            span: 0..0,
            message: format!("no heading starts with `{}`", config.section),
            label: "the section is expected in this file".to_owned(),
        });
        return surface;
    };
    let Some(table_span) = table.table.clone() else {
        surface.structure.push(StructureProblem {
            span: heading,
            message: format!("section `{}` has no table", config.section),
            label: "no table under this heading".to_owned(),
        });
        return surface;
    };
    let header_span = table.header.first().map_or(table_span.clone(), |f| {
        f.start.saturating_sub(1)..table.header.last().map_or(f.end, |l| l.end + 1)
    });
    let Some(var_col) = table.columns.variable else {
        surface.structure.push(StructureProblem {
            span: header_span,
            message: format!(
                "the table of section `{}` has no `Variable` column",
                config.section
            ),
            label: "no `Variable` header here".to_owned(),
        });
        return surface;
    };
    for (column, present) in [
        ("Default", table.columns.default.is_some()),
        ("Description", table.columns.description.is_some()),
    ] {
        if !present {
            surface.structure.push(StructureProblem {
                span: header_span.clone(),
                message: format!(
                    "the table of section `{}` has no `{column}` column",
                    config.section
                ),
                label: format!("no `{column}` header here"),
            });
        }
    }
    surface.complete = true;
    surface.append_at = row_start(
        text,
        table.rows.last().map_or(table_span.end, |r| r.span.end),
    );
    surface.mentions = table
        .rows
        .iter()
        .filter_map(|row| row_mention(text, config, table, row, var_col))
        .collect();
    surface
}

/// The mention of the variable a row documents, if its Variable cell names one.
fn row_mention(
    text: &str,
    config: &DocsConfig,
    table: &DocsTable,
    row: &Row,
    var_col: usize,
) -> Option<Mention> {
    let var_cell = row.cells.get(var_col)?;
    let raw = &text[var_cell.clone()];
    let name = cell_text(raw);
    if !is_env_name(&name) {
        return None;
    }
    let offset = raw.find(name.as_str()).unwrap_or(0);
    let span = var_cell.start + offset..var_cell.start + offset + name.len();
    let mut stated = Vec::new();
    let cell = |i: Option<usize>| i.and_then(|i| row.cells.get(i)).filter(|c| !c.is_empty());
    if let Some(c) = cell(table.columns.default) {
        let value = cell_text(&text[c.clone()]);
        let unset = value.is_empty() || value == config.unset || value == cell_text(&config.unset);
        stated.push(Stated::new(
            Role::Default,
            (!unset).then_some(value),
            trimmed(text, c),
            "Default cell",
        ));
    }
    if let Some(c) = cell(table.columns.description) {
        stated.push(Stated::new(
            Role::Description,
            Some(cell_text(&text[c.clone()])),
            trimmed(text, c),
            "Description cell",
        ));
    }
    Some(Mention {
        name,
        span,
        kind: MentionKind::Entry,
        block: row.span.clone(),
        scope: None,
        stated,
        via: None,
    })
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
        Some(default_cell(schema, v.default.as_deref()))
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
) -> String {
    let Some(row) = existing.filter(|r| r.cells.len() >= table.header.len()) else {
        return fresh_row(text, table, schema, v, existing);
    };
    let unset = schema.docs.as_ref().map(|d| cell_text(&d.unset));
    let mut edits = Vec::new();
    for (i, (cell, header)) in row.cells.iter().zip(&table.header).enumerate() {
        let Some(want) = owned_cell(table, schema, v, i) else {
            continue;
        };
        let have = cell_text(&text[cell.clone()]);
        let same = have == cell_text(&want)
            || (Some(i) == table.columns.default
                && v.default.is_none()
                && (have.is_empty() || Some(&have) == unset.as_ref()));
        if !same {
            edits.push(Edit {
                range: cell.start - row.span.start..cell.end - row.span.start,
                text: padded(text, table, header, &want),
            });
        }
    }
    let line = &text[row.span.start..content_end(text, &row.span)];
    crate::fix::apply(line, &edits)
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

/// The edits (texts with `\n` line endings) that make the table's owned rows the
/// schema's: one row per variable whose `on` includes docs, in schema order, in the places
/// owned rows hold now; further rows go after the last of them (or at the end of the
/// table), and rows of owned names the schema does not declare are removed. Non-owned rows,
/// non-owned cells, and cells that already say what the schema says are kept byte for byte.
pub fn regenerate(text: &str, table: &DocsTable, schema: &Schema) -> Vec<Edit> {
    let Some(var_col) = table.columns.variable else {
        return Vec::new();
    };
    let name = |row: &Row| {
        row.cells
            .get(var_col)
            .map(|c| cell_text(&text[c.clone()]))
            .filter(|n| is_env_name(n) && schema.owns(n))
    };
    let slots: Vec<&Row> = table.rows.iter().filter(|r| name(r).is_some()).collect();
    let wanted: Vec<&VarDecl> = schema
        .variables
        .iter()
        .filter(|v| v.required_on(SurfaceName::Docs))
        .collect();
    let mut edits = Vec::new();
    for (i, slot) in slots.iter().enumerate() {
        let Some(v) = wanted.get(i) else {
            edits.push(Edit {
                range: slot.span.clone(),
                text: String::new(),
            });
            continue;
        };
        let existing = table
            .rows
            .iter()
            .find(|r| name(r).as_deref() == Some(v.name.as_str()));
        let row = row_for(text, table, schema, v, existing);
        let range = slot.span.start..content_end(text, &slot.span);
        if text[range.clone()] != row {
            edits.push(Edit { range, text: row });
        }
    }
    if wanted.len() > slots.len() {
        let at = row_start(
            text,
            slots.last().map_or_else(
                || {
                    table
                        .rows
                        .last()
                        .map_or(table.table.as_ref().map_or(0, |t| t.end), |r| r.span.end)
                },
                |r| r.span.end,
            ),
        );
        let mut rows = String::new();
        for v in &wanted[slots.len()..] {
            let existing = table
                .rows
                .iter()
                .find(|r| name(r).as_deref() == Some(v.name.as_str()));
            rows.push_str(&row_for(text, table, schema, v, existing));
            rows.push('\n');
        }
        edits.push(Edit {
            range: at..at,
            text: rows,
        });
    }
    edits
}
