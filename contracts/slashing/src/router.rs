//! The ABI router, by hand: the calldata reader (`Args`, a strict decoder
//! with one check per call), the return encoder and the selector table the
//! `#[fallback]` entry point runs.

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::SolCall;
use restake_interfaces::slashing::ISlashingManager as I;
use restake_interfaces::{
    abi::{concat, Word},
    slashing::SlashingInvalidCalldata,
    words,
};

use crate::{Error, SlashingManager, MAX_SET_VAULTS};

// ----------------------------------------------------------------------
// ABI: hand-written dispatch over `ISlashingManager`'s selectors
// ----------------------------------------------------------------------

/// A call's arguments (calldata after the selector), read word by word with
/// the checks of a strict ABI decoder: every word in range, no dirty high
/// bits in addresses and small integers, offsets and lengths inside the data.
/// A failed read returns a zero value and marks the arguments malformed;
/// [`Args::check`] turns the mark into [`Error::InvalidCalldata`] before the
/// call runs (one check per call instead of one branch per argument).
struct Args<'a> {
    data: &'a [u8],
    selector: [u8; 4],
    malformed: core::cell::Cell<bool>,
}

impl<'a> Args<'a> {
    fn bad(&self) -> Error {
        Error::InvalidCalldata(SlashingInvalidCalldata {
            selector: self.selector.into(),
        })
    }

    /// Fails if any read so far was malformed.
    fn check(&self) -> Result<(), Error> {
        if self.malformed.get() {
            return Err(self.bad());
        }
        Ok(())
    }

    /// The 32 bytes at byte `at`, whose first `32 - size` bytes must be zero.
    #[inline(never)]
    fn word_at(&self, at: usize, size: usize) -> [u8; 32] {
        let mut out = [0u8; 32];
        match at.checked_add(32).and_then(|end| self.data.get(at..end)) {
            Some(word) if word[..32 - size].iter().all(|b| *b == 0) => out.copy_from_slice(word),
            _ => self.malformed.set(true),
        }
        out
    }

    #[inline(never)]
    fn address(&self, i: usize) -> Address {
        Address::from_word(B256::from(self.word_at(i * 32, 20)))
    }

    #[inline(never)]
    fn u64_at(&self, at: usize) -> u64 {
        U256::from_be_bytes(self.word_at(at, 8)).as_limbs()[0]
    }

    fn u64(&self, i: usize) -> u64 {
        self.u64_at(i * 32)
    }

    #[inline(never)]
    fn u32(&self, i: usize) -> u32 {
        U256::from_be_bytes(self.word_at(i * 32, 4)).as_limbs()[0] as u32
    }

    #[inline(never)]
    fn u256(&self, i: usize) -> U256 {
        U256::from_be_bytes(self.word_at(i * 32, 32))
    }

    /// A dynamic argument at head word `i`: its element count and where its
    /// elements start.
    fn dynamic(&self, i: usize) -> (usize, usize) {
        // An offset or length beyond usize (wasm32) saturates, so the
        // range checks below mark it malformed instead of truncating it.
        let offset = usize::try_from(self.u64(i)).unwrap_or(usize::MAX);
        let len = usize::try_from(self.u64_at(offset)).unwrap_or(usize::MAX);
        (len, offset.saturating_add(32))
    }

    /// A `bytes` or `string` argument.
    #[inline(never)]
    fn bytes(&self, i: usize) -> &'a [u8] {
        let (len, start) = self.dynamic(i);
        match start
            .checked_add(len)
            .and_then(|end| self.data.get(start..end))
        {
            Some(bytes) => bytes,
            None => {
                self.malformed.set(true);
                &[]
            }
        }
    }

    /// An `address[]` argument of at most [`MAX_SET_VAULTS`] elements.
    #[inline(never)]
    fn addresses(&self, i: usize) -> Vec<Address> {
        let (len, start) = self.dynamic(i);
        if len > MAX_SET_VAULTS {
            self.malformed.set(true);
            return Vec::new();
        }
        (0..len)
            .map(|k| Address::from_word(B256::from(self.word_at(start + k * 32, 20))))
            .collect()
    }
}

/// ABI encoding of `words` followed by one dynamic `address[]`.
fn with_addresses(head: &[B256], list: &[Address]) -> Vec<u8> {
    let mut out = concat(head);
    out.extend_from_slice(U256::from((head.len() + 1) * 32).word().as_slice());
    out.extend_from_slice(U256::from(list.len()).word().as_slice());
    for a in list {
        out.extend_from_slice(a.word().as_slice());
    }
    out
}

impl SlashingManager {
    /// Decodes `input` (selector and arguments) as a call to one of the
    /// functions of [`ISlashingManager`](I), runs it and ABI-encodes what
    /// it returns.
    ///
    /// # Errors
    /// * [`Error::InvalidCalldata`] - unknown selector or malformed arguments.
    /// * Whatever the called function returns.
    pub fn dispatch(&mut self, input: &[u8]) -> Result<Vec<u8>, Error> {
        let mut selector = [0u8; 4];
        if let Some(s) = input.get(..4) {
            selector.copy_from_slice(s);
        }
        let a = Args {
            data: input.get(4..).unwrap_or_default(),
            selector,
            malformed: core::cell::Cell::new(false),
        };
        let none = Vec::new();
        // Arguments are read without a branch per argument: a malformed call
        // runs with zeroed arguments, then `check` turns it into
        // `InvalidCalldata`, and the revert undoes whatever it did.
        let result = self.route(&a, selector, none);
        a.check()?;
        result
    }

