//! What the benchmarks share.

/// The kernel's high-water mark of this process's resident memory, in bytes.
pub fn peak_rss_bytes() -> u64 {
    status_bytes("VmHWM:")
}

/// This process's resident memory now, in bytes.
#[allow(dead_code)]
pub fn rss_bytes() -> u64 {
    status_bytes("VmRSS:")
}

/// A size in `/proc/self/status`, in bytes.
fn status_bytes(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .ok()
        })
        .map_or(0, |kb| kb * 1024)
}
