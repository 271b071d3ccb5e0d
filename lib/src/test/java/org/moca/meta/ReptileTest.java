package org.moca.meta;

import org.moca.policy.GaussianPolicy;

class ReptileTest extends MetaLearnerContractTest {
    @Override
    MetaLearner<GaussianPolicy> create(GaussianPolicy policy, MetaLearnerConfig config) {
        return new Reptile<>(policy, config);
    }
}
