//! The About sheet: what the file is and the figures a reader checks it by.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::formats::{Formats, header_format};
use super::lines::Written;
use crate::explore::{CsvFile, Filter};
use crate::query::Kind;

/// What is known of where the file came from.
#[derive(Debug, Clone, Default)]
pub struct About {
    /// The request body, as JSON.
    pub body: Option<String>,
    /// The download link; written without its query (the signature).
    pub link: Option<String>,
    /// When the file was fetched, as text.
    pub fetched: Option<String>,
    /// More to say, a pair each (a report's name, its day and what its names came to).
    pub notes: Vec<(String, String)>,
}

/// What the file is, and the figures to check it by.
pub(super) fn about_sheet(
    workbook: &mut Workbook,
    file: &CsvFile,
    filters: &[Filter],
    about: &About,
    lines: &Written,
    formats: &mut Formats,
) -> Result<(), XlsxError> {
    let sheet = workbook.add_worksheet();
    sheet.set_name("About")?;
    sheet.set_column_width(0, 22)?;
    sheet.set_column_width(1, 60)?;
    let bold = header_format();
    let mut row = 0u32;
    let mut pair = |sheet: &mut Worksheet, key: &str, value: &str| -> Result<(), XlsxError> {
        sheet.write_string_with_format(row, 0, key, &bold)?;
        sheet.write_string(row, 1, value)?;
        row += 1;
        Ok(())
    };
    pair(
        sheet,
        "made by",
        &format!("m3ter-bills {}", env!("CARGO_PKG_VERSION")),
    )?;
    pair(
        sheet,
        "written",
        &chrono::Utc::now()
            .format("%Y-%m-%d %H:%M:%S UTC")
            .to_string(),
    )?;
    let name = file
        .path()
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    pair(sheet, "from the file", &name)?;
    if !filters.is_empty() {
        let headers = file.headers();
        let kept: Vec<String> = filters
            .iter()
            .map(|f| {
                let scope = f
                    .column
                    .and_then(|c| headers.get(c).cloned())
                    .unwrap_or_else(|| "any column".into());
                format!("[{scope} {}]", f.relation())
            })
            .collect();
        pair(sheet, "only the rows kept by", &kept.join(" "))?;
    }
    if let Some(fetched) = &about.fetched {
        pair(sheet, "fetched", fetched)?;
    }
    if let Some(link) = &about.link {
        // The signature is what makes a link work: it stays out of a file that travels.
        let unsigned = link.split('?').next().unwrap_or_default();
        pair(sheet, "link (unsigned)", unsigned)?;
    }
    for (key, value) in &about.notes {
        pair(sheet, key, value)?;
    }
    if let Some(body) = &about.body {
        pair(sheet, "request body", body)?;
    }
    for said in lines.said() {
        pair(sheet, "not as in the file", &said)?;
    }
    sheet.write_string_with_format(row, 0, "data rows", &bold)?;
    sheet.write_number(row, 1, lines.rows as f64)?;
    row += 2;
    // The net, then the kinds it is made of (by line item type, never by sign).
    let heading = ["subtotal per currency", "total", "lines"]
        .into_iter()
        .chain(Kind::ALL.iter().map(|k| k.word()))
        .chain(["credit share"]);
    for (c, name) in heading.enumerate() {
        sheet.write_string_with_format(row, c as u16, name, &bold)?;
    }
    let share = Format::new().set_num_format("0.0%");
    for (unit, sum) in &lines.totals {
        row += 1;
        let format = formats.money(unit, 2).clone();
        sheet.write_string(row, 0, unit)?;
        sheet.write_number_with_format(row, 1, sum.net().as_f64(), &format)?;
        sheet.write_number(row, 2, sum.rows as f64)?;
        for (k, kind) in Kind::ALL.iter().enumerate() {
            let c = 3 + k as u16;
            sheet.write_number_with_format(row, c, sum.of(*kind).as_f64(), &format)?;
        }
        if let Some(s) = sum.credit_share() {
            let c = 3 + Kind::ALL.len() as u16;
            sheet.write_number_with_format(row, c, s.as_f64() / 100.0, &share)?;
        }
    }
    Ok(())
}
