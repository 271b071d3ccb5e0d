package org.moca.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BudgetTest {

    @Test
    void fullByDefaultCiWhenSelected() {
        assertEquals(30, Budget.of(Map.of(), Map.of()).intKnob("episodes", 30, 3));
        Budget ci = Budget.of(Map.of(), Map.of("MOCA_BUDGET", "ci"));
        assertTrue(ci.isCi());
        assertEquals(3, ci.intKnob("episodes", 30, 3));
        assertTrue(Budget.of(Map.of("moca.budget", "CI"), Map.of()).isCi());
        assertFalse(Budget.of(Map.of(), Map.of("MOCA_BUDGET", "full")).isCi());
    }

    @Test
    void explicitKnobWinsPropertyBeforeEnvironment() {
        Budget b = Budget.of(
                Map.of("moca.meta-iterations", "7"),
                Map.of("MOCA_META_ITERATIONS", "9", "MOCA_BUDGET", "ci", "MOCA_SEEDS", "4"));
        assertEquals(7, b.intKnob("meta-iterations", 100, 2));
        assertEquals(4, b.intKnob("seeds", 5, 1));
    }

    @Test
    void badValuesNameTheKnob() {
        Budget b = Budget.of(Map.of(), Map.of("MOCA_EPISODES", "many"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.intKnob("episodes", 30, 3));
        assertTrue(e.getMessage().contains("MOCA_EPISODES"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> Budget.of(Map.of("moca.episodes", "0"), Map.of()).intKnob("episodes", 30, 3));
        assertThrows(
                IllegalArgumentException.class,
                () -> Budget.of(Map.of(), Map.of()).intKnob("episodes", 0, 3));
    }

    @Test
    void describeListsKnobs() {
        String d = Budget.of(Map.of(), Map.of("MOCA_BUDGET", "ci"))
                .describe(new java.util.LinkedHashMap<>(Map.of("episodes", 3)));
        assertEquals("budget: ci, episodes=3", d);
    }
}
