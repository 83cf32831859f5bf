//! Named, typed storage keys over one keccak, one load and one store.
//!
//! A contract lists every slot and map it owns in its `storage.rs` as
//! constants of these types, with a layout table; nothing computes a slot
//! from a literal tag at the use site:
//!
//! ```ignore
//! /// `balanceOf`: holder → LRT balance.
//! pub const BALANCES: Map = Map::new(1);
//! /// `allowance`: (owner, spender) → amount.
//! pub const ALLOWANCES: Map2 = Map2::new(2);
//! /// The owner.
//! pub const OWNER: Slot = Slot::new(0x10);
//! ...
//! let balance = BALANCES.load(self.vm(), holder.word());
//! ```
//!
//! Fixed slots are small integers; mapped slots are `keccak256(tag ‖ key)`
//! (33 bytes, [`Map`]), `keccak256(tag ‖ a ‖ b)` (65 bytes, [`Map2`]) or
//! `keccak256(tag ‖ a ‖ b ‖ c)` (97 bytes, [`Map3`]), whose images cannot
//! meet each other or a small integer (preimages of different lengths, or
//! of different tags). Every key is a whole word: an address is keyed by
//! `into_word()` (left-padded), a composite key is packed into one word
//! first. A record of several words lives at `slot, slot + 1, ...`
//! ([`offset`]).
//!
//! The typed keys' methods take the VM and are `#[inline(always)]`; a
//! contract with many sites calls each from one `#[inline(never)]` method
//! of its own (its `sload`, `sstore`, one slot method per map shape), which
//! [`storage_methods!`](crate::storage_methods) writes. A
//! contract with maps of one and of two keys may key the former `(key, 0)`
//! in a [`Map2`], keeping one hash function (the registry and the slashing
//! manager, measured in their `storage.rs`).
//!
//! A word holding several fields is written with [`pack`] (an address and
//! two small integers, the layout every contract uses) or, for four `u64`s,
//! with `U256::from_limbs` / `as_limbs` (limb 0 the lowest).
use alloy_primitives::{Address, B256, U256};
use stylus_sdk::stylus_core::Host;

/// The word in storage slot `slot`.
#[inline(always)]
pub fn load(vm: &dyn Host, slot: U256) -> U256 {
    U256::from_be_bytes(vm.storage_load_bytes32(slot).0)
}

/// Writes `value` to storage slot `slot` (through the VM's storage cache,
/// flushed at the end of the call and before every call out). Called only
/// from a contract's `&mut self` methods, on slots of its layout table.
#[inline(always)]
pub fn store(vm: &dyn Host, slot: U256, value: U256) {
    // SAFETY: the slot is one of the calling contract's own (its layout
    // table; no aliasing with the SDK's storage types at those slots), and
    // the SDK flushes the cache before every external call and at the end.
    unsafe { vm.storage_cache_bytes32(slot, B256::from(value)) }
}

/// The `i`-th word of a record starting at `base`. Wrapping: slots are
/// 256-bit names, not amounts.
pub fn offset(base: U256, i: u64) -> U256 {
    base.wrapping_add(U256::from(i))
}

/// The low 160 bits of a word, as an address.
///
/// Out of line, as [`from_address`] (they take no VM, so there is nothing
/// to devirtualize): each converts a whole word's byte order, which inlined
/// at every site cost the registry 896 bytes of wasm and 118 gas of start-up,
/// the slashing manager 617 bytes and 71 gas (measured).
#[inline(never)]
pub fn to_address(word: U256) -> Address {
    Address::from_word(B256::from(word))
}

/// An address as a word (the inverse of [`to_address`]; out of line, see
/// there).
#[inline(never)]
pub fn from_address(address: Address) -> U256 {
    U256::from_be_bytes(address.into_word().0)
}

/// A word holding `address` (bits 0–159), `mid` (bits 160–223) and `top`
/// (bits 224–255): big-endian, `top ‖ mid ‖ address`.
pub fn pack(address: Address, mid: u64, top: u32) -> U256 {
    let mut w = [0u8; 32];
    w[..4].copy_from_slice(&top.to_be_bytes());
    w[4..12].copy_from_slice(&mid.to_be_bytes());
    w[12..].copy_from_slice(address.as_slice());
    U256::from_be_bytes(w)
}

/// The inverse of [`pack`]: `(address, mid, top)`.
pub fn unpack(word: U256) -> (Address, u64, u32) {
    let l = word.as_limbs();
    (
        to_address(word),
        (l[2] >> 32) | (l[3] << 32),
        (l[3] >> 32) as u32,
    )
}

/// A fixed storage slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot(u64);

impl Slot {
    /// Slot number `index`.
    pub const fn new(index: u64) -> Self {
        Self(index)
    }
    /// Its number.
    pub fn slot(self) -> U256 {
        U256::from(self.0)
    }
    /// Its word.
    #[inline(always)]
    pub fn load(self, vm: &dyn Host) -> U256 {
        load(vm, self.slot())
    }
    /// Writes its word.
    #[inline(always)]
    pub fn store(self, vm: &dyn Host, value: U256) {
        store(vm, self.slot(), value)
    }
    /// Its word, as an address.
    #[inline(always)]
    pub fn load_address(self, vm: &dyn Host) -> Address {
        to_address(self.load(vm))
    }
    /// Writes an address.
    #[inline(always)]
    pub fn store_address(self, vm: &dyn Host, value: Address) {
        self.store(vm, from_address(value))
    }
}

/// A mapping from one word: `keccak256(tag ‖ key)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Map(u8);

