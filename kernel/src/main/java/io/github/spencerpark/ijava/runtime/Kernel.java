package io.github.spencerpark.ijava.runtime;

import io.github.spencerpark.ijava.IJava;
import io.github.spencerpark.ijava.JavaKernel;

/** IJava's {@code runtime.Kernel}, for code that names it. */
public final class Kernel {
    private Kernel() {}

    /** The running kernel. */
    public static JavaKernel getKernelInstance() {
        return IJava.getKernelInstance();
    }

    /** Evaluates {@code expr} as a nested cell and returns its value. */
    public static Object eval(String expr) throws Exception {
        return org.moca.kernel.runtime.Notebook.eval(expr);
    }
}
