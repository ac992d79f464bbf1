//! Asking for the accounts' names of a file that shows their codes only, and taking them when
//! they come: the table, and a pivot by account, make room for them.

use super::TableState;
use super::account_names::Names;
use crate::m3ter::ListKind;
use crate::tui::msg::Effect;
use crate::tui::screens::analysis::Analysis;
use crate::tui::screens::form::listing::{Listing, Lists};

/// Names for the accounts of a file that shows their codes only: those listed already, else the
/// list of accounts asked for (once a run; kept an hour). Without a list, codes stay alone.
pub fn names_for(table: &mut TableState, lists: &mut Lists) -> Option<Effect> {
    if !table.names.wanted() {
        return None;
    }
    if let Some(names) = &lists.account_names {
        learn_names(table, names);
        return None;
    }
    matches!(lists.accounts, Listing::NotAsked).then(|| {
        lists.accounts = Listing::Asked;
        Effect::LoadList {
            kind: ListKind::Accounts,
            refresh: false,
        }
    })
}

/// The accounts' names come: the table, and a pivot by account, make room for them.
pub fn learn_names(table: &mut TableState, names: &Names) {
    if !table.learn_names(names) {
        return;
    }
    let back = table.drilled.as_mut().map(|d| &mut d.back);
    for analysis in table.analysis.iter_mut().chain(back) {
        if let Analysis::Pivot(pivot) = analysis
            && let Some(made) = &mut pivot.made
        {
            made.fit_names(&table.names, &pivot.rows);
        }
    }
}
