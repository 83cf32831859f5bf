//! # Restake's shared contract kit
//!
//! The plumbing every Restake contract needs and none re-implements
//! (issue #13, `docs/kit.md`):
//!
//! * [`abi`]: ABI words and the compact encoders of static errors, events
//!   and calls ([`words!`]);
//! * [`storage`]: named, typed storage keys over one keccak, one load and one
//!   store ([`storage::Map`], [`storage::Map2`], [`storage::Map3`],
//!   [`storage::Slot`]) and one word packer ([`storage::pack`]);
//! * [`ecdsa`]: one `ecrecover` with OpenZeppelin's checks;
//! * [`eip712`]: one EIP-712 domain and digest;
//! * [`call`]: one way to call another contract and pass its revert data on;
//! * [`log`]: one way to emit an event;
//! * [`items`]: errors and events written once ([`errors!`], [`events!`]):
//!   the `sol!` item, its compact encoder and its ABI entry from one line;
//! * [`export`]: the ABI files (`abi/<Name>.sol`, `abi/<Name>.json`) from
//!   those tables;
//! * [`route`]: the route table ([`routes!`]): one decoder under one
//!   malformed-calldata policy, return encoding, and the ABI's source;
//! * [`router`]: the entrypoint's router over that table ([`router!`]) and
//!   the routing tests' check of it;
//! * [`ownable`], [`pausable`], [`safe_erc20`]: OpenZeppelin's
//!   `Ownable2Step`, `Pausable` and `SafeERC20` (their errors and events) on
//!   a contract's own slots.
//!
//! Every function takes the VM (`&dyn Host`, a contract's `self.vm()`), so
//! the same code runs in the deployed wasm and natively under motsu. Each is
//! `#[inline(always)]`: inlined where `self.vm()` is, the host calls are
//! devirtualized. A function that kept a `&dyn Host` call out of line would
//! keep the VM's whole vtable alive, and with it every hostio wrapper of the
//! SDK: +1.3 KB on the vault, measured (`docs/decisions.md`). A contract that
//! calls one from many sites wraps it once in an `#[inline(never)]` method.
#![no_std]
extern crate alloc;

pub mod abi;
pub mod call;
pub mod ecdsa;
pub mod eip712;
pub mod export;
pub mod items;
pub mod log;
pub mod ownable;
pub mod pausable;
pub mod route;
pub mod router;
pub mod safe_erc20;
pub mod storage;

pub use stylus_sdk::stylus_core::Host;

#[doc(hidden)]
pub use alloc::vec::Vec as __Vec;
#[doc(hidden)]
pub use alloy_primitives::B256 as __B256;
#[doc(hidden)]
pub use alloy_primitives::U256 as __U256;
#[doc(hidden)]
pub use alloy_sol_types::sol as __sol;
#[doc(hidden)]
pub use paste as __paste;
#[doc(hidden)]
pub use stylus_sdk as __stylus;

/// `Vec` and `vec!` for [`wasm_runtime`]: a glob import, which a crate's
/// own `use alloc::vec::Vec` shadows without a conflict.
#[doc(hidden)]
pub mod __alloc_prelude {
    pub use alloc::{vec, vec::Vec};
}

/// What a contract crate's `lib.rs` needs to build its wasm without the
/// standard library: a panic handler that traps at once (the standard
/// library's formats the panic message, about 4 KB of code that nothing
/// reads), and `Vec` and `vec!` in the crate root, where the SDK's
/// `#[entrypoint]` expansion names them. A contract crate is `no_std` on
/// wasm32 and invokes this once; natively (tests, ABI export) the standard
/// library serves and this expands to nothing.
#[macro_export]
macro_rules! wasm_runtime {
    () => {
        #[cfg(target_arch = "wasm32")]
        #[allow(unused_imports)]
        use $crate::__alloc_prelude::*;

        #[cfg(target_arch = "wasm32")]
        #[panic_handler]
        fn panic(_: &core::panic::PanicInfo) -> ! {
            core::arch::wasm32::unreachable()
        }
    };
}
