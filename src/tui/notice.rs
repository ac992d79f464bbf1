//! A line of news for the person, good or bad.

/// A line of news for the person: what just happened, good or bad.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub bad: bool,
    /// A count of the form's problems: kept up to date as they are fixed, gone when none is
    /// left.
    pub problems: bool,
}

impl Notice {
    pub fn good(text: impl Into<String>) -> Notice {
        Notice {
            text: text.into(),
            bad: false,
            problems: false,
        }
    }

    pub fn bad(text: impl Into<String>) -> Notice {
        Notice {
            text: text.into(),
            bad: true,
            problems: false,
        }
    }

    /// "Not sent: N problems to fix first", for `count` problems.
    pub fn problems(count: usize) -> Notice {
        Notice {
            text: format!(
                "Not sent: {count} problem{} to fix first (listed under the request body).",
                if count == 1 { "" } else { "s" }
            ),
            bad: true,
            problems: true,
        }
    }
}
