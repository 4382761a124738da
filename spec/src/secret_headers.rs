//! A webhook's static headers: a map on the wire, names only in `Debug`.

use std::collections::BTreeMap;
use std::ops::{Deref, DerefMut};

/// HTTP headers Whapi sends with every delivery of a webhook: usually a
/// shared secret the receiver checks. Serializes as the plain JSON object
/// `{"name": "value"}`; `Debug` shows the names and hides the values, so a
/// logged `Settings` or `Webhook` leaks no secret.
///
/// It derefs to a `BTreeMap` (sorted, so it serializes deterministically):
///
/// ```
/// let mut headers = whapi::SecretHeaders::default();
/// headers.insert("x-hook-secret".into(), "s3cr3t".into());
/// assert_eq!(headers.get("x-hook-secret").map(String::as_str), Some("s3cr3t"));
/// assert_eq!(format!("{headers:?}"), r#"{"x-hook-secret": "[redacted]"}"#);
/// ```
#[derive(Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct SecretHeaders(BTreeMap<String, String>);

impl std::fmt::Debug for SecretHeaders {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map()
            .entries(self.0.keys().map(|k| (k, "[redacted]")))
            .finish()
    }
}

impl Deref for SecretHeaders {
    type Target = BTreeMap<String, String>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl DerefMut for SecretHeaders {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for SecretHeaders {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        SecretHeaders(
            iter.into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }
}

impl From<BTreeMap<String, String>> for SecretHeaders {
    fn from(map: BTreeMap<String, String>) -> Self {
        SecretHeaders(map)
    }
}

impl From<std::collections::HashMap<String, String>> for SecretHeaders {
    fn from(map: std::collections::HashMap<String, String>) -> Self {
        map.into_iter().collect()
    }
}

impl From<SecretHeaders> for BTreeMap<String, String> {
    fn from(headers: SecretHeaders) -> Self {
        headers.0
    }
}
