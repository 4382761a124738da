//! Offset/count pagination as one owned stream, shared by every list.

use crate::Error;
use futures_util::Stream;
use std::collections::VecDeque;
use std::future::Future;

/// One page of a list: its items and the list's `total`, when the API gave
/// one.
pub(crate) struct Page<T> {
    pub(crate) items: Vec<T>,
    pub(crate) total: Option<i64>,
}

/// Every item from `offset` on, fetched lazily a page at a time by
/// `fetch(offset)`. Stops at `total` or at an empty page, holds one page in
/// memory, and ends after yielding the first error. Owned (`'static`) when
/// `fetch` is, so the stream can be spawned.
pub(crate) fn offset_stream<T, F, Fut>(
    offset: u32,
    fetch: F,
) -> impl Stream<Item = Result<T, Error>>
where
    F: FnMut(u32) -> Fut,
    Fut: Future<Output = Result<Page<T>, Error>>,
{
    let state = Paging {
        fetch,
        offset,
        buffer: VecDeque::new(),
        done: false,
    };
    futures_util::stream::unfold(state, |mut s| async move {
        loop {
            if let Some(item) = s.buffer.pop_front() {
                return Some((Ok(item), s));
            }
            if s.done {
                return None;
            }
            match (s.fetch)(s.offset).await {
                Err(e) => {
                    s.done = true;
                    return Some((Err(e), s));
                }
                Ok(page) => {
                    let got = u32::try_from(page.items.len()).unwrap_or(u32::MAX);
                    s.offset = s.offset.saturating_add(got);
                    let total = page.total.and_then(|t| u32::try_from(t).ok());
                    s.done = got == 0 || total.is_some_and(|t| s.offset >= t);
                    s.buffer = page.items.into();
                }
            }
        }
    })
}

struct Paging<T, F> {
    fetch: F,
    offset: u32,
    buffer: VecDeque<T>,
    done: bool,
}

/// The largest page the API serves (`count` is 1 to 500).
pub(crate) const MAX_COUNT: u32 = 500;

/// `count` and `offset` as the generated list calls take them, checked
/// against the spec's bounds before any request.
#[cfg_attr(
    not(any(feature = "chats", feature = "contacts", feature = "groups")),
    allow(dead_code)
)]
pub(crate) fn page_args(
    count: Option<u32>,
    offset: u32,
) -> Result<(Option<std::num::NonZeroU32>, i32), Error> {
    let count = match count {
        None => None,
        Some(c) => Some(
            std::num::NonZeroU32::new(c)
                .filter(|c| c.get() <= MAX_COUNT)
                .ok_or_else(|| {
                    Error::invalid("count", format!("{c} is outside 1..={MAX_COUNT}"))
                })?,
        ),
    };
    let offset = i32::try_from(offset)
        .map_err(|_| Error::invalid("offset", format!("{offset} is above {}", i32::MAX)))?;
    Ok((count, offset))
}
