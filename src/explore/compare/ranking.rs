//! A comparison's lines in the order asked for, in groups when the key has levels (each
//! group's subtotal before its members), and which of them show.

use std::collections::BTreeMap;

use super::answer::{CompareLine, CompareOrder, Comparison, Selection, Status, passes};
use super::baseline::Flag;
use crate::explore::amount::Amount;
use crate::explore::levels::{MOST_LEVELS, prefix};
use crate::explore::totals::{Sum, percent, text};

impl CompareLine {
    /// The line of `raw` with A and B: its change, percentage and status worked out; `None`
    /// when a sum is beyond the exact range. Shown until a selection says otherwise.
    pub(super) fn of(raw: Box<[u8]>, a: Sum, b: Sum, subtotal: Option<u8>) -> Option<CompareLine> {
        if a.beyond_range() || b.beyond_range() {
            return None;
        }
        let (a_net, b_net) = (a.net(), b.net());
        let change = b_net.checked_sub(a_net)?;
        let status = match (a.rows, b.rows) {
            (0, _) => Status::New,
            (_, 0) => Status::Churned,
            _ if b_net > a_net => Status::Expanded,
            _ if b_net < a_net => Status::Contracted,
            _ => Status::Flat,
        };
        Some(CompareLine {
            key: crate::explore::levels::parts(&raw)
                .map(|p| text(p, "(blank)"))
                .collect::<Vec<_>>()
                .join(" · "),
            a,
            b,
            change,
            // Percent of A's size, to a millionth; none for an A of zero.
            change_pct: percent(change, a_net),
            status,
            material: true,
            subtotal,
            flag: None,
            each: Box::default(),
            raw,
        })
    }
}

impl Comparison {
    /// Shows or hides each line by a new selection; the totals and the bridge do not change.
    pub fn set_selection(&mut self, chosen: Selection) {
        self.select = chosen;
        let levels = self.levels.len();
        for unit in &mut self.units {
            select(&mut unit.lines, &self.select, levels);
        }
    }

    /// Puts every currency's lines in `order` (groups, and members within their group).
    pub fn reorder(&mut self, order: CompareOrder) {
        self.order = order;
        let levels = self.levels.len();
        for unit in &mut self.units {
            let lines: Vec<CompareLine> = unit
                .lines
                .iter()
                .filter(|l| l.subtotal.is_none())
                .cloned()
                .collect();
            // The groups summed once already: arranged again, they are the same sums.
            if let Ok(arranged) = arrange(lines, levels, order) {
                unit.lines = arranged;
                select(&mut unit.lines, &self.select, levels);
            }
        }
    }
}

/// What a line is ranked by in `order`: larger first, ties by the key.
fn rank(line: &CompareLine, order: CompareOrder) -> Amount {
    match order {
        CompareOrder::Change => line.change.abs(),
        CompareOrder::Growth => line.change,
        CompareOrder::Decline => Amount::ZERO
            .checked_sub(line.change)
            .unwrap_or(Amount::ZERO),
        CompareOrder::A => line.a.net().abs(),
        CompareOrder::B => line.b.net().abs(),
        CompareOrder::Name => Amount::ZERO,
    }
}

fn sort(lines: &mut [CompareLine], order: CompareOrder) {
    lines.sort_by_cached_key(|l| (std::cmp::Reverse(rank(l, order)), l.raw.clone()));
}

/// `lines` (of the deepest level) in `order`; with levels, grouped level by level, each
/// group's subtotal before its members. `Err` names a group whose sum leaves the exact range.
pub(super) fn arrange(
    mut lines: Vec<CompareLine>,
    levels: usize,
    order: CompareOrder,
) -> Result<Vec<CompareLine>, String> {
    if levels < 2 {
        sort(&mut lines, order);
        return Ok(lines);
    }
    let mut out = Vec::with_capacity(lines.len() + lines.len() / 2);
    group(lines, 0, levels, order, &mut out)?;
    Ok(out)
}

fn group(
    lines: Vec<CompareLine>,
    depth: usize,
    levels: usize,
    order: CompareOrder,
    out: &mut Vec<CompareLine>,
) -> Result<(), String> {
    if depth + 1 >= levels {
        let mut lines = lines;
        sort(&mut lines, order);
        out.extend(lines);
        return Ok(());
    }
    let mut groups: BTreeMap<Box<[u8]>, Vec<CompareLine>> = BTreeMap::new();
    for line in lines {
        groups
            .entry(prefix(&line.raw, depth + 1).into())
            .or_default()
            .push(line);
    }
    let mut subtotals = Vec::with_capacity(groups.len());
    for (key, members) in &groups {
        let (mut a, mut b, mut each) = (Sum::default(), Sum::default(), Vec::new());
        for m in members {
            a.merge(&m.a);
            b.merge(&m.b);
            add_each(&mut each, &m.each);
        }
        let depth = u8::try_from(depth + 1).unwrap_or(u8::MAX);
        let mut line =
            CompareLine::of(key.clone(), a, b, Some(depth)).ok_or_else(|| text(key, "(blank)"))?;
        line.each = each.into();
        subtotals.push(line);
    }
    sort(&mut subtotals, order);
    for subtotal in subtotals {
        let members = groups.remove(&subtotal.raw).unwrap_or_default();
        out.push(subtotal);
        group(members, depth + 1, levels, order, out)?;
    }
    Ok(())
}

/// Marks which lines show under `select`: a line when it passes the thresholds and its status
/// is asked for; a group when one of its members shows; then only the first `top` at the first
/// level.
pub(super) fn select(lines: &mut [CompareLine], select: &Selection, levels: usize) {
    // From the last line up, so a group meets its members before itself.
    let mut below = [false; MOST_LEVELS + 1];
    for line in lines.iter_mut().rev() {
        let depth = line.depth(levels);
        line.flag = select.flag_pct.and_then(|p| match line.change_pct {
            // No mean to stray from: new only when the baseline has no line of it.
            None if line.status == Status::New => Some(Flag::New),
            None => None,
            Some(pct) if pct.abs() < p.abs() => None,
            Some(pct) if pct.is_negative() => Some(Flag::Below),
            Some(_) => Some(Flag::Above),
        });
        line.material = if line.subtotal.is_some() {
            let any = below[depth];
            below[depth..].iter_mut().for_each(|b| *b = false);
            any
        } else {
            let passing = passes(
                line.change,
                line.change_pct,
                select.min_change,
                select.min_pct,
            );
            passing
                && (select.statuses.is_empty() || select.statuses.contains(&line.status))
                && (!select.only_flagged || line.flag.is_some())
        };
        if line.material {
            below[..depth].iter_mut().for_each(|b| *b = true);
        }
    }
    if let Some(top) = select.top {
        let mut firsts = 0;
        let mut past = false;
        for line in lines.iter_mut() {
            if line.depth(levels) == 1 && line.material {
                firsts += 1;
                past = firsts > top;
            }
            if past {
                line.material = false;
            }
        }
    }
}

/// Adds `theirs` to `mine`, period by period.
pub(super) fn add_each(mine: &mut Vec<Amount>, theirs: &[Amount]) {
    if mine.len() < theirs.len() {
        mine.resize(theirs.len(), Amount::ZERO);
    }
    for (m, t) in mine.iter_mut().zip(theirs) {
        *m = m.checked_add(*t).unwrap_or(*m);
    }
}
