//! The rewards world: the real registry, slashing manager, two vaults (of
//! two mock LSTs), the rewards contract, a mock reward token, and one AVS
//! with one set over both vaults, every clock moved together.
use alloy_primitives::{uint, Address, B256, U256};
use motsu::prelude::*;
use restake_mock_lst::MockLst;
use restake_registry::{ITestClock, OperatorRegistry};
use restake_rewards::Rewards;
use restake_slashing::SlashingManager;
use restake_test_fixtures::{e18, DAY, WAD};
use restake_vault::Vault;

/// The registry's withdrawal delay.
pub const WITHDRAWAL_DELAY: u64 = 7 * DAY;
/// The minimum allocation delay for that withdrawal delay (× 1.25).
pub const ALLOC: u64 = 756_000;
/// The manager's deallocation delay.
pub const DEALLOCATION_DELAY: u64 = 14 * DAY;
/// When rewards start: every allocation made at `T0 - ALLOC` is in force.
pub const T0: u64 = 10_000_000;
/// The set the tests fund.
pub const SET: u32 = 1;
/// 1e15: a rate of 0.001 token per second.
pub const MILLI: U256 = uint!(1_000_000_000_000_000_U256);

/// Everything deployed and wired.
pub struct World {
    pub reg: Contract<OperatorRegistry>,
    pub mgr: Contract<SlashingManager>,
    pub rewards: Contract<Rewards>,
    pub lsts: [Contract<MockLst>; 2],
    pub vaults: [Contract<Vault>; 2],
    pub token: Contract<MockLst>,
    pub owner: Address,
    pub avs: Address,
    pub slasher: Address,
}

impl Default for World {
    fn default() -> Self {
        Self::new()
    }
}

impl World {
    /// Deploys and wires everything at `T0 - ALLOC`; the AVS has set
    /// [`SET`] over both vaults and 1,000,000 reward tokens approved.
    pub fn new() -> Self {
        let w = World {
            reg: Contract::new(),
            mgr: Contract::new(),
            rewards: Contract::new(),
            lsts: [Contract::new(), Contract::new()],
            vaults: [Contract::new(), Contract::new()],
            token: Contract::new(),
            owner: Address::random(),
            avs: Address::random(),
            slasher: Address::random(),
        };
        let o = w.owner;
        w.reg
            .sender(o)
            .constructor(o, WITHDRAWAL_DELAY, Address::ZERO)
            .motsu_unwrap();
        w.mgr
            .sender(o)
            .constructor(w.reg.address(), DEALLOCATION_DELAY, Address::ZERO)
            .motsu_unwrap();
        w.reg
            .sender(o)
            .set_slashing_manager(w.mgr.address())
            .motsu_unwrap();
        w.rewards
            .sender(o)
            .constructor(o, w.reg.address(), w.mgr.address(), Address::ZERO)
            .motsu_unwrap();
        w.reg
            .sender(o)
            .set_rewards(w.rewards.address())
            .motsu_unwrap();
        w.token.sender(o).constructor(o).motsu_unwrap();
        for (lst, vault) in w.lsts.iter().zip(&w.vaults) {
            lst.sender(o).constructor(o).motsu_unwrap();
            vault
                .sender(o)
                .constructor(
                    lst.address(),
                    o,
                    o,
                    w.reg.address(),
                    w.mgr.address(),
                    U256::MAX,
                )
                .motsu_unwrap();
            w.reg.sender(o).add_vault(vault.address()).motsu_unwrap();
        }
        w.at(T0 - ALLOC);
        w.mgr
            .sender(w.avs)
            .register_avs("avs", Address::ZERO)
            .motsu_unwrap();
        w.mgr
            .sender(w.avs)
            .create_operator_set(
                SET,
                &w.vault_addresses(),
                w.slasher,
                Address::ZERO,
                Address::ZERO,
                0,
                WAD,
                DAY,
                0,
                Address::ZERO,
            )
            .motsu_unwrap();
        w.token.sender(o).mint(w.avs, e18(1_000_000)).motsu_unwrap();
        w.token
            .sender(w.avs)
            .approve(w.rewards.address(), U256::MAX)
            .motsu_unwrap();
        w
    }

    /// Moves every contract's clock to `t`.
    pub fn at(&self, t: u64) {
        let o = self.owner;
        self.reg.sender(o).set_test_timestamp(t);
        self.mgr.sender(o).set_test_timestamp(t);
        self.rewards.sender(o).set_test_timestamp(t);
    }

    /// Both vaults' addresses, ascending (as a set and a multiplier list
    /// want them).
    pub fn vault_addresses(&self) -> Vec<Address> {
        let mut v: Vec<Address> = self.vaults.iter().map(|v| v.address()).collect();
        v.sort();
        v
    }

    /// Vault `i`'s address.
    pub fn vault(&self, i: usize) -> Address {
        self.vaults[i].address()
    }

