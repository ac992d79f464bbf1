//! Any bytes as a request body, read as a person's file and as m3ter reads the wire, then
//! validated and written back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use m3ter_bills::query::{BodySource, DatesAs, draft_from_json, draft_to_json, validate};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let now = chrono::Utc::now();
    for source in [BodySource::File, BodySource::Wire] {
        if let Ok(draft) = draft_from_json(&text, source) {
            let _ = draft_to_json(&draft, DatesAs::Kept);
            if let Ok(query) = validate(&draft, now) {
                let _ = query.to_json();
            }
        }
    }
});
