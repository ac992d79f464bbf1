//! "Did you mean ...?" for misspelt names.

/// The candidate closest to `word` (ignoring case), if it is close enough to be a plausible typo.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    // A third of the word's length lets "lineItemType" find "lineItemTypes" and "usge" find
    // "USAGE", without offering "limit" for "startDate".
    let allowed = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(&word, &c.to_lowercase()), c))
        .filter(|(distance, _)| *distance <= allowed)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::nearest;

    #[test]
    fn finds_close_names_and_refuses_far_ones() {
        let fields = [
            "startDate",
            "endDate",
            "lineItemTypes",
            "dimensions",
            "limit",
            "version",
        ];
        assert_eq!(nearest("lineItemType", fields), Some("lineItemTypes"));
        assert_eq!(nearest("enddate", fields), Some("endDate"));
        assert_eq!(nearest("dimension", fields), Some("dimensions"));
        assert_eq!(nearest("colour", fields), None);
    }
}
