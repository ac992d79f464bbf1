//! The About sheet: what the file is and the figures a reader checks it by.

use std::collections::BTreeMap;

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use super::About;
use super::formats::{Formats, header_format};
use crate::explore::{CsvFile, Filter, Sum};

/// What the file is, and the figures to check it by.
pub(super) fn about_sheet(
    workbook: &mut Workbook,
    file: &CsvFile,
    filters: &[Filter],
    about: &About,
    rows: u64,
    totals: &BTreeMap<String, Sum>,
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
    if let Some(body) = &about.body {
        pair(sheet, "request body", body)?;
    }
    sheet.write_string_with_format(row, 0, "data rows", &bold)?;
    sheet.write_number(row, 1, rows as f64)?;
    row += 2;
    sheet.write_string_with_format(row, 0, "subtotal per currency", &bold)?;
    sheet.write_string_with_format(row, 1, "total", &bold)?;
    sheet.write_string_with_format(row, 2, "lines", &bold)?;
    for (unit, sum) in totals {
        row += 1;
        let format = formats.money(unit, 2);
        sheet.write_string(row, 0, unit)?;
        sheet.write_number_with_format(row, 1, sum.net().as_f64(), format)?;
        sheet.write_number(row, 2, sum.rows as f64)?;
    }
    Ok(())
}
