//! The route table: one declarative list of a contract's entry points, from
//! which [`routes!`](crate::routes) generates the dispatcher (strict
//! decoding, return encoding), the selectors, and the table the ABI export
//! and the routing test read.
//!
//! # The malformed-calldata policy
//!
//! One policy for every contract on the kit (`docs/malformed-input.md`):
//! arguments are read with the checks of Solidity's decoder, before the
//! function runs. A call is refused (the contract's `…InvalidCalldata(bytes4
//! selector)` error, nothing run) when:
//!
//! * a head word it needs is missing (short calldata);
//! * an `address`, `uintN`, `bool` (or an element of an `address[]`) has
//!   dirty high bits, or a `bool` is neither 0 nor 1;
//! * the offset or length of a `bytes`, `string` or array is not inside the
//!   calldata (64-bit and 32-bit overflow included);
//! * ETH comes with a route that is not `payable`;
//! * the selector is not in the table (the contract may first hand unknown
//!   selectors elsewhere, as the Lrt's core does to its extension).
//!
//! Like Solidity's decoder, it ignores trailing bytes, accepts dynamic data
//! anywhere in range and does not require the padding of the last
//! `bytes`/`string`.
use alloc::{string::String, vec::Vec};
use alloy_primitives::{Address, FixedBytes, B256, I256, U256};
use stylus_sdk::keccak_const::Keccak256;

/// A call's arguments after its selector, read as ABI head words.
#[derive(Clone, Copy)]
pub struct Calldata<'a>(pub &'a [u8]);

impl<'a> Calldata<'a> {
    /// The 32 bytes at byte `at`, if they are all there.
    #[inline(never)]
    pub fn at(&self, at: usize) -> Option<&'a [u8]> {
        self.0.get(at..at.checked_add(32)?)
    }

    /// Head word `i` read as an unsigned integer of `bytes` bytes: `None` if
    /// it is missing or has dirty high bytes.
    #[inline(never)]
    pub fn uint(&self, i: usize, bytes: usize) -> Option<U256> {
        let w = self.at(i.checked_mul(32)?)?;
        if w.iter()
            .take(32usize.saturating_sub(bytes))
            .any(|b| *b != 0)
        {
            return None;
        }
        Some(U256::from_be_slice(w))
    }

    /// Head word `i` read as a word-sized unsigned integer (a `u64` at
    /// most): `None` if it is missing or does not fit in `bytes` bytes.
    fn small(&self, i: usize, bytes: usize) -> Option<u64> {
        self.uint(i, bytes).map(|v| v.as_limbs()[0])
    }

    /// The dynamic value whose offset is head word `i`: `(start of its
    /// data, its length in units)`, checked to lie inside the calldata.
    #[inline(never)]
    pub fn dynamic(&self, i: usize, unit: usize) -> Option<(usize, usize)> {
        // Offsets and lengths above 2^64 are refused; on wasm32 those above
        // 2^32 then fail the range check instead of being truncated (issue
        // #12: a truncated offset read real data).
        let offset = usize::try_from(self.small(i, 8)?).ok()?;
        let len = usize::try_from(Calldata(self.0.get(offset..)?).small(0, 8)?).ok()?;
        let start = offset.checked_add(32)?;
        let end = len.checked_mul(unit)?.checked_add(start)?;
        if end > self.0.len() {
            return None;
        }
        Some((start, len))
    }

    /// The bytes of the `bytes` or `string` whose offset is head word `i`.
    pub fn bytes(&self, i: usize) -> Option<&'a [u8]> {
        let (start, len) = self.dynamic(i, 1)?;
        self.0.get(start..start.checked_add(len)?)
    }

    /// The elements of the array of words whose offset is head word `i`,
    /// each checked to be an unsigned integer of `bytes` bytes.
    pub fn words(&self, i: usize, bytes: usize) -> Option<Vec<U256>> {
        let (start, len) = self.dynamic(i, 32)?;
        let elements = Calldata(self.0.get(start..)?);
        (0..len).map(|j| elements.uint(j, bytes)).collect()
    }
}

/// A `bytes` argument: the bytes in the calldata.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bytes<'a>(pub &'a [u8]);

/// A `string` argument: its bytes in the calldata (UTF-8 is not checked, as
/// Solidity does not check it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Str<'a>(pub &'a [u8]);

impl AsRef<[u8]> for Bytes<'_> {
    fn as_ref(&self) -> &[u8] {
        self.0
    }
}
impl AsRef<[u8]> for Str<'_> {
    fn as_ref(&self) -> &[u8] {
        self.0
    }
}

