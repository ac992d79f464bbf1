//! What an analysis offers and where it scrolls: the columns it can go by, the one preferred,
//! and the first line to draw so the highlighted one is in view.

use crate::explore::find_column;
use crate::tui::dialogs::{ColumnPick, Intent, Overlay};
use crate::tui::keymap::Action;

/// Columns whose values are keys worth going by, in the order they are offered: what the
/// comparison compares by and the pivot's first rows.
pub const KEY_COLUMNS: &[&str] = &[
    "account",
    "accountName",
    "productName",
    "lineItemType",
    "parentAccountCode",
    "parentAccountName",
    "description",
];

/// The columns of `headers` called one of `names`, in that order and as the file spells them;
/// every column when none is (a file that is not a bill file).
pub fn column_choices(headers: &[String], names: &[&str]) -> Vec<String> {
    let found: Vec<String> = names
        .iter()
        .filter_map(|n| find_column(headers, &[n]).map(|i| headers[i].clone()))
        .collect();
    if found.is_empty() {
        headers.to_vec()
    } else {
        found
    }
}

/// What a picker of columns lists: `first` (the analyst's columns found), then the file's
/// other columns in its order.
pub fn picker_columns(headers: &[String], first: &[String]) -> Vec<String> {
    let mut all = first.to_vec();
    all.extend(headers.iter().filter(|h| !first.contains(h)).cloned());
    all
}

/// A key in an open column picker: the columns chosen when it answers (it closes), `None`
/// while it stays open or when it closes without a choice.
pub fn pick_key(picking: &mut Option<ColumnPick>, action: Action) -> Option<Vec<String>> {
    let pick = picking.as_mut()?;
    match pick.on_action(action) {
        Intent::Stay => {
            pick.said = None;
            None
        }
        Intent::Refuse(why) => {
            pick.said = Some(why);
            None
        }
        Intent::Close => {
            *picking = None;
            None
        }
        Intent::Answer(columns) => {
            *picking = None;
            Some(columns)
        }
    }
}

/// `preferred` when it is one of `choices` (in any case), else the first.
pub fn preferred_choice(choices: &[String], preferred: &str) -> String {
    choices
        .iter()
        .find(|c| c.eq_ignore_ascii_case(preferred))
        .or(choices.first())
        .cloned()
        .unwrap_or_default()
}

/// The first line to draw so that `line` is drawn among `fit` lines, moving `top` as little as
/// it can; when `heading_above` says the line before `line` is its section's heading, that
/// heading stays in view with it.
pub fn keep_in_view(line: usize, top: usize, fit: usize, heading_above: bool) -> usize {
    let top = if line < top {
        line
    } else if line >= top + fit {
        line + 1 - fit
    } else {
        top
    };
    if top > 0 && line == top && heading_above {
        top - 1
    } else {
        top
    }
}

/// How far a moving key takes the highlighted line, with `fit` lines to a page; `None` for a
/// key that does not move it.
pub fn line_step(action: Action, fit: usize) -> Option<isize> {
    let page = isize::try_from(fit).unwrap_or(isize::MAX);
    match action {
        Action::Up => Some(-1),
        Action::Down => Some(1),
        Action::PageUp => Some(-page),
        Action::PageDown => Some(page),
        Action::Top => Some(isize::MIN / 2),
        Action::Bottom => Some(isize::MAX / 2),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_view_moves_as_little_as_it_can_and_keeps_a_heading() {
        assert_eq!(keep_in_view(5, 0, 10, false), 0, "already drawn");
        assert_eq!(
            keep_in_view(12, 0, 10, false),
            3,
            "just enough to show it last"
        );
        assert_eq!(keep_in_view(2, 6, 10, false), 2, "up to it");
        assert_eq!(keep_in_view(2, 6, 10, true), 1, "with its heading");
        assert_eq!(keep_in_view(0, 3, 10, true), 0);
    }
}
