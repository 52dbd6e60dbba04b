package skbstress.usercheck;

import skbstress.api.SkbConfig;
import skbstress.api.SkbOps;
import skbstress.contract.SkbContracts;
import skbstress.model.SkbModel;

/** The whole contract suite against the reference model, through the entry point a user's tests use. */
class ModelContractTest extends SkbContracts {
    @Override
    protected SkbOps create(SkbConfig config) {
        return new SkbModel(config);
    }
}
