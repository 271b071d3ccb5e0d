package org.moca.meta;

import org.moca.policy.GaussianPolicy;

class FirstOrderMamlTest extends MetaLearnerContractTest {
    @Override
    MetaLearner<GaussianPolicy> create(GaussianPolicy policy, MetaLearnerConfig config) {
        return new FirstOrderMaml<>(policy, config);
    }
}
