//! Listing groups and the requests to join one, a page at a time or as a
//! stream.

use crate::paging::{Page, page_args};
use crate::{Client, Error, call, types};
use futures_util::Stream;
use std::sync::Arc;

/// Lists groups. From [`Groups::list`](super::Groups::list).
#[derive(Debug)]
#[must_use = "nothing happens until `.send().await` or `.into_stream()`"]
pub struct ListGroups<'a> {
    client: &'a Client,
    count: Option<u32>,
    offset: u32,
}

impl<'a> ListGroups<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        ListGroups {
            client,
            count: None,
            offset: 0,
        }
    }

    /// Groups per page, 1 to 500 (the API's default is 100).
    pub fn count(mut self, count: u32) -> Self {
        self.count = Some(count);
        self
    }

    /// Skips this many groups.
    pub fn offset(mut self, offset: u32) -> Self {
        self.offset = offset;
        self
    }

    /// Fetches one page.
    pub async fn send(self) -> Result<types::GroupsList, Error> {
        fetch_groups(self.client, self.count, self.offset).await
    }

    /// Every group from the offset on, fetched lazily page by page. Stops at
    /// `total` or at an empty page; holds one page in memory; an error ends
    /// the stream after yielding it. Owned: it can be spawned.
    pub fn into_stream(self) -> impl Stream<Item = Result<types::Group, Error>> + Send + 'static {
        let client = self.client.clone();
        let count = self.count;
        crate::paging::offset_stream(self.offset, move |offset| {
            let client = client.clone();
            async move {
                let page = fetch_groups(&client, count, offset).await?;
                Ok(Page {
                    total: page.total.map(i64::from),
                    items: page.groups.map(|g| g.0).unwrap_or_default(),
                })
            }
        })
    }
}

async fn fetch_groups(
    client: &Client,
    count: Option<u32>,
    offset: u32,
) -> Result<types::GroupsList, Error> {
    let (count, offset) = page_args(count, offset)?;
    let mut request = client.raw().get_groups();
    if let Some(c) = count {
        request = request.count(c);
    }
    // 0 is the API's default: leave it out.
    if offset > 0 {
        request = request.offset(offset);
    }
    call::run(client.timeout(), None, request.send()).await
}

/// Lists the requests to join a group. From
/// [`Groups::applications`](super::Groups::applications).
#[derive(Debug)]
#[must_use = "nothing happens until `.send().await` or `.into_stream()`"]
pub struct ListApplications<'a> {
    client: &'a Client,
    group: Result<types::GroupId, Error>,
    count: Option<u32>,
    offset: u32,
}

impl<'a> ListApplications<'a> {
    pub(crate) fn new(client: &'a Client, group: Result<types::GroupId, Error>) -> Self {
        ListApplications {
            client,
            group,
            count: None,
            offset: 0,
        }
    }

    /// Requests per page, 1 to 500 (the API's default is 100).
    pub fn count(mut self, count: u32) -> Self {
        self.count = Some(count);
        self
    }

    /// Skips this many requests.
    pub fn offset(mut self, offset: u32) -> Self {
        self.offset = offset;
        self
    }

    /// Fetches one page.
    pub async fn send(self) -> Result<types::GroupApplicationList, Error> {
        let group = self.group?;
        fetch_applications(self.client, &group, self.count, self.offset).await
    }

    /// Every request from the offset on, fetched lazily page by page; an
    /// invalid group is the stream's only item. Owned: it can be spawned.
    ///
    /// ```no_run
    /// use futures_util::TryStreamExt;
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// let group = "120363025555555555@g.us";
    /// let mut waiting = std::pin::pin!(client.groups().applications(group).into_stream());
    /// while let Some(application) = waiting.try_next().await? {
    ///     println!("{:?}", application.chat_id);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn into_stream(
        self,
    ) -> impl Stream<Item = Result<types::GroupApplication, Error>> + Send + 'static {
        let client = self.client.clone();
        let count = self.count;
        let (group, mut invalid) = match self.group {
            Ok(group) => (Some(Arc::new(group)), None),
            Err(e) => (None, Some(e)),
        };
        crate::paging::offset_stream(self.offset, move |offset| {
            let client = client.clone();
            let group = group.clone();
            let invalid = invalid.take();
            async move {
                if let Some(e) = invalid {
                    return Err(e);
                }
                // No group only after an invalid one, which ended the stream.
                let Some(group) = group else {
                    return Ok(Page {
                        items: Vec::new(),
                        total: None,
                    });
                };
                let page = fetch_applications(&client, &group, count, offset).await?;
                Ok(Page {
                    total: page.total.map(i64::from),
                    items: page.applications.map(|a| a.0).unwrap_or_default(),
                })
            }
        })
    }
}

async fn fetch_applications(
    client: &Client,
    group: &types::GroupId,
    count: Option<u32>,
    offset: u32,
) -> Result<types::GroupApplicationList, Error> {
    let (count, offset) = page_args(count, offset)?;
    let mut request = client
        .raw()
        .get_group_applications_list()
        .group_id(group.clone());
    if let Some(c) = count {
        request = request.count(c);
    }
    if offset > 0 {
        request = request.offset(offset);
    }
    call::run(client.timeout(), None, request.send()).await
}
