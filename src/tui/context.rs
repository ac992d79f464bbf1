//! Who the screen talks to: the profile, the organization, the address, the folder.

/// Who we are talking to, for the status line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Context {
    pub demo: bool,
    /// The config profile in use, if any.
    pub profile: Option<String>,
    pub org_id: String,
    pub base_url: String,
    /// Why no request can be sent, when the settings are incomplete.
    pub unusable: Option<String>,
    /// Where a relative path for a fetched file lands.
    pub folder: String,
}
