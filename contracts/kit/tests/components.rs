//! The kit's OpenZeppelin-equivalent components through a real contract
//! under motsu: two-step ownership, the pause flag, and SafeERC20's checks of
//! a token's answer (nothing, `true`, `false`, a dirty bool, a revert, no
//! code at all).
#![allow(missing_docs)]
extern crate alloc;
use alloc::vec::Vec;
use alloy_primitives::{Address, U256};
use motsu::prelude::*;
use restake_kit::{
    ownable::{OwnableInvalidOwner, OwnableUnauthorizedAccount, Ownership},
    pausable::{EnforcedPause, ExpectedPause, Pause, Paused, Unpaused},
    safe_erc20::{self, SafeErc20FailedOperation},
    storage::Slot,
};
use stylus_sdk::{prelude::*, ArbResult};

const OWNERSHIP: Ownership = Ownership::at(Slot::new(0x20), Slot::new(0x21));
const PAUSE: Pause = Pause::at(Slot::new(0x22));

#[storage]
#[entrypoint]
pub struct Holder {}

#[public]
impl Holder {
    pub fn init(&mut self, owner: Address) -> Result<(), Vec<u8>> {
        OWNERSHIP.init(self.vm(), owner).map_err(|e| code(&e))
    }
    pub fn owner(&self) -> Address {
        OWNERSHIP.owner(self.vm())
    }
    pub fn pending_owner(&self) -> Address {
        OWNERSHIP.pending_owner(self.vm())
    }
    pub fn transfer_ownership(&mut self, to: Address) -> Result<(), Vec<u8>> {
        OWNERSHIP
            .transfer_ownership(self.vm(), to)
            .map_err(|e| code(&e))
    }
    pub fn accept_ownership(&mut self) -> Result<(), Vec<u8>> {
        OWNERSHIP.accept_ownership(self.vm()).map_err(|e| code(&e))
    }
    pub fn renounce_ownership(&mut self) -> Result<(), Vec<u8>> {
        OWNERSHIP
            .renounce_ownership(self.vm())
            .map_err(|e| code(&e))
    }
    pub fn pause(&mut self) -> Result<(), Vec<u8>> {
        PAUSE.pause(self.vm()).map_err(|e| code(&e))
    }
    pub fn unpause(&mut self) -> Result<(), Vec<u8>> {
        PAUSE.unpause(self.vm()).map_err(|e| code(&e))
    }
    pub fn guarded(&self) -> Result<(), Vec<u8>> {
        PAUSE.when_not_paused(self.vm()).map_err(|e| code(&e))
    }
    pub fn send(&mut self, token: Address, to: Address, value: U256) -> Result<(), Vec<u8>> {
        safe_erc20::safe_transfer(self.vm(), token, to, value).map_err(|e| code(&e))
    }
    pub fn pull(&mut self, token: Address, from: Address, value: U256) -> Result<(), Vec<u8>> {
        let this = self.vm().contract_address();
        safe_erc20::safe_transfer_from(self.vm(), token, from, this, value).map_err(|e| code(&e))
    }
}

fn code(e: &impl restake_kit::items::CustomError) -> Vec<u8> {
    e.data()
}

/// A token that answers every call as its `mode` says.
#[storage]
pub struct Token {
    mode: stylus_sdk::storage::StorageU256,
    calls: stylus_sdk::storage::StorageU256,
}

#[public]
impl Token {
    pub fn set_mode(&mut self, mode: U256) {
        self.mode.set(mode);
    }
    pub fn calls(&self) -> U256 {
        self.calls.get()
    }
    #[fallback]
    pub fn fallback(&mut self, _input: &[u8]) -> ArbResult {
        self.calls.set(self.calls.get() + U256::from(1));
        let word = |v: u8| {
            let mut w = alloc::vec![0u8; 32];
            w[31] = v;
            w
        };
        match self.mode.get().to::<u8>() {
            0 => Ok(Vec::new()),
            1 => Ok(word(1)),
            2 => Ok(word(0)),
            3 => Ok(word(2)),
            _ => Err(alloc::vec![0xde, 0xad]),
        }
    }
}

