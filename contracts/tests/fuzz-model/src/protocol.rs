//! What the fuzzer needs from a deployed suite: every action it plays and
//! every view it checks, by actor and asset rather than by address. The
//! native property test implements it over motsu contracts, the devnet run
//! over JSON-RPC; the runner ([`crate::run`]) is the same for both.

use crate::{Asset, SetKind, Who, U256};

/// The revert data of a failed call (a custom error's encoding).
pub type Revert = Vec<u8>;

/// The result of an action.
pub type Res<T> = Result<T, Revert>;

/// A registry withdrawal as its views report it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WithdrawalInfo {
    /// Its staker.
    pub staker: Who,
    /// The operator it stays slashable through (`None`: the staker was undelegated).
    pub operator: Option<u8>,
    /// When it can complete.
    pub claimable_at: u64,
    /// Whether it was completed.
    pub completed: bool,
    /// Per entry: the vault's asset and the scaled shares queued.
    pub entries: Vec<(Asset, U256)>,
}

/// An Lrt redemption request as `request(id)` reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestInfo {
    /// Its owner.
    pub owner: Who,
    /// Paid in.
    pub asset: Asset,
    /// 1 pending, 2 claimable, 3 claimed, 4 cancelled.
    pub status: u8,
    /// LRT burned into it.
    pub shares: U256,
    /// Its value at request (ETH).
    pub max_value: U256,
    /// Its payout, fixed at finalization.
    pub assets: U256,
}

/// A deployed suite driven by actor (see the crate docs for the world it
/// must be built as). Actions return the called function's return value or
/// the revert data; views panic if they fail (a failing view is a finding).
#[allow(missing_docs)]
pub trait Protocol {
    // ------------------------------------------------------------ clock
    /// The time the contracts read now.
    fn now(&self) -> u64;
    /// Sets the time every contract reads (only forward).
    fn warp(&mut self, to: u64);
    /// How many events the last action emitted (every contract).
    fn last_events(&self) -> usize;

    // ------------------------------------------------- vaults and registry
    /// `who` deposits `amount` of `asset` into its vault for `receiver`.
    fn vault_deposit(&mut self, who: Who, asset: Asset, amount: U256, receiver: Who) -> Res<U256>;
    /// `who` delegates to `op` (signed by the approver when `op` needs it).
    fn delegate(&mut self, who: Who, op: u8) -> Res<()>;
    /// `caller` undelegates `staker`; the withdrawal id (0: none).
    fn undelegate(&mut self, caller: Who, staker: Who) -> Res<U256>;
    /// `who` redelegates to `op`; the withdrawal id (0: none).
    fn redelegate(&mut self, who: Who, op: u8) -> Res<U256>;
    /// `who` queues deposit shares; the withdrawal id.
    fn queue_withdrawal(&mut self, who: Who, entries: &[(Asset, U256)]) -> Res<U256>;
    /// `who` completes withdrawal `id`.
    fn complete_withdrawal(&mut self, who: Who, id: U256, as_tokens: bool) -> Res<()>;

    // ---------------------------------------------- slashing and evidence
    fn join(&mut self, op: u8, set: SetKind) -> Res<()>;
    fn leave(&mut self, op: u8, set: SetKind) -> Res<()>;
    fn allocate(&mut self, op: u8, set: SetKind, asset: Asset, magnitude: u64) -> Res<()>;
    /// The AVS slashes (vaults in ascending address order); the slash id.
    fn slash(&mut self, op: u8, set: SetKind, assets: &[Asset], wad: u64) -> Res<U256>;
    /// The AVS requests a slash in the veto set; the slash id.
    fn request_slash(&mut self, op: u8, assets: &[Asset], wad: u64) -> Res<U256>;
    /// The resolver vetoes.
    fn veto_slash(&mut self, id: U256) -> Res<()>;
    /// The owner (anyone) executes.
    fn execute_slash(&mut self, id: U256) -> Res<()>;
    /// The owner submits two payloads signed by `op`'s registered key at
    /// `height` in the evidence set; the slash id.
    fn submit_evidence(&mut self, op: u8, height: u64) -> Res<U256>;
    /// The recipient claims its credited slashed ETH to itself; the assets.
    fn claim_slashed(&mut self) -> Res<U256>;
    /// Anyone releases the shares of `asset`'s vault slashed for the
    /// recipient (`to_recipient`) or the burn: `(shares, assets)`.
    fn release_slashed(&mut self, asset: Asset, to_recipient: bool) -> Res<(U256, U256)>;

