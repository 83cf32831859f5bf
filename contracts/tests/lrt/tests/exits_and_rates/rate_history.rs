//! L-6: the time-weighted rate history, readable over windows up to 30
//! days, barely moved by a last-second donation.

use super::*;

/// Each rate counts for as long as it lasted: a 1% donation at mid-day
/// weighs half in the day's average, and the annualized rate compares the
/// two halves.
#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn l6_the_average_rate_weights_each_rate_by_how_long_it_lasted(
    lrt: Contract<Lrt>,
    lst: Contract<MockLst>,
    ev: Contract<Vault>,
    lv: Contract<Vault>,
    reg: Contract<MockRegistry>,
    owner: Address,
    manager: Address,
    alice: Address,
) {
    let env = env!(lrt, lst, ev, lv, reg, owner, manager);
    let window_error = |window: u64, available: u64| move |e: Error| matches!(e, Error::RateWindow(LrtRateWindow { window: w, min, available: a }) if w == window && min == MIN_RATE_WINDOW && a == available);
    assert!(window_error(DAY, 0)(
        lrt.sender(alice).average_rate(DAY).motsu_unwrap_err()
    ));
    env.deposit_eth(alice, e18(100));
    lrt.assert_emitted(&RateObserved {
        timestamp: T0,
        rate: E18,
        cumulative: U256::ZERO,
    });
    assert_eq!(lrt.sender(alice).rate_accumulator(), (T0, E18, U256::ZERO));
    // Half a day later, 1 mLST (1%) of rewards, recorded by a checkpoint.
    env.at(T0 + DAY / 2);
    lst.sender(owner).mint(lrt.address(), E18).motsu_unwrap();
    lrt.sender(alice).checkpoint().motsu_unwrap();
    let r1 = rate_at(e18(101), e18(100));
    let c1 = E18 * U256::from(DAY / 2);
    assert_eq!(lrt.sender(alice).rate_accumulator(), (T0 + DAY / 2, r1, c1));
    assert_eq!(lrt.sender(alice).observation(0), (T0 + DAY / 2, c1));
    assert_eq!(lrt.sender(alice).observation(1), (T0, U256::ZERO));
    assert_eq!(lrt.sender(alice).observation(2), (0, U256::ZERO));
    env.at(T0 + DAY);
    let average = (E18 + r1) / U256::from(2);
    assert_eq!(lrt.sender(alice).average_rate(DAY).motsu_unwrap(), average);
    // (a2 − a1) / a1 · YEAR / half a day.
    let growth = mul_div(r1 - E18, WAD, E18, Rounding::Down).unwrap();
    let apr = mul_div(
        growth,
        U256::from(YEAR),
        U256::from(DAY / 2),
        Rounding::Down,
    )
    .unwrap();
    assert_eq!(
        lrt.sender(alice).annualized_rate(DAY).motsu_unwrap(),
        I256::try_from(apr).unwrap()
    );
    // Too short, or longer than the history.
    assert!(window_error(HOUR, DAY)(
        lrt.sender(alice).annualized_rate(HOUR).motsu_unwrap_err()
    ));
    assert!(window_error(DAY + 1, DAY)(
        lrt.sender(alice).average_rate(DAY + 1).motsu_unwrap_err()
    ));
}

