//! The ABI router, by hand: the calldata readers, the selector table
//! (`dispatch`), the `Router` impl `#[entrypoint]` dispatches to (and the
//! constructor's decoding), and the export-abi printer.

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::SolCall;
use openzeppelin_stylus::access::ownable_two_step::IOwnable2Step;
use restake_interfaces::{abi::concat, words};
use stylus_sdk::{abi::Bytes, prelude::*};

use crate::storage::{low_u64, ONE, Z};
#[cfg(feature = "test-clock")]
use crate::ITestClock;
use crate::{Error, OperatorRegistry};

// ----------------------------------------------------------------------
// The ABI router, by hand
// ----------------------------------------------------------------------
//
// `#[public]` decodes every argument tuple through alloy's generic
// decoders and formats its errors with `core::fmt`: for this contract that
// came to about a third of the wasm and put it over the Stylus limit. Every
// argument here is a 32-byte word, `bytes`/`string`, or an array of words,
// so a few small readers do the same job. The selectors are those of
// `restake_interfaces::registry::IOperatorRegistry` (tested).

/// Calldata arguments (after the selector), read as ABI words.
struct Args<'a>(&'a [u8]);

impl Args<'_> {
    /// Word `i` (a head slot), or a decoding error if the calldata is short.
    #[inline(never)]
    fn word(&self, i: usize) -> Result<B256, Error> {
        let at = i.checked_mul(32).ok_or(Error::InvalidCalldata)?;
        self.at(at)
    }

    /// The word at byte `at`.
    fn at(&self, at: usize) -> Result<B256, Error> {
        match self.0.get(at..at.saturating_add(32)) {
            Some(w) => Ok(B256::from_slice(w)),
            None => Err(Error::InvalidCalldata),
        }
    }

    fn u256(&self, i: usize) -> Result<U256, Error> {
        Ok(U256::from_be_bytes(self.word(i)?.0))
    }

    /// An unsigned integer of at most `bits` bits (u64 at most); wider values are rejected.
    #[inline(never)]
    fn uint(&self, i: usize, bits: u32) -> Result<u64, Error> {
        let v = self.u256(i)?;
        if v.bit_len() > bits as usize {
            return Err(Error::InvalidCalldata);
        }
        Ok(low_u64(v))
    }

    #[inline(never)]
    fn address(&self, i: usize) -> Result<Address, Error> {
        let w = self.word(i)?;
        if w[..12].iter().any(|&b| b != 0) {
            return Err(Error::InvalidCalldata);
        }
        Ok(Address::from_word(w))
    }

    fn boolean(&self, i: usize) -> Result<bool, Error> {
        Ok(self.uint(i, 1)? == 1)
    }

    /// A dynamic argument at head slot `i`: `(start of its data, length)`.
    #[inline(never)]
    fn dynamic(&self, i: usize, unit: usize) -> Result<(usize, usize), Error> {
        let offset = self.u256(i)?;
        let offset: usize = offset.try_into().map_err(|_| Error::InvalidCalldata)?;
        let len: usize = U256::from_be_bytes(self.at(offset)?.0)
            .try_into()
            .map_err(|_| Error::InvalidCalldata)?;
        let start = offset.checked_add(32).ok_or(Error::InvalidCalldata)?;
        let end = len
            .checked_mul(unit)
            .and_then(|n| n.checked_add(start))
            .ok_or(Error::InvalidCalldata)?;
        if end > self.0.len() {
            return Err(Error::InvalidCalldata);
        }
        Ok((start, len))
    }

    /// `bytes` or `string` at head slot `i`.
    fn bytes(&self, i: usize) -> Result<&[u8], Error> {
        let (start, len) = self.dynamic(i, 1)?;
        // dynamic() checked start + len <= calldata length.
        self.0.get(start..start + len).ok_or(Error::InvalidCalldata)
    }

    /// A `uint256[]` / `address[]` at head slot `i`, as words.
    fn words(&self, i: usize) -> Result<Vec<B256>, Error> {
        let (start, len) = self.dynamic(i, 32)?;
        let mut out = Vec::with_capacity(len);
        for j in 0..len {
            out.push(self.at(start + 32 * j)?);
        }
        Ok(out)
    }
}

