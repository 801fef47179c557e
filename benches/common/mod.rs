//! What the benchmarks share. Each benchmark uses some of it.
#![allow(dead_code)]

/// The peak resident memory of this process so far (VmHWM), in MB; NaN
/// where /proc is not there.
pub fn vm_hwm_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// CPU time this thread has run, from the scheduler: the machine is
/// shared, and wall time would count other processes' turns. Falls back to
/// wall time where /proc is not there.
pub fn thread_cpu() -> std::time::Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .map(std::time::Duration::from_nanos)
        .unwrap_or_else(|| START.with(|t| t.elapsed()))
}

thread_local! {
    static START: std::time::Instant = std::time::Instant::now();
}