/// Hourly observations over 31 days: windows up to 30 days are readable,
/// and steady growth reads as its annual rate.
#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn l6_windows_up_to_30_days_are_readable(
    lrt: Contract<Lrt>,
    lst: Contract<MockLst>,
    ev: Contract<Vault>,
    lv: Contract<Vault>,
    reg: Contract<MockRegistry>,
    owner: Address,
    manager: Address,
    alice: Address,
) {
    let env = env!(lrt, lst, ev, lv, reg, owner, manager);
    env.deposit_eth(alice, e18(100));
    // 0.001 mLST of rewards an hour: 8.76% a year on 100 ETH, simple.
    let per_hour = E18 / U256::from(1000);
    for h in 1..=OBSERVATIONS {
        env.at(T0 + h * OBSERVATION_INTERVAL);
        lst.sender(owner)
            .mint(lrt.address(), per_hour)
            .motsu_unwrap();
        lrt.sender(alice).checkpoint().motsu_unwrap();
    }
    let now = T0 + OBSERVATIONS * OBSERVATION_INTERVAL;
    // 745 observations, 744 kept: the oldest is an hour after T0.
    let available = now - (T0 + OBSERVATION_INTERVAL);
    assert_eq!(lrt.sender(alice).observation(OBSERVATIONS - 1).0, T0 + HOUR);
    assert_eq!(lrt.sender(alice).observation(OBSERVATIONS), (0, U256::ZERO));
    let month = 30 * DAY;
    let apr = lrt.sender(alice).annualized_rate(month).motsu_unwrap();
    // The growth per hour over the window's first-half average (≈ 1.002
    // ETH per LRT), a year of it: ≈ 8.74%; within 0.1 point of it.
    let first_half_mid = (OBSERVATIONS - 540) as u128; // hours since T0 at its middle
    let a1 = 1e18f64 + first_half_mid as f64 * 1e15 / 100.0;
    let expected = 1e15 / 100.0 * 8760.0 / a1 * 1e18;
    let got = apr.into_raw().to::<u128>() as f64;
    assert!(
        (got - expected).abs() < 1e15,
        "apr {got} expected {expected}"
    );
    assert!(lrt.sender(alice).average_rate(month).motsu_unwrap() > E18);
    assert!(matches!(
        lrt.sender(alice).average_rate(32 * DAY).motsu_unwrap_err(),
        Error::RateWindow(e) if e.available == available && e.window == 32 * DAY
    ));
}

/// The cost to move the one-day annualized rate: a donation counts only
/// for as long as it stays in the window, so one made in the last second
/// moves it by a 43,200th of what the two-point reading gave, and moving
/// it by one percentage point takes a gift of 1/730 of a percent of the
/// Lrt's value, left for the whole second half of the day (docs/lrt.md).
#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn l6_a_last_second_donation_barely_moves_the_annualized_rate(
    lrt: Contract<Lrt>,
    lst: Contract<MockLst>,
    ev: Contract<Vault>,
    lv: Contract<Vault>,
    reg: Contract<MockRegistry>,
    owner: Address,
    manager: Address,
    alice: Address,
) {
    let env = env!(lrt, lst, ev, lv, reg, owner, manager);
    env.deposit_eth(alice, e18(100));
    for h in 1..=24 {
        env.at(T0 + h * HOUR);
        lrt.sender(alice).checkpoint().motsu_unwrap();
    }
    env.at(T0 + DAY + DAY - 1);
    assert_eq!(
        lrt.sender(alice).annualized_rate(DAY).motsu_unwrap(),
        I256::ZERO
    );
    // 1 ETH (1%) donated a second before the reading.
    lst.sender(owner).mint(lrt.address(), E18).motsu_unwrap();
    lrt.sender(alice).checkpoint().motsu_unwrap();
    env.at(T0 + 2 * DAY);
    let apr = lrt.sender(alice).annualized_rate(DAY).motsu_unwrap();
    // ≈ 1% · (1 s / 43,200 s) · 730 = 0.0169%; the old reading: 365%.
    let apr = apr.into_raw();
    assert!(
        apr > U256::ZERO && apr < U256::from(170_000_000_000_000u64),
        "{apr}"
    );
    // Moving it by a full point: 1/730 of 1% of the value (0.00137 ETH on
    // 100), donated at mid-window and left there.
    let lrt2 = Contract::<Lrt>::new();
    let lst2 = Contract::<MockLst>::new();
    let (ev2, lv2, reg2) = (
        Contract::<Vault>::new(),
        Contract::<Vault>::new(),
        Contract::<MockRegistry>::new(),
    );
    let env2 = setup(&lrt2, &lst2, &ev2, &lv2, &reg2, owner, manager);
    env2.deposit_eth(alice, e18(100));
    for h in 1..=36 {
        env2.at(T0 + h * HOUR);
        if h == 36 {
            let gift = e18(100) / U256::from(73_000);
            lst2.sender(owner).mint(lrt2.address(), gift).motsu_unwrap();
        }
        lrt2.sender(alice).checkpoint().motsu_unwrap();
    }
    env2.at(T0 + 2 * DAY);
    let apr = lrt2
        .sender(alice)
        .annualized_rate(DAY)
        .motsu_unwrap()
        .into_raw();
    // One point is 1e16; within 1% of it.
    let point = U256::from(10_000_000_000_000_000u64);
    assert!(
        apr > point * U256::from(99) / U256::from(100) && apr <= point,
        "{apr}"
    );
}
