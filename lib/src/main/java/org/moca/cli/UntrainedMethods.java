package org.moca.cli;

import java.util.ArrayList;
import org.moca.experiment.Methods;

/** The methods a command can run without training (picocli's completion candidates and help). */
final class UntrainedMethods extends ArrayList<String> {
    UntrainedMethods() {
        super(Methods.untrainedNames());
    }
}
