//! `data:<mime>;base64,<payload>` URLs, taken apart in one place (media,
//! the QR code, the mock).

/// The MIME type (possibly empty) and the base64 payload of a data URL;
/// `None` when `text` is not one.
pub fn split(text: &str) -> Option<(&str, &str)> {
    text.strip_prefix("data:")?.split_once(";base64,")
}

/// The base64 payload: a data URL's, else the whole text.
pub fn payload(text: &str) -> &str {
    split(text).map_or(text, |(_, payload)| payload)
}

/// The MIME type a data URL declares, if any.
pub fn mime(text: &str) -> Option<&str> {
    split(text)
        .map(|(mime, _)| mime)
        .filter(|mime| !mime.is_empty())
}