/// A type a route takes as an argument: its Solidity name and its decoder.
pub trait Arg<'a>: Sized {
    /// The Solidity type, as in a signature.
    const SOL: &'static str;
    /// Decodes the argument whose head word is `i`; `None` if malformed.
    fn decode(cd: &Calldata<'a>, i: usize) -> Option<Self>;
}

macro_rules! uint_arg {
    ($($t:ty => $sol:literal),*) => {$(
        impl Arg<'_> for $t {
            const SOL: &'static str = $sol;
            fn decode(cd: &Calldata<'_>, i: usize) -> Option<Self> {
                cd.small(i, core::mem::size_of::<$t>()).map(|v| v as $t)
            }
        }
    )*};
}
uint_arg!(u8 => "uint8", u16 => "uint16", u32 => "uint32", u64 => "uint64");

impl Arg<'_> for U256 {
    const SOL: &'static str = "uint256";
    fn decode(cd: &Calldata<'_>, i: usize) -> Option<Self> {
        cd.uint(i, 32)
    }
}
impl Arg<'_> for B256 {
    const SOL: &'static str = "bytes32";
    fn decode(cd: &Calldata<'_>, i: usize) -> Option<Self> {
        cd.uint(i, 32).map(B256::from)
    }
}
impl Arg<'_> for Address {
    const SOL: &'static str = "address";
    fn decode(cd: &Calldata<'_>, i: usize) -> Option<Self> {
        cd.uint(i, 20).map(crate::storage::to_address)
    }
}
impl Arg<'_> for bool {
    const SOL: &'static str = "bool";
    fn decode(cd: &Calldata<'_>, i: usize) -> Option<Self> {
        match cd.small(i, 1)? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
}
impl<'a> Arg<'a> for Bytes<'a> {
    const SOL: &'static str = "bytes";
    fn decode(cd: &Calldata<'a>, i: usize) -> Option<Self> {
        cd.bytes(i).map(Bytes)
    }
}
impl<'a> Arg<'a> for Str<'a> {
    const SOL: &'static str = "string";
    fn decode(cd: &Calldata<'a>, i: usize) -> Option<Self> {
        cd.bytes(i).map(Str)
    }
}
impl Arg<'_> for Vec<Address> {
    const SOL: &'static str = "address[]";
    fn decode(cd: &Calldata<'_>, i: usize) -> Option<Self> {
        Some(
            cd.words(i, 20)?
                .into_iter()
                .map(crate::storage::to_address)
                .collect(),
        )
    }
}
impl Arg<'_> for Vec<U256> {
    const SOL: &'static str = "uint256[]";
    fn decode(cd: &Calldata<'_>, i: usize) -> Option<Self> {
        cd.words(i, 32)
    }
}

/// A type a route returns: its Solidity name and its encoding.
pub trait Ret {
    /// The Solidity type, as in a signature.
    const SOL: &'static str;
    /// Whether it is dynamic (encoded in the tail, its head an offset).
    const DYNAMIC: bool = false;
    /// A static value's word (unused for a dynamic one).
    fn head(&self) -> B256;
    /// A dynamic value's tail: its length and padded data.
    fn tail(&self, _out: &mut Vec<u8>) {}
}

macro_rules! word_ret {
    ($($t:ty => $sol:literal),*) => {$(
        impl Ret for $t {
            const SOL: &'static str = $sol;
            fn head(&self) -> B256 {
                crate::abi::Word::word(self)
            }
        }
    )*};
}
word_ret!(
    U256 => "uint256", Address => "address", B256 => "bytes32", bool => "bool",
    u8 => "uint8", u16 => "uint16", u32 => "uint32", u64 => "uint64", u128 => "uint128",
    I256 => "int256",
    FixedBytes<4> => "bytes4"
);

impl Ret for Vec<Address> {
    const SOL: &'static str = "address[]";
    const DYNAMIC: bool = true;
    fn head(&self) -> B256 {
        B256::ZERO
    }
    fn tail(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(crate::abi::Word::word(&U256::from(self.len())).as_slice());
        for a in self {
            out.extend_from_slice(a.into_word().as_slice());
        }
    }
}

impl Ret for Vec<U256> {
    const SOL: &'static str = "uint256[]";
    const DYNAMIC: bool = true;
    fn head(&self) -> B256 {
        B256::ZERO
    }
    fn tail(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(crate::abi::Word::word(&U256::from(self.len())).as_slice());
        for v in self {
            out.extend_from_slice(crate::abi::Word::word(v).as_slice());
        }
    }
}

