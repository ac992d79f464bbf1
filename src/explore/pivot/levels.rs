//! Rows of several levels (`account,productName`): each group of the first level with its
//! subtotal, then its members, groups and members each in the order asked for. A group's
//! subtotal comes just before its members, so a screen folds a group to its one line.

use std::collections::BTreeMap;

use super::answer::{PivotRow, RowOrder};
use super::line;
use super::ranked::by_size;
use crate::explore::levels::prefix;

/// `lines` (rows of the deepest level, and the others row if there is one) grouped level by
/// level, each group's subtotal before its members, in `order`; `top` keeps the largest groups
/// of the first level, the rest added up as one others row at the end.
pub(super) fn nest(
    lines: Vec<PivotRow>,
    levels: usize,
    order: RowOrder,
    top: Option<usize>,
    columns: usize,
) -> Vec<PivotRow> {
    let (others, lines): (Vec<PivotRow>, Vec<PivotRow>) = lines.into_iter().partition(|r| r.others);
    let mut out = Vec::with_capacity(lines.len() + lines.len() / 2);
    let mut rest = line::Adding::new(columns);
    let mut cut = false;
    group(
        lines,
        0,
        levels,
        order,
        top,
        columns,
        &mut out,
        &mut |row| {
            cut = true;
            rest.add(&row.cells);
        },
    );
    let had = !others.is_empty();
    for row in others {
        rest.add(&row.cells);
    }
    if cut || had {
        out.push(PivotRow::others(rest.line()));
    }
    out
}

/// The groups of `rows` at level `depth` (0 is the first), each with its subtotal and then
/// its members; the groups past `top` are handed to `cut`.
#[allow(clippy::too_many_arguments)]
fn group(
    rows: Vec<PivotRow>,
    depth: usize,
    levels: usize,
    order: RowOrder,
    top: Option<usize>,
    columns: usize,
    out: &mut Vec<PivotRow>,
    cut: &mut dyn FnMut(&PivotRow),
) {
    if depth + 1 >= levels {
        out.extend(by_size(rows, order, columns).into_iter().map(|(_, r)| r));
        return;
    }
    let mut groups: BTreeMap<Box<[u8]>, Vec<PivotRow>> = BTreeMap::new();
    for row in rows {
        groups
            .entry(prefix(&row.raw, depth + 1).into())
            .or_default()
            .push(row);
    }
    let subtotals: Vec<PivotRow> = groups
        .iter()
        .map(|(key, members)| {
            let mut sum = line::Adding::new(columns);
            for member in members {
                sum.add(&member.cells);
            }
            PivotRow {
                raw: key.clone(),
                others: false,
                subtotal: Some(u8::try_from(depth + 1).unwrap_or(u8::MAX)),
                cells: sum.line(),
            }
        })
        .collect();
    // The top groups are the largest whatever the order: as for rows of one level.
    let kept: Option<std::collections::HashSet<Box<[u8]>>> = top.map(|n| {
        by_size(subtotals.clone(), RowOrder::Total, columns)
            .into_iter()
            .take(n)
            .map(|(_, r)| r.raw)
            .collect()
    });
    for (_, subtotal) in by_size(subtotals, order, columns) {
        if kept.as_ref().is_some_and(|k| !k.contains(&subtotal.raw)) {
            cut(&subtotal);
            continue;
        }
        let members = groups.remove(&subtotal.raw).unwrap_or_default();
        out.push(subtotal);
        group(members, depth + 1, levels, order, None, columns, out, cut);
    }
}