/// Return data: static words.
fn ret(words: &[B256]) -> Option<Vec<u8>> {
    Some(concat(words))
}

/// Runs the entry point `selector` names; `None` for an unknown selector.
fn dispatch(
    s: &mut OperatorRegistry,
    selector: [u8; 4],
    a: &Args,
) -> Result<Option<Vec<u8>>, Error> {
    use restake_interfaces::registry::IOperatorRegistry::*;
    let none: Option<Vec<u8>> = Some(Vec::new());
    Ok(match selector {
        // -- owner --
        addVaultCall::SELECTOR => s.add_vault(a.address(0)?).map(|_| none)?,
        setSlashingManagerCall::SELECTOR => s.set_slashing_manager(a.address(0)?).map(|_| none)?,
        ownerCall::SELECTOR => ret(&words![s.owner()]),
        pendingOwnerCall::SELECTOR => ret(&words![s.pending_owner()]),
        transferOwnershipCall::SELECTOR => s.transfer_ownership(a.address(0)?).map(|_| none)?,
        acceptOwnershipCall::SELECTOR => s.accept_ownership().map(|_| none)?,
        renounceOwnershipCall::SELECTOR => s.renounce_ownership().map(|_| none)?,
        // -- operators --
        registerAsOperatorCall::SELECTOR => {
            let delay = a.uint(1, 32)? as u32;
            s.register_as_operator(a.address(0)?, delay, a.bytes(2)?)
                .map(|_| none)?
        }
        updateOperatorMetadataURICall::SELECTOR => {
            s.update_operator_metadata_uri(a.bytes(0)?).map(|_| none)?
        }
        setDelegationApproverCall::SELECTOR => {
            s.set_delegation_approver(a.address(0)?).map(|_| none)?
        }
        // -- delegation --
        delegateToCall::SELECTOR => {
            let signature = Bytes(a.bytes(1)?.to_vec());
            s.delegate_to(a.address(0)?, signature, a.u256(2)?, a.word(3)?)
                .map(|_| none)?
        }
        undelegateCall::SELECTOR => ret(&words![s.undelegate(a.address(0)?)?]),
        redelegateCall::SELECTOR => {
            let signature = Bytes(a.bytes(1)?.to_vec());
            ret(&words![s.redelegate(
                a.address(0)?,
                signature,
                a.u256(2)?,
                a.word(3)?
            )?])
        }
        // -- withdrawal queue --
        queueWithdrawalCall::SELECTOR => {
            let mut vaults = Vec::new();
            for w in a.words(0)? {
                if w[..12].iter().any(|&b| b != 0) {
                    return Err(Error::InvalidCalldata);
                }
                vaults.push(Address::from_word(w));
            }
            let shares = a
                .words(1)?
                .into_iter()
                .map(|w| U256::from_be_bytes(w.0))
                .collect();
            ret(&words![s.queue_withdrawal(vaults, shares)?])
        }
        completeWithdrawalCall::SELECTOR => s
            .complete_withdrawal(a.u256(0)?, a.boolean(1)?)
            .map(|_| none)?,
        // -- vault hook and slashing manager --
        onDepositCall::SELECTOR => s
            .on_deposit(a.address(0)?, a.u256(1)?, a.u256(2)?)
            .map(|_| none)?,
        slashOperatorCall::SELECTOR => {
            let magnitude = a.uint(2, 64)?;
            ret(&words![s.slash_operator(
                a.address(0)?,
                a.address(1)?,
                magnitude
            )?])
        }
        // -- views --
        isOperatorCall::SELECTOR => ret(&words![s.is_operator(a.address(0)?)]),
        isVaultCall::SELECTOR => ret(&words![s.is_vault(a.address(0)?)]),
        vaultsCall::SELECTOR => {
            let list = s.vaults();
            let mut out = concat(&words![U256::from(32), U256::from(list.len())]);
            for v in list {
                out.extend_from_slice(v.into_word().as_slice());
            }
            Some(out)
        }
        allocationDelayCall::SELECTOR => ret(&words![s.allocation_delay(a.address(0)?)]),
        delegationApproverCall::SELECTOR => ret(&words![s.delegation_approver(a.address(0)?)]),
        maxMagnitudeCall::SELECTOR => ret(&words![s.max_magnitude(a.address(0)?, a.address(1)?)]),
        operatorStakeCall::SELECTOR => ret(&words![s.operator_stake(a.address(0)?, a.address(1)?)]),
        delegatedToCall::SELECTOR => ret(&words![s.delegated_to(a.address(0)?)]),
        depositScalingFactorCall::SELECTOR => ret(&words![
            s.deposit_scaling_factor(a.address(0)?, a.address(1)?)
        ]),
        withdrawableSharesCall::SELECTOR => {
            ret(&words![s.withdrawable_shares(a.address(0)?, a.address(1)?)?])
        }
        slashableQueuedSharesCall::SELECTOR => ret(&words![
            s.slashable_queued_shares(a.address(0)?, a.address(1)?)?
        ]),
        isSaltSpentCall::SELECTOR => ret(&words![s.is_salt_spent(a.address(0)?, a.word(1)?)]),
        delegationApprovalDigestCall::SELECTOR => ret(&words![s.delegation_approval_digest(
            a.address(0)?,
            a.address(1)?,
            a.word(2)?,
            a.u256(3)?
        )]),
        withdrawalDelayCall::SELECTOR => ret(&words![s.withdrawal_delay()]),
        slashingManagerCall::SELECTOR => ret(&words![s.slashing_manager()]),
        withdrawalCountCall::SELECTOR => ret(&words![s.withdrawal_count()]),
        withdrawalCall::SELECTOR => {
            let (staker, operator, claimable_at, completed, entries) = s.withdrawal(a.u256(0)?)?;
            ret(&words![staker, operator, claimable_at, completed, entries])
        }
        withdrawalEntryCall::SELECTOR => {
            let (vault, scaled) = s.withdrawal_entry(a.u256(0)?, a.uint(1, 64)?);
            ret(&words![vault, scaled])
        }
        pendingRedeemRequestCall::SELECTOR => {
            ret(&words![s.pending_redeem_request(a.u256(0)?, a.address(1)?)?])
        }
        claimableRedeemRequestCall::SELECTOR => ret(&words![
            s.claimable_redeem_request(a.u256(0)?, a.address(1)?)?
        ]),
        // -- security issue 11, vault and registry findings (sec-vault) --
        acceptsDepositCall::SELECTOR => {
            ret(&words![s.accepts_deposit(a.address(0)?, a.address(1)?)])
        }
        minAllocationDelayCall::SELECTOR => ret(&words![s.min_allocation_delay()]),
        setAllocationDelayCall::SELECTOR => {
            let delay = a.uint(0, 32)? as u32;
            s.set_allocation_delay(delay).map(|_| none)?
        }
        allocationDelayConfigCall::SELECTOR => {
            let (effective, pending, effect_at) = s.allocation_delay_config(a.address(0)?);
            ret(&words![effective, pending, effect_at])
        }
        #[cfg(feature = "test-clock")]
        setTestTimestampCall::SELECTOR => {
            s.set_test_timestamp(a.uint(0, 64)?);
            none
        }
        _ => None,
    })
}

