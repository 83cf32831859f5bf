//! Errors and events written once: [`errors!`](crate::errors) and
//! [`events!`](crate::events) take Solidity declarations and generate, from
//! the same line, the `sol!` item (selector, topic, Rust type), its compact
//! encoder (field order cannot drift from the declaration), and the table
//! the ABI export reads (names, types, `indexed`, documentation).
use alloc::vec::Vec;
use alloy_primitives::B256;

/// A custom error's revert data: its selector and ABI-encoded fields.
pub trait CustomError {
    /// Its ABI entry (name, fields, documentation).
    const ITEM: crate::route::Item;
    /// The revert data.
    fn data(&self) -> Vec<u8>;
}

/// An event's log: its topics (the signature hash, then each indexed field)
/// and its data (the other fields, ABI-encoded as a tuple).
pub struct Log {
    /// Topics; only the first `count` are used.
    pub topics: [B256; 4],
    /// How many topics the event has.
    pub count: usize,
    /// The data.
    pub data: Vec<u8>,
}

impl Log {
    /// The topics in use.
    pub fn topics(&self) -> &[B256] {
        &self.topics[..self.count.min(4)]
    }
}

/// An event that can be emitted.
pub trait EventLog {
    /// Its ABI entry (name, fields, `indexed`, documentation).
    const ITEM: crate::route::Item;
    /// Its log.
    fn log(&self) -> Log;
    /// Hands its topics and data to `sink` (which emits them): an event
    /// whose data is all static words is laid out exactly as a hand-laid
    /// [`log::emit`](crate::log::emit) would (its topics, its words joined
    /// by the one shared [`concat`](crate::abi::concat), no intermediate
    /// [`Log`]); one with a `string`/`bytes` field through [`EventLog::log`].
    /// A contract that emits from many sites passes its one out-of-line
    /// emitter (`|topics, data| self.emit_raw(topics, data)`).
    fn emit_to<F: FnOnce(&[B256], &[u8])>(&self, sink: F);
}

