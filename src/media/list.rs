//! Listing media files, a page at a time or as a stream.

use crate::paging::Page;
use crate::{Client, Error, call, types};
use futures_util::Stream;
use std::num::NonZeroU32;
use std::sync::Arc;

/// The largest page the API serves.
const MAX_PAGE: u32 = 500;

/// Lists media files. From [`MediaHandler::list`](super::MediaHandler::list).
#[derive(Debug)]
#[must_use = "nothing happens until `.send().await` or `.into_stream()`"]
pub struct ListMedia<'a> {
    client: &'a Client,
    offset: u32,
    query: Query,
}

/// The filters, owned so that a stream can outlive the handler.
#[derive(Debug, Default)]
struct Query {
    count: Option<u32>,
    time_from: Option<i64>,
    time_to: Option<i64>,
    sort: Option<types::SortOrder>,
}

impl<'a> ListMedia<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        ListMedia {
            client,
            offset: 0,
            query: Query::default(),
        }
    }

    /// Files per page, 1 to 500.
    pub fn count(mut self, count: u32) -> Self {
        self.query.count = Some(count);
        self
    }

    /// Skips this many files.
    pub fn offset(mut self, offset: u32) -> Self {
        self.offset = offset;
        self
    }

    /// Only files uploaded at or after this Unix time.
    pub fn time_from(mut self, unix_seconds: i64) -> Self {
        self.query.time_from = Some(unix_seconds);
        self
    }

    /// Only files uploaded at or before this Unix time.
    pub fn time_to(mut self, unix_seconds: i64) -> Self {
        self.query.time_to = Some(unix_seconds);
        self
    }

    /// Oldest or newest first.
    pub fn sort(mut self, order: types::SortOrder) -> Self {
        self.query.sort = Some(order);
        self
    }

    /// Fetches one page; an invalid `count` or `offset` fails before any
    /// request.
    pub async fn send(self) -> Result<types::MediaFilesList, Error> {
        fetch(self.client, &self.query, self.offset).await
    }

    /// Every file from the offset on, fetched lazily page by page (`count`
    /// per page). Stops at `total` or at an empty page; holds one page in
    /// memory. An error ends the stream after yielding it.
    ///
    /// The stream owns a clone of the client, so it can be moved into a
    /// spawned task.
    pub fn into_stream(
        self,
    ) -> impl Stream<Item = Result<types::MediaFile, Error>> + Send + 'static {
        let client = self.client.clone();
        let query = Arc::new(self.query);
        crate::paging::offset_stream(self.offset, move |offset| {
            let client = client.clone();
            let query = query.clone();
            async move {
                let page = fetch(&client, &query, offset).await?;
                Ok(Page {
                    total: page.total.map(i64::from),
                    items: page.files.map(Vec::from).unwrap_or_default(),
                })
            }
        })
    }
}

/// One page of `GET /media`.
async fn fetch(client: &Client, q: &Query, offset: u32) -> Result<types::MediaFilesList, Error> {
    let mut b = client.raw().get_media_files();
    if let Some(c) = q.count {
        let count = NonZeroU32::new(c)
            .filter(|c| c.get() <= MAX_PAGE)
            .ok_or_else(|| Error::invalid("count", format!("{c} is outside 1..={MAX_PAGE}")))?;
        b = b.count(count);
    }
    let Ok(offset) = i32::try_from(offset) else {
        return Err(Error::invalid(
            "offset",
            format!("{offset} is above {}", i32::MAX),
        ));
    };
    // 0 is the API's default: leave it out.
    if offset > 0 {
        b = b.offset(offset);
    }
    if let Some(t) = q.time_from {
        b = b.time_from(t);
    }
    if let Some(t) = q.time_to {
        b = b.time_to(t);
    }
    if let Some(s) = q.sort {
        b = b.sort(s);
    }
    call::run(client.timeout(), None, b.send()).await
}
