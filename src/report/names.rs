//! The names of a report's files, filled in from their templates.

use chrono::NaiveDate;

use crate::explore::Period;

/// A file name from `template`: `{period}`, `{as_of}`, `{name}` and `{view}` filled in; any
/// other `{...}`, a path, or a name that leaves the folder is refused.
pub fn file_name(
    template: &str,
    name: &str,
    period: &Period,
    as_of: NaiveDate,
    view: Option<&str>,
) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            return Err(format!("{template}: a {{ is not closed"));
        };
        let key = &rest[open + 1..open + close];
        out.push_str(&match (key, view) {
            ("period", _) => period.label.replace("..", "_to_"),
            ("as_of", _) => as_of.to_string(),
            ("name", _) => name.to_string(),
            ("view", Some(v)) => slug(v),
            ("view", None) => return Err(format!("{template}: {{view}} names a CSV per view; the workbook holds every view")),
            (other, _) => {
                return Err(format!(
                    "{template}: {{{other}}} is not a name to fill in; use {{period}}, {{as_of}}, {{name}} or {{view}}"
                ));
            }
        });
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    if out.is_empty() || out.contains(['/', '\\']) || out.starts_with('.') {
        return Err(format!(
            "{template} makes \"{out}\", which is not a plain file name (the folder is output.folder or --out)"
        ));
    }
    Ok(out)
}

/// A view's name fit for a file name: letters, digits and `-`.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().chars() {
        match c {
            c if c.is_alphanumeric() => out.extend(c.to_lowercase()),
            _ if !out.ends_with('-') && !out.is_empty() => out.push('-'),
            _ => {}
        }
    }
    out.trim_end_matches('-').to_string()
}
