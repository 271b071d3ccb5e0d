package org.moca.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.moca.policy.GaussianPolicy;
import org.moca.policy.PolicyConfig;
import org.nd4j.linalg.api.buffer.DataType;

class MetaLearnersTest {

    @Test
    void eachNameBuildsItsLearnerAroundTheGivenPolicy() {
        Map<String, Class<?>> expected = Map.of(
                "maml", Maml.class, "fomaml", FirstOrderMaml.class, "reptile", Reptile.class, "anil", Anil.class);
        // The four the article and the reproduction use come first; a contributor's learner may follow.
        assertEquals(List.of("maml", "fomaml", "reptile", "anil"), MetaLearners.NAMES.subList(0, 4));
        MetaLearnerConfig config = MetaLearnerConfig.defaults().withInnerSteps(2);
        for (String name : MetaLearners.NAMES) {
            GaussianPolicy policy = GaussianPolicy.initialize(PolicyConfig.of(3, 2, 4), DataType.DOUBLE, 1);
            try (MetaLearner<GaussianPolicy> learner = MetaLearners.create(name, policy, config)) {
                if (expected.containsKey(name)) assertEquals(expected.get(name), learner.getClass(), name);
                assertFalse(MetaLearners.description(name).isBlank(), name);
                assertSame(policy, learner.policy(), name);
                assertSame(config, learner.config(), name);
            }
        }
    }

    @Test
    void anUnknownNameIsRejectedWithTheAcceptedOnes() {
        GaussianPolicy policy = GaussianPolicy.initialize(PolicyConfig.of(3, 2, 4), DataType.DOUBLE, 1);
        MetaLearnerConfig config = MetaLearnerConfig.defaults();
        var e = assertThrows(IllegalArgumentException.class, () -> MetaLearners.create("mamal", policy, config));
        assertTrue(e.getMessage().contains("mamal") && e.getMessage().contains("reptile"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MetaLearners.create(null, policy, config));
    }
}