    // ------------------------------------------------------------- Lrt
    fn lrt_deposit(&mut self, who: Who, asset: Asset, amount: U256) -> Res<U256>;
    fn lrt_request(&mut self, who: Who, shares: U256, asset: Asset) -> Res<U256>;
    /// The owner (anyone) finalizes; the payout.
    fn lrt_finalize(&mut self, id: U256) -> Res<U256>;
    fn lrt_cancel(&mut self, who: Who, id: U256) -> Res<U256>;
    /// `who` claims to itself; the payout.
    fn lrt_claim(&mut self, who: Who, id: U256) -> Res<U256>;
    /// `who` exits at once to itself (no minimum); the payout.
    fn lrt_instant(&mut self, who: Who, shares: U256, asset: Asset) -> Res<U256>;
    fn lrt_transfer(&mut self, from: Who, to: Who, shares: U256) -> Res<()>;
    /// `who` calls the Lrt's `checkpoint()`.
    fn lrt_checkpoint(&mut self, who: Who) -> Res<()>;
    /// The manager adds `op` (approved when `op` needs it); the new
    /// sub-account's index.
    fn add_operator(&mut self, op: u8) -> Res<u8>;
    fn restake(&mut self, op: u8, asset: Asset, amount: U256) -> Res<U256>;
    fn unstake(&mut self, op: u8, asset: Asset, shares: U256) -> Res<U256>;
    /// The owner (anyone) completes; the assets received.
    fn complete_unstake(&mut self, op: u8, id: U256) -> Res<U256>;
    /// The owner (anyone) adopts on sub-account `account`.
    fn adopt(&mut self, account: u8, id: U256) -> Res<()>;
    fn redelegate_operator(&mut self, op: u8) -> Res<()>;
    fn remove_operator(&mut self, op: u8) -> Res<()>;
    /// The LST's owner sets its `getRate()`.
    fn set_lst_rate(&mut self, rate: U256) -> Res<()>;
    /// The owner sets the oracle's `getRate()`.
    fn set_oracle_rate(&mut self, rate: U256) -> Res<()>;
    /// The Lrt's owner values the LST through the oracle (or the LST).
    fn set_rate_source(&mut self, oracle: bool) -> Res<()>;
    /// The owner gives ETH (`asset` ETH) or LST to `to` by a plain transfer.
    fn donate(&mut self, to: Who, asset: Asset, amount: U256) -> Res<()>;

    // ------------------------------------------------------------ views
    /// ETH of `who` (on a chain: plus the gas it paid in this run).
    fn eth_balance(&self, who: Who) -> U256;
    fn lst_balance(&self, who: Who) -> U256;
    /// Total shares and total assets.
    fn vault_totals(&self, asset: Asset) -> (U256, U256);
    fn deposit_shares(&self, asset: Asset, staker: Who) -> U256;
    /// The registry's copy of `deposit_shares` (#15: `delegateTo` reads it
    /// instead of calling the vault).
    fn registry_deposit_shares(&self, asset: Asset, staker: Who) -> U256;
    /// The recipient's credited slashed shares in the ETH vault.
    fn slashed_credit(&self) -> U256;
    /// The shares of `asset`'s vault slashed for the recipient
    /// (`to_recipient`) or the burn, not yet released.
    fn slashed_pending(&self, asset: Asset, to_recipient: bool) -> U256;
    fn delegated_to(&self, staker: Who) -> Option<u8>;
    fn withdrawable(&self, staker: Who, asset: Asset) -> U256;
    fn scaling_factor(&self, staker: Who, asset: Asset) -> U256;
    fn operator_stake(&self, op: u8, asset: Asset) -> U256;
    fn max_magnitude(&self, op: u8, asset: Asset) -> u64;
    fn slashable_queued(&self, op: u8, asset: Asset) -> U256;
    fn allocation_delay(&self, op: u8) -> u64;
    fn withdrawal_count(&self) -> u64;
    fn withdrawal(&self, id: u64) -> WithdrawalInfo;
    fn pending_shares(&self, id: u64, asset: Asset) -> U256;
    fn claimable_shares(&self, id: u64, asset: Asset) -> U256;
    /// (allocated now, target after the pending change, when it takes effect).
    fn allocation(&self, op: u8, set: SetKind, asset: Asset) -> (u64, u64, u64);
    fn encumbered(&self, op: u8, asset: Asset) -> u64;
    fn cap_used(&self, op: u8, set: SetKind) -> u64;
    fn slashable_until(&self, op: u8, set: SetKind) -> u64;
    /// (status, executable at) of slash request `id`.
    fn slash_request(&self, id: U256) -> (u8, u64);
    fn last_slash_id(&self) -> u64;
    /// The registry's `slashEpoch()` (#15: moved by every slash).
    fn slash_epoch(&self) -> u64;
    fn evidence_used(&self, op: u8, height: u64) -> bool;
    /// (value, supply, free idle, pending shares).
    fn books(&self) -> (U256, U256, U256, U256);
    fn lrt_total_supply(&self) -> U256;
    fn lrt_balance(&self, who: Who) -> U256;
    fn lrt_rate(&self) -> U256;
    /// (reserved, pending value) of the asset.
    fn lrt_asset(&self, asset: Asset) -> (U256, U256);
    fn asset_rate(&self, asset: Asset) -> U256;
    /// The Lrt's operators in slot order: (operator, sub-account index).
    fn lrt_operators(&self) -> Vec<(u8, u8)>;
    fn lrt_request_count(&self) -> u64;
    fn lrt_request_info(&self, id: u64) -> RequestInfo;
    /// (requested at, finalizable at).
    fn lrt_request_time(&self, id: u64) -> (u64, u64);
    fn account_open_withdrawals(&self, account: u8) -> u64;
    /// Its position snapshot: (vault asset, scaled shares) per entry.
    fn account_snapshot(&self, account: u8) -> Vec<(Asset, U256)>;
    /// `values([ethVault, lstVault])`.
    fn account_values(&self, account: u8) -> [U256; 2];
    fn account_operator(&self, account: u8) -> Option<u8>;
    fn lst_rate(&self) -> U256;
    fn oracle_rate(&self) -> U256;
    /// Whether the Lrt values the LST through the oracle.
    fn rate_source_is_oracle(&self) -> bool;
    /// Whether `data` is a custom error the suite declares (see
    /// [`crate::is_declared_error`]).
    fn is_typed_error(&self, data: &[u8]) -> bool {
        crate::is_declared_error(data)
    }
}
