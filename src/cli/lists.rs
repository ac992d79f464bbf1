//! `m3ter-bills accounts` and `m3ter-bills products`: the organization's lists, read whole
//! through m3ter's Config API (or kept from the last hour), for scripts and for people finding
//! a code by a name.

use std::io::{IsTerminal, Write};

use super::args::{ConnectionArgs, FormatArg, ListArgs};
use super::connection::{Setup, connect};
use super::exit::{Code, Failure};
use super::out::{print_with, say};
use crate::config::ListCache;
use crate::export::{write_delimited, write_objects};
use crate::fetch::{folded, lookup};
use crate::m3ter::{ListKind, ListProgress, Listed};
use crate::printable::printable;

/// Lists `kind`, narrowed by `--search`, in the format asked for.
pub async fn run(
    kind: ListKind,
    args: &ListArgs,
    demo: bool,
    connection: &ConnectionArgs,
) -> Result<(), Failure> {
    let format = match args.format {
        Some(FormatArg::Xlsx) => {
            return Err(Failure::invalid(
                "A list is written as table, csv, tsv or json; for a workbook, write csv and open it.",
            ));
        }
        Some(format) => format,
        None if std::io::stdout().is_terminal() => FormatArg::Table,
        None => FormatArg::Csv,
    };
    let setup = Setup::load(connection);
    let connected = connect(demo, connection, &setup).await?;
    let client = &connected.client;
    let tell = std::io::stderr().is_terminal();
    let mut progress = |p: ListProgress| {
        // A long list says how far it is, on a line of its own that the next one replaces.
        if tell && p.pages > 1 {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\rRead {} so far ({} pages)…", p.entries, p.pages);
        }
    };
    let search = args
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let listed = match (kind, search) {
        (ListKind::Accounts, Some(prefix)) => client.search_accounts(prefix, &mut |_| {}).await,
        _ => {
            // The in-process demo is new in every run: nothing to keep of it.
            let cache = ListCache::in_folder(&setup.paths.cache);
            let cache = (!connected.is_demo()).then_some(&cache);
            lookup(
                client,
                cache,
                kind,
                args.refresh,
                &mut progress,
                &mut |_| {},
            )
            .await
            .map(|found| found.entries)
        }
    };
    if tell {
        let _ = write!(std::io::stderr().lock(), "\r\x1b[K");
    }
    let mut listed = listed?;
    if let (ListKind::Products, Some(text)) = (kind, search) {
        // As the screen's suggestions match: case and accents ignored.
        let text = folded(text);
        listed.retain(|p| folded(&p.name).contains(&text) || folded(&p.code).contains(&text));
    }
    if listed.is_empty() {
        say(&format!(
            "warning: no {} {}",
            noun(kind),
            search.map_or_else(
                || "in this organization".to_string(),
                |s| format!("match {:?}", printable(s))
            )
        ));
    }
    let header = header(kind);
    let records = || listed.iter().map(|l| record(kind, l));
    print_with(|out| match format {
        FormatArg::Csv => write_delimited(out, &header, records(), b','),
        FormatArg::Tsv => write_delimited(out, &header, records(), b'\t'),
        FormatArg::Json => write_objects(out, &header, records()),
        FormatArg::Table | FormatArg::Xlsx => table(out, &header, records()),
    })
    .or_else(|failure| match failure.code {
        Code::StdoutClosed => Ok(()),
        _ => Err(failure),
    })
}

fn noun(kind: ListKind) -> &'static str {
    match kind {
        ListKind::Accounts => "accounts",
        ListKind::Products => "products",
    }
}

fn header(kind: ListKind) -> Vec<String> {
    let names: &[&str] = match kind {
        ListKind::Accounts => &["code", "name", "currency", "parentAccountId", "id"],
        ListKind::Products => &["code", "name", "id"],
    };
    names.iter().map(|n| (*n).to_string()).collect()
}

/// A list entry as a record, its text made printable (a name is outside input).
fn record(kind: ListKind, listed: &Listed) -> Vec<String> {
    let mut fields = vec![printable(&listed.code), printable(&listed.name)];
    if kind == ListKind::Accounts {
        fields.push(printable(listed.currency.as_deref().unwrap_or_default()));
        fields.push(printable(
            listed.parent_account_id.as_deref().unwrap_or_default(),
        ));
    }
    fields.push(printable(&listed.id));
    fields
}

/// The list for a person: its first columns aligned (code, name, and an account's currency);
/// ids are left to the other formats.
fn table(
    out: &mut dyn Write,
    header: &[String],
    records: impl Iterator<Item = Vec<String>> + Clone,
) -> std::io::Result<()> {
    let shown = if header.len() > 3 { 3 } else { 2 };
    let mut widths: Vec<usize> = header[..shown].iter().map(|h| h.chars().count()).collect();
    for record in records.clone() {
        for (w, field) in widths.iter_mut().zip(&record) {
            *w = (*w).max(field.chars().count().min(60));
        }
    }
    let line = |out: &mut dyn Write, fields: &[String]| -> std::io::Result<()> {
        let cells: Vec<String> = fields[..shown]
            .iter()
            .zip(&widths)
            .map(|(f, w)| format!("{:<w$}", crate::printable::cut(f, *w)))
            .collect();
        writeln!(out, "{}", cells.join("  ").trim_end())
    };
    line(out, header)?;
    for record in records {
        line(out, &record)?;
    }
    Ok(())
}
