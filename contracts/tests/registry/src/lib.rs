//! Helpers shared by the registry tests live in the test files.
