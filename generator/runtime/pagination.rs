//! Walking offset/limit pages as one stream of items.

use std::collections::VecDeque;
use std::future::Future;

use futures_util::stream::{self, Stream};

/// One page as the pagination loop sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// The number of items in all pages, if the API reports it.
    pub total: Option<u64>,
}

struct Walk<P, T, F> {
    /// `None` while a fetch owns the parameters, or once the walk has ended.
    params: Option<P>,
    offset: u64,
    buffered: VecDeque<T>,
    finished: bool,
    fetch: F,
}

/// Streams the items of every page, starting at `offset`: `fetch` gets the
/// caller's parameters and the offset to ask for, and returns them with the
/// page. The walk ends when `total` is reached, a page is empty, or a page
/// fails (the error is the last item).
pub fn paginate<P, T, E, F, Fut>(
    params: P,
    offset: u64,
    fetch: F,
) -> impl Stream<Item = Result<T, E>>
where
    F: FnMut(P, u64) -> Fut,
    Fut: Future<Output = Result<(P, Page<T>), E>>,
{
    let walk = Walk {
        params: Some(params),
        offset,
        buffered: VecDeque::new(),
        finished: false,
        fetch,
    };
    stream::unfold(walk, |mut walk| async move {
        loop {
            if let Some(item) = walk.buffered.pop_front() {
                return Some((Ok(item), walk));
            }
            let params = walk.params.take().filter(|_| !walk.finished)?;
            match (walk.fetch)(params, walk.offset).await {
                Ok((params, page)) => {
                    walk.params = Some(params);
                    walk.offset += page.items.len() as u64;
                    walk.finished = page.items.is_empty()
                        || page.total.is_some_and(|total| walk.offset >= total);
                    walk.buffered.extend(page.items);
                }
                Err(error) => {
                    walk.finished = true;
                    return Some((Err(error), walk));
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;

    fn run<T>(stream: impl Stream<Item = T>) -> Vec<T> {
        futures_util::FutureExt::now_or_never(stream.collect::<Vec<_>>()).expect("ready stream")
    }

    #[test]
    fn stops_at_total() {
        let stream = paginate((), 0, |(), offset| async move {
            let items: Vec<u64> = (offset..(offset + 2).min(5)).collect();
            Ok::<_, ()>((
                (),
                Page {
                    items,
                    total: Some(5),
                },
            ))
        });
        assert_eq!(run(stream), [Ok(0), Ok(1), Ok(2), Ok(3), Ok(4)]);
    }

    #[test]
    fn stops_at_an_empty_page_without_total() {
        let stream = paginate((), 3, |(), offset| async move {
            let items: Vec<u64> = if offset < 6 {
                vec![offset, offset + 1]
            } else {
                Vec::new()
            };
            Ok::<_, ()>(((), Page { items, total: None }))
        });
        assert_eq!(run(stream), [Ok(3), Ok(4), Ok(5), Ok(6)]);
    }

    #[test]
    fn an_error_ends_the_walk() {
        let stream = paginate((), 0, |(), offset| async move {
            if offset == 0 {
                Ok((
                    (),
                    Page {
                        items: vec![1],
                        total: None,
                    },
                ))
            } else {
                Err("page failed")
            }
        });
        assert_eq!(run(stream), [Ok(1), Err("page failed")]);
    }
}
