//! The precompile set: Ethereum's, plus the ArbOS precompiles ([`crate::arbos`]).

use std::cell::RefCell;
use std::rc::Rc;

use revm::handler::{EthPrecompiles, PrecompileProvider};
use revm::interpreter::{CallInputs, InterpreterResult};
use revm::primitives::{hardfork::SpecId, Address, AddressSet};

use crate::host::TxShared;

use crate::context::Ctx;

/// Precompiles: Ethereum's plus ArbWasm.
pub struct ArbPrecompiles {
    eth: EthPrecompiles,
    warm: AddressSet,
    shared: Rc<RefCell<TxShared>>,
}

fn arbos_warm(eth: &EthPrecompiles) -> AddressSet {
    let mut warm = eth.warm_addresses().clone();
    for a in [
        crate::arbos::ARB_WASM,
        crate::arbos::ARB_WASM_CACHE,
        crate::arbos::ARB_SYS,
        crate::arbos::ARB_OWNER_PUBLIC,
        crate::arbos::ARB_GAS_INFO,
        crate::arbos::NODE_INTERFACE,
    ] {
        warm.insert(a);
    }
    warm
}

impl ArbPrecompiles {
    pub(super) fn new(spec: SpecId, shared: Rc<RefCell<TxShared>>) -> Self {
        let eth = EthPrecompiles::new(spec);
        let warm = arbos_warm(&eth);
        Self { eth, warm, shared }
    }
}

impl PrecompileProvider<Ctx> for ArbPrecompiles {
    type Output = InterpreterResult;

    fn set_spec(&mut self, spec: SpecId) -> bool {
        let changed = <EthPrecompiles as PrecompileProvider<Ctx>>::set_spec(&mut self.eth, spec);
        if changed {
            self.warm = arbos_warm(&self.eth);
        }
        changed
    }

    fn run(
        &mut self,
        ctx: &mut Ctx,
        inputs: &CallInputs,
    ) -> Result<Option<InterpreterResult>, String> {
        if crate::arbos::is_precompile(&inputs.bytecode_address) {
            let pages = self.shared.borrow().mem_open;
            return Ok(Some(crate::arbos::run(ctx, inputs, pages)));
        }
        self.eth.run(ctx, inputs)
    }

    fn warm_addresses(&self) -> &AddressSet {
        &self.warm
    }

    fn contains(&self, address: &Address) -> bool {
        self.warm.contains(address)
    }
}
