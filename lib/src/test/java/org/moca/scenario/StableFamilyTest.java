package org.moca.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.moca.sim.Disruption;
import org.moca.sim.DisruptionType;

class StableFamilyTest {

    @Test
    void stableFamilyHoldsOnlyMildShortDisturbancesOnTheSameClockAsTheOthers() {
        ScenarioFamily stable = ScenarioFamilies.stable();
        assertEquals("stable", stable.name());
        assertEquals(ScenarioFamilies.training().warmupHours(), stable.warmupHours());
        assertEquals(ScenarioFamilies.training().horizonHours(), stable.horizonHours());
        List<Scenario> sample = stable.sample(300, 4);
        for (Scenario s : sample) {
            for (Disruption d : s.disruptions()) {
                double cap = d.type() == DisruptionType.LOGISTICS_DELAY ? 0.5 : 0.3;
                assertTrue(d.severity() <= cap, s.label() + ": severity " + d.severity());
                assertTrue(d.duration() <= 48, s.label() + ": duration " + d.duration());
                if (d.target().equals("reo_primary")) assertTrue(d.severity() <= 0.25 && d.duration() <= 24, s.label());
            }
        }
        assertEquals(5, sample.stream().map(Scenario::variant).distinct().count(), "every variant is drawn");
    }
}
