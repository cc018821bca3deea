//! Work shared among the cores.

/// How many threads can run at once here (1 when the system does not say).
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

/// `f` of every item, in the items' order, the items shared among the cores in one
/// contiguous part each. A panic in one part is passed on, so that no result can shift out
/// of line with its item.
///
/// # Examples
/// ```
/// let squares = corridor_atlas::parallel::map_in_order(&[1, 2, 3, 4, 5], |n| n * n);
/// assert_eq!(squares, [1, 4, 9, 16, 25]);
/// ```
pub fn map_in_order<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let chunk = items.len().div_ceil(cores()).max(1);
    let f = &f;
    let mut parts = items.chunks(chunk);
    let first = parts.next().unwrap_or_default();
    std::thread::scope(|scope| {
        let others: Vec<_> = parts
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<_>>()))
            .collect();
        // The first part is made on this thread straight into the result: only the other
        // parts are held twice for a moment, not all of them.
        let mut out = Vec::with_capacity(items.len());
        out.extend(first.iter().map(f));
        for part in others {
            out.extend(
                part.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        out
    })
}

/// Drops `value` on a thread of its own: freeing the items of a big layer takes a tenth of a
/// second or more, which the window (or a command about to exit) need not wait for. When no
/// thread can be made, the value is dropped here, with the closure that holds it.
pub fn drop_aside<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("free".to_owned())
        .spawn(move || drop(value));
}
