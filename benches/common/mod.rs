//! What the benchmarks share. Each benchmark uses some of it.
#![allow(dead_code)]

/// A field of /proc/self/status in kB (`"VmHWM:"`, `"VmRSS:"`), where
/// Linux tells it.
pub fn status_kb(field: &str) -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with(field))?;
    line[field.len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

/// The peak resident memory of this process so far (VmHWM), in MB; NaN
/// where /proc is not there.
pub fn vm_hwm_mb() -> f64 {
    status_kb("VmHWM:").map_or(f64::NAN, |kb| kb as f64 / 1024.0)
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
