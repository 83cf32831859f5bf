//! The revm context types every execution module shares: the state database,
//! the context the devnet runs transactions on, and a transaction's error type.
//!
//! A leaf module (it depends on revm only), so the EVM wrapper ([`crate::evm`]),
//! the Stylus host functions ([`crate::host`]), the ArbOS precompiles
//! ([`crate::arbos`]), the history ([`crate::history`]) and the call tracer
//! ([`crate::trace`]) can all name the context without depending on each other.

use revm::context::{BlockEnv, CfgEnv, TxEnv};
use revm::context_interface::result::{EVMError, InvalidTransaction};
use revm::database::{CacheDB, EmptyDB};
use revm::{Context, Journal};

/// The state database.
pub type Db = CacheDB<EmptyDB>;
/// The revm context the devnet runs on.
pub type Ctx = Context<BlockEnv, TxEnv, CfgEnv, Db, Journal<Db>, ()>;
/// The error type of a transaction.
pub type TxError = EVMError<std::convert::Infallible, InvalidTransaction>;
