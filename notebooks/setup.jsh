// The notebooks' shared first cell (each notebook runs it with `%load setup.jsh`): loads the workbench library that
// Maven built, with no version numbers, and defines the helpers every notebook uses. Kernels start in the notebook's
// folder (notebooks/), so the build is one level up.
if (!java.nio.file.Files.isDirectory(java.nio.file.Path.of("../lib/target/dependency"))) {
    throw new IllegalStateException("The workbench library is not built (no ../lib/target/dependency relative to "
        + java.nio.file.Path.of("").toAbsolutePath() + "). Build the project first, from the repository root: "
        + "mvn -q -DskipTests package   -- then restart the kernel and run this cell again.");
}
%jars ../lib/target/moca-lib-*.jar
%jars ../lib/target/dependency/*.jar
try {
    Class.forName("org.moca.experiment.Testbed", false, Thread.currentThread().getContextClassLoader());
} catch (ClassNotFoundException e) {
    throw new IllegalStateException("The jars loaded but org.moca.experiment.Testbed is not among them: rebuild with "
        + "mvn -q -DskipTests package from the repository root, then restart the kernel.", e);
}

import org.moca.infra.Budget;
import org.moca.infra.Progress;
import org.moca.infra.ProgressListener;

/** A live progress display: the library reports progress to a listener; the notebook shows it in place. */
ProgressListener live(String label) {
    String id = display(label + ": starting");
    return new ProgressListener() {
        public void onProgress(Progress p) { updateDisplay(id, p.render(40)); }
        public void onFinish(Progress p) { updateDisplay(id, p.render(40) + " — done"); }
    };
}

System.out.println("MOCA workbench library loaded");
