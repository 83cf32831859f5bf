//! Activation check for wasm files: `cargo run -p restake-devnet --example validate -- FILE...`
//! prints, for each file, whether ArbOS 61 would activate it and what activation
//! computes (init and cached costs, the asm estimate the data fee is priced on, the
//! compile gas, functions, instrumented opcodes, the largest stack frame), or why not.

fn main() {
    let mut failed = false;
    for p in std::env::args().skip(1) {
        let wasm = match std::fs::read(&p) {
            Ok(w) => w,
            Err(e) => {
                println!("{p}: cannot read: {e}");
                failed = true;
                continue;
            }
        };
        match restake_devnet::stylus::validate_wasm(&wasm) {
            Ok(c) => println!(
                "{p}: ok  init_cost {} cached_cost {} asm_estimate {} compile_gas {} functions {} ops {} max_frame {}",
                c.init_cost,
                c.cached_cost,
                c.asm_estimate,
                c.compile_gas,
                c.functions,
                c.instrumented_ops,
                c.frames.iter().max().unwrap_or(&0)
            ),
            Err(e) => {
                println!("{p}: REFUSED  {e}");
                failed = true;
            }
        }
    }
    std::process::exit(failed as i32);
}
