//! Media as a raw upload body: a file streamed in chunks, so an upload
//! holds one chunk in memory whatever the file's size.

use super::{Media, Source, detect_mime};
use crate::Error;
use bytes::{Bytes, BytesMut};
use std::path::PathBuf;
use tokio::io::AsyncReadExt;

/// Bytes read per chunk; the first chunk also feeds MIME detection.
const CHUNK: usize = 64 * 1024;

/// What a raw upload sends.
pub(crate) enum Payload {
    /// The file's bytes, with their MIME type and file name.
    Raw {
        body: reqwest::Body,
        mime: String,
        // Documents sent by `messages().media(..)` are named after it.
        #[cfg_attr(not(feature = "messages"), allow(dead_code))]
        file_name: Option<String>,
    },
    /// A URL for the API to fetch (uploads only).
    Url(#[cfg_attr(not(feature = "media"), allow(dead_code))] String),
}

impl Media {
    /// The media as a raw upload body. A path is opened now (a missing
    /// file is [`Error::Io`]) and read while the request is sent; an empty
    /// file or bytes fail with [`Error::InvalidInput`].
    pub(crate) async fn into_payload(self) -> Result<Payload, Error> {
        let Media {
            source,
            mime,
            file_name,
        } = self;
        match source {
            Source::Path(path) => {
                let (body, mime) = stream_file(path, mime).await?;
                Ok(Payload::Raw {
                    body,
                    mime,
                    file_name,
                })
            }
            Source::Url(url) => {
                // Checked as a send checks it.
                let resolved = Media {
                    source: Source::Url(url),
                    mime: None,
                    file_name: None,
                }
                .resolve()
                .await?;
                Ok(Payload::Url(resolved.value))
            }
            other => {
                let media = Media {
                    source: other,
                    mime,
                    file_name,
                };
                let (bytes, mime, file_name) = media.into_bytes().await?;
                Ok(Payload::Raw {
                    body: reqwest::Body::from(bytes),
                    mime,
                    file_name,
                })
            }
        }
    }
}

/// Opens `path`, reads its first chunk (for the MIME type, and to refuse an
/// empty file) and streams the rest as the request is sent.
async fn stream_file(
    path: PathBuf,
    mime: Option<String>,
) -> Result<(reqwest::Body, String), Error> {
    let mut file = tokio::fs::File::open(&path)
        .await
        .map_err(|e| Error::io(path.clone(), e))?;
    let mut head = BytesMut::with_capacity(CHUNK);
    file.read_buf(&mut head)
        .await
        .map_err(|e| Error::io(path.clone(), e))?;
    if head.is_empty() {
        return Err(Error::invalid("media", "the file is empty"));
    }
    let head = head.freeze();
    let mime = mime.unwrap_or_else(|| detect_mime(&head, Some(&path)));
    let first = futures_util::stream::once(async move { Ok::<Bytes, std::io::Error>(head) });
    let rest = futures_util::stream::try_unfold(file, |mut file| async move {
        let mut chunk = BytesMut::with_capacity(CHUNK);
        match file.read_buf(&mut chunk).await? {
            0 => Ok(None),
            _ => Ok(Some((chunk.freeze(), file))),
        }
    });
    use futures_util::StreamExt as _;
    Ok((reqwest::Body::wrap_stream(first.chain(rest)), mime))
}