    /// A new operator (no approver), a member of [`SET`], allocating
    /// `magnitudes[i]` of vault `i` to it.
    pub fn operator(&self, magnitudes: [u64; 2]) -> Address {
        let op = Address::random();
        self.reg
            .sender(op)
            .register_as_operator(Address::ZERO, 0, "op")
            .motsu_unwrap();
        self.mgr
            .sender(op)
            .join_operator_set(self.avs, SET)
            .motsu_unwrap();
        for (i, &m) in magnitudes.iter().enumerate() {
            if m != 0 {
                self.mgr
                    .sender(op)
                    .modify_allocation(self.avs, SET, self.vault(i), m)
                    .motsu_unwrap();
            }
        }
        op
    }

    /// A new staker delegated to `operator` (if any) with `amount` of vault
    /// `i`'s asset deposited.
    pub fn staker(&self, operator: Option<Address>, i: usize, amount: U256) -> Address {
        let s = Address::random();
        if let Some(op) = operator {
            self.reg
                .sender(s)
                .delegate_to(op, stylus_sdk::abi::Bytes(vec![]), U256::ZERO, B256::ZERO)
                .motsu_unwrap();
        }
        self.deposit(s, i, amount);
        s
    }

    /// `staker` deposits `amount` more into vault `i`.
    pub fn deposit(&self, staker: Address, i: usize, amount: U256) {
        self.lsts[i]
            .sender(self.owner)
            .mint(staker, amount)
            .motsu_unwrap();
        self.lsts[i]
            .sender(staker)
            .approve(self.vault(i), amount)
            .motsu_unwrap();
        self.vaults[i]
            .sender(staker)
            .deposit(amount, staker)
            .motsu_unwrap();
    }

    /// The AVS funds [`SET`] with `amount` reward tokens over
    /// `[start, start + duration)`, multipliers `m` per vault index.
    pub fn submit(&self, amount: U256, start: u64, duration: u64, m: [U256; 2]) -> U256 {
        let mut pairs: Vec<(Address, U256)> = vec![(self.vault(0), m[0]), (self.vault(1), m[1])];
        pairs.sort();
        let (vaults, ms): (Vec<_>, Vec<_>) = pairs.into_iter().filter(|p| !p.1.is_zero()).unzip();
        self.rewards
            .sender(self.avs)
            .submit(
                SET,
                self.token.address(),
                amount,
                start,
                duration,
                vaults,
                ms,
            )
            .motsu_unwrap()
    }

    /// What `earner` can claim in the reward token.
    pub fn claimable(&self, earner: Address) -> U256 {
        self.rewards
            .sender(earner)
            .claimable(earner, self.token.address())
            .motsu_unwrap()
    }

    /// `earner` claims the reward token to itself; returns what it received.
    pub fn claim(&self, earner: Address) -> U256 {
        let before = self.token.sender(earner).balance_of(earner);
        self.rewards
            .sender(earner)
            .claim(earner, vec![self.token.address()], earner)
            .motsu_unwrap();
        self.token.sender(earner).balance_of(earner) - before
    }

    /// A new reward token (no listing needed), 1,000,000 of it minted to
    /// the AVS and approved to the rewards contract.
    pub fn new_token(&self) -> Contract<MockLst> {
        let t = Contract::<MockLst>::new();
        t.sender(self.owner).constructor(self.owner).motsu_unwrap();
        t.sender(self.owner)
            .mint(self.avs, e18(1_000_000))
            .motsu_unwrap();
        t.sender(self.avs)
            .approve(self.rewards.address(), U256::MAX)
            .motsu_unwrap();
        t
    }

    /// The AVS creates set `set_id` over both vaults (as [`SET`]).
    pub fn create_set(&self, set_id: u32) {
        self.mgr
            .sender(self.avs)
            .create_operator_set(
                set_id,
                &self.vault_addresses(),
                self.slasher,
                Address::ZERO,
                Address::ZERO,
                0,
                WAD,
                DAY,
                0,
                Address::ZERO,
            )
            .motsu_unwrap();
    }

    /// The AVS funds set `set_id` with `amount` of `token` over `[start,
    /// start + duration)`, vault 0 alone weighing (multiplier one).
    pub fn submit_in(&self, set_id: u32, token: Address, amount: U256, start: u64, duration: u64) {
        self.rewards
            .sender(self.avs)
            .submit(
                set_id,
                token,
                amount,
                start,
                duration,
                vec![self.vault(0)],
                vec![U256::from(WAD)],
            )
            .motsu_unwrap();
    }

    /// What `earner` can claim in `token`.
    pub fn claimable_in(&self, earner: Address, token: Address) -> U256 {
        self.rewards
            .sender(earner)
            .claimable(earner, token)
            .motsu_unwrap()
    }

    /// Applies what came due for each of `operators` in [`SET`].
    pub fn sync(&self, operators: &[Address]) {
        for &op in operators {
            self.rewards
                .sender(op)
                .sync(op, self.avs, SET)
                .motsu_unwrap();
        }
    }
}

/// `n` thousandths of a token.
pub fn milli(n: u64) -> U256 {
    MILLI * U256::from(n)
}

/// `n` tokens.
pub fn tokens(n: u64) -> U256 {
    e18(n)
}
