package skbstress.model;

import org.junit.jupiter.api.Nested;
import skbstress.api.SkbConfig;
import skbstress.api.SkbOps;
import skbstress.contract.DatarefContract;
import skbstress.contract.DestructorContract;
import skbstress.contract.ErrorsContract;
import skbstress.contract.FcloneContract;
import skbstress.contract.FragsContract;
import skbstress.contract.GeometryContract;
import skbstress.contract.MisuseContract;
import skbstress.contract.PageFlipContract;
import skbstress.contract.ScenarioContract;
import skbstress.contract.SlabContract;
import skbstress.contract.UsersContract;
import skbstress.contract.ZeroCopyContract;

/** The whole contract suite, run against the reference model. */
class ModelContractTest {
    static SkbOps model(SkbConfig config) {
        return new SkbModel(config);
    }

    @Nested
    class Geometry extends GeometryContract {
        @Override
        protected SkbOps create(SkbConfig c) {
            return model(c);
        }
    }

    @Nested
    class Users extends UsersContract {
        @Override
        protected SkbOps create(SkbConfig c) {
            return model(c);
        }
    }

    @Nested
    class Dataref extends DatarefContract {
        @Override
        protected SkbOps create(SkbConfig c) {
            return model(c);
        }
    }

    @Nested
    class Fclone extends FcloneContract {
        @Override
        protected SkbOps create(SkbConfig c) {
            return model(c);
        }
    }

    @Nested
    class Frags extends FragsContract {
        @Override
        protected SkbOps create(SkbConfig c) {
            return model(c);
        }
    }

    @Nested
    class ZeroCopy extends ZeroCopyContract {
        @Override
        protected SkbOps create(SkbConfig c) {
            return model(c);
        }
    }

    @Nested
    class PageFlip extends PageFlipContract {
        @Override
        protected SkbOps create(SkbConfig c) {
            return model(c);
        }
    }

    @Nested
    class Destructor extends DestructorContract {
        @Override
        protected SkbOps create(SkbConfig c) {
            return model(c);
        }
    }

    @Nested
    class Slab extends SlabContract {
        @Override
        protected SkbOps create(SkbConfig c) {
            return model(c);
        }
    }

    @Nested
    class Scenario extends ScenarioContract {
        @Override
        protected SkbOps create(SkbConfig c) {
            return model(c);
        }
    }

    @Nested
    class Errors extends ErrorsContract {
        @Override
        protected SkbOps create(SkbConfig c) {
            return model(c);
        }
    }

    @Nested
    class Misuse extends MisuseContract {
        @Override
        protected SkbOps create(SkbConfig c) {
            return model(c);
        }
    }
}
