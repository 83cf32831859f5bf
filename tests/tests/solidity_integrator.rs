//! A Solidity integrator (integrator/RestakeDepositor.sol, compiled with solc
//! from npm by scripts/build-integrator.sh) restakes into Restake vaults from
//! its own contract on the devnet.

use alloy::network::TransactionBuilder;
use alloy::primitives::{Bytes, U256};
use alloy::providers::Provider;
use alloy::rpc::types::TransactionRequest;
use restake_e2e::bindings::{IMockLst, IVault};
use restake_e2e::{e18, send, Harness};

alloy::sol! {
    #[sol(rpc)]
    interface IRestakeDepositor {
        function depositEth(address vault) external payable returns (uint256 shares);
        function depositToken(address vault, uint256 amount) external returns (uint256 shares);
        function sharesOf(address user, address vault) external view returns (uint256);
        function valueOf(address user, address vault) external view returns (uint256);
        event Restaked(address indexed user, address indexed vault, uint256 assets, uint256 shares);
    }
}

fn depositor_initcode() -> Bytes {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = root.join("integrator/out/RestakeDepositor.json");
    if !out.exists() {
        let ok = std::process::Command::new("bash")
            .arg(root.join("scripts/build-integrator.sh"))
            .status()
            .expect("run scripts/build-integrator.sh")
            .success();
        assert!(ok, "compiling the integrator failed");
    }
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(out).unwrap()).unwrap();
    json["bytecode"].as_str().unwrap().parse().unwrap()
}

#[tokio::test(flavor = "current_thread")]
async fn solidity_contract_restakes_eth_and_an_lst() {
    let h = Harness::start(Default::default()).await;
    let (user_p, user) = h.actor(4);
    // Deploy the integrator as plain EVM initcode.
    let tx = TransactionRequest::default().with_deploy_code(depositor_initcode());
    let receipt = user_p.send_transaction(tx).await.unwrap().get_receipt().await.unwrap();
    assert!(receipt.status());
    let depositor_addr = receipt.contract_address.unwrap();
    let depositor = IRestakeDepositor::new(depositor_addr, &user_p);

    // ETH: the integrator forwards msg.value into the ETH vault (EVM → Stylus).
    let r = send!(depositor.depositEth(h.suite.eth_vault).value(e18(3)));
    let ev = r.decoded_log::<IRestakeDepositor::Restaked>().expect("Restaked");
    assert_eq!((ev.user, ev.vault, ev.assets, ev.shares), (user, h.suite.eth_vault, e18(3), e18(3)));
    let eth_vault = IVault::new(h.suite.eth_vault, &user_p);
    assert_eq!(eth_vault.depositShares(depositor_addr).call().await.unwrap(), e18(3));
    assert_eq!(depositor.sharesOf(user, h.suite.eth_vault).call().await.unwrap(), e18(3));
    assert_eq!(depositor.valueOf(user, h.suite.eth_vault).call().await.unwrap(), e18(3));

    // LST: the user approves the integrator, which pulls and restakes.
    let lst_owner = IMockLst::new(h.suite.lst, &h.owner);
    send!(lst_owner.mint(user, e18(7)));
    let lst = IMockLst::new(h.suite.lst, &user_p);
    send!(lst.approve(depositor_addr, e18(7)));
    send!(depositor.depositToken(h.suite.lst_vault, e18(7)));
    let lst_vault = IVault::new(h.suite.lst_vault, &user_p);
    assert_eq!(lst_vault.depositShares(depositor_addr).call().await.unwrap(), e18(7));
    assert_eq!(lst_vault.totalAssets().call().await.unwrap(), e18(7));
    assert_eq!(lst.balanceOf(user).call().await.unwrap(), U256::ZERO);
    assert_eq!(depositor.valueOf(user, h.suite.lst_vault).call().await.unwrap(), e18(7));
}
