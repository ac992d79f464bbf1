//! The query builder: the panes where the query is put together, and the result pane where its
//! link and file arrive.

pub mod dimension;
pub mod field;
pub mod layout;
pub mod listing;
pub mod names;
pub mod path;
pub mod result;
pub mod split;
pub mod submission;
pub mod update;
pub mod values;
pub mod view;

pub use submission::{Fetch, ResultState, Step, Submission};

use crate::query::Field;
use crate::tui::keymap::Scope;
use dimension::DimensionEditor;
use field::FieldEditor;

/// The panes that take the focus, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    #[default]
    Dates,
    Types,
    Dimensions,
    Options,
}

impl Pane {
    pub const ALL: [Pane; 4] = [Pane::Dates, Pane::Types, Pane::Dimensions, Pane::Options];

    pub fn next(self) -> Pane {
        let i = Pane::ALL.iter().position(|p| *p == self).unwrap_or(0);
        Pane::ALL[(i + 1) % Pane::ALL.len()]
    }

    pub fn prev(self) -> Pane {
        let i = Pane::ALL.iter().position(|p| *p == self).unwrap_or(0);
        Pane::ALL[(i + Pane::ALL.len() - 1) % Pane::ALL.len()]
    }

    /// The keys of this pane.
    pub fn scope(self) -> Scope {
        match self {
            Pane::Dates => Scope::Dates,
            Pane::Types => Scope::Types,
            Pane::Dimensions => Scope::Dimensions,
            Pane::Options => Scope::Options,
        }
    }

    /// The pane where a problem with `field` can be fixed.
    pub fn of(field: &Field) -> Pane {
        match field {
            Field::StartDate | Field::EndDate | Field::Body(_) => Pane::Dates,
            Field::LineItemTypes => Pane::Types,
            Field::Dimensions
            | Field::DimensionName(_)
            | Field::DimensionFilter(_)
            | Field::DimensionAttributes(_) => Pane::Dimensions,
            Field::Limit | Field::Version => Pane::Options,
        }
    }
}

/// Where the person is in the builder.
#[derive(Debug, Default)]
pub struct Builder {
    pub focus: Pane,
    pub dates_row: usize,
    pub types_cursor: usize,
    pub dims_cursor: usize,
    pub options_row: usize,
    pub body_scroll: u16,
    /// A field or a dimension being typed into.
    pub editing: Option<Editing>,
    /// The saved query the form was loaded from or saved as, for the history.
    pub saved_name: Option<String>,
    /// In a short terminal, the body preview is shown in the pane it shares with the result.
    pub body_first: bool,
    /// The accounts and products for the dimension editor's suggestions.
    pub lists: listing::Lists,
}

/// What is being typed into.
#[derive(Debug)]
pub enum Editing {
    /// A date, the limit or the version, in its pane.
    Field(Box<FieldEditor>),
    /// A dimension's name, values and attributes.
    Dimension(Box<DimensionEditor>),
}

impl Builder {
    pub fn field_editor(&self) -> Option<&FieldEditor> {
        match &self.editing {
            Some(Editing::Field(editor)) => Some(editor),
            _ => None,
        }
    }

    pub fn dimension_editor(&self) -> Option<&DimensionEditor> {
        match &self.editing {
            Some(Editing::Dimension(editor)) => Some(editor),
            _ => None,
        }
    }
}