impl Ret for &str {
    const SOL: &'static str = "string";
    const DYNAMIC: bool = true;
    fn head(&self) -> B256 {
        B256::ZERO
    }
    fn tail(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(crate::abi::Word::word(&U256::from(self.len())).as_slice());
        out.extend_from_slice(self.as_bytes());
        out.resize(out.len() + (32 - self.len() % 32) % 32, 0);
    }
}

impl Ret for alloy_primitives::Bytes {
    const SOL: &'static str = "bytes";
    const DYNAMIC: bool = true;
    fn head(&self) -> B256 {
        B256::ZERO
    }
    fn tail(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(crate::abi::Word::word(&U256::from(self.len())).as_slice());
        out.extend_from_slice(self);
        out.resize(out.len() + (32 - self.len() % 32) % 32, 0);
    }
}

impl Ret for String {
    const SOL: &'static str = "string";
    const DYNAMIC: bool = true;
    fn head(&self) -> B256 {
        B256::ZERO
    }
    fn tail(&self, out: &mut Vec<u8>) {
        self.as_str().tail(out)
    }
}

/// Appends `value` to a return tuple of `count` values being encoded:
/// its word to `heads`, or its offset there and its data to `tail`.
#[inline(always)]
pub fn encode_one<T: Ret>(value: &T, count: usize, heads: &mut Vec<u8>, tail: &mut Vec<u8>) {
    if T::DYNAMIC {
        let offset = U256::from(count * 32 + tail.len());
        heads.extend_from_slice(crate::abi::Word::word(&offset).as_slice());
        value.tail(tail);
    } else {
        heads.extend_from_slice(value.head().as_slice());
    }
}

/// Whether `value`'s type is encoded in the tail (`string`, `bytes`,
/// arrays); a constant once inlined.
#[inline(always)]
pub fn is_dynamic<T: Ret>(_: &T) -> bool {
    T::DYNAMIC
}

/// The return data of static values: their words, end to end. One copy
/// out of line, shared by every route whose return values are all static.
#[inline(never)]
pub fn static_words(words: &[B256]) -> Vec<u8> {
    let mut out = Vec::with_capacity(words.len() * 32);
    for w in words {
        out.extend_from_slice(w.as_slice());
    }
    out
}

/// The selector of `name(args…)`, computed at compile time.
pub const fn selector(name: &str, args: &[&str]) -> u32 {
    let mut k = Keccak256::new().update(name.as_bytes()).update(b"(");
    let mut i = 0;
    while i < args.len() {
        if i > 0 {
            k = k.update(b",");
        }
        k = k.update(args[i].as_bytes());
        i += 1;
    }
    let h = k.update(b")").finalize();
    u32::from_be_bytes([h[0], h[1], h[2], h[3]])
}

/// One parameter of a function, error or event, for the ABI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Param {
    /// Its Solidity type.
    pub ty: &'static str,
    /// Its name.
    pub name: &'static str,
    /// Whether it is an indexed event parameter.
    pub indexed: bool,
}

/// One entry point of a route table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Route {
    /// The function's name.
    pub name: &'static str,
    /// Its selector.
    pub selector: u32,
    /// Its arguments.
    pub inputs: &'static [Param],
    /// Its return values.
    pub outputs: &'static [Param],
    /// `view`, `payable` or `nonpayable`.
    pub mutability: &'static str,
    /// Its documentation (the rustdoc lines of the table entry).
    pub doc: &'static [&'static str],
    /// The wasm that serves it, for a contract split over two (`""` if one).
    pub wasm: &'static str,
}

impl Route {
    /// `name(type,…)`.
    pub fn signature(&self) -> String {
        let mut s = String::from(self.name);
        s.push('(');
        for (i, p) in self.inputs.iter().enumerate() {
            if i > 0 {
                s.push(',');
            }
            s.push_str(p.ty);
        }
        s.push(')');
        s
    }
}

/// An error or an event, for the ABI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Item {
    /// Its name.
    pub name: &'static str,
    /// Its parameters.
    pub params: &'static [Param],
    /// Its documentation.
    pub doc: &'static [&'static str],
}

