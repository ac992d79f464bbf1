//! The query the flags describe: a body file or saved query, with the flags laid over it, as
//! a draft for validation (shared by `query`, `pivot` and `compare`).

use std::io::Read;

use super::args::QueryFlags;
use super::connection::Setup;
use super::exit::Failure;
use crate::printable::printable;
use crate::query::{
    BodySource, DateInput, Dimension, Field, Problem, QueryDraft, draft_from_json,
    end_after_through, format_wire,
};

/// The draft from the body file or saved query, with the flags laid over it.
pub fn draft(args: &QueryFlags, setup: &Setup) -> Result<QueryDraft, Failure> {
    let mut draft = match (&args.body, &args.saved) {
        (_, Some(name)) => setup
            .saved()
            .load(name)
            .map_err(|e| Failure::invalid(e.to_string()))?,
        (Some(path), None) => {
            let (name, text) = read_body(path)?;
            draft_from_json(&text, BodySource::File).map_err(|e| {
                Failure::invalid(format!("{name}: {}", e.to_string().trim_end_matches('.')) + ".")
            })?
        }
        (None, None) => QueryDraft::default(),
    };

    let mut problems = Vec::new();
    // --through is the day after's midnight, as the API takes an end; clap keeps it apart
    // from --end and --preset.
    let end = match args.through.as_deref().map(end_after_through) {
        Some(Ok(end)) => Some(format_wire(end)),
        Some(Err(e)) => {
            problems.push(Problem::new(Field::EndDate, e.to_string()));
            None
        }
        None => args.end.clone(),
    };
    if let Some(preset) = args.preset {
        draft.dates = DateInput::Preset(preset);
    } else if args.start.is_some() || end.is_some() || args.through.is_some() {
        let (start, typed_end) = match draft.dates {
            DateInput::Typed { start, end } => (start, end),
            DateInput::Preset(_) => (None, None),
        };
        draft.dates = DateInput::Typed {
            start: args.start.clone().or(start),
            end: end.or(typed_end),
        };
    }
    if !args.types.is_empty() {
        draft.line_item_types = crate::query::expand_type_names(&args.types);
    }
    if !args.dimension.is_empty() {
        draft.dimensions = args
            .dimension
            .iter()
            .enumerate()
            .map(|(i, text)| parse_dimension(i, text, &mut problems))
            .collect();
    }
    for text in &args.attribute {
        apply_attribute(&mut draft.dimensions, text, &mut problems);
    }
    if args.limit.is_some() {
        draft.limit = args.limit.clone();
    }
    if args.version.is_some() {
        draft.version = args.version.clone();
    }
    draft.read_problems.extend(problems);
    Ok(draft)
}

/// The largest body read: a request with a hundred dimensions is a few kilobytes.
const LARGEST_BODY: u64 = 1_000_000;

/// The text of a body file (or standard input for `-`), and a name for it in messages. A
/// pipe is fine (`--body <(...)`), and read only up to a bound.
pub fn read_body(path: &std::path::Path) -> Result<(String, String), Failure> {
    let (name, reader): (String, Box<dyn Read>) = if path.as_os_str() == "-" {
        ("standard input".to_string(), Box::new(std::io::stdin()))
    } else {
        let name = format!("the body file {}", printable(&path.display().to_string()));
        match std::fs::File::open(path) {
            Ok(file) => (name, Box::new(file)),
            Err(e) => return Err(Failure::invalid(format!("Could not read {name}: {e}."))),
        }
    };
    let mut bytes = Vec::new();
    reader
        .take(LARGEST_BODY + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::invalid(format!("Could not read {name}: {e}.")))?;
    if bytes.len() as u64 > LARGEST_BODY {
        return Err(Failure::invalid(format!(
            "Could not read {name}: it is larger than {} MB, and a request body is a few kB.",
            LARGEST_BODY / 1_000_000
        )));
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| Failure::invalid(format!("Could not read {name}: it is not UTF-8 text.")))?;
    let name = name.trim_start_matches("the body file ").to_string();
    Ok((name, text))
}

fn parse_dimension(index: usize, text: &str, problems: &mut Vec<Problem>) -> Dimension {
    match text.split_once('=') {
        Some((name, values)) => Dimension {
            name: name.trim().to_string(),
            filter: Dimension::split_values(values),
            attributes: Vec::new(),
        },
        None => {
            problems.push(Problem::new(
                Field::DimensionFilter(index),
                format!("--dimension \"{text}\" needs the form NAME=VALUE[,VALUE...], e.g. account=acme,globex or 'product name=*'."),
            ));
            Dimension {
                name: text.trim().to_string(),
                filter: vec!["*".to_string()],
                attributes: Vec::new(),
            }
        }
    }
}

fn apply_attribute(dimensions: &mut [Dimension], text: &str, problems: &mut Vec<Problem>) {
    let Some((name, attributes)) = text.split_once('=') else {
        problems.push(Problem::new(
            Field::Dimensions,
            format!("--attribute \"{text}\" needs the form NAME=ATTRIBUTE[,ATTRIBUTE...]."),
        ));
        return;
    };
    match dimensions.iter_mut().find(|d| d.name == name.trim()) {
        Some(d) => d.attributes.extend(Dimension::split_values(attributes)),
        None => problems.push(Problem::new(
            Field::Dimensions,
            format!(
                "--attribute \"{}\" names no dimension of the query; add it with --dimension first.",
                printable(text)
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dimensions_and_attributes_from_flags() {
        let mut problems = Vec::new();
        let mut dims = vec![
            parse_dimension(0, "account=acme, globex", &mut problems),
            parse_dimension(1, "product name=*", &mut problems),
        ];
        apply_attribute(&mut dims, "account=name,code", &mut problems);
        assert!(problems.is_empty());
        assert_eq!(dims[0].filter, ["acme", "globex"]);
        assert_eq!(dims[0].attributes, ["name", "code"]);
        assert_eq!(dims[1].name, "product name");
        apply_attribute(&mut dims, "region=x", &mut problems);
        parse_dimension(2, "account", &mut problems);
        assert_eq!(problems.len(), 2);
    }
}
