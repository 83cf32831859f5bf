//! Stylus deployment formats and fees, as Nitro (ArbOS 61) and cargo-stylus
//! define them; pure functions, unit-tested.
//!
//! - **Classic** program: code `EF F0 00 00` + brotli(wasm), when that fits
//!   in [`MAX_CODE_SIZE`] bytes.
//! - **Fragmented** program (ArbOS ≥ 60), when it does not: the brotli
//!   stream is cut into chunks of `MAX_CODE_SIZE - 3` bytes; each is the code
//!   of a plain contract, `EF F0 01` + chunk; the root program's code is
//!   `EF F0 02 00` + the decompressed wasm length (u32, big-endian) + the
//!   fragments' 20-byte addresses, in order. The chain accepts at most
//!   `ArbOwnerPublic.getMaxStylusContractFragments()` fragments.
//! - **Activation** charges a data fee in wei (`ArbWasm.activateProgram`
//!   returns it); a short payment reverts with
//!   `ProgramInsufficientValue(have, want)` and the excess is refunded, so
//!   the deployer sends the estimate plus [`FEE_MARGIN_PERCENT`].

use alloy::primitives::{address, Address, U256};

/// Most bytes of code a contract may have (EIP-170, as Arbitrum keeps it).
pub const MAX_CODE_SIZE: usize = 24_576;
/// Prefix of a classic Stylus program: `EF F0 00` and dictionary 0 (none).
pub const CLASSIC_PREFIX: [u8; 4] = [0xEF, 0xF0, 0x00, 0x00];
/// Prefix of a fragment of a fragmented program.
pub const FRAGMENT_PREFIX: [u8; 3] = [0xEF, 0xF0, 0x01];
/// Prefix of the root of a fragmented program: `EF F0 02` and dictionary 0.
pub const ROOT_PREFIX: [u8; 4] = [0xEF, 0xF0, 0x02, 0x00];
/// Bytes of brotli stream one fragment carries.
pub const FRAGMENT_CHUNK: usize = MAX_CODE_SIZE - FRAGMENT_PREFIX.len();
/// The margin added to the estimated activation data fee, in percent (as
/// cargo-stylus: the fee may rise between estimate and inclusion; the excess
/// is refunded).
pub const FEE_MARGIN_PERCENT: u64 = 20;

/// The StylusDeployer on Arbitrum chains (and on the devnet).
pub const STYLUS_DEPLOYER: Address = address!("cEcba2F1DC234f70Dd89F2041029807F8D03A990");
/// The ArbWasm precompile.
pub const ARB_WASM: Address = address!("0000000000000000000000000000000000000071");
/// The ArbOwnerPublic precompile.
pub const ARB_OWNER_PUBLIC: Address = address!("000000000000000000000000000000000000006b");

alloy::sol! {
    /// The StylusDeployer: create (CREATE2 when `salt` is nonzero), activate
    /// with `msg.value - initValue`, call the constructor with `initValue`,
    /// refund what activation did not use.
    function deploy(bytes bytecode, bytes initData, uint256 initValue, bytes32 salt) external payable returns (address);
    /// ArbWasm: activates the program at `program`, charging the data fee.
    function activateProgram(address program) external payable returns (uint16 version, uint256 dataFee);
    /// ArbOwnerPublic: how many fragments a root program may name.
    function getMaxStylusContractFragments() external view returns (uint8);
    /// ArbWasm: emitted on activation.
    event ProgramActivated(bytes32 indexed codehash, bytes32 moduleHash, address program, uint256 dataFee, uint16 version);
    /// ArbWasm: the value sent does not cover the data fee.
    error ProgramInsufficientValue(uint256 have, uint256 want);
    /// ArbWasm: the program is already activated at this version.
    error ProgramUpToDate();
}

/// brotli (quality 11, window 22, as cargo-stylus) of `wasm`.
pub fn compress(wasm: &[u8]) -> Vec<u8> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    let mut out = Vec::new();
    let mut input = wasm;
    // Writing to a Vec cannot fail; an error would only come from the writer.
    if brotli::BrotliCompress(&mut input, &mut out, &params).is_err() {
        out.clear();
    }
    out
}

/// The classic code of `wasm`: [`CLASSIC_PREFIX`] + brotli(wasm). Its
/// keccak256 identifies the program in the deployment record, whatever form
/// it is deployed in.
pub fn classic_code(wasm: &[u8]) -> Vec<u8> {
    let mut code = CLASSIC_PREFIX.to_vec();
    code.extend(compress(wasm));
    code
}

