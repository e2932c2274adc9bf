//! The global allocator: mimalloc, set up so that it holds about as much memory as the
//! system allocator did.
//!
//! Extraction makes millions of short-lived small allocations (tokens, names, spans,
//! per-sentence buffers), where mimalloc is much faster than glibc's allocator (about
//! a tenth of extraction's CPU time). With its defaults, mimalloc 3 commits its arenas
//! eagerly (with transparent huge pages) and gives freed memory back to the kernel
//! only after a delay, which raised the peak memory of the 100 MB ingest from 1,212 to
//! 1,427 MiB. With eager commit off, the ingest peaks near where it did with glibc
//! (bench/notes.md has the figures). Freed pages are purged after 100 ms rather than
//! at once: purged at once, the pages a document's extraction frees were handed back
//! and faulted in again for the next document (407,000 page faults in the 100 MB
//! ingest against 350,000, about 0.8 s of system time, for 8 MB more at the peak).
//!
//! The options are set before mimalloc's first allocation: by the first call to this
//! allocator, as nothing else in the process calls mimalloc.

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicBool, Ordering};

/// `mi_option_arena_eager_commit` in mimalloc 3's `mi_option_e` (its header's order;
/// the test below checks the numbering against the defaults of its neighbours).
const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
/// `mi_option_purge_delay` (milliseconds; 0 purges freed pages at once).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
/// The delay this program sets.
const PURGE_DELAY_MS: std::ffi::c_long = 100;

/// Whether the options are set.
static READY: AtomicBool = AtomicBool::new(false);

/// mimalloc with the options above.
pub struct Alloc;

#[cold]
fn set_options() {
    // SAFETY: setting an option is a store into mimalloc's option table; both are
    // options it reads when it reserves or purges memory
    unsafe {
        libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(PURGE_DELAY, PURGE_DELAY_MS);
    }
    READY.store(true, Ordering::Release);
}

#[inline]
fn ready() {
    if !READY.load(Ordering::Acquire) {
        set_options();
    }
}

// SAFETY: every call goes to mimalloc's own `GlobalAlloc`; the options are set before
// the first block is made (setting them twice, from two threads at start, is harmless)
unsafe impl GlobalAlloc for Alloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ready();
        mimalloc::MiMalloc.alloc(layout)
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ready();
        mimalloc::MiMalloc.alloc_zeroed(layout)
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        mimalloc::MiMalloc.dealloc(ptr, layout)
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        mimalloc::MiMalloc.realloc(ptr, layout, new_size)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use libmimalloc_sys::{mi_option_get, mi_option_t};

    #[test]
    fn the_options_are_set_and_numbered_as_in_the_header() {
        let v: Vec<u8> = (0..100).collect();
        assert_eq!(v.len(), 100);
        let get = |o: mi_option_t| unsafe { mi_option_get(o) };
        assert_eq!(get(ARENA_EAGER_COMMIT), 0);
        assert_eq!(get(PURGE_DELAY), PURGE_DELAY_MS);
        // the options around them keep their defaults: `purge_decommits` (5) is 1,
        // `os_tag` (18) 100, `arena_reserve` (23) 1 GiB in KiB
        if std::env::vars().all(|(k, _)| !k.starts_with("MIMALLOC_")) {
            assert_eq!(get(5), 1);
            assert_eq!(get(18), 100);
            assert_eq!(get(23), 1 << 20);
        }
    }

    #[test]
    fn blocks_grow_and_shrink_intact() {
        let mut v: Vec<u8> = (0..1000u32).map(|i| i as u8).collect();
        v.extend((0..200_000u32).map(|i| (i % 251) as u8));
        v.truncate(500);
        v.shrink_to_fit();
        assert!(v.iter().enumerate().all(|(i, &b)| b == i as u8));
        let zeros = vec![0u64; 100_000];
        assert!(zeros.iter().all(|&x| x == 0));
    }
}
