//! Restake devnet (work in progress).