/// The fragments' codes for a brotli stream: [`FRAGMENT_PREFIX`] + chunks
/// of [`FRAGMENT_CHUNK`] bytes, in order (the last one shorter).
pub fn fragment_codes(compressed: &[u8]) -> Vec<Vec<u8>> {
    compressed
        .chunks(FRAGMENT_CHUNK)
        .map(|chunk| {
            let mut code = FRAGMENT_PREFIX.to_vec();
            code.extend_from_slice(chunk);
            code
        })
        .collect()
}

/// The root program's code: [`ROOT_PREFIX`] + `wasm_len` (u32 big-endian)
/// + the fragments' addresses in order.
pub fn root_code(wasm_len: u32, fragments: &[Address]) -> Vec<u8> {
    let mut code = ROOT_PREFIX.to_vec();
    code.extend_from_slice(&wasm_len.to_be_bytes());
    for f in fragments {
        code.extend_from_slice(f.as_slice());
    }
    code
}

/// How a program goes on chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProgramForm {
    /// One contract whose code is the classic code.
    Classic(Vec<u8>),
    /// Fragment contracts (their codes, in order) and a root naming them.
    Fragmented {
        /// Each fragment's code.
        fragments: Vec<Vec<u8>>,
        /// The decompressed wasm length the root declares.
        wasm_len: u32,
    },
}

/// Errors of [`program_form`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormError {
    /// The wasm is longer than a root's u32 length field can say.
    WasmTooLong(usize),
}

impl std::fmt::Display for FormError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::WasmTooLong(n) => {
                write!(f, "wasm of {n} bytes is too long for a fragmented program")
            }
        }
    }
}

/// The form `wasm` is deployed in: classic when its classic code fits in
/// [`MAX_CODE_SIZE`], otherwise fragments (as cargo-stylus decides).
pub fn program_form(wasm: &[u8]) -> Result<ProgramForm, FormError> {
    form_of_stream(compress(wasm), wasm.len())
}

/// [`program_form`] for an already compressed stream of a `wasm_len`-byte
/// wasm.
pub fn form_of_stream(compressed: Vec<u8>, wasm_len: usize) -> Result<ProgramForm, FormError> {
    if CLASSIC_PREFIX.len() + compressed.len() <= MAX_CODE_SIZE {
        let mut code = CLASSIC_PREFIX.to_vec();
        code.extend(compressed);
        return Ok(ProgramForm::Classic(code));
    }
    let wasm_len = u32::try_from(wasm_len).map_err(|_| FormError::WasmTooLong(wasm_len))?;
    Ok(ProgramForm::Fragmented {
        fragments: fragment_codes(&compressed),
        wasm_len,
    })
}

/// The value to send for activation given the estimated data fee: the fee
/// plus [`FEE_MARGIN_PERCENT`] (rounded up, so a nonzero fee always gets a
/// margin).
pub fn fee_with_margin(fee: U256) -> U256 {
    let margin = fee
        .saturating_mul(U256::from(FEE_MARGIN_PERCENT))
        .div_ceil(U256::from(100u64));
    fee.saturating_add(margin)
}

/// EVM initcode that deploys `code` unchanged: copies the code after its
/// 14-byte header to memory and returns it.
pub fn initcode(code: &[u8]) -> Vec<u8> {
    // A u32 length: code is far below 4 GiB (the caller checks the size).
    let len = u32::try_from(code.len()).unwrap_or(u32::MAX);
    let mut init = vec![0x63]; // PUSH4 len
    init.extend_from_slice(&len.to_be_bytes());
    // DUP1 PUSH1 14 PUSH1 0 CODECOPY PUSH1 0 RETURN
    init.extend_from_slice(&[0x80, 0x60, 14, 0x60, 0x00, 0x39, 0x60, 0x00, 0xF3]);
    init.extend_from_slice(code);
    init
}

