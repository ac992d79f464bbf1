//! The query being built on screen, as plain data, and the draft it stands for.

use chrono::{DateTime, Utc};

use crate::query::{
    DateInput, Dimension, Group, LineItemType, Preset, QueryDraft, TypeSet, format_wire,
};

/// The form's contents. It opens valid: last month, every line item type, no dimensions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    /// The chosen preset, or `None` for typed dates.
    pub preset: Option<Preset>,
    pub start: String,
    pub end: String,
    pub selected: TypeSet,
    pub dimensions: Vec<Dimension>,
    /// Empty means "leave it out of the body".
    pub limit: String,
    pub version: String,
}

impl Default for Form {
    fn default() -> Self {
        Form {
            preset: Some(Preset::LastMonth),
            start: String::new(),
            end: String::new(),
            selected: TypeSet::all(),
            dimensions: Vec::new(),
            limit: String::new(),
            version: String::new(),
        }
    }
}

impl Form {
    /// A form holding `draft`, and sentences about what of it the form cannot hold (types
    /// that do not exist, fields it does not know).
    pub fn from_draft(draft: &QueryDraft) -> (Form, Vec<String>) {
        let mut notes: Vec<String> = draft
            .read_problems
            .iter()
            .map(|p| p.message.clone())
            .collect();
        let mut selected = TypeSet::none();
        for name in &draft.line_item_types {
            match name.parse::<LineItemType>() {
                Ok(t) => selected.insert(t),
                Err(e) => notes.push(format!("Left out: {e}")),
            }
        }
        let (preset, start, end) = match &draft.dates {
            DateInput::Preset(p) => (Some(*p), String::new(), String::new()),
            DateInput::Typed { start, end } => (
                None,
                start.clone().unwrap_or_default(),
                end.clone().unwrap_or_default(),
            ),
        };
        let form = Form {
            preset,
            start,
            end,
            selected,
            dimensions: draft.dimensions.clone(),
            limit: draft.limit.clone().unwrap_or_default(),
            version: draft.version.clone().unwrap_or_default(),
        };
        (form, notes)
    }

    /// The draft this form stands for.
    pub fn draft(&self) -> QueryDraft {
        let text = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
        QueryDraft {
            dates: match self.preset {
                Some(p) => DateInput::Preset(p),
                None => DateInput::Typed {
                    start: text(&self.start),
                    end: text(&self.end),
                },
            },
            line_item_types: self.types().map(|t| t.wire_name().to_string()).collect(),
            dimensions: self.dimensions.clone(),
            limit: text(&self.limit),
            version: text(&self.version),
            read_problems: Vec::new(),
        }
    }

    /// The selected types, in the API's order.
    pub fn types(&self) -> impl Iterator<Item = LineItemType> + '_ {
        self.selected.iter()
    }

    pub fn selected_count(&self) -> usize {
        self.selected.len()
    }

    /// Selects exactly the types of `group`.
    pub fn select_group(&mut self, group: Group) {
        self.selected = group.types().iter().copied().collect();
    }

    /// The start and end as shown: the preset's range, or what was typed.
    pub fn shown_dates(&self, now: DateTime<Utc>) -> (String, String) {
        match self.preset {
            Some(p) => {
                let (start, end) = p.range(now);
                (format_wire(start), format_wire(end))
            }
            None => (self.start.clone(), self.end.clone()),
        }
    }

    /// Switches to typed dates, starting from what is shown, so editing a preset's date
    /// changes that date and keeps the other.
    pub fn make_custom(&mut self, now: DateTime<Utc>) {
        if self.preset.is_some() {
            let (start, end) = self.shown_dates(now);
            self.start = start;
            self.end = end;
            self.preset = None;
        }
    }

    /// Moves through "custom" and the presets.
    pub fn cycle_preset(&mut self, forward: bool, now: DateTime<Utc>) {
        let choices: Vec<Option<Preset>> = std::iter::once(None)
            .chain(Preset::ALL.into_iter().map(Some))
            .collect();
        let here = choices.iter().position(|c| *c == self.preset).unwrap_or(0);
        let next = if forward {
            (here + 1) % choices.len()
        } else {
            (here + choices.len() - 1) % choices.len()
        };
        if choices[next].is_none() {
            self.make_custom(now);
        } else {
            if self.preset.is_none() && self.start.is_empty() && self.end.is_empty() {
                self.make_custom(now);
            }
            self.preset = choices[next];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::validate;

    fn now() -> DateTime<Utc> {
        crate::query::parse_date_time("2026-11-27T10:00:00Z").unwrap()
    }

    #[test]
    fn the_form_opens_valid() {
        let q = validate(&Form::default().draft(), now()).unwrap();
        assert_eq!(q.line_item_types().len(), 19);
        assert_eq!(format_wire(q.range().start()), "2026-10-01T00:00:00Z");
    }

    #[test]
    fn editing_a_preset_keeps_its_dates() {
        let mut form = Form::default();
        form.make_custom(now());
        assert_eq!(form.preset, None);
        assert_eq!(form.start, "2026-10-01T00:00:00Z");
        assert_eq!(form.end, "2026-11-01T00:00:00Z");
        form.cycle_preset(true, now());
        assert_eq!(form.preset, Some(Preset::Today));
        form.cycle_preset(false, now());
        form.cycle_preset(false, now());
        assert_eq!(form.preset, Some(Preset::Last12Months));
    }

    #[test]
    fn groups_select_exactly_their_types() {
        let mut form = Form::default();
        form.select_group(Group::Balances);
        assert_eq!(
            form.types().collect::<Vec<_>>(),
            [LineItemType::BalanceConsumed, LineItemType::BalanceFee]
        );
    }

    #[test]
    fn a_draft_round_trips_and_notes_what_it_cannot_hold() {
        let draft = QueryDraft {
            dates: DateInput::Typed {
                start: Some("2026-01-01".into()),
                end: Some("2026-02-01".into()),
            },
            line_item_types: vec!["USAGE".into(), "USAGES".into()],
            limit: Some("10".into()),
            ..QueryDraft::default()
        };
        let (form, notes) = Form::from_draft(&draft);
        assert_eq!(form.selected_count(), 1);
        assert_eq!(form.limit, "10");
        assert_eq!(notes.len(), 1);
        assert!(notes[0].contains("did you mean USAGE"));
    }
}
