package org.moca.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link NotebooksIT}'s {@code moca.notebooks.only} filter. */
class NotebookSelectionTest {
    private static final List<String> NAMES =
            List.of("00-tour.ipynb", "03-ablation.ipynb", "08-learning-signals.ipynb");

    @Test
    void withoutTheFilterEveryNotebookRuns() {
        assertEquals(NAMES, NotebooksIT.selected(NAMES, null));
        assertEquals(NAMES, NotebooksIT.selected(NAMES, " "));
    }

    @Test
    void theFilterKeepsTheNamedNotebooksInTheirOrder() {
        assertEquals(List.of("08-learning-signals.ipynb"), NotebooksIT.selected(NAMES, "08-learning-signals"));
        assertEquals(
                List.of("00-tour.ipynb", "08-learning-signals.ipynb"),
                NotebooksIT.selected(NAMES, "08-learning-signals.ipynb, 00-tour"));
    }

    @Test
    void anUnknownNameFailsNamingTheNotebooksThereAre() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> NotebooksIT.selected(NAMES, "08-learning"));
        assertTrue(e.getMessage().contains("08-learning") && e.getMessage().contains("03-ablation.ipynb"));
    }
}
