//! Ethereum JSON-RPC over HTTP: method dispatch and a small threaded HTTP/1.1 server.
//!
//! The chain lives on one thread (an actor); connection threads hand it request
//! bodies and write back its answers, so requests are served strictly in order.
//!
//! Split by role: `wire` (parameter decoding and result encoding), `methods`
//! (the method table), `server` (the HTTP server and the chain's thread) and
//! `client` (a blocking client). Every public item is re-exported here, so
//! `restake_devnet::rpc::{Client, Devnet, NodeConfig, …}` are the paths to use.

mod client;
mod methods;
mod server;
mod wire;

pub use client::Client;
pub use methods::{dispatch, handle_body, is_mutating};
pub use server::{Devnet, NodeConfig, MAX_BODY};
