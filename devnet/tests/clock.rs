//! The fixed clock (`--block-time`): each block is stamped its parent's
//! time plus the step, plus what `evm_increaseTime` added, whatever the wall
//! clock says, so a script run twice sees the same times (the gas bench).

use restake_devnet::chain::{Chain, ChainConfig};

#[test]
fn a_fixed_clock_steps_each_block_and_adds_increases() {
    let mut chain = Chain::new(ChainConfig {
        block_time: Some(1),
        ..Default::default()
    });
    let genesis = chain.block(0).expect("genesis").timestamp;
    chain.mine_empty(None);
    chain.mine_empty(None);
    assert_eq!(chain.block(1).expect("block 1").timestamp, genesis + 1);
    assert_eq!(chain.block(2).expect("block 2").timestamp, genesis + 2);
    chain.increase_time(100);
    chain.mine_empty(None);
    assert_eq!(chain.block(3).expect("block 3").timestamp, genesis + 103);
    // An explicit timestamp still wins, and the clock never runs backwards.
    chain.mine_empty(Some(genesis + 500));
    assert_eq!(chain.block(4).expect("block 4").timestamp, genesis + 500);
    chain.mine_empty(None);
    assert_eq!(chain.block(5).expect("block 5").timestamp, genesis + 500);
}
