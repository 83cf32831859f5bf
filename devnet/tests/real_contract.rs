//! Our real release wasm (the mock LST, stylus-sdk 0.9 + OpenZeppelin) on the devnet,
//! in-process and through an alloy provider over JSON-RPC.

use std::path::PathBuf;
use std::process::Command;

use alloy::network::{EthereumWallet, TransactionBuilder};
use alloy::primitives::{Address, Bytes, U256};
use alloy::providers::{Provider, ProviderBuilder};
use alloy::rpc::types::{Filter, TransactionRequest};
use alloy::signers::local::PrivateKeySigner;
use alloy::sol;
use alloy::sol_types::{SolCall, SolError, SolEvent, SolValue};
use restake_devnet::rpc::Devnet;
use restake_devnet::*;

sol! {
    #[sol(rpc)]
    #[derive(Debug)]
    interface IMockLst {
        function name() external view returns (string);
        function mint(address to, uint256 value) external;
        function balanceOf(address account) external view returns (uint256);
        function totalSupply() external view returns (uint256);
        function transfer(address to, uint256 value) external returns (bool);
        function owner() external view returns (address);
        event Transfer(address indexed from, address indexed to, uint256 value);
        error OwnableUnauthorizedAccount(address account);
    }
    event ContractDeployed(address deployedContract);
}

/// The mock LST's release wasm; built with cargo in contracts/ when missing.
fn mock_lst_wasm() -> Vec<u8> {
    // The deployable wasm (wasm-opt'd, as scripts/build-wasm.sh leaves it), never the raw
    // cargo output: that one is not what users deploy.
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let path = root.join("contracts/target/deploy/restake_mock_lst.wasm");
    if !path.exists() {
        let status = Command::new("bash")
            .arg(root.join("scripts/build-wasm.sh"))
            .env_remove("CARGO_TARGET_DIR")
            .env_remove("CARGO_BUILD_TARGET_DIR")
            .current_dir(&root)
            .status()
            .expect("run scripts/build-wasm.sh");
        assert!(status.success(), "building the contracts' wasm failed");
    }
    std::fs::read(&path).expect("mock LST wasm")
}

fn dev_signer(i: usize) -> PrivateKeySigner {
    DEV_KEYS[i].parse().unwrap()
}

#[test]
fn dev_keys_match_accounts() {
    for (k, a) in DEV_KEYS.iter().zip(DEV_ACCOUNTS) {
        let s: PrivateKeySigner = k.parse().unwrap();
        assert_eq!(s.address().0 .0, a.0 .0, "key {k}");
    }
}

#[test]
fn mock_lst_in_process() {
    let wasm = mock_lst_wasm();
    let mut chain = Chain::default();
    let owner = DEV_ACCOUNTS[0];
    let ctor = constructor_calldata(&(Address::from(owner.0 .0),).abi_encode_params());
    let lst = deploy_stylus_with_constructor(
        &mut chain,
        owner,
        &wasm,
        &ctor,
        revm::primitives::U256::ZERO,
    )
    .unwrap();
    let call = |chain: &mut Chain, from, data: Vec<u8>| {
        let h = chain
            .send(&TxRequest {
                from,
                to: Some(lst),
                input: data.into(),
                ..Default::default()
            })
            .unwrap();
        chain.tx(h).unwrap().clone()
    };
    let alice = Address::from(DEV_ACCOUNTS[1].0 .0);
    let r = call(
        &mut chain,
        owner,
        IMockLst::mintCall {
            to: alice,
            value: U256::from(1000),
        }
        .abi_encode(),
    );
    assert!(r.status, "mint reverted: {}", r.output);
    assert_eq!(r.logs.len(), 1);
    assert_eq!(r.logs[0].topics[0].0, IMockLst::Transfer::SIGNATURE_HASH.0);
    // Only the owner mints.
    let r = call(
        &mut chain,
        DEV_ACCOUNTS[2],
        IMockLst::mintCall {
            to: alice,
            value: U256::from(1),
        }
        .abi_encode(),
    );
    assert!(!r.status);
    assert_eq!(
        &r.output[..4],
        &IMockLst::OwnableUnauthorizedAccount::SELECTOR
    );
    let out = chain
        .call(
            &TxRequest {
                from: owner,
                to: Some(lst),
                input: IMockLst::balanceOfCall { account: alice }
                    .abi_encode()
                    .into(),
                ..Default::default()
            },
            None,
        )
        .unwrap();
    assert_eq!(U256::from_be_slice(&out.output), U256::from(1000));
    eprintln!(
        "mock LST mint gas used: {}",
        chain
            .tx(chain.block(chain.block_number() - 1).unwrap().txs[0])
            .unwrap()
            .gas_used
    );
}

