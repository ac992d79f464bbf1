//! A query as it was typed or read, before validation.

use super::{Dimension, Preset, Problem};

/// The dates of a draft: a preset resolved when the query is validated, or typed dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateInput {
    Preset(Preset),
    Typed {
        start: Option<String>,
        end: Option<String>,
    },
}

impl Default for DateInput {
    fn default() -> Self {
        DateInput::Typed {
            start: None,
            end: None,
        }
    }
}

/// Raw input for a query. Anything may be wrong with it; [`super::validate`] says what.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryDraft {
    pub dates: DateInput,
    /// Line item type names as given (wire names are checked by validation).
    pub line_item_types: Vec<String>,
    pub dimensions: Vec<Dimension>,
    /// The limit as typed; `None` leaves it out of the body.
    pub limit: Option<String>,
    /// The version as typed; `None` leaves it out of the body.
    pub version: Option<String>,
    /// Problems noticed while reading the input (a number where a list belongs, an unknown
    /// field), reported together with validation's.
    pub read_problems: Vec<Problem>,
}
