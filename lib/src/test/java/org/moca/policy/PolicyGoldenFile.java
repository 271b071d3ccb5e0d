package org.moca.policy;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The golden policy file: a small seeded policy saved as JSON under {@code src/test/resources}. Regenerate (after an
 * intended change of the format or of the initialization) with
 * {@code mvn -pl lib test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.moca.policy.PolicyGoldenFile}
 * run from the repository root, then review the diff.
 */
public final class PolicyGoldenFile {
    static final String RESOURCE = "lib/src/test/resources/org/moca/policy/golden-policy.json";

    private PolicyGoldenFile() {}

    static GaussianPolicy expectedPolicy() {
        PolicyConfig config = new PolicyConfig(3, List.of(4), 2, Activation.TANH, -1.5, 0.5, -0.25);
        return GaussianPolicy.initialize(config, DataType.FLOAT, 20_241_126L);
    }

    static INDArray probeStates() {
        return Nd4j.createFromArray(new double[][] {{0.5, -1.0, 2.0}, {0.0, 0.25, -0.75}})
                .castTo(DataType.FLOAT);
    }

    static Path resource() {
        Path fromModule = Paths.get("src/test/resources/org/moca/policy/golden-policy.json");
        return Paths.get("src/test/resources").toFile().isDirectory() ? fromModule : Paths.get(RESOURCE);
    }

    public static void main(String[] args) throws IOException {
        Path target = args.length > 0 ? Paths.get(args[0]) : resource();
        expectedPolicy().save(target);
        System.out.println("wrote " + target.toAbsolutePath());
    }
}
