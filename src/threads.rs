//! Threads that may be refused. The second core only makes a run faster, so when the system
//! will not start a thread (a container's process limit, `ulimit -u`) the work is done on the
//! thread that asked, with the same result, instead of the run stopping with a panic as
//! `std::thread::spawn` would.

use std::sync::{Arc, Mutex, PoisonError};
use std::thread::{JoinHandle, Scope, ScopedJoinHandle};

/// Starts `body(state)` on a new scoped thread; hands `state` back when no thread can be
/// started, for the caller to do the work itself.
pub(crate) fn spawn_scoped<'scope, S, T>(
    scope: &'scope Scope<'scope, '_>,
    state: S,
    body: impl FnOnce(S) -> T + Send + 'scope,
) -> Result<ScopedJoinHandle<'scope, T>, S>
where
    S: Send + 'scope,
    T: Send + 'scope,
{
    if refused() {
        return Err(state);
    }
    // `spawn_scoped` drops its closure when it fails: the state waits in a slot the closure
    // takes it from, so that it can be taken back.
    let slot = Arc::new(Mutex::new(Some(state)));
    let theirs = Arc::clone(&slot);
    std::thread::Builder::new()
        .spawn_scoped(scope, move || body(take(&theirs)))
        .map_err(|_| take(&slot))
}

/// Starts `body` on a new thread of its own, or returns `None` when no thread can be started.
pub(crate) fn spawn<T: Send + 'static>(
    body: impl FnOnce() -> T + Send + 'static,
) -> Option<JoinHandle<T>> {
    if refused() {
        return None;
    }
    std::thread::Builder::new().spawn(body).ok()
}

/// Calls `consume(item, make(item))` for each item in order, with `make` run on another
/// thread a few batches ahead when a core is `spare`, so that preparing an item and
/// consuming the one before share two cores. Otherwise (or without a thread) each item is
/// made and consumed in turn here. The first error of `consume` ends the loop (and stops the
/// other thread); it is returned.
pub(crate) fn map_beside<T: Sync, U: Send, E>(
    spare: bool,
    items: &[T],
    make: impl Fn(&T) -> U + Sync,
    mut consume: impl FnMut(&T, U) -> Result<(), E>,
) -> Result<(), E> {
    // Batches amortise the channel; a few in flight keep the maker ahead without holding
    // every item's output.
    const BATCH: usize = 256;
    const IN_FLIGHT: usize = 4;
    let make = &make;
    std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<U>>(IN_FLIGHT);
        let maker = spare.then(|| {
            spawn_scoped(scope, sender, move |sender| {
                for batch in items.chunks(BATCH) {
                    // A closed channel: the consumer stopped on an error.
                    if sender.send(batch.iter().map(make).collect()).is_err() {
                        break;
                    }
                }
            })
        });
        let Some(Ok(maker)) = maker else {
            return items.iter().try_for_each(|item| consume(item, make(item)));
        };
        let mut pending = items.iter();
        for batch in &receiver {
            // The batch first: `zip` asks its first iterator first, and would drop an item.
            for (made, item) in batch.into_iter().zip(pending.by_ref()) {
                consume(item, made)?;
            }
        }
        drop(receiver);
        maker
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        Ok(())
    })
}

/// The state in a slot, which is taken exactly once: by the thread, or after it failed to
/// start.
fn take<S>(slot: &Mutex<Option<S>>) -> S {
    slot.lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take()
        .expect("a thread's state is taken once")
}

#[cfg(test)]
thread_local! {
    static REFUSE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// Threads refused within [`refusing`].
    static REFUSED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Whether threads are refused: never, but in tests within `refusing`.
#[cfg(not(test))]
fn refused() -> bool {
    false
}

#[cfg(test)]
fn refused() -> bool {
    let refused = REFUSE.get();
    REFUSED.set(REFUSED.get() + usize::from(refused));
    refused
}

/// Runs `f` as if the system refused every new thread that `f` asks for on this thread.
///
/// # Panics
/// When `f` asked for no thread: the test would not test what it says.
#[cfg(test)]
pub(crate) fn refusing<T>(f: impl FnOnce() -> T) -> T {
    REFUSE.set(true);
    REFUSED.set(0);
    let out = f();
    REFUSE.set(false);
    assert!(REFUSED.get() > 0, "no thread was asked for");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scoped_thread_gets_its_state_or_gives_it_back() {
        let run = || {
            std::thread::scope(
                |scope| match spawn_scoped(scope, vec![1, 2, 3], |v| v.len()) {
                    Ok(handle) => (true, handle.join().expect("no panic")),
                    Err(v) => (false, v.len() * 10),
                },
            )
        };
        assert_eq!(run(), (true, 3));
        assert_eq!(refusing(run), (false, 30));
        // Refusal ends with `refusing`.
        assert_eq!(run(), (true, 3));
    }

    #[test]
    fn items_are_consumed_in_order_made_beside_or_here() {
        let items: Vec<u32> = (0..1000).collect();
        let run = |spare| {
            let mut seen = Vec::new();
            map_beside(
                spare,
                &items,
                |&i| i * 2,
                |&i, made| {
                    seen.push((i, made));
                    Ok::<(), ()>(())
                },
            )
            .expect("no error");
            seen
        };
        let expected: Vec<(u32, u32)> = items.iter().map(|&i| (i, i * 2)).collect();
        assert_eq!(run(true), expected);
        assert_eq!(refusing(|| run(true)), expected);
        assert_eq!(run(false), expected);
    }

    #[test]
    fn the_first_error_ends_the_loop() {
        let items: Vec<u32> = (0..10_000).collect();
        let mut consumed = 0;
        let result = map_beside(
            true,
            &items,
            |&i| i,
            |&i, _| {
                consumed += 1;
                if i == 300 { Err(i) } else { Ok(()) }
            },
        );
        assert_eq!(result, Err(300));
        assert_eq!(consumed, 301);
    }

    #[test]
    fn a_thread_of_its_own_is_none_when_refused() {
        let handle = spawn(|| 7).expect("a thread");
        assert_eq!(handle.join().expect("no panic"), 7);
        assert!(refusing(|| spawn(|| 7)).is_none());
    }
}