/// Declares a contract's route table and generates its dispatcher.
///
/// ```ignore
/// restake_kit::routes! {
///     impl OperatorRegistry; error Error; invalid Error::invalid_calldata;
///     /// Whitelists `vault` (owner only).
///     fn addVault(vault: Address) fallible => add_vault;
///     /// The owner.
///     fn owner() view -> (owner: Address) => owner;
///     cfg(feature = "test-clock")
///     fn setTestTimestamp(timestamp: u64) => set_test_timestamp;
/// }
/// ```
///
/// Each entry names the Solidity function, its arguments (Rust types
/// implementing [`Arg`]: `Address`, `U256`, `B256`, `bool`, `u8`–`u64`,
/// [`Bytes`], [`Str`], `Vec<Address>`, `Vec<U256>`), its flags (`view` or
/// `payable`, nothing for non-payable; `fallible` if the method returns
/// `Result<_, Error>`), its named return values (types implementing
/// [`Ret`]; one value or a tuple the method returns), and the method it
/// calls. An entry may be compiled only under a `cfg(...)` (a test-only
/// entry point) and, for a contract split over two wasms, name the wasm that
/// serves it (`in ext`; the header's optional `wasm` names the running one,
/// [`ALL`] by default, and each wasm compiles only the arms it serves).
/// Arguments are passed as decoded: a method takes
/// [`Bytes`] and [`Str`] as `impl AsRef<[u8]>`.
///
/// Generates on the contract type: one `<name>_SELECTOR: u32` constant per
/// entry, `ROUTES: &[Route]` (the table, for the ABI export and the routing
/// test), and `route_call(&mut self, selector, input, paid) ->
/// Option<Result<Vec<u8>, Error>>`: `None` for a selector not in the table,
/// else the call's return data or its error (the `invalid` function's
/// error, given the selector, for malformed calldata or ETH sent to a route
/// that is not payable).
#[macro_export]
macro_rules! routes {
    (
        impl $ty:ty; error $err:ty; invalid $invalid:path; wasm $running:expr;
        $(
            $(#[doc = $doc:literal])*
            $(cfg($cfg:meta))?
            $(in $wasm:ident)?
            fn $name:ident ( $($arg:ident : $aty:ty),* $(,)? ) $($flag:ident)*
                $(-> ( $($ret:ident : $rty:ty),+ $(,)? ))?
                => $method:ident;
        )*
    ) => {
        $crate::__paste::paste! {
            #[allow(non_upper_case_globals)]
            impl $ty {
                $(
                    $(#[cfg($cfg)])?
                    #[doc = concat!("The selector of `", stringify!($name), "`.")]
                    pub const [<$name _SELECTOR>]: u32 = $crate::route::selector(
                        stringify!($name),
                        &[$(<$aty as $crate::route::Arg>::SOL),*],
                    );
                )*

                /// The route table: every entry point, for the ABI export
                /// and the routing test.
                pub const ROUTES: &'static [$crate::route::Route] = &[$(
                    $(#[cfg($cfg)])?
                    $crate::route::Route {
                        name: stringify!($name),
                        selector: Self::[<$name _SELECTOR>],
                        inputs: &[$($crate::route::Param {
                            ty: <$aty as $crate::route::Arg>::SOL,
                            name: stringify!($arg),
                            indexed: false,
                        }),*],
                        outputs: &[$($($crate::route::Param {
                            ty: <$rty as $crate::route::Ret>::SOL,
                            name: stringify!($ret),
                            indexed: false,
                        }),+)?],
                        mutability: $crate::__flags!(mutability [$($flag)*]),
                        doc: &[$($doc),*],
                        wasm: concat!("" $(, stringify!($wasm))?),
                    },
                )*];

                /// Runs the entry point `selector` names with `input` (the
                /// calldata after the selector); `paid` is whether the call
                /// carries ETH. `None` if the table has no such selector.
                #[inline(never)]
                pub fn route_call(
                    &mut self,
                    selector: u32,
                    input: &[u8],
                    paid: bool,
                ) -> Option<Result<$crate::__Vec<u8>, $err>> {
                    let cd = $crate::route::Calldata(input);
                    match selector {
                        $(
                            $(#[cfg($cfg)])?
                            Self::[<$name _SELECTOR>] if {
                                const SERVED: bool = $crate::route::serves(
                                    $running, $crate::__wasm_id!($($wasm)?),
                                );
                                SERVED
                            } => Some($crate::__route_arm!(
                                self, cd, paid, selector, $invalid,
                                [$($flag)*],
                                ($($arg : $aty),*),
                                [$($($ret : $rty),+)?],
                                $method
                            )),
                        )*
                        _ => None,
                    }
                }
            }
        }
    };
    (impl $ty:ty; error $err:ty; invalid $invalid:path; $($rest:tt)*) => {
        $crate::routes! {
            impl $ty; error $err; invalid $invalid; wasm $crate::route::ALL;
            $($rest)*
        }
    };
}

/// Which wasm of a split contract is running: both (one wasm, or a native
/// build), the core (the entries without `in ext`) or the extension.
pub const ALL: u8 = 0;
/// The core wasm of a split contract: it serves the entries without `in ext`.
pub const CORE: u8 = 1;
/// The extension wasm of a split contract: it serves the `in ext` entries.
pub const EXT: u8 = 2;

/// Whether the wasm `running` ([`ALL`], [`CORE`] or [`EXT`]) serves an
/// entry of wasm `entry` ([`CORE`] or [`EXT`]). Evaluated at compile time
/// in each route arm, so a wasm holds only the entries it serves.
pub const fn serves(running: u8, entry: u8) -> bool {
    running == ALL || running == entry
}

/// The wasm of a table entry: [`EXT`] for `in ext`, else [`CORE`].
#[doc(hidden)]
#[macro_export]
macro_rules! __wasm_id {
    () => {
        $crate::route::CORE
    };
    (ext) => {
        $crate::route::EXT
    };
}

/// A route's flags (`view`, `payable`, `fallible`), read by the route
/// table: its ABI mutability, whether it takes ETH, and the call (with `?`
/// for a fallible method).
#[doc(hidden)]
#[macro_export]
macro_rules! __flags {
    (mutability []) => { "nonpayable" };
    (mutability [view $($rest:ident)*]) => { "view" };
    (mutability [payable $($rest:ident)*]) => { "payable" };
    (mutability [$other:ident $($rest:ident)*]) => { $crate::__flags!(mutability [$($rest)*]) };
    (payable []) => { false };
    (payable [payable $($rest:ident)*]) => { true };
    (payable [$other:ident $($rest:ident)*]) => { $crate::__flags!(payable [$($rest)*]) };
    (call [] $call:expr) => { $call };
    (call [fallible $($rest:ident)*] $call:expr) => { $call? };
    (call [$other:ident $($rest:ident)*] $call:expr) => { $crate::__flags!(call [$($rest)*] $call) };
}

/// One route's body: the ETH check, the decoding, the call, the encoding.
#[doc(hidden)]
#[macro_export]
macro_rules! __route_arm {
    (
        $s:ident, $cd:ident, $paid:ident, $sel:ident, $invalid:path,
        [$($flag:ident)*], ($($arg:ident : $aty:ty),*), [$($ret:ident : $rty:ty),*],
        $method:ident
    ) => {
        (|| {
            if $paid && !$crate::__flags!(payable [$($flag)*]) {
                return Err($invalid($sel));
            }
            #[allow(unused_mut, unused_variables)]
            let mut head = 0usize;
            $(
                let Some($arg) = <$aty as $crate::route::Arg>::decode(&$cd, head) else {
                    return Err($invalid($sel));
                };
                head += 1;
            )*
            #[allow(clippy::let_unit_value, unused_variables)]
            let out = $crate::__flags!(call [$($flag)*] $s.$method($($arg),*));
            Ok($crate::__encode_returns!(out, [$($ret : $rty),*]))
        })()
    };
}

/// A route's return data.
#[doc(hidden)]
#[macro_export]
macro_rules! __encode_returns {
    ($out:ident, []) => {
        $crate::__Vec::new()
    };
    ($out:ident, [$ret:ident : $rty:ty]) => {{
        if !<$rty as $crate::route::Ret>::DYNAMIC {
            $crate::route::static_words(&[$crate::route::Ret::head(&$out)])
        } else {
            let mut heads = $crate::__Vec::with_capacity(32);
            let mut tail = $crate::__Vec::new();
            $crate::route::encode_one::<$rty>(&$out, 1, &mut heads, &mut tail);
            heads.extend_from_slice(&tail);
            heads
        }
    }};
    ($out:ident, [$($ret:ident : $rty:ty),+]) => {{
        let ($($ret,)+) = $out;
        if !(false $(|| <$rty as $crate::route::Ret>::DYNAMIC)+) {
            return Ok($crate::route::static_words(&[$($crate::route::Ret::head(&$ret)),+]));
        }
        let count = [$(stringify!($ret)),+].len();
        let mut heads = $crate::__Vec::with_capacity(count * 32);
        let mut tail = $crate::__Vec::new();
        $($crate::route::encode_one::<$rty>(&$ret, count, &mut heads, &mut tail);)+
        heads.extend_from_slice(&tail);
        heads
    }};
}
