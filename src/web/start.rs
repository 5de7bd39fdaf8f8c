//! The module's static constructors, run once.
//!
//! burn's WebGPU stack (cubecl's IR) registers types with `inventory`, whose
//! entries are static constructors. When no export calls `__wasm_call_ctors`,
//! the linker takes the module for a "command" and wraps *every* export in a
//! call to them: each call from JavaScript into wasm (values handed over,
//! closures, the allocator) ran them all again, a fifth of the lead worker's
//! time in a CPU profile of the page. Calling them from here turns that
//! wrapping off; then they must run before WebGPU is used: wasm-bindgen's
//! glue runs [`start`] on instantiation, and [`run_constructors`] is also
//! called before a WebGPU device is made (for tests, whose runner does not
//! run `start`, and other users of the crate).

use std::sync::Once;

use wasm_bindgen::prelude::*;

unsafe extern "C" {
    /// Synthesised by the linker: calls every static constructor.
    fn __wasm_call_ctors();
}

/// Runs the static constructors, the first time only.
pub fn run_constructors() {
    static DONE: Once = Once::new();
    // SAFETY: the linker's own function, run once per instance.
    DONE.call_once(|| unsafe { __wasm_call_ctors() });
}

/// The module's start (wasm-bindgen runs it on instantiation).
#[wasm_bindgen(start)]
fn start() {
    run_constructors();
}
