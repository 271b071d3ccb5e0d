package org.moca.meta;

import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.OpProfiler;

/**
 * Counts the ND4J ops a piece of code executes, with ND4J's own profiler (it sees every executed op). In ND4J
 * 1.0.0-M2.1 each op leaves native memory behind until the garbage collector frees its Java owner, so code that
 * must keep resident memory flat over long runs must execute none (see {@link org.moca.policy.DenseOps}).
 */
final class Nd4jOps {
    private Nd4jOps() {}

    /** Runs {@code work} and returns a description of the ND4J ops it executed, or null if none. */
    @SuppressWarnings("deprecation") // ND4J 1.0.0-M2.1 offers no other way to count executed ops
    static String executedBy(Runnable work) {
        OpExecutioner executioner = Nd4j.getExecutioner();
        OpExecutioner.ProfilingMode mode = executioner.getProfilingMode();
        executioner.setProfilingMode(OpExecutioner.ProfilingMode.OPERATIONS);
        OpProfiler.getInstance().reset();
        try {
            work.run();
            long count = OpProfiler.getInstance().getInvocationsCount();
            return count == 0
                    ? null
                    : count + " ops: " + OpProfiler.getInstance().getOpCounter().asString();
        } finally {
            executioner.setProfilingMode(mode);
            OpProfiler.getInstance().reset();
        }
    }
}
