package org.moca.meta;

import org.moca.policy.GaussianPolicy;

class AnilTest extends MetaLearnerContractTest {
    @Override
    MetaLearner<GaussianPolicy> create(GaussianPolicy policy, MetaLearnerConfig config) {
        return new Anil(policy, config);
    }
}
