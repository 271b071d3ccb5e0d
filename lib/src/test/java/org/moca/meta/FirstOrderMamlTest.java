package org.moca.meta;

import org.moca.policy.GaussianPolicy;

class FirstOrderMamlTest extends MetaLearnerContractTest {
    @Override
    MetaLearner create(GaussianPolicy policy, MetaLearnerConfig config) {
        return new FirstOrderMaml(policy, config);
    }
}