unsafe impl TopLevelStorage for Token {}

#[motsu::test]
fn ownership_moves_in_two_steps_and_only_the_owner_acts(
    h: Contract<Holder>,
    alice: Address,
    bob: Address,
) {
    assert_eq!(
        h.sender(alice).init(Address::ZERO).motsu_unwrap_err(),
        code(&OwnableInvalidOwner {
            owner: Address::ZERO
        })
    );
    h.sender(alice).init(alice).motsu_unwrap();
    assert_eq!(h.sender(bob).owner(), alice);
    let refused = code(&OwnableUnauthorizedAccount { account: bob });
    assert_eq!(
        h.sender(bob).transfer_ownership(bob).motsu_unwrap_err(),
        refused
    );
    h.sender(alice).transfer_ownership(bob).motsu_unwrap();
    assert_eq!(h.sender(alice).pending_owner(), bob);
    assert_eq!(
        h.sender(alice).owner(),
        alice,
        "the owner stays until bob accepts"
    );
    assert_eq!(
        h.sender(alice).accept_ownership().motsu_unwrap_err(),
        code(&OwnableUnauthorizedAccount { account: alice })
    );
    h.sender(bob).accept_ownership().motsu_unwrap();
    assert_eq!(
        (h.sender(bob).owner(), h.sender(bob).pending_owner()),
        (bob, Address::ZERO)
    );
    h.sender(bob).renounce_ownership().motsu_unwrap();
    assert_eq!(h.sender(bob).owner(), Address::ZERO);
    assert_eq!(
        h.sender(bob).renounce_ownership().motsu_unwrap_err(),
        refused
    );
}

#[motsu::test]
fn the_pause_flag_refuses_twice_and_guards(h: Contract<Holder>, alice: Address) {
    h.sender(alice).guarded().motsu_unwrap();
    assert_eq!(
        h.sender(alice).unpause().motsu_unwrap_err(),
        code(&ExpectedPause {})
    );
    h.sender(alice).pause().motsu_unwrap();
    h.assert_emitted(&Paused { account: alice });
    assert_eq!(
        h.sender(alice).guarded().motsu_unwrap_err(),
        code(&EnforcedPause {})
    );
    assert_eq!(
        h.sender(alice).pause().motsu_unwrap_err(),
        code(&EnforcedPause {})
    );
    h.sender(alice).unpause().motsu_unwrap();
    h.assert_emitted(&Unpaused { account: alice });
    h.sender(alice).guarded().motsu_unwrap();
}

#[motsu::test]
fn safe_transfers_accept_nothing_or_true_and_refuse_the_rest(
    h: Contract<Holder>,
    token: Contract<Token>,
    alice: Address,
) {
    let t = token.address();
    let failed = code(&SafeErc20FailedOperation { token: t });
    let one = U256::from(1);
    for (mode, ok) in [(0u8, true), (1, true), (2, false), (3, false), (4, false)] {
        token.sender(alice).set_mode(U256::from(mode));
        if ok {
            h.sender(alice).send(t, alice, one).motsu_unwrap();
            h.sender(alice).pull(t, alice, one).motsu_unwrap();
        } else {
            let send = h.sender(alice).send(t, alice, one).motsu_unwrap_err();
            assert_eq!(send, failed, "mode {mode}");
            let pull = h.sender(alice).pull(t, alice, one).motsu_unwrap_err();
            assert_eq!(pull, failed, "mode {mode}");
        }
    }
    assert_eq!(
        token.sender(alice).calls(),
        U256::from(4),
        "only the accepted calls stuck"
    );
    // No code at the token: refused before any call.
    let nobody = Address::with_last_byte(0x77);
    assert_eq!(
        h.sender(alice).send(nobody, alice, one).motsu_unwrap_err(),
        code(&SafeErc20FailedOperation { token: nobody })
    );
}
