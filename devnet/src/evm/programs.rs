//! Compiled programs: one wasmi engine with the Stylus host functions linked,
//! and each program's instrumented module by code hash, shared across transactions.

use std::collections::HashMap;
use std::rc::Rc;

use revm::primitives::{Address, B256};
use wasmi::{Engine, Linker, Module};

use crate::host::{self, HostState};
use crate::stylus;

use crate::context::Ctx;

/// A compiled program ready to instantiate.
pub struct Compiled {
    pub(super) module: Module,
}

/// Compiled programs by code hash, shared across transactions.
pub struct Programs {
    pub(super) engine: Engine,
    pub(super) linker: Linker<HostState>,
    modules: HashMap<B256, Rc<Compiled>>,
}

impl Default for Programs {
    fn default() -> Self {
        Self::new()
    }
}

impl Programs {
    /// A fresh wasmi engine with the Stylus host functions.
    pub fn new() -> Self {
        let mut config = wasmi::Config::default();
        config
            .wasm_tail_call(false)
            .wasm_multi_memory(false)
            .wasm_extended_const(false)
            .wasm_reference_types(true)
            .wasm_bulk_memory(true)
            .wasm_sign_extension(true)
            .wasm_multi_value(true)
            .floats(false);
        config.set_max_recursion_depth(8192);
        let engine = Engine::new(&config);
        let mut linker = Linker::new(&engine);
        host::link(&mut linker).expect("host functions link");
        Self {
            engine,
            linker,
            modules: HashMap::new(),
        }
    }

    pub(super) fn get(
        &mut self,
        hash: B256,
        code: &[u8],
        ctx: &mut Ctx,
    ) -> Result<Rc<Compiled>, String> {
        if let Some(c) = self.modules.get(&hash) {
            return Ok(c.clone());
        }
        // A fragmented program's fragments were read (and paid for) at activation;
        // Nitro keeps the compiled module, so a call reads nothing here.
        let mut read = |a: Address| (crate::arbos::code_untracked(ctx, a), false);
        let (wasm, _) = crate::arbos::wasm_of(code, u8::MAX, &mut read)?;
        let metered = stylus::instrument(&wasm)?;
        let module = Module::new(&self.engine, &metered).map_err(|e| e.to_string())?;
        let c = Rc::new(Compiled { module });
        self.modules.insert(hash, c.clone());
        Ok(c)
    }
}
