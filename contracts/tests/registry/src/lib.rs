//! Shared fixtures for the operator registry's native tests (motsu): the
//! registry wired to a real vault over the mock LST, a slashing-manager test
//! address, the test clock, and EIP-712 approver signatures.
use alloy_primitives::{Address, B256, U256};
use alloy_signer::SignerSync;
use alloy_sol_types::{eip712_domain, sol, SolStruct};
use motsu::prelude::*;
use restake_mock_lst::MockLst;
use restake_registry::{ITestClock, OperatorRegistry};
use restake_vault::Vault;
use stylus_sdk::abi::Bytes;

pub use restake_test_fixtures::{e18, E18, WAD};

/// The withdrawal delay the fixtures use (seconds).
pub const DELAY: u64 = 1_000;
/// The fixtures' start time.
pub const T0: u64 = 1_000_000;
/// motsu's chain id.
pub const CHAIN_ID: u64 = 42161;

sol! {
    /// The struct an approver signs (mirrors the registry's EIP-712 type).
    struct DelegationApproval {
        address staker;
        address operator;
        bytes32 salt;
        uint256 expiry;
    }
}

/// The EIP-712 digest, computed independently of the registry with alloy.
pub fn approval_digest(
    registry: Address,
    staker: Address,
    operator: Address,
    salt: B256,
    expiry: U256,
) -> B256 {
    let domain = eip712_domain! {
        name: "Restake OperatorRegistry",
        version: "1",
        chain_id: CHAIN_ID,
        verifying_contract: registry,
    };
    DelegationApproval {
        staker,
        operator,
        salt,
        expiry,
    }
    .eip712_signing_hash(&domain)
}

/// `approver`'s 65-byte signature (`r ‖ s ‖ v`, v = 27/28) of `digest`.
pub fn sign(approver: &Account, digest: B256) -> Bytes {
    let sig = approver
        .signer()
        .sign_hash_sync(&digest)
        .expect("signing works");
    Bytes(sig.as_bytes().to_vec())
}

/// The registry, a vault over the mock LST and their wiring.
pub struct Env<'a> {
    pub reg: &'a Contract<OperatorRegistry>,
    pub vault: &'a Contract<Vault>,
    pub lst: &'a Contract<MockLst>,
    pub owner: Address,
    pub manager: Address,
}

/// Deploys and wires: registry (delay [`DELAY`], clock at [`T0`]), an
/// uncapped LST vault whitelisted in it, `manager` as the slashing manager
/// of both.
pub fn setup<'a>(
    reg: &'a Contract<OperatorRegistry>,
    vault: &'a Contract<Vault>,
    lst: &'a Contract<MockLst>,
    owner: Address,
    manager: Address,
) -> Env<'a> {
    lst.sender(owner).constructor(owner).motsu_unwrap();
    reg.sender(owner)
        .constructor(owner, DELAY, Address::ZERO)
        .motsu_unwrap();
    vault
        .sender(owner)
        .constructor(
            lst.address(),
            owner,
            owner,
            reg.address(),
            manager,
            U256::MAX,
        )
        .motsu_unwrap();
    reg.sender(owner).add_vault(vault.address()).motsu_unwrap();
    reg.sender(owner)
        .set_slashing_manager(manager)
        .motsu_unwrap();
    reg.sender(owner).set_test_timestamp(T0);
    Env {
        reg,
        vault,
        lst,
        owner,
        manager,
    }
}

impl Env<'_> {
    /// Mints `amount` LST to `who` and approves the vault.
    pub fn fund(&self, who: Address, amount: U256) {
        self.lst.sender(self.owner).mint(who, amount).motsu_unwrap();
        self.lst
            .sender(who)
            .approve(self.vault.address(), amount)
            .motsu_unwrap();
    }

    /// Funds `who` and deposits `amount` for it; returns the shares.
    pub fn deposit(&self, who: Address, amount: U256) -> U256 {
        self.fund(who, amount);
        self.vault.sender(who).deposit(amount, who).motsu_unwrap()
    }

    /// Registers `op` with no approver.
    pub fn register(&self, op: Address) {
        self.reg
            .sender(op)
            .register_as_operator(Address::ZERO, 7, "ipfs://op")
            .motsu_unwrap();
    }

    /// Delegates `staker` to an operator without an approver.
    pub fn delegate(&self, staker: Address, op: Address) {
        self.reg
            .sender(staker)
            .delegate_to(op, Bytes(vec![]), U256::ZERO, B256::ZERO)
            .motsu_unwrap();
    }

    /// Slashes `magnitude` of `op` and burns what the registry returns.
    pub fn slash(&self, op: Address, magnitude: u64) -> U256 {
        let shares = self
            .reg
            .sender(self.manager)
            .slash_operator(op, self.vault.address(), magnitude)
            .motsu_unwrap();
        self.vault
            .sender(self.manager)
            .burn_slashed_shares(shares, Address::ZERO)
            .motsu_unwrap();
        shares
    }

    /// Queues `shares` deposit shares of the vault for `staker`.
    pub fn queue(&self, staker: Address, shares: U256) -> U256 {
        self.reg
            .sender(staker)
            .queue_withdrawal(vec![self.vault.address()], vec![shares])
            .motsu_unwrap()
    }

    /// Sets the registry's clock.
    pub fn warp(&self, t: u64) {
        self.reg.sender(self.owner).set_test_timestamp(t);
    }

    /// `staker`'s withdrawable shares in the vault.
    pub fn withdrawable(&self, staker: Address) -> U256 {
        self.reg
            .sender(staker)
            .withdrawable_shares(staker, self.vault.address())
            .motsu_unwrap()
    }

    /// `op`'s stake in the vault.
    pub fn stake(&self, op: Address) -> U256 {
        self.reg.sender(op).operator_stake(op, self.vault.address())
    }

    /// `who`'s LST balance.
    pub fn balance(&self, who: Address) -> U256 {
        self.lst.sender(who).balance_of(who)
    }
}
