//! Polled filters (`eth_newFilter`, `eth_newBlockFilter`,
//! `eth_newPendingTransactionFilter`, `eth_getFilterChanges`,
//! `eth_getFilterLogs`, `eth_uninstallFilter`), as geth keeps them: each
//! remembers the last block it reported and expires after five minutes
//! without a poll.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use revm::primitives::{Address, B256};

/// How long a filter lives without a poll (geth's five minutes).
pub const FILTER_TIMEOUT: Duration = Duration::from_secs(5 * 60);

/// Log criteria, as `eth_getLogs` takes them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogCriteria {
    /// First block (None: the head block at the time of the query).
    pub from: Option<u64>,
    /// Last block (None: the head block at the time of the query).
    pub to: Option<u64>,
    /// Emitting contracts (empty: any).
    pub addresses: Vec<Address>,
    /// Topics by position: None matches anything, else one of the set.
    pub topics: Vec<Option<Vec<B256>>>,
}

impl LogCriteria {
    /// The block range at head block `head` (may be empty: `from > to`).
    pub fn range(&self, head: u64) -> (u64, u64) {
        (self.from.unwrap_or(head), self.to.unwrap_or(head).min(head))
    }
}

/// What a filter reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FilterKind {
    /// New logs matching the criteria.
    Logs(LogCriteria),
    /// Hashes of new blocks.
    Blocks,
    /// Hashes of new transactions (mining is instant, so these are the
    /// transactions mined since the last poll).
    PendingTransactions,
}

/// An installed filter.
#[derive(Clone, Debug)]
pub struct Filter {
    /// What it reports.
    pub kind: FilterKind,
    /// The last block it reported (changes come from later blocks).
    pub cursor: u64,
    last_poll: Instant,
}

/// The installed filters of a chain.
#[derive(Debug)]
pub struct Filters {
    next_id: u64,
    map: HashMap<u64, Filter>,
    /// Lifetime without a poll ([`FILTER_TIMEOUT`]; tests shorten it).
    pub timeout: Duration,
}

impl Default for Filters {
    fn default() -> Self {
        Self {
            next_id: 1,
            map: HashMap::new(),
            timeout: FILTER_TIMEOUT,
        }
    }
}

impl Filters {
    fn expire(&mut self) {
        let timeout = self.timeout;
        self.map.retain(|_, f| f.last_poll.elapsed() <= timeout);
    }

    /// Install a filter whose changes start after block `head`; returns its id.
    pub fn install(&mut self, kind: FilterKind, head: u64) -> u64 {
        self.expire();
        let id = self.next_id;
        self.next_id += 1;
        self.map.insert(
            id,
            Filter {
                kind,
                cursor: head,
                last_poll: Instant::now(),
            },
        );
        id
    }

    /// A live filter, without counting as a poll.
    pub fn get(&mut self, id: u64) -> Option<&Filter> {
        self.expire();
        self.map.get(&id)
    }

    /// Poll a filter at head block `head`: returns its kind and the range of
    /// blocks it has not reported yet (`cursor + 1 ..= head`, empty when
    /// nothing is new), and moves its cursor to `head`.
    pub fn poll(&mut self, id: u64, head: u64) -> Option<(FilterKind, u64, u64)> {
        self.expire();
        let f = self.map.get_mut(&id)?;
        f.last_poll = Instant::now();
        // After evm_revert the chain may be shorter than what was reported.
        let from = f.cursor.min(head) + 1;
        f.cursor = head;
        Some((f.kind.clone(), from, head))
    }

    /// Remove a filter: true if it was installed.
    pub fn uninstall(&mut self, id: u64) -> bool {
        self.expire();
        self.map.remove(&id).is_some()
    }
}
