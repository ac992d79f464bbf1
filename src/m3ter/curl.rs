//! The same request as a curl command, for people who want to see or reuse it.

use super::Settings;
use crate::query::BillQuery;

/// A shell script that does what a submit does: use `$M3TER_API_TOKEN`, or get a token with
/// the key and secret from the environment, then ask for the download link. No secret or token
/// value is written into it, and none is put on a command line (where `ps` would show it): they
/// reach curl on its standard input.
pub fn curl_command(settings: &Settings, query: &BillQuery) -> String {
    let base = settings.base_url.as_str().trim_end_matches('/');
    let endpoint = format!(
        "{base}/organizations/{}/dataexplorer/bills/download/csv",
        settings.org_id
    );
    format!(
        "M3TER_TOKEN=${{M3TER_API_TOKEN:-$(printf 'user = \"%s:%s\"\\n' \"$M3TER_API_KEY\" \"$M3TER_API_SECRET\" \\\n  \
         | curl -sS --fail-with-body -K - -H 'Content-Type: application/json' \\\n      \
         -d '{{\"grant_type\":\"client_credentials\"}}' {token_url} \\\n  \
         | sed -E 's/.*\"access_token\" *: *\"([^\"]+)\".*/\\1/')}}\n\
         printf 'Authorization: Bearer %s\\n' \"$M3TER_TOKEN\" \\\n  \
         | curl -sS --fail-with-body -X POST {endpoint} -H @- \\\n      \
         -H 'Content-Type: application/json' \\\n      \
         --data-raw {body}\n",
        token_url = shell_quote(&format!("{base}/oauth/token")),
        endpoint = shell_quote(&endpoint),
        body = shell_quote(&query.to_json()),
    )
}

/// `text` as one word for a POSIX shell.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::m3ter::{Credentials, Secret};
    use crate::query::{DateInput, QueryDraft, validate};

    #[test]
    fn quotes_the_body_and_never_holds_a_secret() {
        let settings = Settings::new(
            "https://api.m3ter.com".parse().unwrap(),
            "org-1",
            Credentials::ClientCredentials {
                api_key: "key".into(),
                api_secret: Secret::new("canary-secret"),
            },
        );
        let draft = QueryDraft {
            dates: DateInput::Typed {
                start: Some("2026-10-01".into()),
                end: Some("2026-11-01".into()),
            },
            line_item_types: vec!["USAGE".into()],
            dimensions: vec![crate::query::Dimension {
                name: "account".into(),
                filter: vec!["O'Brien & Co".into()],
                attributes: vec![],
            }],
            ..QueryDraft::default()
        };
        let query = validate(&draft, chrono::Utc::now()).unwrap();
        let script = curl_command(&settings, &query);
        assert!(!script.contains("canary"));
        assert!(script.contains("printf 'Authorization: Bearer %s\\n' \"$M3TER_TOKEN\""));
        assert!(script.contains("-H @-"));
        assert!(
            !script.contains("-u "),
            "credentials on a command line:\n{script}"
        );
        assert!(script.contains(
            "'https://api.m3ter.com/organizations/org-1/dataexplorer/bills/download/csv'"
        ));
        assert!(script.contains(r#""filter":["O'\''Brien & Co"]"#));
    }
}
