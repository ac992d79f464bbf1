//! What is wrong with a query, said for people and located for programs.

use std::fmt;

/// Where in the request body a problem is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Field {
    /// The body as a whole, or a field the API does not know (its name is kept).
    Body(Option<String>),
    StartDate,
    EndDate,
    LineItemTypes,
    Dimensions,
    DimensionName(usize),
    DimensionFilter(usize),
    DimensionAttributes(usize),
    Limit,
    Version,
}

impl fmt::Display for Field {
    /// The field's path in the JSON body, e.g. `dimensions[0].filter`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Field::Body(None) => f.write_str("body"),
            Field::Body(Some(name)) => f.write_str(name),
            Field::StartDate => f.write_str("startDate"),
            Field::EndDate => f.write_str("endDate"),
            Field::LineItemTypes => f.write_str("lineItemTypes"),
            Field::Dimensions => f.write_str("dimensions"),
            Field::DimensionName(i) => write!(f, "dimensions[{i}].name"),
            Field::DimensionFilter(i) => write!(f, "dimensions[{i}].filter"),
            Field::DimensionAttributes(i) => write!(f, "dimensions[{i}].attributes"),
            Field::Limit => f.write_str("limit"),
            Field::Version => f.write_str("version"),
        }
    }
}

/// One problem: the field it is in and a plain sentence saying what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: Field,
    pub message: String,
}

impl Problem {
    pub fn new(field: Field, message: impl Into<String>) -> Problem {
        Problem {
            field,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
