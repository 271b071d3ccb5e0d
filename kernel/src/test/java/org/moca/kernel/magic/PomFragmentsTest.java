package org.moca.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code %%loadFromPOM} bodies as IJava reads them (IJava's docs/magics.md). */
class PomFragmentsTest {
    @Test
    void looseDependenciesAndRepositoriesGoIntoTheirLists() {
        String pom = PomFragments.pom("<repository><id>r</id><url>file:///x</url></repository>\n"
                + "<dependency><groupId>g</groupId><artifactId>a</artifactId><version>1</version></dependency>\n"
                + "<dependencies><dependency><groupId>g</groupId><artifactId>b</artifactId><version>2</version>"
                + "</dependency></dependencies>");
        assertTrue(pom.contains("<repositories>") && pom.indexOf("<id>r</id>") > pom.indexOf("<repositories>"), pom);
        assertTrue(pom.indexOf("<artifactId>a</artifactId>") > pom.indexOf("<dependencies>"), pom);
        assertTrue(pom.contains("<artifactId>b</artifactId>"), pom);
        assertTrue(pom.contains("<modelVersion>4.0.0</modelVersion>"), pom);
    }

    @Test
    void aWholeProjectIsUsedAsIs() {
        String project = "<project><modelVersion>4.0.0</modelVersion></project>";
        assertEquals(project, PomFragments.pom("<?xml version=\"1.0\"?>\n" + project));
    }

    @Test
    void somethingElseIsAnErrorThatSaysWhatIsExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PomFragments.pom("<build/>"));
        assertTrue(e.getMessage().contains("<build>") && e.getMessage().contains("<dependency>"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PomFragments.pom("<dependency>"));
    }
}
