//! Media: what a send or an upload takes ([`Media`]: a URL, a file, bytes,
//! base64, or the ID of uploaded media) and, with the `media` feature, the
//! media handler `client.media()`: upload, download, list, delete.

#[cfg(any(feature = "messages", feature = "media"))]
mod body;
#[cfg(feature = "media")]
mod handler;
#[cfg(feature = "media")]
mod list;

#[cfg(feature = "media")]
pub use handler::{Delete, Download, Downloaded, DownloadedFile, MediaHandler, Upload};
#[cfg(feature = "media")]
pub use list::ListMedia;

#[cfg(any(feature = "messages", feature = "media"))]
pub(crate) use body::Payload;

use crate::{Error, data_url};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use std::path::{Path, PathBuf};

/// The media of a message, or of an upload.
///
/// JSON sends (`image`, `video`, `gif`, `voice`, `document`, `sticker`, ...)
/// pass URLs and media IDs through and send files, bytes and base64 as a
/// base64 data URL. The raw uploads (`messages().media(..)`,
/// `media().upload(..)`) send the bytes themselves, a file streamed in
/// chunks, never read whole into memory. The MIME
/// type, when not given, is detected from the content (`infer`), then from
/// the file extension (`mime_guess`).
///
/// Every kind of media has its own constructor: a string is never guessed
/// to be a URL, a file or a media ID. (A `PathBuf`, `Vec<u8>` or `Bytes`
/// converts with `.into()`, as there is nothing to guess.)
///
/// ```
/// use whapi::Media;
/// let a = Media::url("https://example.com/report.pdf");
/// let b = Media::path("report.pdf");
/// let c = Media::bytes(b"%PDF-1.7 ...".to_vec()).mime("application/pdf");
/// let d = Media::id("jpg-4f2a0e1b-3c5d");
/// let e = Media::base64("data:image/png;base64,iVBORw0KGgo=");
/// # let _ = (a, b, c, d, e);
/// ```
#[derive(Clone)]
pub struct Media {
    source: Source,
    mime: Option<String>,
    file_name: Option<String>,
}

#[derive(Clone)]
enum Source {
    Url(String),
    Path(PathBuf),
    Bytes(Bytes),
    Base64(String),
    Id(String),
}

impl std::fmt::Debug for Media {
    // Never print file contents.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let source = match &self.source {
            Source::Url(u) => format!("Url({u})"),
            Source::Path(p) => format!("Path({})", p.display()),
            Source::Bytes(b) => format!("Bytes({} bytes)", b.len()),
            Source::Base64(s) => format!("Base64({} chars)", s.len()),
            Source::Id(i) => format!("Id({i})"),
        };
        f.debug_struct("Media")
            .field("source", &source)
            .field("mime", &self.mime)
            .field("file_name", &self.file_name)
            .finish()
    }
}

/// Media ready to go: what the API receives, and what we learned on the way.
pub(crate) struct Resolved {
    /// For JSON sends: a URL, a media ID or a data URL.
    pub value: String,
    // Only the messages facade's sends read these.
    #[cfg_attr(not(feature = "messages"), allow(dead_code))]
    pub mime: Option<String>,
    #[cfg_attr(not(feature = "messages"), allow(dead_code))]
    pub file_name: Option<String>,
}

impl Media {
    fn with_source(source: Source) -> Media {
        Media {
            source,
            mime: None,
            file_name: None,
        }
    }

    /// Media the API fetches from a URL (http or https).
    pub fn url(url: impl Into<String>) -> Media {
        Media::with_source(Source::Url(url.into()))
    }

    /// A local file, read when the message is sent.
    pub fn path(path: impl AsRef<Path>) -> Media {
        let path = path.as_ref().to_path_buf();
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        Media {
            file_name,
            ..Media::with_source(Source::Path(path))
        }
    }

    /// File contents in memory.
    pub fn bytes(data: impl Into<Bytes>) -> Media {
        Media::with_source(Source::Bytes(data.into()))
    }

    /// Base64-encoded contents, or a `data:<mime>;base64,<data>` URL.
    pub fn base64(data: impl Into<String>) -> Media {
        Media::with_source(Source::Base64(data.into()))
    }