impl OperatorRegistry {
    /// Required by `#[entrypoint]` (normally emitted by `#[public]`): there
    /// are no inherited routers whose overrides need checking.
    #[doc(hidden)]
    pub const fn __stylus_assert_overrides() {}
}

/// The router `#[entrypoint]` dispatches to (and motsu, natively).
impl stylus_sdk::abi::Router<OperatorRegistry> for OperatorRegistry {
    type Storage = OperatorRegistry;

    fn route(s: &mut Self, selector: u32, input: &[u8]) -> Option<stylus_sdk::ArbResult> {
        // Nothing is payable.
        if !s.vm().msg_value().is_zero() {
            return Some(Err(Vec::new()));
        }
        match dispatch(s, selector.to_be_bytes(), &Args(input)) {
            Ok(Some(out)) => Some(Ok(out)),
            Ok(None) => None,
            Err(e) => Some(Err(e.into())),
        }
    }

    fn receive(_: &mut Self) -> Option<Result<(), Vec<u8>>> {
        None
    }

    fn fallback(_: &mut Self, _: &[u8]) -> Option<stylus_sdk::ArbResult> {
        None
    }

    /// `constructor(address owner, uint64 withdrawalDelay)`: once (on the
    /// SDK's constructor slot), not payable.
    fn constructor(s: &mut Self, input: &[u8]) -> Option<stylus_sdk::ArbResult> {
        let guard = stylus_sdk::abi::internal::CONSTRUCTOR_EXECUTED_SLOT;
        if !s.vm().msg_value().is_zero() || s.sload(guard) != Z {
            return Some(Err(Vec::new()));
        }
        s.sstore(guard, ONE);
        let a = Args(input);
        let result = a
            .address(0)
            .and_then(|owner| s.constructor(owner, a.uint(1, 64)?));
        Some(result.map(|_| Vec::new()).map_err(Into::into))
    }
}

