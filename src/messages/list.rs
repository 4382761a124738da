//! Listing messages, a page at a time or as a stream.

use crate::ids::IntoChatId;
use crate::paging::Page;
use crate::{ChatId, Client, Error, call, types};
use futures_util::Stream;
use std::num::NonZeroU32;
use std::sync::Arc;

/// The largest page the API serves.
pub const MAX_PAGE: u32 = 500;

/// Lists messages, newest first. From [`Messages::list`](super::Messages::list)
/// and [`Messages::list_in`](super::Messages::list_in).
///
/// ```no_run
/// use futures_util::TryStreamExt;
/// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
/// let mut messages = std::pin::pin!(client.messages().list().count(100).into_stream());
/// while let Some(message) = messages.try_next().await? {
///     println!("{} {}", message.id, message.type_);
/// }
/// # Ok(()) }
/// ```
#[derive(Debug)]
#[must_use = "nothing happens until `.send().await` or `.into_stream()`"]
pub struct ListMessages<'a> {
    client: &'a Client,
    chat: Option<Result<ChatId, Error>>,
    offset: u32,
    query: Query,
}

/// The filters, owned so that a stream can outlive the handler.
#[derive(Debug, Default)]
struct Query {
    count: Option<u32>,
    time_from: Option<i64>,
    time_to: Option<i64>,
    normal_types: Option<bool>,
    author: Option<String>,
    from_me: Option<bool>,
    sort: Option<types::SortOrder>,
}

impl<'a> ListMessages<'a> {
    pub(crate) fn new(client: &'a Client, chat: Option<Result<ChatId, Error>>) -> Self {
        ListMessages {
            client,
            chat,
            offset: 0,
            query: Query::default(),
        }
    }

    pub(crate) fn in_chat(client: &'a Client, chat: impl IntoChatId) -> Self {
        ListMessages::new(
            client,
            Some(chat.into_chat_id().map_err(|e| e.for_argument("chat"))),
        )
    }

    /// Messages per page, 1 to 500 (the API's default is 100).
    pub fn count(mut self, count: u32) -> Self {
        self.query.count = Some(count);
        self
    }

    /// Skips this many messages.
    pub fn offset(mut self, offset: u32) -> Self {
        self.offset = offset;
        self
    }

    /// Only messages sent at or after this Unix time.
    pub fn time_from(mut self, unix_seconds: i64) -> Self {
        self.query.time_from = Some(unix_seconds);
        self
    }

    /// Only messages sent at or before this Unix time.
    pub fn time_to(mut self, unix_seconds: i64) -> Self {
        self.query.time_to = Some(unix_seconds);
        self
    }

    /// With `false`, system messages are listed too.
    pub fn normal_types(mut self, normal_only: bool) -> Self {
        self.query.normal_types = Some(normal_only);
        self
    }

    /// Only messages from this contact (7 to 15 digits).
    pub fn author(mut self, author: impl Into<String>) -> Self {
        self.query.author = Some(author.into());
        self
    }

    /// `true`: only your messages; `false`: only others'.
    pub fn from_me(mut self, from_me: bool) -> Self {
        self.query.from_me = Some(from_me);
        self
    }

    /// Oldest or newest first.
    pub fn sort(mut self, order: types::SortOrder) -> Self {
        self.query.sort = Some(order);
        self
    }

    /// Fetches one page.
    pub async fn send(self) -> Result<types::MessagesList, Error> {
        let chat = match self.chat {
            None => None,
            Some(chat) => Some(chat?),
        };
        fetch(self.client, chat.as_ref(), &self.query, self.offset).await
    }

    /// Every message from the offset on, fetched lazily page by page
    /// (`count` per page). Stops at `total` or at an empty page; holds one
    /// page in memory. An error ends the stream after yielding it.
    ///
    /// The stream owns a clone of the client, so it can be moved into a
    /// spawned task.
    pub fn into_stream(self) -> impl Stream<Item = Result<types::Message, Error>> + Send + 'static {
        let client = self.client.clone();
        let query = Arc::new(self.query);
        // An invalid chat is the stream's first and only item.
        let (chat, mut invalid) = match self.chat {
            None => (None, None),
            Some(Ok(chat)) => (Some(Arc::new(chat)), None),
            Some(Err(e)) => (None, Some(e)),
        };
        crate::paging::offset_stream(self.offset, move |offset| {
            let client = client.clone();
            let query = query.clone();
            let chat = chat.clone();
            let invalid = invalid.take();
            async move {
                if let Some(e) = invalid {
                    return Err(e);
                }
                let page = fetch(&client, chat.as_deref(), &query, offset).await?;
                Ok(Page {
                    total: page.total.map(i64::from),
                    items: page.messages,
                })
            }
        })
    }
}

/// One page of `GET /messages/list[/{ChatID}]`.
async fn fetch(
    client: &Client,
    chat: Option<&ChatId>,
    q: &Query,
    offset: u32,
) -> Result<types::MessagesList, Error> {
    let count = match q.count {
        None => None,
        Some(c) => Some(
            NonZeroU32::new(c)
                .filter(|c| c.get() <= MAX_PAGE)
                .ok_or_else(|| Error::invalid("count", format!("{c} is outside 1..={MAX_PAGE}")))?,
        ),
    };
    if i32::try_from(offset).is_err() {
        return Err(Error::invalid(
            "offset",
            format!("{offset} is above {}", i32::MAX),
        ));
    }
    let author = match &q.author {
        None => None,
        Some(a) if a.is_empty() => {
            return Err(Error::invalid("author", "is empty"));
        }
        // The spec's ContactID pattern (7 to 15 digits), checked here:
        // the generated type no longer validates it (responses carry
        // other shapes of contact ids).
        Some(a) if !(7..=15).contains(&a.len()) || !a.bytes().all(|b| b.is_ascii_digit()) => {
            return Err(Error::invalid(
                "author",
                format!("`{}` is not 7 to 15 digits", crate::ids::shown(a)),
            ));
        }
        Some(a) => Some(types::ContactId(a.clone())),
    };
    let timeout = client.timeout();
    // The two operations take the same query parameters.
    macro_rules! query {
        ($b:expr) => {{
            let mut b = $b;
            // 0 is the API's default: leave it out.
            if offset > 0 {
                b = b.offset(offset);
            }
            if let Some(c) = count {
                b = b.count(c);
            }
            if let Some(t) = q.time_from {
                b = b.time_from(t);
            }
            if let Some(t) = q.time_to {
                b = b.time_to(t);
            }
            if let Some(n) = q.normal_types {
                b = b.normal_types(n);
            }
            if let Some(a) = author {
                b = b.author(a);
            }
            if let Some(f) = q.from_me {
                b = b.from_me(f);
            }
            if let Some(s) = q.sort {
                b = b.sort(s);
            }
            b
        }};
    }
    match chat {
        None => call::run(timeout, None, query!(client.raw().get_messages()).send()).await,
        Some(chat) => {
            let chat = chat.path()?;
            let b = query!(client.raw().get_messages_by_chat_id().chat_id(chat));
            call::run(timeout, None, b.send()).await
        }
    }
}