#[tokio::test(flavor = "current_thread")]
async fn alloy_deploys_activates_and_calls_mock_lst() {
    let wasm = mock_lst_wasm();
    let node = Devnet::start_free_port().unwrap();
    let owner = dev_signer(0);
    let owner_addr = owner.address();
    let provider = ProviderBuilder::new()
        .wallet(EthereumWallet::from(owner))
        .connect_http(node.url().parse().unwrap());
    assert_eq!(provider.get_chain_id().await.unwrap(), 412_346);

    // 1. As cargo-stylus does: a deploy transaction, then ArbWasm.activateProgram.
    let deploy =
        TransactionRequest::default().with_deploy_code(Bytes::from(deploy_initcode(&wasm)));
    let receipt = provider
        .send_transaction(deploy)
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(receipt.status());
    let lst = receipt.contract_address.expect("contract address");
    // Not callable before activation.
    let c = IMockLst::new(lst, &provider);
    // As on Nitro, calling a program that is not activated burns all the gas given.
    let err = c.name().call().await.unwrap_err();
    assert!(err.to_string().contains("OutOfGas"), "{err}");
    let activate = TransactionRequest::default()
        .with_to(Address::from(ARB_WASM.0 .0))
        .with_input(Bytes::from(
            activate_calldata(revm::primitives::Address::from(lst.0 .0)).to_vec(),
        ));
    // Unpaid, activation is refused with ProgramInsufficientValue(0, fee).
    let err = provider.call(activate.clone()).await.unwrap_err();
    let data = err
        .as_error_resp()
        .and_then(|e| e.as_revert_data())
        .expect("revert data");
    assert_eq!(
        &data[..4],
        &alloy::primitives::keccak256("ProgramInsufficientValue(uint256,uint256)")[..4]
    );
    assert_eq!(
        alloy::primitives::U256::from_be_slice(&data[4..36]),
        alloy::primitives::U256::ZERO
    );
    let want = alloy::primitives::U256::from_be_slice(&data[36..68]);
    // The fee as cargo-stylus finds it: an eth_call sending 1 ETH returns (version, dataFee).
    let out = provider
        .call(activate.clone().with_value(
            alloy::primitives::U256::from(10u64).pow(alloy::primitives::U256::from(18)),
        ))
        .await
        .unwrap();
    assert_eq!(
        alloy::primitives::U256::from_be_slice(&out[0..32]),
        alloy::primitives::U256::from(2)
    );
    let fee = alloy::primitives::U256::from_be_slice(&out[32..64]);
    assert_eq!(fee, want);
    let paid = fee * alloy::primitives::U256::from(120) / alloy::primitives::U256::from(100);
    let before = provider.get_balance(owner_addr).await.unwrap();
    let activate = activate.with_value(paid);
    let receipt = provider
        .send_transaction(activate)
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(receipt.status());
    // The sender paid the fee and gas; the 20% margin came back.
    let after = provider.get_balance(owner_addr).await.unwrap();
    let gas_cost =
        alloy::primitives::U256::from(receipt.gas_used as u128 * receipt.effective_gas_price);
    assert_eq!(before - after, fee + gas_cost);
    let ctor = TransactionRequest::default()
        .with_to(lst)
        .with_input(Bytes::from(
            constructor_calldata(&(owner_addr,).abi_encode_params()).to_vec(),
        ));
    assert!(provider
        .send_transaction(ctor)
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap()
        .status());
    assert_eq!(c.name().call().await.unwrap(), "Restake Mock LST");
    assert_eq!(c.owner().call().await.unwrap(), owner_addr);

    // Mint and read the event back.
    let alice = dev_signer(1).address();
    let receipt = c
        .mint(alice, U256::from(5_000))
        .send()
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(receipt.status());
    let ev = receipt
        .decoded_log::<IMockLst::Transfer>()
        .expect("Transfer event");
    assert_eq!(ev.to, alice);
    assert_eq!(ev.value, U256::from(5_000));
    assert_eq!(c.balanceOf(alice).call().await.unwrap(), U256::from(5_000));
    let logs = provider
        .get_logs(
            &Filter::new()
                .address(lst)
                .event_signature(IMockLst::Transfer::SIGNATURE_HASH)
                .from_block(0),
        )
        .await
        .unwrap();
    assert_eq!(logs.len(), 1);

    // Reverts carry their data to the client.
    let alice_wallet = ProviderBuilder::new()
        .wallet(EthereumWallet::from(dev_signer(1)))
        .connect_http(node.url().parse().unwrap());
    let err = IMockLst::new(lst, &alice_wallet)
        .mint(alice, U256::from(1))
        .call()
        .await
        .unwrap_err();
    let decoded = err
        .as_decoded_error::<IMockLst::OwnableUnauthorizedAccount>()
        .expect("custom error");
    assert_eq!(decoded.account, alice);

    // 2. StylusDeployer: create + activate + constructor in one transaction.
    let mut salt = [0u8; 32];
    salt[31] = 7;
    let data = stylus_deployer_calldata(
        &deploy_initcode(&wasm),
        &constructor_calldata(&(owner_addr,).abi_encode_params()),
        revm::primitives::U256::ZERO,
        revm::primitives::U256::from_be_bytes(salt),
    );
    let tx = TransactionRequest::default()
        .with_to(Address::from(STYLUS_DEPLOYER.0 .0))
        .with_input(Bytes::from(data.to_vec()));
    let receipt = provider
        .send_transaction(tx)
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(receipt.status());
    let deployed = receipt
        .decoded_log::<ContractDeployed>()
        .expect("ContractDeployed")
        .deployedContract;
    let c2 = IMockLst::new(deployed, &provider);
    assert_eq!(c2.owner().call().await.unwrap(), owner_addr);
    assert_eq!(c2.totalSupply().call().await.unwrap(), U256::ZERO);
    node.stop();
}
