//! Keys of several levels (`account,productName`), shared by the pivot's rows and the
//! comparison's keys: which file columns they are, a line's key made of them, and a key's
//! levels read back.

use csv::ByteRecord;

use super::columns::find_column;

/// The most columns rows and comparison keys are grouped by.
pub const MOST_LEVELS: usize = 3;

/// What goes between the levels of a key: the unit separator, which no bill value holds (one
/// that does has it written as `?` in the key).
pub const SEP: u8 = 0x1f;

/// Why a key's levels cannot be found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LevelError {
    #[error("this file has no {wanted} column; it has: {}", .available.join(", "))]
    MissingColumn {
        wanted: String,
        available: Vec<String>,
    },
    #[error("a key goes at most {most} levels deep; {0} were asked for", most = MOST_LEVELS)]
    TooDeep(usize),
    #[error("the column {0} is named twice; each level is another column")]
    Twice(String),
    #[error("{0:?} has an empty level: name a column between each two commas")]
    Empty(String),
}

/// The file columns of a key's levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Levels {
    at: [usize; MOST_LEVELS],
    count: usize,
}

impl Levels {
    /// The levels `spec` names in `headers`: one column, or up to three apart by commas (a
    /// column whose name holds a comma is found whole first).
    pub fn find(headers: &[String], spec: &str) -> Result<Levels, LevelError> {
        let missing = |wanted: &str| LevelError::MissingColumn {
            wanted: wanted.to_string(),
            available: headers.to_vec(),
        };
        if let Some(c) = find_column(headers, &[spec.trim()]) {
            return Ok(Levels {
                at: [c; MOST_LEVELS],
                count: 1,
            });
        }
        let names: Vec<&str> = spec.split(',').map(str::trim).collect();
        if names.len() > 1 && names.iter().any(|n| n.is_empty()) {
            return Err(LevelError::Empty(spec.trim().to_string()));
        }
        if names.len() > MOST_LEVELS {
            return Err(LevelError::TooDeep(names.len()));
        }
        let mut at = [0; MOST_LEVELS];
        for (i, name) in names.iter().enumerate() {
            let c = find_column(headers, &[name]).ok_or_else(|| missing(name))?;
            if at[..i].contains(&c) {
                return Err(LevelError::Twice(headers[c].clone()));
            }
            at[i] = c;
        }
        Ok(Levels {
            at,
            count: names.len(),
        })
    }

    /// One level: the column `c`.
    pub fn one(c: usize) -> Levels {
        Levels {
            at: [c; MOST_LEVELS],
            count: 1,
        }
    }

    /// The columns, the first level first.
    pub fn columns(&self) -> &[usize] {
        &self.at[..self.count]
    }

    /// The columns' names in `headers`.
    pub fn names(&self, headers: &[String]) -> Vec<String> {
        self.columns().iter().map(|&c| headers[c].clone()).collect()
    }

    /// The key of `record`: its one column's value as it is, or the levels' values apart by
    /// [`SEP`], made in `buffer`.
    pub fn key<'a>(&self, record: &'a ByteRecord, buffer: &'a mut Vec<u8>) -> &'a [u8] {
        match self.columns() {
            // The separator in a value would read as a level: it is written as `?` there too.
            [one] => match record.get(*one).unwrap_or_default() {
                value if value.contains(&SEP) => {
                    buffer.clear();
                    buffer.extend(value.iter().map(|&b| if b == SEP { b'?' } else { b }));
                    buffer
                }
                value => value,
            },
            several => {
                buffer.clear();
                for (i, &c) in several.iter().enumerate() {
                    if i > 0 {
                        buffer.push(SEP);
                    }
                    let value = record.get(c).unwrap_or_default();
                    buffer.extend(value.iter().map(|&b| if b == SEP { b'?' } else { b }));
                }
                buffer
            }
        }
    }
}

/// A key's levels, as the file writes them.
pub fn parts(raw: &[u8]) -> impl Iterator<Item = &[u8]> {
    raw.split(|b| *b == SEP)
}

/// The first `depth` levels of a key.
pub fn prefix(raw: &[u8], depth: usize) -> &[u8] {
    let mut seps = raw.iter().enumerate().filter(|(_, b)| **b == SEP);
    match seps.nth(depth.saturating_sub(1)) {
        Some((at, _)) if depth > 0 => &raw[..at],
        _ => raw,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers() -> Vec<String> {
        ["account", "product, name", "lineItemType"]
            .map(String::from)
            .to_vec()
    }

    #[test]
    fn levels_are_found_by_name_a_name_with_a_comma_whole_first() {
        assert_eq!(Levels::find(&headers(), "account").unwrap().columns(), [0]);
        assert_eq!(
            Levels::find(&headers(), "product, name").unwrap().columns(),
            [1]
        );
        assert_eq!(
            Levels::find(&headers(), "lineItemType, account")
                .unwrap()
                .columns(),
            [2, 0]
        );
        assert_eq!(
            Levels::find(&headers(), "a,b,c,d"),
            Err(LevelError::TooDeep(4))
        );
        assert_eq!(
            Levels::find(&headers(), "account,Account"),
            Err(LevelError::Twice("account".into()))
        );
        assert_eq!(
            Levels::find(&headers(), "account,"),
            Err(LevelError::Empty("account,".into()))
        );
        assert!(matches!(
            Levels::find(&headers(), "account,plan"),
            Err(LevelError::MissingColumn { .. })
        ));
    }

    #[test]
    fn a_key_holds_its_levels_and_a_separator_in_a_value_is_not_one() {
        let levels = Levels::find(&headers(), "account,lineItemType").unwrap();
        let record = ByteRecord::from(vec!["ac\x1fme", "x", "USAGE"]);
        let mut buffer = Vec::new();
        let key = levels.key(&record, &mut buffer).to_vec();
        assert_eq!(key, b"ac?me\x1fUSAGE");
        assert_eq!(parts(&key).collect::<Vec<_>>(), [&b"ac?me"[..], b"USAGE"]);
        assert_eq!(prefix(&key, 1), b"ac?me");
        assert_eq!(prefix(&key, 2), key.as_slice());
        // One level too: the key reads back as the one level it is.
        let one = Levels::find(&headers(), "account").unwrap();
        assert_eq!(one.key(&record, &mut buffer), b"ac?me");
        let plain = ByteRecord::from(vec!["acme", "x", "USAGE"]);
        assert_eq!(one.key(&plain, &mut buffer), b"acme");
    }
}