impl Map {
    /// The map tagged `tag` (unique within the contract).
    pub const fn new(tag: u8) -> Self {
        Self(tag)
    }
    /// The slot of `key`.
    #[inline(always)]
    pub fn slot(self, vm: &dyn Host, key: B256) -> U256 {
        let mut buf = [0u8; 33];
        buf[0] = self.0;
        buf[1..].copy_from_slice(key.as_slice());
        U256::from_be_bytes(vm.native_keccak256(&buf).0)
    }
    /// The word at `key`.
    #[inline(always)]
    pub fn load(self, vm: &dyn Host, key: B256) -> U256 {
        load(vm, self.slot(vm, key))
    }
    /// Writes the word at `key`.
    #[inline(always)]
    pub fn store(self, vm: &dyn Host, key: B256, value: U256) {
        store(vm, self.slot(vm, key), value)
    }
}

/// A mapping from two words: `keccak256(tag ‖ a ‖ b)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Map2(u8);

impl Map2 {
    /// The map tagged `tag` (unique within the contract).
    pub const fn new(tag: u8) -> Self {
        Self(tag)
    }
    /// The slot of `(a, b)`.
    #[inline(always)]
    pub fn slot(self, vm: &dyn Host, a: B256, b: B256) -> U256 {
        let mut buf = [0u8; 65];
        buf[0] = self.0;
        buf[1..33].copy_from_slice(a.as_slice());
        buf[33..].copy_from_slice(b.as_slice());
        U256::from_be_bytes(vm.native_keccak256(&buf).0)
    }
    /// The word at `(a, b)`.
    #[inline(always)]
    pub fn load(self, vm: &dyn Host, a: B256, b: B256) -> U256 {
        load(vm, self.slot(vm, a, b))
    }
    /// Writes the word at `(a, b)`.
    #[inline(always)]
    pub fn store(self, vm: &dyn Host, a: B256, b: B256, value: U256) {
        store(vm, self.slot(vm, a, b), value)
    }
}

/// A mapping from three words: `keccak256(tag ‖ a ‖ b ‖ c)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Map3(u8);

impl Map3 {
    /// The map tagged `tag` (unique within the contract).
    pub const fn new(tag: u8) -> Self {
        Self(tag)
    }
    /// The slot of `(a, b, c)`.
    #[inline(always)]
    pub fn slot(self, vm: &dyn Host, a: B256, b: B256, c: B256) -> U256 {
        let mut buf = [0u8; 97];
        buf[0] = self.0;
        buf[1..33].copy_from_slice(a.as_slice());
        buf[33..65].copy_from_slice(b.as_slice());
        buf[65..].copy_from_slice(c.as_slice());
        U256::from_be_bytes(vm.native_keccak256(&buf).0)
    }
    /// The word at `(a, b, c)`.
    #[inline(always)]
    pub fn load(self, vm: &dyn Host, a: B256, b: B256, c: B256) -> U256 {
        load(vm, self.slot(vm, a, b, c))
    }
    /// Writes the word at `(a, b, c)`.
    #[inline(always)]
    pub fn store(self, vm: &dyn Host, a: B256, b: B256, c: B256, value: U256) {
        store(vm, self.slot(vm, a, b, c), value)
    }
}

/// Writes a contract's out-of-line storage methods, one copy each, over
/// the kit's inlined keys: `sload(slot)`, `sstore(slot, value)`,
/// `slot1(map, key)` (`(key, 0)` in a [`Map2`]), `slot2(map, a, b)` and
/// `slot3(map, a, b, c)`; list the ones the contract uses. Inlined at
/// every site, `load`/`store` cost the slashing manager 19 KB of wasm
/// (measured); one `#[inline(never)]` copy per contract, where `self.vm()`
/// is concrete, keeps the host calls devirtualized.
///
/// ```ignore
/// restake_kit::storage_methods!(impl OperatorRegistry; sload sstore slot1 slot2);
/// ```
#[macro_export]
macro_rules! storage_methods {
    (impl $ty:ty; $($method:ident)*) => {
        impl $ty {
            $($crate::__storage_method!($method);)*
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __storage_method {
    (sload) => {
        /// The word at `slot` (the kit's `storage::load`, one out-of-line copy).
        #[inline(never)]
        pub(crate) fn sload(&self, slot: $crate::__U256) -> $crate::__U256 {
            $crate::storage::load(self.vm(), slot)
        }
    };
    (sstore) => {
        /// Writes the word at `slot` (the kit's `storage::store`, one out-of-line copy).
        #[inline(never)]
        pub(crate) fn sstore(&mut self, slot: $crate::__U256, value: $crate::__U256) {
            $crate::storage::store(self.vm(), slot, value)
        }
    };
    (slot1) => {
        /// The slot of `key` in a map of one key: `(key, 0)` in `map`.
        #[inline(always)]
        pub(crate) fn slot1(
            &self,
            map: $crate::storage::Map2,
            key: $crate::__B256,
        ) -> $crate::__U256 {
            self.slot2(map, key, $crate::__B256::ZERO)
        }
    };
    (slot2) => {
        /// The slot of `(a, b)` in `map` (the kit's `Map2::slot`, one out-of-line copy).
        #[inline(never)]
        pub(crate) fn slot2(
            &self,
            map: $crate::storage::Map2,
            a: $crate::__B256,
            b: $crate::__B256,
        ) -> $crate::__U256 {
            map.slot(self.vm(), a, b)
        }
    };
    (slot3) => {
        /// The slot of `(a, b, c)` in `map` (the kit's `Map3::slot`, one out-of-line copy).
        #[inline(never)]
        pub(crate) fn slot3(
            &self,
            map: $crate::storage::Map3,
            a: $crate::__B256,
            b: $crate::__B256,
            c: $crate::__B256,
        ) -> $crate::__U256 {
            map.slot(self.vm(), a, b, c)
        }
    };
}
