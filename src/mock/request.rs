//! What the mock saw: recorded requests, and the URL decoding behind them.

use bytes::Bytes;
use serde_json::Value;

/// One request the mock received, recorded before any validation, so invalid
/// requests and unknown routes are recorded too.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct MockRequest {
    /// The spec's `operationId` of the matched route; `None` for unknown
    /// routes and for known paths called with another method.
    pub operation_id: Option<String>,
    /// The HTTP method, upper case (`POST`).
    pub method: String,
    /// The path as sent, still percent-encoded (`/messages/list/1203%40g.us`).
    pub path: String,
    /// The path parameters of the matched route, percent-decoded, in template
    /// order (`[("MessageID", "ABCDEF012345-gBcdefghIjk")]`).
    pub path_params: Vec<(String, String)>,
    /// The query pairs, decoded, in order (repeated keys repeat).
    pub query: Vec<(String, String)>,
    /// The headers, names lower case, in order; non-UTF-8 bytes replaced.
    pub headers: Vec<(String, String)>,
    /// The raw body.
    pub body: Bytes,
}

impl MockRequest {
    /// The body parsed as JSON; `None` when empty or not JSON.
    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The first value of query key `name`.
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Decodes `%XX` escapes; malformed escapes stay as they are and invalid
/// UTF-8 is replaced, so any input decodes.
pub(crate) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = match (bytes.get(i), bytes.get(i + 1), bytes.get(i + 2)) {
            (Some(b'%'), Some(&h), Some(&l)) => hex(h).zip(hex(l)).map(|(h, l)| (h << 4) | l),
            _ => None,
        };
        match escaped {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Splits an `application/x-www-form-urlencoded` query into decoded pairs.
pub(crate) fn parse_query(query: Option<&str>) -> Vec<(String, String)> {
    let Some(query) = query else {
        return Vec::new();
    };
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |s: &str| percent_decode(&s.replace('+', " "));
            (decode(k), decode(v))
        })
        .collect()
}

/// The path's segments after the leading `/`, each percent-decoded.
pub(crate) fn path_segments(path: &str) -> Vec<String> {
    path.strip_prefix('/')
        .unwrap_or(path)
        .split('/')
        .map(percent_decode)
        .collect()
}

/// `s` quoted for an error message: ASCII only, control and non-ASCII
/// characters escaped, long values cut.
pub(crate) fn shown(s: &str) -> String {
    const MAX: usize = 80;
    let mut out = String::from("\"");
    for (i, c) in s.chars().enumerate() {
        if i == MAX {
            out.push_str("...");
            break;
        }
        if c.is_ascii_graphic() || c == ' ' {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        } else {
            out.extend(c.escape_default());
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes() {
        assert_eq!(percent_decode("a%40b%2"), "a@b%2");
        assert_eq!(percent_decode("%zz%E2%9C%93"), "%zz\u{2713}");
        assert_eq!(percent_decode("%FF"), "\u{FFFD}");
        assert_eq!(
            parse_query(Some("to=1555&caption=a+b%21&&x")),
            vec![
                ("to".into(), "1555".into()),
                ("caption".into(), "a b!".into()),
                ("x".into(), String::new())
            ]
        );
        assert_eq!(
            path_segments("/messages/list/1%402"),
            ["messages", "list", "1@2"]
        );
    }

    #[test]
    fn shows_ascii_only() {
        assert_eq!(shown("ab\"c\u{e9}\n"), r#""ab\"c\u{e9}\n""#);
        assert!(shown(&"x".repeat(200)).ends_with("...\""));
    }
}
