package org.moca.meta;

import org.moca.policy.GaussianPolicy;

class MamlTest extends MetaLearnerContractTest {
    @Override
    MetaLearner<GaussianPolicy> create(GaussianPolicy policy, MetaLearnerConfig config) {
        return new Maml<>(policy, config);
    }
}
