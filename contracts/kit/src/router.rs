//! The entrypoint's router: what `#[entrypoint]` dispatches to, generated
//! by [`router!`](crate::router) over a contract's route table, and the
//! check every contract's routing test makes of that table
//! ([`check_routes`]).
//!
//! Under the kit's policy (`docs/malformed-input.md`):
//!
//! * a selector in the table runs its route (ETH refused unless `payable`,
//!   arguments decoded strictly);
//! * an unknown selector, and calldata of fewer than four bytes, answer the
//!   contract's `…InvalidCalldata(bytes4)` (`0x00000000` when there is no
//!   selector), unless the contract hands unknown selectors on (`unknown =>
//!   method`, the Lrt's core to its extension);
//! * empty calldata runs the `receive` method if one is named, else is
//!   refused as above;
//! * the constructor runs once (the SDK's constructor slot, as
//!   `#[constructor]` guards it), takes no ETH, and its arguments are
//!   decoded as strictly as a route's; a second run reverts empty.
use alloc::vec::Vec;

use crate::route::Route;

/// Declares the `Router` `#[entrypoint]` dispatches to (and motsu, natively),
/// over the route table of [`routes!`](crate::routes), and the
/// `GenerateAbi` `cargo stylus export-abi` prints (the interface generated
/// from the tables, under the crate's `export-abi` feature).
///
/// ```ignore
/// restake_kit::router! {
///     impl OperatorRegistry; error Error; invalid Error::invalid_calldata;
///     abi interface_abi as "IOperatorRegistry";
///     constructor(owner: Address, withdrawal_delay: u64) => constructor;
///     // optional: receive => receive_eth;  unknown => forward;
/// }
/// ```
///
/// `abi` names the function returning the contract's
/// [`Abi`](crate::export::Abi) and its interface name; `constructor` the
/// constructor's arguments (types implementing [`Arg`](crate::route::Arg))
/// and the method it runs (returning `Result<(), Error>`); `receive` a
/// method (`&mut self -> Result<(), Error>`) run for empty calldata;
/// `unknown` a method (`&mut self, input: &[u8] -> Result<Vec<u8>,
/// Error>`, given the whole calldata) run for a selector the table lacks.
#[macro_export]
macro_rules! router {
    (
        impl $ty:ident; error $err:ty; invalid $invalid:path;
        abi $abi:path as $abi_name:literal;
        constructor($($arg:ident : $aty:ty),* $(,)?) => $ctor:ident;
        $(receive => $receive:ident;)?
        $(unknown => $unknown:ident;)?
    ) => {
        impl $ty {
            /// Required by `#[entrypoint]` (normally emitted by
            /// `#[public]`): there are no inherited routers whose
            /// overrides need checking.
            #[doc(hidden)]
            pub const fn __stylus_assert_overrides() {}

            /// A call the route table does not serve (`input`: the whole
            /// calldata): fewer than four bytes are refused naming
            /// `0x00000000`; an unknown selector goes to the contract's
            /// `unknown` method if it names one, else is refused naming it.
            #[inline(never)]
            pub fn route_unknown(&mut self, input: &[u8]) -> Result<$crate::__Vec<u8>, $err> {
                $crate::__router_unknown!(self, input, $invalid $(, $unknown)?)
            }

            /// Routes the whole calldata `input` as the entrypoint does
            /// (empty calldata to `receive`, a selector to its route, the
            /// rest to [`Self::route_unknown`]), answering the typed error:
            /// for native tests, which call the contract as a client would.
            pub fn dispatch(&mut self, input: &[u8]) -> Result<$crate::__Vec<u8>, $err> {
                use $crate::__stylus::prelude::*;
                if input.is_empty() {
                    return $crate::__router_receive_typed!(self, input $(, $receive)?);
                }
                let paid = !self.vm().msg_value().is_zero();
                let selector = $crate::router::selector_of(input);
                match input.get(4..).map(|args| self.route_call(selector, args, paid)) {
                    Some(Some(out)) => out,
                    _ => self.route_unknown(input),
                }
            }

            /// The constructor's parameters, for the ABI.
            pub const CONSTRUCTOR: &'static [$crate::route::Param] = &[$(
                $crate::route::Param {
                    ty: <$aty as $crate::route::Arg>::SOL,
                    name: stringify!($arg),
                    indexed: false,
                }
            ),*];
        }

        impl $crate::__stylus::abi::Router<$ty> for $ty {
            type Storage = $ty;

            fn route(
                s: &mut Self,
                selector: u32,
                input: &[u8],
            ) -> Option<$crate::__stylus::ArbResult> {
                use $crate::__stylus::prelude::*;
                let paid = !s.vm().msg_value().is_zero();
                match s.route_call(selector, input, paid) {
                    Some(out) => Some(out.map_err(Into::into)),
                    None => $crate::__router_miss!(selector, $invalid $(, $unknown)?),
                }
            }

            fn receive(s: &mut Self) -> Option<Result<(), $crate::__Vec<u8>>> {
                $crate::__router_receive!(s $(, $receive)?)
            }

            fn fallback(s: &mut Self, input: &[u8]) -> Option<$crate::__stylus::ArbResult> {
                Some(s.route_unknown(input).map_err(Into::into))
            }

            fn constructor(s: &mut Self, input: &[u8]) -> Option<$crate::__stylus::ArbResult> {
                use $crate::__stylus::prelude::*;
                let guard = $crate::__stylus::abi::internal::CONSTRUCTOR_EXECUTED_SLOT;
                // The SDK's own constructor guard slot, used as
                // `#[constructor]` uses it.
                let done = $crate::storage::load(s.vm(), guard);
                if !s.vm().msg_value().is_zero() || !done.is_zero() {
                    return Some(Err($crate::__Vec::new()));
                }
                $crate::storage::store(s.vm(), guard, $crate::__U256::from(1));
                #[allow(unused_variables)]
                let cd = $crate::route::Calldata(input);
                #[allow(unused_mut, unused_variables)]
                let mut head = 0usize;
                $(
                    let Some($arg) = <$aty as $crate::route::Arg>::decode(&cd, head) else {
                        return Some(Err(
                            $invalid($crate::__stylus::abi::CONSTRUCTOR_SELECTOR).into()
                        ));
                    };
                    head += 1;
                )*
                let done: Result<(), $err> = s.$ctor($($arg),*);
                Some(done.map(|_| $crate::__Vec::new()).map_err(Into::into))
            }
        }

        #[cfg(feature = "export-abi")]
        impl $crate::__stylus::abi::GenerateAbi for $ty {
            const NAME: &'static str = $abi_name;

            fn fmt_abi(f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(&$abi().interface())
            }

            fn fmt_constructor_signature(
                f: &mut core::fmt::Formatter<'_>,
            ) -> core::fmt::Result {
                f.write_str("constructor(")?;
                for (i, p) in Self::CONSTRUCTOR.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{} {}", p.ty, p.name)?;
                }
                f.write_str(")")
            }
        }
    };
}

