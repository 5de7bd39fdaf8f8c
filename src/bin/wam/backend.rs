//! The CPU device the CLI computes on: burn's `flex` backend, or the
//! deprecated `ndarray` one when the crate is built with
//! `--no-default-features --features cli,ndarray` (for comparisons).

use burn::tensor::Device;

/// The CPU device of this build.
pub fn cpu() -> Device {
    #[cfg(feature = "flex")]
    return Device::flex();
    // Deprecated in burn 0.22, kept selectable on purpose: see the module doc.
    #[cfg(all(feature = "ndarray", not(feature = "flex")))]
    #[allow(deprecated)]
    return Device::ndarray();
}

/// How the report names it.
pub const CPU_NAME: &str =
    if cfg!(feature = "flex") { "cpu (burn flex)" } else { "cpu (burn ndarray)" };

/// Makes the CLI's CPU arithmetic flush subnormal floats to zero, on the main
/// thread and on every thread of rayon's pool (flex's threads). Integrated
/// gradients feed α·x with small α: the tiny activations this makes are
/// subnormal, and x86 computes on those many times slower (WAM-IG took twice
/// WAM-SG; with α kept ≥ 0.5 they cost the same). PyTorch's CPU kernels flush
/// them too. Values below 1.2e-38 become 0. Call it first, before any
/// computation starts the pool.
pub fn flush_subnormals() {
    set_flush();
    // Fails only when the pool already exists, which calling it first rules out.
    let _ = rayon::ThreadPoolBuilder::new().start_handler(|_| set_flush()).build_global();
}

/// A pool of one thread that flushes subnormals like the global pool: the
/// calling thread's and each helper's in [`crate::workers`].
pub fn one_thread_pool() -> anyhow::Result<rayon::ThreadPool> {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).start_handler(|_| set_flush());
    pool.build().map_err(|e| anyhow::anyhow!("could not start a thread: {e}"))
}

/// Sets this thread's MXCSR flush-to-zero (bit 15) and denormals-are-zero
/// (bit 6) flags, which SSE, AVX and AVX-512 float arithmetic follow.
#[cfg(target_arch = "x86_64")]
#[allow(deprecated)] // `_mm_setcsr` is deprecated in favour of inline assembly; it does exactly this.
fn set_flush() {
    use std::arch::x86_64::{_mm_getcsr, _mm_setcsr};
    const FTZ_DAZ: u32 = 0x8040;
    // SAFETY: changes only how this thread rounds subnormal floats.
    unsafe { _mm_setcsr(_mm_getcsr() | FTZ_DAZ) }
}

/// Elsewhere the float mode stays as it is.
#[cfg(not(target_arch = "x86_64"))]
fn set_flush() {}

/// Makes glibc keep freed memory in the process for the next allocation,
/// instead of returning each large buffer to the kernel (buffers above
/// 128 KB are mapped and unmapped per allocation by default, and memory
/// past 128 KB at the top of the heap is trimmed). Tensors of a few MB are
/// allocated and freed at every step, and each fresh page then costs a
/// page fault: half of the wavelet bench's time in `perf`, 4–10× its
/// run time. Buffers up to 32 MB (glibc's ceiling) now come from the heap,
/// which keeps up to 512 MB of free memory. Call it first.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn reuse_freed_memory() {
    // SAFETY: `mallopt` only changes the allocator's thresholds; no
    // allocation is in flight at the start of `main`.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 512 << 20);
    }
}

/// Other allocators keep their defaults.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn reuse_freed_memory() {}