/// Declares custom errors once: `sol!` items, their [`CustomError`]
/// encoders, and the table `$list` for the ABI export.
///
/// ```ignore
/// restake_kit::errors! { ERRORS;
///     /// `caller` may not call this.
///     error RegistryUnauthorized(address caller);
/// }
/// ```
#[macro_export]
macro_rules! errors {
    ($list:ident; $( $(#[doc = $doc:literal])* error $name:ident ( $($ty:ident $field:ident),* $(,)? ); )*) => {
        $crate::__sol! {
            $( $(#[doc = $doc])* #[derive(Debug, PartialEq)] error $name($($ty $field),*); )*
        }
        $(
            impl $crate::items::CustomError for $name {
                const ITEM: $crate::route::Item = $crate::route::Item {
                    name: stringify!($name),
                    params: &[$($crate::route::Param { ty: stringify!($ty), name: stringify!($field), indexed: false }),*],
                    doc: &[$($doc),*],
                };
                #[inline(always)]
                fn data(&self) -> $crate::__Vec<u8> {
                    // Static fields only (almost every error): their words
                    // and the selector, by the one shared encoder, so that
                    // each error adds only its words' conversions to a
                    // wasm's error encoder (a start-up cost on every call).
                    let dynamic = false $(|| $crate::route::is_dynamic(&self.$field))*;
                    if !dynamic {
                        let words: &[::alloy_primitives::B256] =
                            &[$($crate::route::Ret::head(&self.$field)),*];
                        return $crate::abi::error_data(
                            <Self as ::alloy_sol_types::SolError>::SELECTOR,
                            words,
                        );
                    }
                    let names: &[&str] = &[$(stringify!($field)),*];
                    let count = names.len();
                    let mut heads = $crate::__Vec::with_capacity(4 + count * 32);
                    heads.extend_from_slice(&<Self as ::alloy_sol_types::SolError>::SELECTOR);
                    #[allow(unused_mut)]
                    let mut tail = $crate::__Vec::new();
                    $($crate::route::encode_one(&self.$field, count, &mut heads, &mut tail);)*
                    heads.extend_from_slice(&tail);
                    heads
                }
            }
        )*
        /// Every error declared here, for the ABI export.
        pub const $list: &[$crate::route::Item] = &[$(
            <$name as $crate::items::CustomError>::ITEM
        ),*];
    };
}

/// Declares events once: `sol!` items, their [`EventLog`] encoders, and the
/// table `$list` for the ABI export.
///
/// ```ignore
/// restake_kit::events! { EVENTS;
///     /// `operator` registered.
///     event OperatorRegistered(address indexed operator, address approver);
/// }
/// ```
#[macro_export]
macro_rules! events {
    ($list:ident; $( $(#[doc = $doc:literal])* event $name:ident ( $($params:tt)* ); )*) => {
        $crate::__sol! {
            $( $(#[doc = $doc])* #[derive(Debug, PartialEq)] event $name($($params)*); )*
        }
        $(
            impl $name {
                #[doc(hidden)]
                pub const __ITEM: $crate::route::Item = $crate::route::Item {
                    name: stringify!($name),
                    params: $crate::__event_params!([] $($params)*),
                    doc: &[$($doc),*],
                };
            }
            $crate::__event_log!($name [] [] $($params)*);
        )*
        /// Every event declared here, for the ABI export.
        pub const $list: &[$crate::route::Item] = &[$(
            <$name as $crate::items::EventLog>::ITEM
        ),*];
    };
}

/// Sorts an event's fields into topics and data, then writes its encoder.
#[doc(hidden)]
#[macro_export]
macro_rules! __event_log {
    ($name:ident [$($idx:ident)*] [$($dat:ident)*] $ty:ident indexed $field:ident $(, $($rest:tt)*)?) => {
        $crate::__event_log!($name [$($idx)* $field] [$($dat)*] $($($rest)*)?);
    };
    ($name:ident [$($idx:ident)*] [$($dat:ident)*] $ty:ident [] $field:ident $(, $($rest:tt)*)?) => {
        $crate::__event_log!($name [$($idx)*] [$($dat)* $field] $($($rest)*)?);
    };
    ($name:ident [$($idx:ident)*] [$($dat:ident)*] $ty:ident $field:ident $(, $($rest:tt)*)?) => {
        $crate::__event_log!($name [$($idx)*] [$($dat)* $field] $($($rest)*)?);
    };
    ($name:ident [$($idx:ident)*] [$($dat:ident)*]) => {
        impl $crate::items::EventLog for $name {
            const ITEM: $crate::route::Item = $name::__ITEM;
            #[inline(always)]
            fn log(&self) -> $crate::items::Log {
                #[allow(unused_mut)]
                let mut topics = [::alloy_primitives::B256::ZERO; 4];
                topics[0] = <Self as ::alloy_sol_types::SolEvent>::SIGNATURE_HASH;
                #[allow(unused_mut)]
                let mut count = 1usize;
                $(
                    topics[count] = $crate::abi::Word::word(&self.$idx);
                    count += 1;
                )*
                // Static fields only (most events): their words, by the
                // one shared encoder; else heads and tails.
                let dynamic = false $(|| $crate::route::is_dynamic(&self.$dat))*;
                if !dynamic {
                    let words: &[::alloy_primitives::B256] =
                        &[$($crate::route::Ret::head(&self.$dat)),*];
                    let data = $crate::route::static_words(words);
                    return $crate::items::Log { topics, count, data };
                }
                let names: &[&str] = &[$(stringify!($dat)),*];
                let fields = names.len();
                let mut data = $crate::__Vec::with_capacity(fields * 32);
                #[allow(unused_mut)]
                let mut tail = $crate::__Vec::new();
                $($crate::route::encode_one(&self.$dat, fields, &mut data, &mut tail);)*
                data.extend_from_slice(&tail);
                $crate::items::Log { topics, count, data }
            }
            #[inline(always)]
            fn emit_to<F: FnOnce(&[::alloy_primitives::B256], &[u8])>(&self, sink: F) {
                let topics = [
                    <Self as ::alloy_sol_types::SolEvent>::SIGNATURE_HASH,
                    $($crate::abi::Word::word(&self.$idx)),*
                ];
                let dynamic = false $(|| $crate::route::is_dynamic(&self.$dat))*;
                if !dynamic {
                    let words: &[::alloy_primitives::B256] = &[$($crate::route::Ret::head(&self.$dat)),*];
                    sink(&topics, &$crate::abi::concat(words));
                    return;
                }
                let log = <Self as $crate::items::EventLog>::log(self);
                sink(log.topics(), &log.data);
            }
        }
    };
}

/// An event's parameters, for the ABI export.
#[doc(hidden)]
#[macro_export]
macro_rules! __event_params {
    ([$($out:tt)*] $ty:ident indexed $field:ident $(, $($rest:tt)*)?) => {
        $crate::__event_params!([$($out)* $crate::route::Param { ty: stringify!($ty), name: stringify!($field), indexed: true },] $($($rest)*)?)
    };
    ([$($out:tt)*] $ty:ident [] $field:ident $(, $($rest:tt)*)?) => {
        $crate::__event_params!([$($out)* $crate::route::Param { ty: concat!(stringify!($ty), "[]"), name: stringify!($field), indexed: false },] $($($rest)*)?)
    };
    ([$($out:tt)*] $ty:ident $field:ident $(, $($rest:tt)*)?) => {
        $crate::__event_params!([$($out)* $crate::route::Param { ty: stringify!($ty), name: stringify!($field), indexed: false },] $($($rest)*)?)
    };
    ([$($out:tt)*]) => {
        &[$($out)*]
    };
}

/// Declares a contract's error enum: one variant per custom error it
/// returns (each a type declared with [`errors!`](crate::errors)), plus
/// `raw` variants that carry revert data passed on unchanged (a callee's
/// error). Generates the enum, its revert data (`From<Enum> for Vec<u8>`),
/// and `Enum::ABI`, the errors of the contract's ABI: exactly its variants.
///
/// ```ignore
/// restake_kit::error_enum! {
///     /// Every error the registry returns.
///     #[derive(Debug)]
///     pub enum Error {
///         /// See [`RegistryUnauthorized`].
///         Unauthorized(RegistryUnauthorized),
///     }
///     /// A vault call reverted: its revert data, unchanged.
///     raw Vault;
/// }
/// ```
#[macro_export]
macro_rules! error_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[doc = $doc:literal])* $variant:ident($ty:ty), )*
        }
        $( $(#[doc = $rdoc:literal])* raw $raw:ident; )*
    ) => {
        $(#[$meta])*
        $vis enum $name {
            $( $(#[doc = $doc])* $variant($ty), )*
            $( $(#[doc = $rdoc])* $raw($crate::__Vec<u8>), )*
        }

        impl From<$name> for $crate::__Vec<u8> {
            fn from(e: $name) -> $crate::__Vec<u8> {
                match e {
                    $( $name::$variant(e) => $crate::items::CustomError::data(&e), )*
                    $( $name::$raw(data) => data, )*
                }
            }
        }

        impl $name {
            /// The custom errors of the contract's ABI: one per variant.
            pub const ABI: &'static [$crate::route::Item] =
                &[$( <$ty as $crate::items::CustomError>::ITEM ),*];
        }
    };
}