    /// The ID of media uploaded before, like `jpg-4f2a0e1b-3c5d` (the
    /// spec's `MediaID`: letters and digits, a dash, then hex digits and
    /// dashes), or the API's placeholder `media_init`. Anything else fails
    /// the send with [`Error::InvalidInput`] before any request.
    pub fn id(id: impl Into<String>) -> Media {
        Media::with_source(Source::Id(id.into()))
    }

    /// Sets the MIME type instead of detecting it.
    pub fn mime(mut self, mime: impl Into<String>) -> Media {
        self.mime = Some(mime.into());
        self
    }

    /// Sets the file name (documents show it; paths default to their own).
    pub fn file_name(mut self, name: impl Into<String>) -> Media {
        self.file_name = Some(name.into());
        self
    }

    /// The value for a JSON send's `media` field: a future that is ready at
    /// once unless a file has to be read. Only a file read is boxed, so a
    /// send's future does not carry it (issue 13: a task over ~1 KB leaves
    /// glibc's per-thread cache).
    pub(crate) fn resolve(
        self,
    ) -> impl std::future::Future<Output = Result<Resolved, Error>> + Send + 'static {
        use futures_util::future::{Either, ready};
        if matches!(self.source, Source::Path(_)) {
            return Either::Right(Box::pin(async move {
                let (bytes, mime, file_name) = self.into_bytes().await?;
                Ok(data_url_of(&bytes, mime, file_name))
            }));
        }
        Either::Left(ready(self.resolve_in_memory()))
    }

    /// [`Media::resolve`] for every source but a file.
    fn resolve_in_memory(self) -> Result<Resolved, Error> {
        let Media {
            source,
            mime,
            file_name,
        } = self;
        match source {
            Source::Url(url) => {
                let parsed = reqwest::Url::parse(&url).map_err(|e| {
                    Error::invalid(
                        "media",
                        format!("`{}` is not a URL: {e}", crate::ids::shown(&url)),
                    )
                })?;
                if !matches!(parsed.scheme(), "http" | "https") {
                    return Err(Error::invalid(
                        "media",
                        format!("URL scheme `{}` is not http or https", parsed.scheme()),
                    ));
                }
                Ok(Resolved {
                    value: url,
                    mime,
                    file_name,
                })
            }
            Source::Id(id) => {
                if !is_media_id(&id) {
                    return Err(Error::invalid(
                        "media",
                        format!(
                            "`{}` is not a media ID (like jpg-4f2a0e1b-3c5d)",
                            crate::ids::shown(&id)
                        ),
                    ));
                }
                Ok(Resolved {
                    value: id,
                    mime,
                    file_name,
                })
            }
            Source::Base64(text) if data_url::split(&text).is_some() => Ok(Resolved {
                mime: mime.or_else(|| data_url::mime(&text).map(str::to_owned)),
                value: text,
                file_name,
            }),
            other => {
                let media = Media {
                    source: other,
                    mime,
                    file_name,
                };
                let (bytes, mime, file_name) = media.bytes_in_memory()?;
                Ok(data_url_of(&bytes, mime, file_name))
            }
        }
    }

    /// The bytes themselves and their MIME type, for the raw upload.
    pub(crate) async fn into_bytes(self) -> Result<(Bytes, String, Option<String>), Error> {
        let Media {
            source,
            mime,
            file_name,
        } = self;
        match source {
            Source::Path(p) => {
                let data = match tokio::fs::read(&p).await {
                    Ok(data) => data,
                    Err(e) => return Err(Error::io(p, e)),
                };
                finish(Bytes::from(data), mime, Some(p), file_name)
            }
            source => Media {
                source,
                mime,
                file_name,
            }
            .bytes_in_memory(),
        }
    }

    /// [`Media::into_bytes`] for every source but a file.
    fn bytes_in_memory(self) -> Result<(Bytes, String, Option<String>), Error> {
        let Media {
            source,
            mime,
            file_name,
        } = self;
        match source {
            Source::Bytes(b) => finish(b, mime, None, file_name),
            Source::Base64(text) => {
                let data = STANDARD
                    .decode(data_url::payload(&text).trim())
                    .map_err(|e| Error::invalid("media", format!("not valid base64: {e}")))?;
                let mime = mime.or_else(|| data_url::mime(&text).map(str::to_owned));
                finish(Bytes::from(data), mime, None, file_name)
            }
            Source::Path(p) => Err(Error::invalid(
                "media",
                format!("`{}` is a file, to be read first", p.display()),
            )),
            Source::Url(_) | Source::Id(_) => Err(Error::invalid(
                "media",
                "the raw upload sends file contents: use Media::path, Media::bytes or Media::base64 (URLs and media IDs go through the JSON sends, e.g. messages().document(..))",
            )),
        }
    }
}

