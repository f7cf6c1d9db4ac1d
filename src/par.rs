//! Work on all cores, in order: the one place dossier spreads work over
//! threads. Results come back in the order of the input, so output stays
//! byte-identical whatever the number of cores.

/// Map `f` over `items` on up to `available_parallelism` threads, keeping order.
pub(crate) fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    // Small inputs are not worth a thread.
    if threads <= 1 || items.len() < 8 {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|s| {
        let workers: Vec<_> = items
            .chunks(chunk)
            .map(|part| s.spawn(move || part.iter().map(f).collect::<Vec<R>>()))
            .collect();
        workers
            .into_iter()
            .flat_map(|w| match w.join() {
                Ok(results) => results,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    })
}

/// Compute `f` for every item on all cores while the calling thread hands
/// each result, in the order of the input, to `consume` (which writes it,
/// say): writing overlaps computing, and at most a few results per thread
/// wait in memory. The first error from `consume` stops the work and is
/// returned.
pub(crate) fn for_each_in_order<T: Sync, R: Send, E>(
    items: &[T],
    f: impl Fn(&T) -> R + Sync,
    consume: impl FnMut(usize, R) -> Result<(), E>,
) -> Result<(), E> {
    in_order(items, 8, 8, f, consume)
}

/// [`for_each_in_order`] for work that is costly per item (typesetting a
/// PDF): worth a thread from two items on, and a worker starts an item only
/// while fewer than two per thread are finished and waiting, so memory
/// holds a few documents, not the archive, however slow one of them is.
pub(crate) fn for_each_costly_in_order<T: Sync, R: Send, E>(
    items: &[T],
    f: impl Fn(&T) -> R + Sync,
    consume: impl FnMut(usize, R) -> Result<(), E>,
) -> Result<(), E> {
    in_order(items, 2, 1, f, consume)
}

/// The work of both: threads from `min_items` items on, `waiting` results
/// per thread at most in the channel.
fn in_order<T: Sync, R: Send, E>(
    items: &[T],
    min_items: usize,
    waiting: usize,
    f: impl Fn(&T) -> R + Sync,
    mut consume: impl FnMut(usize, R) -> Result<(), E>,
) -> Result<(), E> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads <= 1 || items.len() < min_items {
        for (i, item) in items.iter().enumerate() {
            consume(i, f(item))?;
        }
        return Ok(());
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let stop = std::sync::atomic::AtomicBool::new(false);
    let (tx, rx) = std::sync::mpsc::sync_channel::<(usize, R)>(threads * waiting);
    // A worker starts item i only once the consumer has taken every item
    // before i - window: so however slow one item is, at most `window`
    // finished results wait for it, in the channel or in `held` below.
    let window = threads * (waiting + 1);
    let due = (std::sync::Mutex::new(0usize), std::sync::Condvar::new());
    let f = &f;
    std::thread::scope(|s| {
        for _ in 0..threads {
            let tx = tx.clone();
            let (next, stop, due) = (&next, &stop, &due);
            s.spawn(move || {
                use std::sync::atomic::Ordering::Relaxed;
                while !stop.load(Relaxed) {
                    let i = next.fetch_add(1, Relaxed);
                    let Some(item) = items.get(i) else { break };
                    {
                        let mut taken = due.0.lock().unwrap_or_else(|e| e.into_inner());
                        while i >= *taken + window && !stop.load(Relaxed) {
                            taken = due.1.wait(taken).unwrap_or_else(|e| e.into_inner());
                        }
                    }
                    if stop.load(Relaxed) {
                        break;
                    }
                    if tx.send((i, f(item))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        // Results arrive in any order; hand them on in the input's.
        let mut held = std::collections::BTreeMap::new();
        let mut next_due = 0;
        let mut outcome = Ok(());
        for (i, r) in rx.iter() {
            held.insert(i, r);
            while let Some(r) = held.remove(&next_due) {
                if outcome.is_ok() {
                    outcome = consume(next_due, r);
                    if outcome.is_err() {
                        stop.store(true, std::sync::atomic::Ordering::Relaxed);
                    }
                }
                next_due += 1;
                *due.0.lock().unwrap_or_else(|e| e.into_inner()) = next_due;
                due.1.notify_all();
            }
        }
        outcome
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_the_order_of_the_input() {
        let items: Vec<u32> = (0..1000).collect();
        assert_eq!(
            super::map(&items, |x| x * 2),
            items.iter().map(|x| x * 2).collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_slow_first_item_holds_back_only_a_few_finished_ones() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let items: Vec<u32> = (0..64).collect();
        let started = AtomicUsize::new(0);
        let most_ahead = AtomicUsize::new(0);
        let mut consumed = 0;
        let done: Result<(), ()> = super::for_each_costly_in_order(
            &items,
            |&x| {
                let n = started.fetch_add(1, Ordering::SeqCst);
                if x == 0 {
                    std::thread::sleep(std::time::Duration::from_millis(200));
                    // Everything started while item 0 was being made.
                    most_ahead.store(started.load(Ordering::SeqCst), Ordering::SeqCst);
                }
                n
            },
            |_, _| {
                consumed += 1;
                Ok(())
            },
        );
        assert!(done.is_ok());
        assert_eq!(consumed, 64);
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        if threads > 1 {
            // The window: two per thread, and one being made per thread.
            assert!(
                most_ahead.load(Ordering::SeqCst) <= threads * 3,
                "{most_ahead:?}"
            );
        }
    }

    #[test]
    fn hands_results_on_in_the_order_of_the_input() {
        let items: Vec<u32> = (0..1000).collect();
        let mut seen = Vec::new();
        let done: Result<(), ()> = super::for_each_in_order(
            &items,
            |x| x * 3,
            |i, r| {
                seen.push((i, r));
                Ok(())
            },
        );
        assert!(done.is_ok());
        let expected: Vec<(usize, u32)> = items.iter().map(|&x| (x as usize, x * 3)).collect();
        assert_eq!(seen, expected);
    }

    #[test]
    fn stops_at_the_first_error_of_the_consumer() {
        let items: Vec<u32> = (0..1000).collect();
        let mut consumed = 0;
        let done = super::for_each_in_order(
            &items,
            |x| *x,
            |i, _| {
                consumed += 1;
                if i == 10 { Err("full") } else { Ok(()) }
            },
        );
        assert_eq!(done, Err("full"));
        assert_eq!(consumed, 11);
    }
}
