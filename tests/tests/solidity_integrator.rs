//! A Solidity integrator (integrator/RestakeDepositor.sol, compiled with solc
//! from npm by scripts/build-integrator.sh) restakes into Restake vaults from
//! its own contract on the devnet, and mints LRT with ETH and an LST.

use alloy::network::TransactionBuilder;
use alloy::primitives::{Bytes, U256};
use alloy::providers::Provider;
use alloy::rpc::types::TransactionRequest;
use restake_e2e::bindings::{ILrt, IMockLst, IVault};
use restake_e2e::{e18, revert_as, send, Harness};

alloy::sol! {
    #[sol(rpc)]
    interface IRestakeDepositor {
        function depositEth(address vault) external payable returns (uint256 shares);
        function depositToken(address vault, uint256 amount) external returns (uint256 shares);
        function sharesOf(address user, address vault) external view returns (uint256);
        function valueOf(address user, address vault) external view returns (uint256);
        function mintLrtWithEth(address lrt, uint256 minShares) external payable returns (uint256 shares);
        function mintLrtWithToken(address lrt, address token, uint256 amount, uint256 minShares) external returns (uint256 shares);
        function withdrawLrt(address lrt, uint256 amount) external;
        function lrtOf(address user, address lrt) external view returns (uint256);
        function lrtValueOf(address user, address lrt) external view returns (uint256);
        event Restaked(address indexed user, address indexed vault, uint256 assets, uint256 shares);
        event MintedLrt(address indexed user, address indexed asset, uint256 assets, uint256 lrtShares);
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

    // LRT: the integrator mints with ETH (its minimum bubbles up as the
    // Lrt's typed error when not met) and with the LST, holds the LRT for
    // its user and hands it over as a plain ERC-20 transfer.
    let eth = restake_deploy::suite::NATIVE_ETH;
    let err = depositor.mintLrtWithEth(h.suite.lrt, e18(3)).value(e18(2)).call().await.unwrap_err();
    match revert_as::<ILrt::ILrtErrors>(err) {
        ILrt::ILrtErrors::LrtSlippage(e) => assert_eq!((e.min_out, e.out), (e18(3), e18(2))),
        other => panic!("unexpected {other:?}"),
    }
    let r = send!(depositor.mintLrtWithEth(h.suite.lrt, e18(2)).value(e18(2)));
    let ev = r.decoded_log::<IRestakeDepositor::MintedLrt>().expect("MintedLrt");
    assert_eq!((ev.user, ev.asset, ev.assets, ev.lrtShares), (user, eth, e18(2), e18(2)));
    send!(lst_owner.mint(user, e18(3)));
    send!(lst.approve(depositor_addr, e18(3)));
    send!(depositor.mintLrtWithToken(h.suite.lrt, h.suite.lst, e18(3), e18(3)));
    let lrt = ILrt::new(h.suite.lrt, &user_p);
    assert_eq!(lrt.balanceOf(depositor_addr).call().await.unwrap(), e18(5));
    assert_eq!(depositor.lrtOf(user, h.suite.lrt).call().await.unwrap(), e18(5));
    assert_eq!(depositor.lrtValueOf(user, h.suite.lrt).call().await.unwrap(), e18(5));
    send!(depositor.withdrawLrt(h.suite.lrt, e18(1)));
    assert_eq!(lrt.balanceOf(user).call().await.unwrap(), e18(1));
    assert_eq!(lrt.balanceOf(depositor_addr).call().await.unwrap(), e18(4));
    assert_eq!(depositor.lrtOf(user, h.suite.lrt).call().await.unwrap(), e18(4));
}