    fn route(&mut self, a: &Args, selector: [u8; 4], none: Vec<u8>) -> Result<Vec<u8>, Error> {
        Ok(match selector {
            I::configCall::SELECTOR => concat(&words![
                self.registry_address(),
                self.deallocation_delay(),
                self.last_slash_id()
            ]),
            I::registerAvsCall::SELECTOR => {
                self.register_avs(a.bytes(0), a.address(1))?;
                none
            }
            I::updateAvsMetadataCall::SELECTOR => {
                self.update_avs_metadata(a.bytes(0))?;
                none
            }
            I::avsInfoCall::SELECTOR => {
                let (registered, registrar) = self.avs_info(a.address(0));
                concat(&words![registered, registrar])
            }
            I::createOperatorSetCall::SELECTOR => {
                let vaults = a.addresses(1);
                self.create_operator_set(
                    a.u32(0),
                    &vaults,
                    a.address(2),
                    a.address(3),
                    a.address(4),
                    a.u64(5),
                    a.u64(6),
                    a.u64(7),
                    a.u64(8),
                    a.address(9),
                )?;
                none
            }
            I::addVaultCall::SELECTOR => {
                self.add_vault(a.u32(0), a.address(1))?;
                none
            }
            I::removeVaultCall::SELECTOR => {
                self.remove_vault(a.u32(0), a.address(1))?;
                none
            }
            I::operatorSetCall::SELECTOR => {
                let (avs, set_id) = (a.address(0), a.u32(1));
                let (slasher, recipient, resolver, window, cap, period, penalty, verifier) =
                    self.operator_set(avs, set_id);
                with_addresses(
                    &words![slasher, recipient, resolver, window, cap, period, penalty, verifier],
                    &self.set_vaults(avs, set_id),
                )
            }
            I::joinOperatorSetCall::SELECTOR => {
                self.join_operator_set(a.address(0), a.u32(1))?;
                none
            }
            I::leaveOperatorSetCall::SELECTOR => {
                self.leave_operator_set(a.address(0), a.u32(1))?;
                none
            }
            I::slashableUntilCall::SELECTOR => concat(&words![self.slashable_until(
                a.address(0),
                a.address(1),
                a.u32(2)
            )]),
            I::modifyAllocationCall::SELECTOR => {
                self.modify_allocation(a.address(0), a.u32(1), a.address(2), a.u64(3))?;
                none
            }
            I::allocationCall::SELECTOR => {
                let (current, target, effect_at) =
                    self.allocation(a.address(0), a.address(1), a.u32(2), a.address(3))?;
                concat(&words![current, target, effect_at])
            }
            I::encumberedMagnitudeCall::SELECTOR => concat(&words![
                self.encumbered_magnitude(a.address(0), a.address(1))
            ]),
            I::slashableStakeCall::SELECTOR => {
                let stake = self.slashable_stake(
                    a.address(0),
                    a.address(1),
                    a.u32(2),
                    a.address(3),
                    a.u64(4),
                )?;
                concat(&words![stake])
            }
            I::slashCall::SELECTOR | I::requestSlashCall::SELECTOR => {
                let vaults = a.addresses(3);
                let (operator, avs, set_id, wad, description) =
                    (a.address(0), a.address(1), a.u32(2), a.u64(4), a.bytes(5));
                let id = if selector == I::slashCall::SELECTOR {
                    self.slash(operator, avs, set_id, &vaults, wad, description)?
                } else {
                    self.request_slash(operator, avs, set_id, &vaults, wad, description)?
                };
                concat(&words![id])
            }
            I::vetoSlashCall::SELECTOR => {
                self.veto_slash(a.u256(0))?;
                none
            }
            I::executeSlashCall::SELECTOR => {
                self.execute_slash(a.u256(0))?;
                none
            }
            I::slashRequestCall::SELECTOR => {
                let (operator, avs, set_id, wad, executable_at, status, vaults) =
                    self.slash_request(a.u256(0));
                with_addresses(
                    &words![operator, avs, set_id, wad, executable_at, status],
                    &vaults,
                )
            }
            I::capUsedCall::SELECTOR => {
                concat(&words![self.cap_used(a.address(0), a.address(1), a.u32(2))])
            }
            I::slashByEvidenceCall::SELECTOR => concat(&words![self.slash_by_evidence(
                a.address(0),
                a.address(1),
                a.u32(2)
            )?]),
            #[cfg(feature = "test-clock")]
            I::setTestTimestampCall::SELECTOR => {
                self.set_test_timestamp(a.u64(0));
                none
            }
            _ => return Err(a.bad()),
        })
    }
}
