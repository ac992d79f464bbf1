//! Names where codes belong, looked up before a query is sent. An account filter takes codes and
//! a product filter names, exactly; an analyst types `Cyberdyne Systems`. A value that is
//! exactly one account's name (or a product's code) is sent as what the filter takes, and
//! said; one that names several stops the command (exit 2) with the choices; one that names
//! nothing goes as typed, with a note of the closest names. Without a list (no permission, offline),
//! values go as typed, as before.

use chrono::Utc;

use super::connection::{Connection, Setup};
use super::exit::Failure;
use super::out::say;
use crate::config::ListCache;
use crate::fetch::{Named, lookup, resolve};
use crate::m3ter::ListKind;
use crate::printable::printable;
use crate::query::{BillQuery, BodySource, draft_from_json, validate};

/// The list a dimension's values are looked up in: accounts for `account`, products for
/// `product name`; `None` for any other dimension.
fn list_of(dimension: &str) -> Option<ListKind> {
    match dimension {
        "account" => Some(ListKind::Accounts),
        "product name" => Some(ListKind::Products),
        _ => None,
    }
}

/// `query` with its names resolved to what its filters take.
pub async fn resolved(
    query: BillQuery,
    connection: &Connection,
    setup: &Setup,
) -> Result<BillQuery, Failure> {
    let client = &connection.client;
    let asks = |kind: ListKind| {
        query
            .dimensions()
            .iter()
            .any(|d| list_of(&d.name) == Some(kind) && d.filter.iter().any(|v| v.trim() != "*"))
    };
    // The in-process demo is new in every run, at another address: nothing to keep of it.
    let cache = ListCache::in_folder(&setup.paths.cache);
    let cache = (!connection.is_demo()).then_some(&cache);
    let mut lists = Vec::new();
    for kind in [ListKind::Accounts, ListKind::Products] {
        if !asks(kind) {
            continue;
        }
        match lookup(client, cache, kind, false, &mut |_| {}, &mut |_| {}).await {
            Ok(found) => lists.push(found),
            Err(e) => say(&format!(
                "note: the {} could not be listed ({}); the values go as typed.",
                noun(kind),
                printable(&e.to_string())
            )),
        }
    }
    if lists.is_empty() {
        return Ok(query);
    }
    let mut dimensions = query.dimensions().to_vec();
    let mut changed = false;
    for dimension in &mut dimensions {
        let Some(kind) = list_of(&dimension.name) else {
            continue;
        };
        let Some(list) = lists.iter().find(|l| l.kind == kind) else {
            continue;
        };
        for value in &mut dimension.filter {
            match resolve(value, kind, &list.entries) {
                Named::Kept => {}
                Named::Replaced { to } => {
                    say(&format!(
                        "note: {} {:?} is sent as {:?}, what the filter takes.",
                        singular(kind),
                        printable(value),
                        printable(&to)
                    ));
                    *value = to;
                    changed = true;
                }
                Named::Ambiguous(choices) => {
                    return Err(Failure::invalid(format!(
                        "{} {:?} names {} {}: {}; give one of these instead.",
                        singular(kind),
                        printable(value),
                        choices.len(),
                        noun(kind),
                        shown(&choices)
                    )));
                }
                Named::Unknown(near) => {
                    let hint = if near.is_empty() {
                        format!("`m3ter-bills {}` lists them", noun(kind))
                    } else {
                        format!("the closest: {}", shown(&near))
                    };
                    // A note beside the answer's own word on an empty file (a warning, or with
                    // --fail-empty the error): what to type instead.
                    say(&format!(
                        "note: no {} is called {:?}, so it matches nothing; {hint}.",
                        singular(kind),
                        printable(value)
                    ));
                }
            }
        }
    }
    if !changed {
        return Ok(query);
    }
    // Made again through the same rules as any query, so what is sent is checked as ever.
    let mut draft = draft_from_json(&query.to_json(), BodySource::File)
        .map_err(|e| Failure::invalid(e.to_string()))?;
    draft.dimensions = dimensions;
    validate(&draft, Utc::now()).map_err(Failure::problems)
}

fn noun(kind: ListKind) -> &'static str {
    match kind {
        ListKind::Accounts => "accounts",
        ListKind::Products => "products",
    }
}

fn singular(kind: ListKind) -> &'static str {
    match kind {
        ListKind::Accounts => "account",
        ListKind::Products => "product",
    }
}

/// `cyberdyne (Cyberdyne Systems), ...`: each value the filter takes, with its name.
fn shown(choices: &[(String, String)]) -> String {
    choices
        .iter()
        .map(|(value, name)| {
            if value == name {
                printable(value)
            } else {
                format!("{} ({})", printable(value), printable(name))
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}
