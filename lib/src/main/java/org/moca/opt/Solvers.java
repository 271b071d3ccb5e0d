package org.moca.opt;

import org.ojalgo.optimisation.ExpressionsBasedModel;

/**
 * The one place where the workbench creates ojAlgo models. ojAlgo prints a hardware-profile banner to stdout when its
 * {@code OjAlgoUtils} class initializes on a machine it has no profile for; the banner is skipped when the system
 * property {@code shut.up.ojAlgo} is set, which this class does (unless the user set it) before any model exists.
 */
final class Solvers {

    static {
        if (System.getProperty("shut.up.ojAlgo") == null) System.setProperty("shut.up.ojAlgo", "true");
    }

    private Solvers() {}

    /** A fresh, empty model with the banner silenced. */
    static ExpressionsBasedModel model() {
        return new ExpressionsBasedModel();
    }
}