/// `cargo run --features export-abi`: the Solidity interface, printed from
/// the `sol!` definition the router dispatches on
/// (`restake_interfaces::registry::IOperatorRegistry`) and its errors.
#[cfg(feature = "export-abi")]
impl stylus_sdk::abi::GenerateAbi for OperatorRegistry {
    const NAME: &'static str = "IOperatorRegistry";

    fn fmt_abi(f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let source = include_str!("../../interfaces/src/registry.rs");
        writeln!(f, "interface IOperatorRegistry {{")?;
        let mut in_interface = false;
        for line in source.lines().map(str::trim) {
            if line.starts_with("interface IOperatorRegistry") {
                in_interface = true;
            } else if in_interface && line == "}" {
                in_interface = false;
            } else if in_interface
                && line.starts_with("function ")
                && !line.contains("setTestTimestamp")
            {
                let line = line
                    .replace("string metadata_uri", "string calldata metadata_uri")
                    .replace("bytes signature", "bytes calldata signature")
                    .replace("address[] vaults", "address[] calldata vaults")
                    .replace("uint256[] shares", "uint256[] calldata shares")
                    .replace("(address[])", "(address[] memory)");
                writeln!(f, "    {line}")?;
            } else if line.starts_with("error ") {
                writeln!(f, "    {line}")?;
            }
        }
        writeln!(f, "}}")
    }

    fn fmt_constructor_signature(f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "constructor(address owner, uint64 withdrawal_delay)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_sol_types::SolCall;
    use motsu::prelude::*;
    use restake_interfaces::registry::IOperatorRegistry::{ownerCall, setTestTimestampCall};

    fn routes(reg: &Contract<OperatorRegistry>, data: &[u8]) -> bool {
        let mut call = reg.sender(Address::with_last_byte(1));
        let selector = [data[0], data[1], data[2], data[3]];
        matches!(
            dispatch(&mut call, selector, &Args(&data[4..])),
            Ok(Some(_))
        )
    }

    /// The release wasm has no test clock: without the `test-clock`
    /// feature (as `cargo test -p restake-registry` and the wasm build
    /// compile it), `setTestTimestamp` does not route.
    #[motsu::test]
    fn test_clock_routes_only_with_its_feature(reg: Contract<OperatorRegistry>) {
        assert!(routes(&reg, &ownerCall {}.abi_encode()));
        let set_clock = setTestTimestampCall { timestamp: 5 }.abi_encode();
        assert_eq!(routes(&reg, &set_clock), cfg!(feature = "test-clock"));
    }
}
