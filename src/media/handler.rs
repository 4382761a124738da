//! The media handler: upload, download and delete media files.

use super::{Media, Payload, is_media_id};
use crate::{Client, Error, call, types};
use bytes::{Bytes, BytesMut};
use futures_util::StreamExt as _;
use reqwest::header::{CONTENT_TYPE, HeaderValue};
use std::path::{Path, PathBuf};
use tokio::io::AsyncWriteExt as _;

/// The media handler: `client.media()`.
///
/// Uploaded media is kept by the API under an ID such as
/// `jpg-4f2a0e1b-3c5d`; `Media::id(id)` sends it with any send, without
/// uploading it again.
///
/// A download or upload must finish within the client's timeout
/// ([`ClientBuilder::timeout`](crate::ClientBuilder::timeout), 30 s by
/// default): raise it for large files.
#[derive(Debug, Clone, Copy)]
pub struct MediaHandler<'a> {
    client: &'a Client,
}

impl<'a> MediaHandler<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        MediaHandler { client }
    }

    /// Uploads a file ([`Media::path`], streamed in chunks), bytes, base64,
    /// or a URL the API fetches.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// use whapi::Media;
    /// let uploaded = client.media().upload(Media::path("menu.pdf")).send().await?;
    /// let id = uploaded.media_id()?;
    /// client.messages().document("15551234567", Media::id(id)).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn upload(self, media: impl Into<Media>) -> Upload<'a> {
        Upload {
            client: self.client,
            media: media.into(),
        }
    }

    /// Downloads a media file, into memory or to a file.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// let file = client.media().download("jpg-4f2a0e1b-3c5d").to_file("cat.jpg").await?;
    /// println!("{} bytes of {:?}", file.len, file.content_type);
    /// let data = client.media().download("jpg-4f2a0e1b-3c5d").bytes().await?;
    /// # Ok(()) }
    /// ```
    pub fn download(self, media_id: impl AsRef<str>) -> Download<'a> {
        Download {
            client: self.client,
            id: media_id_arg(media_id.as_ref()),
        }
    }

    /// The media files, a page or a stream.
    ///
    /// ```no_run
    /// use futures_util::TryStreamExt;
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// let mut files = std::pin::pin!(client.media().list().count(100).into_stream());
    /// while let Some(file) = files.try_next().await? {
    ///     println!("{} {} {} bytes", file.id, file.mime_type, file.file_size);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list(self) -> super::ListMedia<'a> {
        super::ListMedia::new(self.client)
    }

    /// Deletes a media file.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.media().delete("jpg-4f2a0e1b-3c5d").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn delete(self, media_id: impl AsRef<str>) -> Delete<'a> {
        Delete {
            client: self.client,
            id: media_id_arg(media_id.as_ref()),
        }
    }
}

/// A media ID argument, as the spec's `MediaID` pattern has it.
fn media_id_arg(id: &str) -> Result<types::MediaId, Error> {
    let invalid = || {
        Error::invalid(
            "media_id",
            format!(
                "`{}` is not a media ID (like jpg-4f2a0e1b-3c5d)",
                crate::ids::shown(id)
            ),
        )
    };
    if !is_media_id(id) {
        return Err(invalid());
    }
    id.parse().map_err(|_| invalid())
}

/// Uploads media. From [`MediaHandler::upload`].
#[derive(Debug)]
#[must_use = "nothing happens until `.send().await`"]
pub struct Upload<'a> {
    client: &'a Client,
    media: Media,
}

impl Upload<'_> {
    /// Uploads: the file's bytes as the body with their MIME type, or, for
    /// [`Media::url`], a JSON body naming the URL. A media ID (already
    /// uploaded), an empty file or a malformed URL fail before any request;
    /// an unreadable file is [`Error::Io`]. Like every POST, the upload is
    /// retried only when it never left, and a file streamed from a path
    /// not at all (its body cannot be replayed).
    pub async fn send(self) -> Result<types::UploadMediaResponse, Error> {
        let (body, content_type) = match self.media.into_payload().await? {
            Payload::Raw { body, mime, .. } => {
                let content_type = HeaderValue::from_str(&mime).map_err(|_| {
                    Error::invalid(
                        "media",
                        format!("`{}` is not a MIME type", crate::ids::shown(&mime)),
                    )
                })?;
                (body, content_type)
            }
            Payload::Url(url) => {
                let json = serde_json::json!({ "media": url }).to_string();
                (
                    reqwest::Body::from(json),
                    HeaderValue::from_static("application/json"),
                )
            }
        };
        let request = self.client.raw().upload_media().body(body);
        call::run(self.client.timeout(), Some(content_type), request.send()).await
    }
}