/// The router's `receive`: the named method, or refusal (the fallback's).
#[doc(hidden)]
#[macro_export]
macro_rules! __router_receive {
    ($s:ident) => {
        None
    };
    ($s:ident, $receive:ident) => {
        Some($s.$receive().map_err(Into::into))
    };
}

/// A selector the table lacks, in the router's `route`: refused at once,
/// or (`unknown` named) left to the fallback, which is given the whole
/// calldata.
#[doc(hidden)]
#[macro_export]
macro_rules! __router_miss {
    ($selector:ident, $invalid:path) => {
        Some(Err($invalid($selector).into()))
    };
    ($selector:ident, $invalid:path, $unknown:ident) => {
        None
    };
}

/// The router's answer to empty calldata, typed: the named `receive`
/// method, or the refusal of a call without a selector.
#[doc(hidden)]
#[macro_export]
macro_rules! __router_receive_typed {
    ($s:ident, $input:ident) => {
        $s.route_unknown($input)
    };
    ($s:ident, $input:ident, $receive:ident) => {
        $s.$receive().map(|_| $crate::__Vec::new())
    };
}

/// A call the table does not serve: fewer than four bytes are refused; an
/// unknown selector goes to the named method, or is refused.
#[doc(hidden)]
#[macro_export]
macro_rules! __router_unknown {
    ($s:ident, $input:ident, $invalid:path) => {
        Err($invalid($crate::router::selector_of($input)))
    };
    ($s:ident, $input:ident, $invalid:path, $unknown:ident) => {
        if $input.len() < 4 {
            Err($invalid(0))
        } else {
            $s.$unknown($input)
        }
    };
}

/// The selector of `input`: its first four bytes, or `0` if it has fewer.
pub fn selector_of(input: &[u8]) -> u32 {
    match input.get(..4) {
        Some(&[a, b, c, d]) => u32::from_be_bytes([a, b, c, d]),
        _ => 0,
    }
}

/// The routing test's check of a route table against the `sol!` interface
/// integrators compile against: the same selectors (`interface`, less
/// those a build leaves out), none twice, each documented. Panics with the
/// difference.
///
/// `refused(selector)` must run the route with ETH and no arguments and
/// say whether it answered the contract's refusal for that selector (so
/// the route exists and is not payable); it is asked for every route not
/// listed in `payable`.
pub fn check_routes(
    routes: &[Route],
    interface: &[[u8; 4]],
    payable: &[u32],
    mut refused: impl FnMut(u32) -> bool,
) {
    let mut table: Vec<[u8; 4]> = routes.iter().map(|r| r.selector.to_be_bytes()).collect();
    let mut expected: Vec<[u8; 4]> = interface.to_vec();
    table.sort();
    expected.sort();
    let missing: Vec<_> = expected.iter().filter(|s| !table.contains(s)).collect();
    let extra: Vec<_> = routes
        .iter()
        .filter(|r| !expected.contains(&r.selector.to_be_bytes()))
        .map(|r| r.signature())
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "the route table and the interface differ: missing {missing:02x?}, extra {extra:?}"
    );
    let mut unique = table.clone();
    unique.dedup();
    assert_eq!(unique.len(), table.len(), "a selector is routed twice");
    for route in routes {
        assert!(!route.doc.is_empty(), "{} has no doc", route.signature());
        let is_payable = payable.contains(&route.selector);
        assert_eq!(
            route.mutability == "payable",
            is_payable,
            "{} payability",
            route.signature()
        );
        if !is_payable {
            assert!(
                refused(route.selector),
                "{} does not route",
                route.signature()
            );
        }
    }
}
