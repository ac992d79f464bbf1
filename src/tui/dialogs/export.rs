//! Saving what is on screen (the table's rows in view, its totals, the pivot or the
//! comparison) as an Excel workbook, a CSV or a TSV file: the format chosen with Tab, the path
//! typed, with a default named after the file and the view beside it.

use std::sync::Arc;

use std::path::{Path, PathBuf};

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui_textarea::TextArea;

use super::overlay::{Intent, Look, Overlay};
use crate::explore::{Comparison, CsvFile, Filter, Measure, Pivot};
use crate::printable::{as_typed, printable};
use crate::target::TargetProblem;
use crate::tui::keymap::{Action, Scope, key};
use crate::tui::widgets::{frame, line_input};

/// The formats offered, in the order Tab goes through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Csv,
    Tsv,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
        }
    }

    fn next(self) -> Format {
        match self {
            Format::Xlsx => Format::Csv,
            Format::Csv => Format::Tsv,
            Format::Tsv => Format::Xlsx,
        }
    }
}

/// What is on screen, as it was when the dialog opened.
#[derive(Debug, Clone)]
pub enum View {
    /// The table's rows in view.
    Rows,
    /// The totals, already written as TSV (a line per group and currency).
    Totals(String),
    Pivot(Arc<Pivot>, String, Measure),
    Compare(Box<Comparison>, String, Measure),
}

impl View {
    fn word(&self) -> &'static str {
        match self {
            View::Rows => "lines",
            View::Totals(_) => "totals",
            View::Pivot(..) => "pivot",
            View::Compare(..) => "comparison",
        }
    }
}

/// What to write, for the runtime.
#[derive(Debug, Clone)]
pub struct ExportJob {
    pub file: CsvFile,
    pub filters: Vec<Filter>,
    pub view: View,
    pub format: Format,
    pub path: PathBuf,
}

/// The dialog.
#[derive(Debug)]
pub struct ExportDialog {
    file: CsvFile,
    filters: Vec<Filter>,
    view: View,
    pub format: Format,
    pub path: TextArea<'static>,
}

impl ExportDialog {
    /// The dialog for `view` of `file`'s rows that `filters` keep, saving beside the file.
    pub fn new(file: CsvFile, filters: Vec<Filter>, view: View) -> ExportDialog {
        let format = Format::Xlsx;
        let path = default_path(file.path(), view.word(), format);
        ExportDialog {
            file,
            filters,
            view,
            format,
            path: line_input::with_text(&path.display().to_string()),
        }
    }
}

impl Overlay for ExportDialog {
    /// What to write, checked against the one target check every file asked for goes through.
    type Answer = Box<ExportJob>;

    fn on_action(&mut self, action: Action) -> Intent<Box<ExportJob>> {
        match action {
            Action::NextField => {
                // The extension follows the format when it was the one offered.
                let typed = line_input::text(&self.path);
                let old = format!(".{}", self.format.extension());
                self.format = self.format.next();
                if let Some(stem) = typed.strip_suffix(&old) {
                    let path = format!("{stem}.{}", self.format.extension());
                    self.path = line_input::with_text(&path);
                }
                Intent::Stay
            }
            Action::Save => {
                let typed = line_input::text(&self.path).trim().to_string();
                if typed.is_empty() {
                    return Intent::Refuse("Type the path to save to first.".into());
                }
                let path = PathBuf::from(typed);
                // Nothing is saved over a file from here.
                match crate::target::check(&path, false) {
                    Ok(_) => Intent::Answer(Box::new(ExportJob {
                        file: self.file.clone(),
                        filters: self.filters.clone(),
                        view: self.view.clone(),
                        format: self.format,
                        path,
                    })),
                    Err(TargetProblem::Exists(_)) => Intent::Refuse(format!(
                        "{} exists: type another name (nothing is saved over a file).",
                        printable(&path.display().to_string())
                    )),
                    Err(problem) => Intent::Refuse(as_typed(&problem.to_string())),
                }
            }
            Action::Cancel => Intent::Close,
            _ => Intent::Stay,
        }
    }

    fn type_key(&mut self, key: KeyEvent) {
        line_input::input(&mut self.path, key);
    }

    fn paste(&mut self, text: &str) {
        line_input::paste(&mut self.path, text, false);
    }
}

/// `folder/bills-pivot.xlsx` beside `source`.
fn default_path(source: &Path, view: &str, format: Format) -> PathBuf {
    let stem = source
        .file_stem()
        .map_or_else(|| "bills".into(), |s| s.to_string_lossy().into_owned());
    source.with_file_name(format!("{stem}-{view}.{}", format.extension()))
}

/// Draws the dialog over the screen.
pub fn draw(dialog: &ExportDialog, frame: &mut Frame, look: Look) {
    let theme = look.theme;
    let area = frame::centered(frame.area(), 84, 7);
    let block = frame::dialog(&format!("Save the {}", dialog.view.word()), theme);
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let [formats, ask, answer, why, hint] =
        Layout::vertical([Constraint::Length(1); 5]).areas(inner);
    let mut spans = vec![Span::styled("Format: ", theme.muted())];
    for format in [Format::Xlsx, Format::Csv, Format::Tsv] {
        let word = format!(" {} ", format.extension().to_uppercase());
        spans.push(if format == dialog.format {
            Span::styled(word, theme.selected())
        } else {
            Span::raw(word)
        });
    }
    spans.push(Span::styled(
        format!(
            "  ({} changes it)",
            key(Scope::ExportDialog, Action::NextField)
        ),
        theme.muted(),
    ));
    frame.render_widget(Paragraph::new(Line::from(spans)), formats);
    frame.render_widget(Paragraph::new(Span::styled("Save to:", theme.muted())), ask);
    frame.render_widget(&dialog.path, answer);
    if let Some(refusal) = look.refusal() {
        frame.render_widget(
            Paragraph::new(Span::styled(printable(refusal), theme.error())),
            why,
        );
    }
    frame.render_widget(
        Paragraph::new(Span::styled(
            format!(
                "{} save  {} cancel",
                key(Scope::ExportDialog, Action::Save),
                key(Scope::ExportDialog, Action::Cancel)
            ),
            theme.muted(),
        )),
        hint,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_name_says_the_view_and_follows_the_format() {
        assert_eq!(
            default_path(Path::new("/data/october.csv"), "pivot", Format::Xlsx),
            PathBuf::from("/data/october-pivot.xlsx")
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.csv");
        std::fs::write(&path, "a\n1\n").unwrap();
        let mut dialog = ExportDialog::new(CsvFile::open(&path).unwrap(), Vec::new(), View::Rows);
        dialog.on_action(Action::NextField);
        assert_eq!(dialog.format, Format::Csv);
        assert!(line_input::text(&dialog.path).ends_with("b-lines.csv"));
        std::fs::write(dir.path().join("b-lines.csv"), "x").unwrap();
        assert!(matches!(
            dialog.on_action(Action::Save),
            Intent::Refuse(why) if why.contains("exists")
        ));
    }
}