/// A JSON send's `media` value for file contents: a base64 data URL.
fn data_url_of(bytes: &[u8], mime: String, file_name: Option<String>) -> Resolved {
    Resolved {
        value: format!("data:{mime};base64,{}", STANDARD.encode(bytes)),
        mime: Some(mime),
        file_name,
    }
}

fn finish(
    bytes: Bytes,
    mime: Option<String>,
    path: Option<PathBuf>,
    file_name: Option<String>,
) -> Result<(Bytes, String, Option<String>), Error> {
    if bytes.is_empty() {
        return Err(Error::invalid("media", "the file is empty"));
    }
    let mime = mime.unwrap_or_else(|| detect_mime(&bytes, path.as_deref()));
    Ok((bytes, mime, file_name))
}

/// Content first (magic bytes), then the extension, then octet-stream.
pub(crate) fn detect_mime(bytes: &[u8], path: Option<&Path>) -> String {
    if let Some(kind) = infer::get(bytes) {
        return kind.mime_type().to_owned();
    }
    path.and_then(|p| mime_guess::from_path(p).first())
        .map(|m| m.essence_str().to_owned())
        .unwrap_or_else(|| "application/octet-stream".to_owned())
}

/// The spec's `MediaID` (`^[a-zA-Z0-9]+-[0-9a-fA-F-]+$`), or the
/// placeholder `media_init` the API itself returns.
pub(crate) fn is_media_id(id: &str) -> bool {
    if id == "media_init" {
        return true;
    }
    let Some((head, tail)) = id.split_once('-') else {
        return false;
    };
    !head.is_empty()
        && head.chars().all(|c| c.is_ascii_alphanumeric())
        && !tail.is_empty()
        && tail.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
}

impl From<&Path> for Media {
    fn from(path: &Path) -> Media {
        Media::path(path)
    }
}

impl From<PathBuf> for Media {
    fn from(path: PathBuf) -> Media {
        Media::path(path)
    }
}

impl From<Vec<u8>> for Media {
    fn from(data: Vec<u8>) -> Media {
        Media::bytes(data)
    }
}

impl From<Bytes> for Media {
    fn from(data: Bytes) -> Media {
        Media::bytes(data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mime_comes_from_content_then_extension() {
        assert_eq!(detect_mime(b"\x89PNG\r\n\x1a\n0000", None), "image/png");
        assert_eq!(
            detect_mime(b"%PDF-1.7", Some(Path::new("x.bin"))),
            "application/pdf"
        );
        assert_eq!(
            detect_mime(b"hello", Some(Path::new("notes.txt"))),
            "text/plain"
        );
        assert_eq!(detect_mime(b"hello", None), "application/octet-stream");
    }

    #[tokio::test]
    async fn bytes_become_a_data_url_and_urls_pass_through() {
        let r = Media::bytes(b"%PDF-1.7".to_vec())
            .resolve()
            .await
            .ok()
            .unwrap();
        assert_eq!(r.value, "data:application/pdf;base64,JVBERi0xLjc=");
        let r = Media::url("https://e.com/a.mp4")
            .resolve()
            .await
            .ok()
            .unwrap();
        assert_eq!(r.value, "https://e.com/a.mp4");
        assert!(Media::url("ftp://e.com/a").resolve().await.is_err());
        assert!(Media::base64("!!!").into_bytes().await.is_err());
        assert!(Media::url("https://e.com/a").into_bytes().await.is_err());
    }

    #[test]
    fn media_ids_follow_the_spec_pattern() {
        for id in ["jpg-4f2a0e1b-3c5d", "oga-4f2a0e1b", "A1-0", "media_init"] {
            assert!(is_media_id(id), "{id}");
        }
        for id in [
            "",
            "a b",
            "report.pdf",
            "jpg-",
            "-4f2a",
            "jpg-xyz",
            "jpg_4f2a",
            "jpg-4f2a 0",
        ] {
            assert!(!is_media_id(id), "{id}");
        }
    }
}