/// A file downloaded into memory. From [`Download::bytes`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Downloaded {
    /// The file's contents.
    pub bytes: Bytes,
    /// The `Content-Type` the API answered with, e.g. `image/jpeg`.
    pub content_type: Option<String>,
}

/// A file downloaded to disk. From [`Download::to_file`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DownloadedFile {
    /// Where it was written.
    pub path: PathBuf,
    /// Its size in bytes.
    pub len: u64,
    /// The `Content-Type` the API answered with, e.g. `image/jpeg`.
    pub content_type: Option<String>,
}

/// Downloads media. From [`MediaHandler::download`].
#[derive(Debug)]
#[must_use = "nothing happens until `.bytes().await` or `.to_file(path).await`"]
pub struct Download<'a> {
    client: &'a Client,
    id: Result<types::MediaId, Error>,
}

impl Download<'_> {
    async fn open(
        self,
    ) -> Result<
        (
            Option<String>,
            impl futures_util::Stream<Item = reqwest::Result<Bytes>>,
        ),
        Error,
    > {
        let id = self.id?;
        let request = self.client.raw().get_media().media_id(id);
        let response = call::run_stream(self.client.timeout(), request.send()).await?;
        let content_type = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        Ok((content_type, response.into_inner().into_inner()))
    }

    /// The whole file in memory, with its Content-Type. An invalid ID fails
    /// before any request.
    pub async fn bytes(self) -> Result<Downloaded, Error> {
        let timeout = self.client.timeout();
        let (content_type, mut stream) = self.open().await?;
        let mut bytes = BytesMut::new();
        while let Some(chunk) = stream.next().await {
            bytes.extend_from_slice(&chunk.map_err(|e| call::transport(e, timeout))?);
        }
        Ok(Downloaded {
            bytes: bytes.freeze(),
            content_type,
        })
    }

    /// Streams the file to `path` a chunk at a time (constant memory),
    /// replacing any file there. It is written beside `path` under a
    /// temporary name and renamed once complete, so `path` never holds a
    /// partial download. An invalid ID or a path without a file name fail
    /// before any request; a write failure is [`Error::Io`].
    pub async fn to_file(self, path: impl AsRef<Path>) -> Result<DownloadedFile, Error> {
        let path = path.as_ref().to_path_buf();
        let Some(name) = path.file_name() else {
            return Err(Error::invalid("path", "names no file"));
        };
        let partial = path.with_file_name(format!(".{}.whapi-part", name.to_string_lossy()));
        let timeout = self.client.timeout();
        let (content_type, stream) = self.open().await?;
        match write(&partial, stream, timeout).await {
            Ok(len) => {
                tokio::fs::rename(&partial, &path)
                    .await
                    .map_err(|e| Error::io(path.clone(), e))?;
                Ok(DownloadedFile {
                    path,
                    len,
                    content_type,
                })
            }
            Err(e) => {
                // Best effort: the error that matters is the one returned.
                let _ = tokio::fs::remove_file(&partial).await;
                Err(e)
            }
        }
    }
}

async fn write(
    path: &Path,
    stream: impl futures_util::Stream<Item = reqwest::Result<Bytes>>,
    timeout: std::time::Duration,
) -> Result<u64, Error> {
    let io = |e| Error::io(path.to_path_buf(), e);
    let mut file = tokio::fs::File::create(path).await.map_err(io)?;
    let mut stream = std::pin::pin!(stream);
    let mut len = 0u64;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| call::transport(e, timeout))?;
        file.write_all(&chunk).await.map_err(io)?;
        len += chunk.len() as u64;
    }
    file.flush().await.map_err(io)?;
    Ok(len)
}

/// Deletes media. From [`MediaHandler::delete`].
#[derive(Debug)]
#[must_use = "nothing happens until `.send().await`"]
pub struct Delete<'a> {
    client: &'a Client,
    id: Result<types::MediaId, Error>,
}

impl Delete<'_> {
    /// Sends the request; an invalid ID fails before any request.
    pub async fn send(self) -> Result<types::ResponseSuccess, Error> {
        let id = self.id?;
        let request = self.client.raw().delete_media().media_id(id);
        call::run(self.client.timeout(), None, request.send()).await
    }
}