/// Calldata of a stylus-sdk (0.9/0.10) `#[constructor]` with ABI-encoded
/// `args`: the selector of `stylus_constructor()`, then the arguments.
pub fn constructor_calldata(args: &[u8]) -> Vec<u8> {
    let mut d = alloy::primitives::keccak256("stylus_constructor()")[..4].to_vec();
    d.extend_from_slice(args);
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy::primitives::address;

    /// Bytes that brotli cannot shrink (a xorshift stream).
    fn incompressible(n: usize) -> Vec<u8> {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect()
    }

    #[test]
    fn small_program_is_classic() {
        let wasm = b"\0asm\x01\0\0\0".repeat(100);
        match program_form(&wasm).unwrap() {
            ProgramForm::Classic(code) => {
                assert_eq!(code[..4], CLASSIC_PREFIX);
                assert_eq!(code, classic_code(&wasm));
                assert!(code.len() <= MAX_CODE_SIZE);
            }
            other => panic!("expected classic, got {other:?}"),
        }
    }

    #[test]
    fn fragments_carry_the_brotli_stream_in_order() {
        let wasm = incompressible(60_000);
        let compressed = compress(&wasm);
        let ProgramForm::Fragmented {
            fragments,
            wasm_len,
        } = program_form(&wasm).unwrap()
        else {
            panic!("60 KB of noise must not fit one contract");
        };
        assert_eq!(wasm_len, 60_000);
        assert_eq!(fragments.len(), compressed.len().div_ceil(FRAGMENT_CHUNK));
        assert_eq!(fragments.len(), 3);
        let mut joined = Vec::new();
        for (i, f) in fragments.iter().enumerate() {
            assert_eq!(f[..3], FRAGMENT_PREFIX, "fragment {i}");
            assert!(
                f.len() <= MAX_CODE_SIZE,
                "fragment {i} is {} bytes",
                f.len()
            );
            if i + 1 < fragments.len() {
                assert_eq!(
                    f.len(),
                    MAX_CODE_SIZE,
                    "every fragment but the last is full"
                );
            }
            joined.extend_from_slice(&f[3..]);
        }
        assert_eq!(joined, compressed);
        // The stream decompresses back to the wasm.
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut &joined[..], &mut out).unwrap();
        assert_eq!(out, wasm);
    }

    #[test]
    fn classic_up_to_the_limit_then_as_many_fragments_as_the_stream_needs() {
        let stream = |n: usize| vec![0xA5u8; n];
        // 4 + 24,572 = 24,576: the largest classic program.
        let classic = form_of_stream(stream(MAX_CODE_SIZE - 4), 100_000).unwrap();
        assert!(matches!(&classic, ProgramForm::Classic(c) if c.len() == MAX_CODE_SIZE));
        for (len, want) in [
            (MAX_CODE_SIZE - 3, 1), // one byte over the classic limit: one full fragment
            (2 * FRAGMENT_CHUNK, 2),
            (2 * FRAGMENT_CHUNK + 1, 3),
        ] {
            match form_of_stream(stream(len), 100_000).unwrap() {
                ProgramForm::Fragmented {
                    fragments,
                    wasm_len,
                } => {
                    assert_eq!(fragments.len(), want, "stream of {len} bytes");
                    assert_eq!(wasm_len, 100_000);
                    assert!(fragments.iter().all(|f| f.len() <= MAX_CODE_SIZE));
                }
                other => panic!("stream of {len} bytes: expected fragments, got {other:?}"),
            }
        }
        assert_eq!(
            form_of_stream(stream(30_000), 1 << 33),
            Err(FormError::WasmTooLong(1 << 33))
        );
    }

    #[test]
    fn root_code_layout() {
        let a = address!("00000000000000000000000000000000000000aa");
        let b = address!("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
        let code = root_code(0x0001_0203, &[a, b]);
        assert_eq!(code.len(), 4 + 4 + 40);
        assert_eq!(code[..4], [0xEF, 0xF0, 0x02, 0x00]);
        assert_eq!(code[4..8], [0x00, 0x01, 0x02, 0x03]);
        assert_eq!(&code[8..28], a.as_slice());
        assert_eq!(&code[28..48], b.as_slice());
    }

    #[test]
    fn fee_margin_is_twenty_percent_rounded_up() {
        assert_eq!(fee_with_margin(U256::ZERO), U256::ZERO);
        assert_eq!(fee_with_margin(U256::from(100u64)), U256::from(120u64));
        assert_eq!(fee_with_margin(U256::from(1u64)), U256::from(2u64));
        let fee = U256::from(80_000_000_000_000u64);
        assert_eq!(fee_with_margin(fee), U256::from(96_000_000_000_000u64));
        assert_eq!(fee_with_margin(U256::MAX), U256::MAX);
    }

    #[test]
    fn initcode_returns_the_code() {
        let code = [0xEF, 0xF0, 0x01, 1, 2, 3];
        let init = initcode(&code);
        assert_eq!(init.len(), 14 + code.len());
        assert_eq!(init[..5], [0x63, 0, 0, 0, 6]);
        assert_eq!(init[14..], code);
    }
}
